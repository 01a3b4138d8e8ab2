-- Closes a conversation if its stored version is the one the caller read and, for idle closing, it
-- has had no activity since the cutoff; frees the citizen's open-conversation slot.
-- KEYS: 1 conversations hash, 2 open-conversation index, 3 activity sorted set, 4 stream
-- ARGV: 1 id, 2 expected version, 3 closed JSON, 4 citizen key, 5 idle cutoff in epoch ms ('' to close
--       regardless of activity), 6 approximate stream max length, 7 close reason, 8 new version
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return {'missing'}
end
local stored = tostring(cjson.decode(current)['version'])
if stored ~= ARGV[2] then
  return {'conflict', stored}
end
if ARGV[5] ~= '' then
  local activity = redis.call('ZSCORE', KEYS[3], ARGV[1])
  if activity and tonumber(activity) > tonumber(ARGV[5]) then
    return {'active'}
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if redis.call('HGET', KEYS[2], ARGV[4]) == ARGV[1] then
  redis.call('HDEL', KEYS[2], ARGV[4])
end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*',
  'type', 'conversation.closed', 'conversation', ARGV[1], 'status', 'closed', 'reason', ARGV[7],
  'version', ARGV[8])
return {'ok'}
