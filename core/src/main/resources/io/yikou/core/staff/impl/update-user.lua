-- Replaces an account's JSON only if its stored version is the one the caller read.
-- KEYS[1] user id -> account JSON hash
-- ARGV[1] user id, ARGV[2] expected version, ARGV[3] new JSON
-- Returns 'ok', 'missing' or 'conflict'.
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if not stored then
  return 'missing'
end
local version = cjson.decode(stored)['version']
if string.format('%d', version) ~= ARGV[2] then
  return 'conflict'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'
