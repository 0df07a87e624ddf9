#!lua
--[[ message_get: GET /v1/queues/{queue_name}/messages/{message_id}
  Reads one unexpired message of this queue, claimed or not.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] message id
  Reply:   { id, ttl, age, body, claim id ('' when not claimed) }; empty array = absent or expired (404)
  Errors:  none
]]
local now = now_ms()
requeue_lapsed(now, 100)
local out = {}
local _, ttl, created, _, _, body, _, claim = live_message(ARGV[1], now)
if created then
  message_reply(out, ARGV[1], ttl, age_s(now, created), body)
  out[#out + 1] = redis.call('ZSCORE', CLAIMED, ARGV[1]) and claim or ''
end
return out
