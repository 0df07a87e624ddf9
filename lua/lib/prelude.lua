-- prelude.lua: helpers shared by every script (spliced in after the shebang line, see README.md).
-- Everything here is local; numbers stay integers (milliseconds, seconds, sequence numbers) and
-- records are built with %d so a large number never turns into "1.7e+12".

-- The seven keys of a queue, in Keys.swift order (nil for scripts that take other keys).
local QUEUE, MESSAGES, READY, CLAIMED = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local EXPIRY, CLAIMS, CLAIM_EXPIRY = KEYS[5], KEYS[6], KEYS[7]

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

-- "seq=.. ttl=.. created=.. expires=.. client=.. body=<rest>" -> seq, ttl, created, expires, client, body
local function parse_message(record)
  local seq, ttl, created, expires, client, at = string.match(record,
    '^seq=(%d+) ttl=(%d+) created=(%d+) expires=(%d+) client=(%S*) body=()')
  return tonumber(seq), tonumber(ttl), tonumber(created), tonumber(expires), client, string.sub(record, at)
end

local function format_message(seq, ttl, created, expires, client, body)
  return string.format('seq=%d ttl=%d created=%d expires=%d client=', seq, ttl, created, expires)
    .. client .. ' body=' .. body
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

-- Reads a message: seq, ttl, created, expires, client, body; nil if absent or expired (an expired
-- one is removed on the way, so callers in no-writes scripts must not use this).
local function live_message(id, now)
  local record = redis.call('HGET', MESSAGES, id)
  if not record then return nil end
  local seq, ttl, created, expires, client, body = parse_message(record)
  if expires <= now then
    remove_message(id)
    return nil
  end
  return seq, ttl, created, expires, client, body
end
