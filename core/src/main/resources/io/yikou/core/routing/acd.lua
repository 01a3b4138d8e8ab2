-- Agent state and messaging ACD: every change is one call of this script, so two nodes never
-- offer one conversation twice or push an agent over capacity.
--
-- KEYS: 1 the timer sorted set (declared so Redis Cluster routes the call to the {yka} slot; every
--       other key shares that hash tag and is built from the prefix).
-- ARGV: 1 key prefix '{yka}:', 2 now (epoch ms), 3 agent history maximum length, 4 statistics day
--       (yyyyMMdd), 5 operation, 6... the operation's arguments (see each op_ function).
-- Returns a JSON object: {"ok": true|false, "error": code, "agents": [user ids whose state changed],
-- "events": [...], "queues": [queues whose figures changed], plus operation fields}.
--
-- Agent hash fields: presence, reason, status, since, idleSince, active, offered, capacity, blendMax,
-- queues (comma list), wrapUntil, voiceStatus, voiceCall, voicePaused, voiceReason, version.
-- Conversation routing hash fields: status (waiting, offered, assigned, unroutable, done), queue,
-- priority, score, reasons, enqueuedAt, waitingSince, agent, offerId, offerExpires, assignedAt,
-- overflowedFrom, declined (comma list), preferred, channel, citizenId, preview, language, categoryGroup,
-- textSeen ('1' once language and category group came from citizen text), version.

local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local HISTMAX = ARGV[3]
local DAY = ARGV[4]
local OP = ARGV[5]
local TIMERS = KEYS[1]

local result = { ok = true, agents = {}, events = {}, queues = {} }
local changedAgents = {}
local changedQueues = {}

local function n(v) return tonumber(v) or 0 end
local function s(v) return string.format('%.0f', v) end
local function akey(uid) return P .. 'agent:' .. uid end
local function ckey(cid) return P .. 'conv:' .. cid end
local function qwait(q) return P .. 'q:' .. q .. ':wait' end
local function qavail(q) return P .. 'q:' .. q .. ':avail' end
local function offers(uid) return P .. 'agent:' .. uid .. ':offers' end
local function convs(uid) return P .. 'agent:' .. uid .. ':convs' end
local function qsince(q) return P .. 'q:' .. q .. ':since' end
local function qoffered(q) return P .. 'q:' .. q .. ':offered' end
local function stats(q) return P .. 'stats:' .. DAY .. ':' .. q end

