-- prelude.lua: helpers shared by every script (spliced in after the shebang line, see README.md).
-- Everything here is local; numbers stay integers (milliseconds, seconds, sequence numbers) and
-- records are built with %d so a large number never turns into "1.7e+12".

-- The ten keys of a queue, in Keys.swift order (nil for scripts that take other keys).
local QUEUE, MESSAGES, READY, CLAIMED = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local EXPIRY, CLAIMS, CLAIM_EXPIRY = KEYS[5], KEYS[6], KEYS[7]
local DELAYED, DEAD_LETTERS, DEAD_LETTERS_SEEN = KEYS[8], KEYS[9], KEYS[10]

-- Tells long-polling waiters (every gateway subscribed to the queue's wake channel) that messages
-- become claimable in `due_ms` milliseconds (0: now). The shard channel is `cq:{<P>/<Q>}:wake`
-- (Keys.wakeChannel), in the queue's slot; a publish nobody listens to costs Redis one lookup.
local function wake(due_ms)
  redis.call('SPUBLISH', string.sub(QUEUE, 1, -6) .. 'wake', string.format('%d', due_ms))
end

-- Upper bound on entries one call examines while skipping filtered or expired entries.
local MAX_SCAN = 50000

-- Milliseconds of the Redis clock.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Whole seconds from `since` to `now` (ms), never negative.
local function age_s(now, since)
  return math.max(0, math.floor((now - since) / 1000))
end

-- "seq=.. ttl=.. created=.. expires=.. client=.. claims=.. claim=.. body=<rest>"
--   -> seq, ttl, created, expires, client, body, claims (times claimed), claim (id of the last claim)
-- Records written before claim counting lack `claims=` and `claim=`: they read as never claimed.
local function parse_message(record)
  local seq, ttl, created, expires, client, claims, claim, at = string.match(record,
    '^seq=(%d+) ttl=(%d+) created=(%d+) expires=(%d+) client=(%S*) claims=(%d+) claim=(%S*) body=()')
  if not seq then
    seq, ttl, created, expires, client, at = string.match(record,
      '^seq=(%d+) ttl=(%d+) created=(%d+) expires=(%d+) client=(%S*) body=()')
    claims, claim = 0, ''
  end
  return tonumber(seq), tonumber(ttl), tonumber(created), tonumber(expires), client, string.sub(record, at),
    tonumber(claims), claim
end

local function format_message(seq, ttl, created, expires, client, body, claims, claim)
  return string.format('seq=%d ttl=%d created=%d expires=%d client=', seq, ttl, created, expires)
    .. client .. string.format(' claims=%d claim=', claims or 0) .. (claim or '') .. ' body=' .. body
end

-- "ttl=.. grace=.. updated=.. expires=.. messages=a,b" -> ttl, grace, updated, expires, {ids}
local function parse_claim(record)
  local ttl, grace, updated, expires, list = string.match(record,
    '^ttl=(%d+) grace=(%d+) updated=(%d+) expires=(%d+) messages=(.*)$')
  local ids = {}
  for id in string.gmatch(list, '[^,]+') do ids[#ids + 1] = id end
  return tonumber(ttl), tonumber(grace), tonumber(updated), tonumber(expires), ids
end

local function format_claim(ttl, grace, updated, expires, ids)
  return string.format('ttl=%d grace=%d updated=%d expires=%d messages=', ttl, grace, updated, expires)
    .. table.concat(ids, ',')
end

-- Drops a message from every message key; 1 if it existed.
local function remove_message(id)
  redis.call('ZREM', READY, id)
  redis.call('ZREM', CLAIMED, id)
  redis.call('ZREM', EXPIRY, id)
  redis.call('ZREM', DELAYED, id)
  return redis.call('HDEL', MESSAGES, id)
end

-- Appends one message (id, ttl, age, body) to a reply.
local function message_reply(out, id, ttl, age, body)
  out[#out + 1] = id
  out[#out + 1] = ttl
  out[#out + 1] = age
  out[#out + 1] = body
end

-- Ends a claim: its messages still in `claimed` go back to `ready` with their sequence number.
local function release_claim(claim_id, record)
  local _, _, _, _, ids = parse_claim(record)
  for _, id in ipairs(ids) do
    local seq = redis.call('ZSCORE', CLAIMED, id)
    if seq then
      redis.call('ZREM', CLAIMED, id)
      redis.call('ZADD', READY, seq, id)
    end
  end
  redis.call('HDEL', CLAIMS, claim_id)
  redis.call('ZREM', CLAIM_EXPIRY, claim_id)
end

-- Releases up to `max_claims` claims whose expiry <= now; returns how many.
local function requeue_lapsed(now, max_claims)
  local lapsed = redis.call('ZRANGE', CLAIM_EXPIRY, '-inf', now, 'BYSCORE', 'LIMIT', 0, max_claims)
  for _, claim_id in ipairs(lapsed) do
    local record = redis.call('HGET', CLAIMS, claim_id)
    if record then
      release_claim(claim_id, record)
    else
      redis.call('ZREM', CLAIM_EXPIRY, claim_id)
    end
  end
  return #lapsed
end

-- Removes up to `max_messages` messages whose expiry <= now, oldest expiry first; returns how many.
local function purge_expired(now, max_messages)
  local expired = redis.call('ZRANGE', EXPIRY, '-inf', now, 'BYSCORE', 'LIMIT', 0, max_messages)
  for _, id in ipairs(expired) do remove_message(id) end
  return #expired
end

-- Moves up to `max` delayed messages that are due (due time <= now) to the end of `ready`: each
-- gets the next sequence number, so it is claimed after what was ready before it and an observer
-- paging by marker meets it after its marker. Every script that reads `ready` calls this first,
-- so a message is claimable from its due time on without any sweeper.
local function promote_due(now, max)
  local due = redis.call('ZRANGE', DELAYED, '-inf', now, 'BYSCORE', 'LIMIT', 0, max)
  for _, id in ipairs(due) do
    redis.call('ZREM', DELAYED, id)
    local record = redis.call('HGET', MESSAGES, id)
    if record then
      local _, ttl, created, expires, client, body, claims, claim = parse_message(record)
      local seq = redis.call('HINCRBY', QUEUE, 'last_seq', 1)
      redis.call('HSET', MESSAGES, id, format_message(seq, ttl, created, expires, client, body, claims, claim))
      redis.call('ZADD', READY, seq, id)
    end
  end
  return #due
end

-- The queue's settings from its reserved metadata attributes (fields of the queue record, written
-- with the metadata): default ttl and delay (s), max POST bytes, max claims, dead-letter queue
-- name and its messages' ttl; absent ones are nil.
local function queue_settings()
  local v = redis.call('HMGET', QUEUE, 'default_ttl', 'default_delay', 'max_post_bytes', 'max_claims', 'dlq', 'dlq_ttl')
  return tonumber(v[1]), tonumber(v[2]), tonumber(v[3]), tonumber(v[4]), v[5] or nil, tonumber(v[6])
end

-- Writes the settings ARGV[first .. first+5] (queue_settings order) into the queue record; an
-- empty value removes the field.
local SETTING_FIELDS = { 'default_ttl', 'default_delay', 'max_post_bytes', 'max_claims', 'dlq', 'dlq_ttl' }
local function set_settings(first)
  for i, field in ipairs(SETTING_FIELDS) do
    local value = ARGV[first + i - 1]
    if value and value ~= '' then
      redis.call('HSET', QUEUE, field, value)
    else
      redis.call('HDEL', QUEUE, field)
    end
  end
end

-- Takes a message out of the queue into the dead-letter outbox (same slot): the gateway then
-- copies it into the dead-letter queue (another slot) and deletes the outbox entry (lua/README.md,
-- "Dead letters"). The entry: "dlq=<name> ttl=<s> " .. the message record.
local function dead_letter(id, record, dlq, ttl)
  remove_message(id)
  redis.call('HSET', DEAD_LETTERS, id, string.format('dlq=%s ttl=%d ', dlq, ttl) .. record)
end

-- Reads a message: seq, ttl, created, expires, client, body; nil if absent or expired (an expired
-- one is removed on the way, so callers in no-writes scripts must not use this).
local function live_message(id, now)
  local record = redis.call('HGET', MESSAGES, id)
  if not record then return nil end
  local seq, ttl, created, expires, client, body, claims, claim = parse_message(record)
  if expires <= now then
    remove_message(id)
    return nil
  end
  return seq, ttl, created, expires, client, body, claims, claim, record
end

-- "subscriber=.. ttl=.. created=.. expires=.. confirmed=0|1 options=<JSON rest>"
--   -> subscriber, ttl, created, expires, confirmed (boolean), options; nil for anything else
local function parse_subscription(record)
  local subscriber, ttl, created, expires, confirmed, at = string.match(record,
    '^subscriber=(%S+) ttl=(%d+) created=(%d+) expires=(%d+) confirmed=([01]) options=()')
  if not subscriber then return nil end
  return subscriber, tonumber(ttl), tonumber(created), tonumber(expires), confirmed == '1', string.sub(record, at)
end

local function format_subscription(subscriber, ttl, created, expires, confirmed, options)
  return string.format('subscriber=%s ttl=%d created=%d expires=%d confirmed=%d options=',
    subscriber, ttl, created, expires, confirmed and 1 or 0) .. options
end

-- Drops a subscription from the three subscription keys; 1 if it existed.
local function remove_subscription(subs, ids, subscribers, id)
  local subscriber = parse_subscription(redis.call('HGET', subs, id) or '')
  if subscriber and redis.call('HGET', subscribers, subscriber) == id then redis.call('HDEL', subscribers, subscriber) end
  redis.call('ZREM', ids, id)
  return redis.call('HDEL', subs, id)
end

-- Appends one subscription (id, subscriber, ttl, age, confirmed 0/1, options) to a reply.
local function subscription_reply(out, id, subscriber, ttl, age, confirmed, options)
  out[#out + 1] = id
  out[#out + 1] = subscriber
  out[#out + 1] = ttl
  out[#out + 1] = age
  out[#out + 1] = confirmed and 1 or 0
  out[#out + 1] = options
end
