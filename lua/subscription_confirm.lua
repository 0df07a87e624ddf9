#!lua
--[[ subscription_confirm: PUT /v2/queues/{queue_name}/subscriptions/{subscription_id}/confirm
  Marks a live subscription confirmed or not.
  KEYS[1] cq:{P/Q}:queue   KEYS[2] cq:{P/Q}:subscriptions   KEYS[3] cq:{P/Q}:subscription_ids
  KEYS[4] cq:{P/Q}:subscribers
  ARGV[1] id   ARGV[2] 1 confirmed, 0 not
  Reply:   1 done, 0 no such subscription (404)
  Errors:  none
]]
local now = now_ms()
local subscriber, ttl, created, expires, _, options = parse_subscription(redis.call('HGET', KEYS[2], ARGV[1]) or '')
if not subscriber or expires <= now then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], format_subscription(subscriber, ttl, created, expires, ARGV[2] == '1', options))
return 1
