-- Writes a JSON record into a hash only if its stored version is the one the caller read, and keeps
-- an optional unique value (such as an agent's member interface) owned by one record. The unique
-- value is compared in lower case, as the caller passes it: app_queue ignores the case of interfaces.
-- KEYS: 1 records hash, 2 unique-value hash (value -> record field)
-- ARGV: 1 field, 2 expected version (0 when the record must not exist yet), 3 new JSON,
--       4 mode: 'create' (fails when present), 'update' (fails when absent), 'upsert'
--       5 new unique value ('' for none), 6 delete instead of write ('1'/'0')
--       7 (only with KEYS[3]) revision of the record set the caller checked, '' for no check
-- KEYS[3], optional: revision counter of the whole record set, incremented by every write. Callers
-- that validated this record against the others (queue overflow chains) pass the revision they read.
-- Returns 'ok', 'exists', 'missing', 'conflict', 'stale' or 'taken'.
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[4] == 'create' and stored then return 'exists' end
if ARGV[4] == 'update' and not stored then return 'missing' end
local version = 0
local oldUnique = ''
if stored then
  local record = cjson.decode(stored)
  version = tonumber(record.version) or 0
  if type(record.memberInterface) == 'string' then oldUnique = string.lower(record.memberInterface) end
end
if ARGV[6] ~= '1' and version ~= tonumber(ARGV[2]) then return 'conflict' end
if KEYS[3] and ARGV[7] and ARGV[7] ~= '' and (redis.call('GET', KEYS[3]) or '0') ~= ARGV[7] then
  return 'stale'
end
if ARGV[5] ~= '' then
  local owner = redis.call('HGET', KEYS[2], ARGV[5])
  if owner and owner ~= ARGV[1] then return 'taken' end
end
if oldUnique ~= '' and oldUnique ~= ARGV[5] then redis.call('HDEL', KEYS[2], oldUnique) end
if KEYS[3] then redis.call('INCR', KEYS[3]) end
if ARGV[6] == '1' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 'ok'
end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[2], ARGV[5], ARGV[1]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'
