#!lua
--[[ claim_create: POST /v1|v1.1|v2/queues/{queue_name}/claims
  Claims up to ARGV[4] free, unexpired messages, oldest first, for ARGV[2] seconds; a claimed message
  expiring before now + ttl + grace is extended to it and reports ttl + grace (ICE rule, §6.16).
  Each claim counts in the message's record (claims=N). With the queue's max_claims and dlq set, a
  message already claimed max_claims times is not handed out again: it goes to the dead-letter
  outbox (with ttl = the queue's dlq_ttl, else its remaining ttl) for the gateway to deliver.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] claim id   ARGV[2] ttl (s)   ARGV[3] grace (s)   ARGV[4] limit
  Reply:   { claim id or '' when nothing was claimed, dead letters moved, id, ttl, age, body, ... };
           { '', 0 } = nothing to claim or no queue (204)
  Errors:  none
]]
local claim_id, ttl, grace, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_ms()
if limit < 1 or redis.call('EXISTS', QUEUE) == 0 then return { '', 0 } end
requeue_lapsed(now, 100)
promote_due(now, 1000)
purge_expired(now, 100)
local _, _, _, max_claims, dlq, dlq_ttl = queue_settings()
if not dlq then max_claims = nil end

local claim_expires, message_expires = now + ttl * 1000, now + (ttl + grace) * 1000
local out, ids, examined, moved = { claim_id, 0 }, {}, 0, 0
while #ids < limit and examined < MAX_SCAN do
  -- Every entry read leaves `ready` (claimed or removed), so the head is always rank 0.
  local heads = redis.call('ZRANGE', READY, 0, limit - #ids - 1, 'WITHSCORES')
  if #heads == 0 then break end
  for i = 1, #heads, 2 do
    local id, seq = heads[i], heads[i + 1]
    examined = examined + 1
    local _, mttl, created, expires, client, body, claims, _, record = live_message(id, now)
    if created and max_claims and claims >= max_claims then
      dead_letter(id, record, dlq, dlq_ttl or math.max(1, math.floor((expires - now) / 1000)))
      moved = moved + 1
    elseif created then
      redis.call('ZREM', READY, id)
      redis.call('ZADD', CLAIMED, seq, id)
      if expires < message_expires then
        mttl, expires = ttl + grace, message_expires
        redis.call('ZADD', EXPIRY, message_expires, id)
      end
      redis.call('HSET', MESSAGES, id, format_message(seq, mttl, created, expires, client, body, claims + 1, claim_id))
      ids[#ids + 1] = id
      message_reply(out, id, mttl, age_s(now, created), body)
    else
      redis.call('ZREM', READY, id) -- expired (already removed) or a stray entry without a record
    end
  end
end
out[2] = moved
if #ids == 0 then return { '', moved } end
redis.call('HSET', CLAIMS, claim_id, format_claim(ttl, grace, now, claim_expires, ids))
redis.call('ZADD', CLAIM_EXPIRY, claim_expires, claim_id)
return out
