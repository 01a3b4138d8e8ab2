-- Adds a message to a citizen's open conversation, opening one when there is none, in one atomic step.
-- KEYS: 1 conversations hash, 2 open-conversation index (citizen key -> id), 3 activity sorted set,
--       4 opening-time index, 5 the candidate conversation's messages, 6 stream, 7 last-inbound hash
-- ARGV: 1 citizen key, 2 candidate conversation id, 3 JSON of a new conversation ('' when the caller
--       expects one to be open already), 4 message member (sort prefix, '|', JSON), 5 message score
--       (creation time, epoch ms), 6 now (epoch ms), 7 approximate stream maximum length,
--       8 inbound ('1'/'0'), 9 maximum messages per conversation
-- Returns {'ok', id, opened, added, conversation JSON}, {'retry', open id or ''} when the candidate is not the open
-- conversation any more, or {'full', id} when the conversation contains the maximum number of messages.
local open = redis.call('HGET', KEYS[2], ARGV[1])
if open and open ~= ARGV[2] then
  return {'retry', open}
end
local opened = 0
if not open then
  if ARGV[3] == '' then
    return {'retry', ''}
  end
  if redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[3]) == 0 then
    return redis.error_reply('ERR conversation ' .. ARGV[2] .. ' already exists')
  end
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[2])
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*',
    'type', 'conversation.opened', 'conversation', ARGV[2], 'status', 'open', 'version', '1')
  opened = 1
end
if redis.call('ZCARD', KEYS[5]) >= tonumber(ARGV[9]) then
  return {'full', ARGV[2]}
end
local added = redis.call('ZADD', KEYS[5], 'NX', ARGV[5], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[2])
if ARGV[8] == '1' then
  local previous = redis.call('HGET', KEYS[7], ARGV[1])
  if not previous or tonumber(previous) < tonumber(ARGV[5]) then
    redis.call('HSET', KEYS[7], ARGV[1], ARGV[5])
  end
end
if added == 1 then
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*',
    'type', 'conversation.message', 'conversation', ARGV[2], 'status', 'open',
    'direction', ARGV[8] == '1' and 'in' or 'out')
end
return {'ok', ARGV[2], opened, added, redis.call('HGET', KEYS[1], ARGV[2])}
