-- Stores a new staff account unless its login name is taken.
-- KEYS[1] login name -> user id hash, KEYS[2] user id -> account JSON hash
-- ARGV[1] normalised login name, ARGV[2] user id, ARGV[3] account JSON
-- Returns 1 when stored, 0 when the name is taken.
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1
