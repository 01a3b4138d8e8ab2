-- Deletes a lock only if the caller still owns it, so a lock that expired and was taken by another
-- node is never released by the old owner.
-- KEYS: 1 lock; ARGV: 1 owner token
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
