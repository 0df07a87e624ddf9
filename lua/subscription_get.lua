#!lua flags=no-writes
--[[ subscription_get: GET /v2/queues/{queue_name}/subscriptions/{subscription_id}
  Reads one live subscription.
  KEYS[1] cq:{P/Q}:queue   KEYS[2] cq:{P/Q}:subscriptions   KEYS[3] cq:{P/Q}:subscription_ids
  KEYS[4] cq:{P/Q}:subscribers
  ARGV[1] id
  Reply:   { id, subscriber, ttl, age, confirmed (0/1), options }; empty array = none (404)
  Errors:  none
]]
local now = now_ms()
local out = {}
local subscriber, ttl, created, expires, confirmed, options = parse_subscription(redis.call('HGET', KEYS[2], ARGV[1]) or '')
if subscriber and expires > now then
  subscription_reply(out, ARGV[1], subscriber, ttl, age_s(now, created), confirmed, options)
end
return out
