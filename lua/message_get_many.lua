#!lua
--[[ message_get_many: GET /v1/queues/{queue_name}/messages?ids=...
  Reads the listed unexpired messages of this queue, claimed or not; unknown ids are skipped.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1..n] message ids
  Reply:   { id, ttl, age, body, claim id ('' when not claimed), ... } in ARGV order (a repeated id repeats); empty array = none (204)
  Errors:  none
]]
local now = now_ms()
requeue_lapsed(now, 100)
local out = {}
for _, id in ipairs(ARGV) do
  local _, ttl, created, _, _, body, _, claim = live_message(id, now)
  if created then
    message_reply(out, id, ttl, age_s(now, created), body)
    out[#out + 1] = redis.call('ZSCORE', CLAIMED, id) and claim or ''
  end
end
return out
