#!lua
--[[ claim_get: GET /v1/queues/{queue_name}/claims/{claim_id}
  Reads a live claim and its messages that still exist.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] claim id
  Reply:   { claim ttl, claim age, id, ttl, age, body, ... }; empty array = unknown, lapsed, or all
           of its messages gone (404)
  Errors:  none
]]
local now = now_ms()
requeue_lapsed(now, 100)
local record = redis.call('HGET', CLAIMS, ARGV[1])
if not record then return {} end
local ttl, _, updated, expires, ids = parse_claim(record)
if expires <= now then return {} end
local out = { ttl, age_s(now, updated) }
for _, id in ipairs(ids) do
  if redis.call('ZSCORE', CLAIMED, id) then
    local _, mttl, created, _, _, body = live_message(id, now)
    if created then message_reply(out, id, mttl, age_s(now, created), body) end
  end
end
if #out == 2 then return {} end
return out
