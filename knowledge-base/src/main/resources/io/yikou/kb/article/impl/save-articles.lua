-- Stores several articles atomically with a version check per article.
-- KEYS: 1 articles hash, 2 change stream
-- ARGV: 1 approximate stream max length, then triples: id, base version (-1 = any), JSON at base + 1
-- Returns {'ok'} or {'conflict', id, stored version}.
local function stored_version(id)
  local json = redis.call('HGET', KEYS[1], id)
  if not json then
    return 0
  end
  return tonumber(cjson.decode(json)['version']) or 0
end

for i = 2, #ARGV, 3 do
  local base = tonumber(ARGV[i + 1])
  if base >= 0 then
    local current = stored_version(ARGV[i])
    if current ~= base then
      return {'conflict', ARGV[i], tostring(current)}
    end
  end
end

for i = 2, #ARGV, 3 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'kind', 'article', 'id', ARGV[i])
end
return {'ok'}
