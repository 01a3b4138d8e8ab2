-- Creates a record atomically: idempotency check, day-sequenced id, record, indexes, stream entry.
-- Used for tickets and contacts.
-- KEYS: 1 idempotency key, 2 day sequence, 3 records hash, 4 stream, 5 created index,
--       6 status index (written only when ARGV[13] is '1'), 7 citizen identity index, 8 citizens hash
-- ARGV: 1 use idempotency ('1'/'0'), 2 request fingerprint, 3 id prefix with day and dash,
--       4 record JSON holding the placeholder, 5 placeholder, 6 idempotency TTL seconds,
--       7 creation time in epoch ms, 8 approximate stream max length, 9 sequence TTL seconds,
--       10 initial status code, 11 stream entry type, 12 stream field naming the id,
--       13 write status index ('1'/'0'), 14 citizen identity key ('' for none), 15 id for a new
--       citizen, 16 JSON for a new citizen, 17 citizen id placeholder in the record JSON
local use_idempotency = ARGV[1] == '1'
if use_idempotency then
  local existing = redis.call('GET', KEYS[1])
  if existing then
    local bar = string.find(existing, '|', 1, true)
    local id = string.sub(existing, 1, bar - 1)
    if string.sub(existing, bar + 1) ~= ARGV[2] then
      return {'conflict', id}
    end
    return {'existing', id}
  end
end

local seq = redis.call('INCR', KEYS[2])
if seq == 1 then
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[9]))
end
local id = ARGV[3] .. string.format('%06d', seq)
local first, last = string.find(ARGV[4], ARGV[5], 1, true)
local json = string.sub(ARGV[4], 1, first - 1) .. id .. string.sub(ARGV[4], last + 1)

-- Link the citizen in the same step: find the one holding the identity, or create it.
local citizen = ''
if ARGV[14] ~= '' then
  citizen = redis.call('HGET', KEYS[7], ARGV[14])
  if not citizen or redis.call('HEXISTS', KEYS[8], citizen) == 0 then
    citizen = ARGV[15]
    redis.call('HSET', KEYS[7], ARGV[14], citizen)
    redis.call('HSET', KEYS[8], citizen, ARGV[16])
  end
  local cfirst, clast = string.find(json, ARGV[17], 1, true)
  if cfirst then
    json = string.sub(json, 1, cfirst - 1) .. citizen .. string.sub(json, clast + 1)
  end
end

-- A collision means the day counter was lost; refuse rather than overwrite a record.
if redis.call('HSETNX', KEYS[3], id, json) == 0 then
  return redis.error_reply('ERR record ' .. id .. ' already exists; the day sequence was reset')
end
redis.call('ZADD', KEYS[5], ARGV[7], id)
if ARGV[13] == '1' then
  redis.call('SADD', KEYS[6], id)
end
local entry = redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[8], '*',
  'type', ARGV[11], ARGV[12], id, 'status', ARGV[10], 'version', '1')
if use_idempotency then
  redis.call('SET', KEYS[1], id .. '|' .. ARGV[2], 'EX', tonumber(ARGV[6]))
end
return {'created', id, entry, citizen}
