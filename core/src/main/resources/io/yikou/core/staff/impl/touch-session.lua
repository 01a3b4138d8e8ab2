-- Validates a session against its idle and absolute limits, records its use unless ARGV[4] is '0', and
-- returns it with its account, in one round trip.
-- KEYS[1] session hash, KEYS[2] user id -> account JSON hash
-- ARGV[1] now (epoch ms), ARGV[2] idle timeout (ms), ARGV[3] absolute timeout (ms), ARGV[4] '1' to record
-- the use (also when absent), '0' to only check
-- Returns {user id, CSRF token, created ms, last-used ms (before this use), account JSON or ''},
-- or false when the session is missing or expired (an expired one is deleted).
local fields = redis.call('HMGET', KEYS[1], 'user', 'csrf', 'created', 'seen')
if not fields[1] then
  return false
end
local now = tonumber(ARGV[1])
local idle = tonumber(ARGV[2])
local absolute = tonumber(ARGV[3])
local created = tonumber(fields[3])
local seen = tonumber(fields[4])
if now - seen >= idle or now - created >= absolute then
  redis.call('DEL', KEYS[1])
  return false
end
if ARGV[4] ~= '0' then
  redis.call('HSET', KEYS[1], 'seen', ARGV[1])
  -- Redis drops the key by itself when either limit passes without another use.
  local ttl = math.min(idle, created + absolute - now)
  redis.call('PEXPIRE', KEYS[1], math.max(1, ttl))
end
local account = redis.call('HGET', KEYS[2], fields[1]) or ''
return {fields[1], fields[2], fields[3], fields[4], account}
