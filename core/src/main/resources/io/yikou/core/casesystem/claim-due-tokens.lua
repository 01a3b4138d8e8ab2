-- Leases due entries of the token queue to the caller by moving their score to the lease end,
-- so other nodes skip them until the lease runs out.
-- KEYS: 1 sorted set of ticket numbers scored by next poll time (epoch ms)
-- ARGV: 1 now, 2 lease end, 3 batch size
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, number in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], number)
end
return due
