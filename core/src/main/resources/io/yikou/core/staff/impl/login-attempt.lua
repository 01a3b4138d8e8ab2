-- Admits a login attempt unless the name or the address has too many recent failures, and counts
-- the attempt against both until the caller reports success. A sliding window: attempts older than
-- the window are dropped first.
-- KEYS[1] attempts for the login name, KEYS[2] attempts from the client address (sorted sets)
-- ARGV[1] now (epoch ms), ARGV[2] window (ms), ARGV[3] max per name, ARGV[4] max per address,
-- ARGV[5] unique member naming this attempt
-- Returns 0 when admitted, otherwise the milliseconds until the oldest counted attempt leaves the window.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limits = {tonumber(ARGV[3]), tonumber(ARGV[4])}
local wait = 0
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. (now - window))
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limits[i] then
    -- The key must lose count - limit + 1 entries before another attempt fits.
    local oldest = redis.call('ZRANGE', KEYS[i], count - limits[i], count - limits[i], 'WITHSCORES')
    local until_ms = tonumber(oldest[2]) + window - now
    if until_ms > wait then
      wait = until_ms
    end
  end
end
if wait > 0 then
  return math.max(1, wait)
end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[i], window)
end
return 0
