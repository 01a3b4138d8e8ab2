-- Returns the citizen holding an identity, creating it when none does.
-- KEYS: 1 identity index hash, 2 citizens hash
-- ARGV: 1 identity index key, 2 id for a new citizen, 3 JSON for a new citizen
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then
  local json = redis.call('HGET', KEYS[2], existing)
  if json then
    return json
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return ARGV[3]
