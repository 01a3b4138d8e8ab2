-- Returns the demo case id for a ticket number, assigning the next one on first sight.
-- KEYS: 1 hash of ticket number to case id, 2 counter
-- ARGV: 1 ticket number
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then
  return existing
end
local id = 'DEMO-' .. string.format('%06d', redis.call('INCR', KEYS[2]))
redis.call('HSET', KEYS[1], ARGV[1], id)
return id
