-- Replaces a record if its stored version is still the one the caller read, moves it between
-- status indexes when its status changed, and appends a stream entry. Used for tickets and contacts.
-- KEYS: 1 records hash, 2 stream, 3 old status index, 4 new status index
-- ARGV: 1 id, 2 expected version, 3 new JSON, 4 new version, 5 stream entry type,
--       6 old status, 7 new status, 8 approximate stream max length, 9 stream field naming the id,
--       10 maintain status indexes ('1'/'0')
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return {'missing'}
end
local stored = tostring(cjson.decode(current)['version'])
if stored ~= ARGV[2] then
  return {'conflict', stored}
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[10] == '1' and ARGV[6] ~= ARGV[7] then
  redis.call('SREM', KEYS[3], ARGV[1])
  redis.call('SADD', KEYS[4], ARGV[1])
end
local entry = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], '*',
  'type', ARGV[5], ARGV[9], ARGV[1], 'status', ARGV[7], 'version', ARGV[4])
return {'ok', entry}
