#!lua
--[[ message_pop: DELETE /v1.1|v2/queues/{queue_name}/messages?pop=N
  Takes up to ARGV[1] free messages, oldest first, and deletes them: a claim and a delete in one
  step, so it counts as a claim (claim_count in the reply) and follows the dead-letter rule of
  claim_create (a message already claimed max_claims times goes to the outbox instead).
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] limit
  Reply:   { dead letters moved, then per message: id, ttl, age, body, claim count }
  Errors:  none
]]
local limit = tonumber(ARGV[1])
if limit < 1 or redis.call('EXISTS', QUEUE) == 0 then return { 0 } end
local now = now_ms()
requeue_lapsed(now, 100)
promote_due(now, 1000)
purge_expired(now, 100)
local _, _, _, max_claims, dlq, dlq_ttl = queue_settings()
if not dlq then max_claims = nil end
local out, taken, examined = { 0 }, 0, 0
while taken < limit and examined < MAX_SCAN do
  local heads = redis.call('ZRANGE', READY, 0, limit - taken - 1)
  if #heads == 0 then break end
  for _, id in ipairs(heads) do
    examined = examined + 1
    local _, ttl, created, expires, _, body, claims, _, record = live_message(id, now)
    if created and max_claims and claims >= max_claims then
      dead_letter(id, record, dlq, dlq_ttl or math.max(1, math.floor((expires - now) / 1000)))
      out[1] = out[1] + 1
    elseif created then
      remove_message(id)
      message_reply(out, id, ttl, age_s(now, created), body)
      out[#out + 1] = claims + 1
      taken = taken + 1
    else
      redis.call('ZREM', READY, id)
    end
  end
end
return out