local function split(text)
  local list = {}
  if text and text ~= '' then
    for item in string.gmatch(text, '[^,]+') do list[#list + 1] = item end
  end
  return list
end

local function has(text, item)
  for _, v in ipairs(split(text)) do
    if v == item then return true end
  end
  return false
end

local function add(text, item)
  if has(text, item) then return text end
  if text == nil or text == '' then return item end
  return text .. ',' .. item
end

local function hash(key)
  local raw = redis.call('HGETALL', key)
  if #raw == 0 then return nil end
  local t = {}
  for i = 1, #raw, 2 do t[raw[i]] = raw[i + 1] end
  return t
end

local function fail(code)
  return cjson.encode({ ok = false, error = code })
end

local function markQueue(q)
  if q and q ~= '' and not changedQueues[q] then
    changedQueues[q] = true
    result.queues[#result.queues + 1] = q
  end
end

local function event(e)
  result.events[#result.events + 1] = e
end

-- Agents ------------------------------------------------------------------------------------------

local function derive(a)
  if a.presence == 'logged_out' then return 'logged_out' end
  if a.voiceStatus == 'ringing' or n(a.offered) > 0 then return 'ringing' end
  if (a.voiceCall or '') ~= '' or n(a.active) > 0 then return 'busy' end
  if n(a.wrapUntil) > NOW then return 'wrap_up' end
  if a.presence == 'not_ready' then return 'not_ready' end
  return 'ready'
end

-- Returns how many more chats the agent may be offered now.
local function room(a)
  if a.presence ~= 'ready' or a.voiceStatus == 'ringing' or n(a.wrapUntil) > NOW then return 0 end
  local limit = n(a.capacity)
  if (a.voiceCall or '') ~= '' then limit = math.min(limit, n(a.blendMax)) end
  return limit - n(a.active) - n(a.offered)
end

local function availabilityScore(a)
  -- Fewest chats (held or offered) first, then the longest idle.
  return (n(a.active) + n(a.offered)) * 1e13 + n(a.idleSince)
end

-- Writes an agent back: derives the state, records the previous one in the history stream and
-- keeps the agent in (or out of) the availability set of each of its queues.
local function save(a)
  local status = derive(a)
  if status ~= a.status then
    if a.status and a.status ~= '' then
      redis.call('XADD', P .. 'agent-history', 'MAXLEN', '~', HISTMAX, '*', 'user', a.uid, 'state', a.status,
        'reason', a.reason or '', 'from', a.since or s(NOW), 'to', s(NOW))
    end
    if status == 'ready' or (a.status == 'logged_out') then a.idleSince = s(NOW) end
    a.status = status
    a.since = s(NOW)
  end
  if (a.idleSince or '') == '' then a.idleSince = s(NOW) end
  a.version = s(n(a.version) + 1)
  redis.call('HSET', akey(a.uid), 'presence', a.presence, 'reason', a.reason or '', 'status', a.status,
    'since', a.since, 'idleSince', a.idleSince, 'active', s(n(a.active)), 'offered', s(n(a.offered)),
    'capacity', s(n(a.capacity)), 'blendMax', s(n(a.blendMax)), 'queues', a.queues or '',
    'wrapUntil', s(n(a.wrapUntil)), 'voiceStatus', a.voiceStatus or '', 'voiceCall', a.voiceCall or '',
    'voicePaused', a.voicePaused or '0', 'voiceReason', a.voiceReason or '', 'version', a.version)
  redis.call('SADD', P .. 'agents', a.uid)
  local free = room(a) > 0
  local score = s(availabilityScore(a))
  for _, q in ipairs(split(a.queues)) do
    if free then
      redis.call('ZADD', qavail(q), score, a.uid)
    else
      redis.call('ZREM', qavail(q), a.uid)
    end
    markQueue(q)
  end
  if not changedAgents[a.uid] then
    changedAgents[a.uid] = true
    result.agents[#result.agents + 1] = a.uid
  end
end

local function newAgent(uid)
  return { uid = uid, presence = 'logged_out', status = '', active = '0', offered = '0', capacity = '3',
    blendMax = '0', queues = '', wrapUntil = '0', voicePaused = '0', version = '0' }
end

local function loadAgent(uid)
  local a = hash(akey(uid))
  if a then a.uid = uid end
  return a
end

-- Starts a wrap-up of wrapMs milliseconds and schedules its end.
local function startWrapUp(a, wrapMs)
  if wrapMs <= 0 or a.presence == 'logged_out' then return end
  a.wrapUntil = s(NOW + wrapMs)
  redis.call('ZADD', TIMERS, a.wrapUntil, 'wrap|' .. a.uid .. '|' .. a.wrapUntil)
end

-- Conversations -------------------------------------------------------------------------------------

local function conv(cid)
  local c = hash(ckey(cid))
  if c then c.cid = cid end
  return c
end

local function putConv(c, fields)
  c.version = s(n(c.version) + 1)
  local args = { 'version', c.version }
  for k, v in pairs(fields) do
    c[k] = v
    args[#args + 1] = k
    args[#args + 1] = v
  end
  redis.call('HSET', ckey(c.cid), unpack(args))
end

-- Puts c in queue q's waiting list, or in the failures list when q was deleted meanwhile.
local function wait(c, q)
  if redis.call('HEXISTS', P .. 'queues', q) == 0 then
    c.status = 'unroutable'
    redis.call('HSET', ckey(c.cid), 'status', 'unroutable')
    redis.call('HSET', P .. 'failures', c.cid, cjson.encode({ reason = 'queue_deleted', queue = q, at = s(NOW) }))
    event({ kind = 'failure', conversation = c.cid, reason = 'queue_deleted', queue = q })
    return
  end
  redis.call('ZADD', qwait(q), c.score, c.cid)
  redis.call('ZADD', qsince(q), c.waitingSince, c.cid)
  markQueue(q)
end

local function unwait(c)
  redis.call('ZREM', qwait(c.queue), c.cid)
  redis.call('ZREM', qsince(c.queue), c.cid)
  markQueue(c.queue)
end

-- Makes an offer of conversation c to agent a.
local function offer(c, a, offerMs, why)
  local offerId = 'o-' .. redis.call('INCR', P .. 'offer-seq')
  local expires = s(NOW + offerMs)
  unwait(c)
  local reasons = c.reasons or ''
  if why then reasons = add(reasons, why) end
  putConv(c, { status = 'offered', agent = a.uid, offerId = offerId, offerExpires = expires, reasons = reasons })
  redis.call('ZADD', TIMERS, expires, 'offer|' .. c.cid .. '|' .. offerId)
  redis.call('SADD', qoffered(c.queue), c.cid)
  redis.call('SADD', offers(a.uid), c.cid)
  a.offered = s(n(a.offered) + 1)
  save(a)
  redis.call('HINCRBY', stats(c.queue), 'offers', 1)
  event({ kind = 'offer', conversation = c.cid, agent = a.uid, offerId = offerId, queue = c.queue })
end

-- Takes an open offer back and puts the conversation back in its queue at its old place.
local function withdraw(c, reason, missedNotReady)
  local a = loadAgent(c.agent)
  if a then
    redis.call('SREM', offers(a.uid), c.cid)
    a.offered = s(math.max(0, n(a.offered) - 1))
    if reason == 'expired' and missedNotReady == '1' and a.presence == 'ready' then
      a.presence = 'not_ready'
      a.reason = 'missed_offer'
    end
    save(a)
  end
  redis.call('ZREM', TIMERS, 'offer|' .. c.cid .. '|' .. (c.offerId or ''))
  redis.call('SREM', qoffered(c.queue), c.cid)
  markQueue(c.queue)
  event({ kind = 'withdrawn', conversation = c.cid, agent = c.agent, offerId = c.offerId, reason = reason })
  if reason == 'expired' then redis.call('HINCRBY', stats(c.queue), 'offersMissed', 1) end
end

local function requeue(c, declinedBy)
  local declined = c.declined or ''
  if declinedBy then declined = add(declined, declinedBy) end
  putConv(c, { status = 'waiting', agent = '', offerId = '', offerExpires = '', declined = declined })
  wait(c, c.queue)
end

-- Operations -----------------------------------------------------------------------------------------

-- ARGV 6.. uid, capacity, blendMax, queues
local function op_profile()
  local uid = ARGV[6]
  local a = loadAgent(uid) or newAgent(uid)
  for _, q in ipairs(split(a.queues)) do
    redis.call('ZREM', qavail(q), uid)
    markQueue(q)
  end
  a.capacity = ARGV[7]
  a.blendMax = ARGV[8]
  a.queues = ARGV[9]
  save(a)
end

-- Sets agent a's presence; capacity, blendMax and queues are the profile fields, kept in step for a new agent.
local function changePresence(a, presence, reason, capacity, blendMax, queues)
  local uid = a.uid
  if presence == 'logged_out' and n(a.active) > 0 then
    return fail('conversations_assigned')
  end
  for _, q in ipairs(split(a.queues)) do
    redis.call('ZREM', qavail(q), uid)
    markQueue(q)
  end
  a.capacity = capacity
  a.blendMax = blendMax
  a.queues = queues
  if presence == 'ready' and n(a.wrapUntil) > NOW then
    redis.call('ZREM', TIMERS, 'wrap|' .. uid .. '|' .. a.wrapUntil)
    a.wrapUntil = '0'
  end
  if presence == 'logged_out' then
    local pending = redis.call('SMEMBERS', offers(uid))
    for _, cid in ipairs(pending) do
      local c = conv(cid)
      if c and c.status == 'offered' and c.agent == uid then
        withdraw(c, 'logged_out', '0')
        -- Logging out is no decline: the agent is not offered anything while logged out, and must
        -- be offered this conversation again after logging back in (maybe as its queue's only agent).
        requeue(c, nil)
      else
        redis.call('SREM', offers(uid), cid)
      end
    end
    if #pending > 0 then
      local fresh = loadAgent(uid)
      a.offered = fresh.offered
      a.version = fresh.version
      a.status = fresh.status
      a.since = fresh.since
    end
    if n(a.wrapUntil) > 0 then redis.call('ZREM', TIMERS, 'wrap|' .. uid .. '|' .. a.wrapUntil) end
    a.wrapUntil = '0'
  end
  a.presence = presence
  a.reason = presence == 'not_ready' and reason or ''
  save(a)
end

-- ARGV 6.. uid, presence, reason, capacity, blendMax, queues
local function op_presence()
  local uid = ARGV[6]
  return changePresence(loadAgent(uid) or newAgent(uid), ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11])
end

-- The agent's last staff session ended (logout or expiry). An agent with no chats assigned is logged
-- out. An agent with chats becomes not ready with the given reason, so the chats stay assigned.
-- An agent already logged out is left alone. Returns the presence before and after.
-- ARGV 6.. uid, not-ready reason, capacity, blendMax, queues
local function op_session_end()
  local uid = ARGV[6]
  local a = loadAgent(uid)
  if not a or a.presence == 'logged_out' then
    result.previous = 'logged_out'
    result.presence = 'logged_out'
    return
  end
  result.previous = a.presence
  local presence = n(a.active) > 0 and 'not_ready' or 'logged_out'
  result.presence = presence
  return changePresence(a, presence, ARGV[7], ARGV[8], ARGV[9], ARGV[10])
end

-- ARGV 6.. uid, voiceStatus, call, paused ('1'/'0'), pausedReason, wrapMs
local function op_voice()
  local uid = ARGV[6]
  local a = loadAgent(uid) or newAgent(uid)
  local hadCall = (a.voiceCall or '') ~= ''
  a.voiceStatus = ARGV[7]
  a.voiceCall = ARGV[8]
  a.voicePaused = ARGV[9]
  a.voiceReason = ARGV[10]
  if hadCall and a.voiceCall == '' then
    startWrapUp(a, n(ARGV[11]))
  end
  save(a)
end

-- ARGV 6.. cid, queue, priority, reasons, preferred agent, channel, citizenId, preview,
--          overflow member ('' for none), overflow due ms, language, category group, text seen ('1'/'0')
local function op_enqueue()
  local cid = ARGV[6]
  local existing = conv(cid)
  if existing and existing.status ~= 'done' then
    result.status = existing.status
    return
  end
  local priority = n(ARGV[8])
  local c = { cid = cid, version = '0' }
  local score = s(-priority * 1e13 + NOW)
  putConv(c, { status = 'waiting', queue = ARGV[7], priority = s(priority), score = score, reasons = ARGV[9],
    preferred = ARGV[10], channel = ARGV[11], citizenId = ARGV[12], preview = ARGV[13], enqueuedAt = s(NOW),
    waitingSince = s(NOW), agent = '', offerId = '', declined = '', overflowedFrom = '', language = ARGV[16],
    categoryGroup = ARGV[17], textSeen = ARGV[18] })
  wait(c, c.queue)
  redis.call('HINCRBY', stats(c.queue), 'entered', 1)
  if ARGV[14] ~= '' then
    redis.call('ZADD', TIMERS, ARGV[15], ARGV[14])
  end
  result.status = 'waiting'
  event({ kind = 'enqueued', conversation = cid, queue = c.queue })
end

-- Sets the language and category group a waiting conversation got from its first citizen text, and
-- moves it to the queue they match while it still waits. A conversation already offered, assigned,
-- unroutable or closed keeps its place; only its attributes are stored.
-- ARGV 6.. cid, language, category group, queue ('' keeps the current one), overflow member ('' for none),
--          overflow due ms
local function op_reattribute()
  local c = conv(ARGV[6])
  if not c then return fail('conversation_not_routed') end
  if c.status == 'done' then
    result.status = 'done'
    return
  end
  local fields = { language = ARGV[7], categoryGroup = ARGV[8], textSeen = '1' }
  local target = ARGV[9]
  if c.status ~= 'waiting' or target == '' or target == c.queue then
    putConv(c, fields)
    result.status = c.status
    result.moved = false
    return
  end
  local from = c.queue
  unwait(c)
  fields.queue = target
  putConv(c, fields)
  wait(c, target)
  if ARGV[10] ~= '' then
    redis.call('ZADD', TIMERS, ARGV[11], ARGV[10])
  end
  result.status = c.status
  result.moved = true
  event({ kind = 'requeued', conversation = c.cid, from = from, queue = target })
end

-- ARGV 6.. cid, reason, queue ('' for none), channel, citizenId, preview, priority, reasons
local function op_unroutable()
  local c = conv(ARGV[6]) or { cid = ARGV[6], version = '0' }
  if c.status == 'done' then
    result.status = 'done'
    return
  end
  if c.status == 'waiting' then unwait(c) end
  local fields = { status = 'unroutable', queue = ARGV[8], enqueuedAt = c.enqueuedAt or s(NOW),
    waitingSince = c.waitingSince or s(NOW), agent = '', offerId = '', offerExpires = '' }
  if not c.channel then
    fields.channel = ARGV[9]
    fields.citizenId = ARGV[10]
    fields.preview = ARGV[11]
    fields.priority = s(n(ARGV[12]))
    fields.reasons = ARGV[13]
    fields.score = s(-n(ARGV[12]) * 1e13 + NOW)
    fields.declined = ''
    fields.overflowedFrom = ''
    fields.preferred = ''
  end
  putConv(c, fields)
  redis.call('HSET', P .. 'failures', c.cid, cjson.encode({ reason = ARGV[7], queue = ARGV[8], at = s(NOW) }))
  result.status = 'unroutable'
  event({ kind = 'failure', conversation = c.cid, reason = ARGV[7], queue = ARGV[8] })
end

-- Finds the agent for conversation c among the free agents of its queue, skipping those who declined.
local function pick(c)
  local preferred = c.preferred or ''
  if preferred ~= '' and not has(c.declined, preferred) then
    local a = loadAgent(preferred)
    if a and room(a) > 0 then return a, 'repeat_open_ticket' end
  end
  local declined = {}
  for _, uid in ipairs(split(c.declined)) do declined[uid] = true end
  local start = 0
  local scanned = 0
  while true do
    local batch = redis.call('ZRANGE', qavail(c.queue), start, start + 15)
    if #batch == 0 then return nil end
    for _, uid in ipairs(batch) do
      scanned = scanned + 1
      if declined[uid] then
        start = start + 1
      else
        local a = loadAgent(uid)
        if a and room(a) > 0 and has(a.queues, c.queue) then return a, nil end
        -- The set contains exactly the agents with room, so anything else is left over from a profile change.
        redis.call('ZREM', qavail(c.queue), uid)
      end
    end
    -- NOTE: a conversation declined by more than 256 of the queue's free agents waits until one of
    -- the agents ahead of the others in the free set takes another chat or leaves it.
    if scanned > 256 then return nil end
  end
end

-- ARGV 6.. queue, offer timeout ms, maximum offers
local function op_dispatch()
  local q = ARGV[6]
  local offerMs = n(ARGV[7])
  local maxOffers = n(ARGV[8])
  local made = 0
  local skipped = 0
  while made < maxOffers and skipped < 8 do
    local head = redis.call('ZRANGE', qwait(q), skipped, skipped)
    if #head == 0 then break end
    local c = conv(head[1])
    if not c or c.status ~= 'waiting' or c.queue ~= q then
      redis.call('ZREM', qwait(q), head[1])
    else
      local a, why = pick(c)
      if a then
        offer(c, a, offerMs, why)
        made = made + 1
      else
        skipped = skipped + 1
      end
    end
  end
  result.offers = made
end

-- ARGV 6.. cid, uid, service level target ms
local function op_accept()
  local c = conv(ARGV[6])
  local uid = ARGV[7]
  if not c or c.status ~= 'offered' or c.agent ~= uid or n(c.offerExpires) < NOW then
    return fail('offer_expired')
  end
  redis.call('ZREM', TIMERS, 'offer|' .. c.cid .. '|' .. c.offerId)
  redis.call('SREM', qoffered(c.queue), c.cid)
  local a = loadAgent(uid)
  redis.call('SREM', offers(uid), c.cid)
  redis.call('SADD', convs(uid), c.cid)
  a.offered = s(math.max(0, n(a.offered) - 1))
  a.active = s(n(a.active) + 1)
  save(a)
  local waited = NOW - n(c.waitingSince)
  putConv(c, { status = 'assigned', assignedAt = s(NOW), offerExpires = '' })
  redis.call('HINCRBY', stats(c.queue), 'answered', 1)
  redis.call('HINCRBY', stats(c.queue), 'waitMsSum', waited)
  if waited <= n(ARGV[8]) then redis.call('HINCRBY', stats(c.queue), 'answeredWithinTarget', 1) end
  markQueue(c.queue)
  event({ kind = 'assigned', conversation = c.cid, agent = uid, queue = c.queue })
end

-- ARGV 6.. cid, uid
local function op_decline()
  local c = conv(ARGV[6])
  local uid = ARGV[7]
  if not c or c.status ~= 'offered' or c.agent ~= uid then
    return fail('offer_expired')
  end
  withdraw(c, 'declined', '0')
  requeue(c, uid)
end

-- ARGV 6.. cid, reason, wrap-up after chat ms
local function op_close()
  local c = conv(ARGV[6])
  if not c or c.status == 'done' then return end
  if c.status == 'waiting' then
    unwait(c)
    redis.call('HINCRBY', stats(c.queue), 'abandoned', 1)
  elseif c.status == 'offered' then
    withdraw(c, 'closed', '0')
    redis.call('HINCRBY', stats(c.queue), 'abandoned', 1)
  elseif c.status == 'assigned' then
    local a = loadAgent(c.agent)
    if a then
      redis.call('SREM', convs(a.uid), c.cid)
      a.active = s(math.max(0, n(a.active) - 1))
      if n(a.active) == 0 and (a.voiceCall or '') == '' then startWrapUp(a, n(ARGV[8])) end
      save(a)
    end
    redis.call('HINCRBY', stats(c.queue), 'handled', 1)
    redis.call('HINCRBY', stats(c.queue), 'handleMsSum', NOW - n(c.assignedAt))
    event({ kind = 'unassigned', conversation = c.cid, agent = c.agent, reason = 'closed' })
  end
  redis.call('HDEL', P .. 'failures', c.cid)
  markQueue(c.queue)
  putConv(c, { status = 'done', closedAt = s(NOW), closeReason = ARGV[7] })
  redis.call('EXPIRE', ckey(c.cid), 7 * 86400)
end

-- Releases the assigned agent of c before a transfer.
local function release(c)
  local a = loadAgent(c.agent)
  if a then
    redis.call('SREM', convs(a.uid), c.cid)
    a.active = s(math.max(0, n(a.active) - 1))
    save(a)
  end
  event({ kind = 'unassigned', conversation = c.cid, agent = c.agent, reason = 'transferred' })
end

-- ARGV 6.. cid, target kind ('queue'/'agent'), target, actor uid, actor may transfer any ('1'/'0'),
--          offer timeout ms, priority boost for transfers
local function op_transfer()
  local c = conv(ARGV[6])
  if not c then return fail('conversation_not_routed') end
  if c.status == 'done' then return fail('conversation_closed') end
  if ARGV[10] ~= '1' and not (c.status == 'assigned' and c.agent == ARGV[9]) then
    return fail('not_assigned_to_you')
  end
  local kind = ARGV[7]
  local target = ARGV[8]
  local toAgent = nil
  if kind == 'agent' then
    toAgent = loadAgent(target)
    if not toAgent or toAgent.presence == 'logged_out' then return fail('agent_logged_out') end
  end
  if c.status == 'assigned' then
    release(c)
  elseif c.status == 'offered' then
    withdraw(c, 'transferred', '0')
  elseif c.status == 'waiting' then
    unwait(c)
  end
  local priority = n(c.priority) + n(ARGV[12])
  local fields = { priority = s(priority), score = s(-priority * 1e13 + n(c.waitingSince)),
    reasons = add(c.reasons or '', 'transfer'), declined = '', agent = '', offerId = '', transferredBy = ARGV[9] }
  if kind == 'queue' then
    fields.queue = target
    fields.status = 'waiting'
    putConv(c, fields)
    wait(c, target)
    redis.call('HDEL', P .. 'failures', c.cid)
  else
    fields.status = 'waiting'
    putConv(c, fields)
    offer(c, toAgent, n(ARGV[11]), 'transfer')
  end
  event({ kind = 'transferred', conversation = c.cid, target = target, targetKind = kind })
end

-- ARGV 6.. cid, queue
-- Only an unroutable conversation is retried. A waiting, offered or assigned one is not a routing
-- failure, and retrying it would take it from its agent without the audit entry a transfer writes.
local function op_retry()
  local c = conv(ARGV[6])
  if not c then return fail('conversation_not_routed') end
  if c.status == 'done' then return fail('conversation_closed') end
  if c.status ~= 'unroutable' then return fail('conversation_not_failed') end
  putConv(c, { status = 'waiting', queue = ARGV[7], agent = '', offerId = '', declined = '',
    score = c.score or s(NOW), waitingSince = c.waitingSince or s(NOW) })
  wait(c, ARGV[7])
  redis.call('HDEL', P .. 'failures', c.cid)
end

-- Fires due timers. ARGV 6.. batch size, missed offer makes the agent not ready ('1'/'0')
local function op_timers()
  local due = redis.call('ZRANGEBYSCORE', TIMERS, '-inf', s(NOW), 'LIMIT', 0, n(ARGV[6]))
  local fired = 0
  for _, member in ipairs(due) do
    redis.call('ZREM', TIMERS, member)
    fired = fired + 1
    local parts = split(string.gsub(member, '|', ','))
    local kind = parts[1]
    if kind == 'wrap' then
      local a = loadAgent(parts[2])
      if a and a.wrapUntil == parts[3] then
        a.wrapUntil = '0'
        save(a)
      end
    elseif kind == 'offer' then
      local c = conv(parts[2])
      if c and c.status == 'offered' and c.offerId == parts[3] then
        withdraw(c, 'expired', ARGV[7])
        requeue(c, c.agent)
      end
    elseif kind == 'overflow' then
      -- overflow|cid|from|to
      local c = conv(parts[2])
      if c and c.status == 'waiting' and c.queue == parts[3] then
        unwait(c)
        putConv(c, { queue = parts[4], overflowedFrom = parts[3], reasons = add(c.reasons or '', 'overflow') })
        wait(c, parts[4])
        redis.call('HINCRBY', stats(parts[3]), 'overflowed', 1)
        event({ kind = 'overflowed', conversation = c.cid, from = parts[3], queue = parts[4] })
      end
    end
  end
  result.fired = fired
end

local ops = { profile = op_profile, presence = op_presence, voice = op_voice, enqueue = op_enqueue,
  unroutable = op_unroutable, dispatch = op_dispatch, accept = op_accept, decline = op_decline,
  close = op_close, transfer = op_transfer, retry = op_retry, timers = op_timers, reattribute = op_reattribute,
  session_end = op_session_end }

local handler = ops[OP]
if not handler then return fail('unknown_operation') end
local failed = handler()
if failed then return failed end
return cjson.encode(result)
