#!lua
--[[ subscription_update: PATCH /v2/queues/{queue_name}/subscriptions/{subscription_id}
  Changes a live subscription's subscriber, ttl (expiry restarts from now) and/or options.
  KEYS[1] cq:{P/Q}:queue   KEYS[2] cq:{P/Q}:subscriptions   KEYS[3] cq:{P/Q}:subscription_ids
  KEYS[4] cq:{P/Q}:subscribers
  ARGV[1] id   ARGV[2] subscriber (empty = unchanged)   ARGV[3] ttl (empty = unchanged)
  ARGV[4] options (empty = unchanged)
  Reply:   'updated', 'missing' (404) or 'conflict' (the new subscriber has a subscription: 409)
  Errors:  none
]]
local SUBS, IDS, SUBSCRIBERS = KEYS[2], KEYS[3], KEYS[4]
local id = ARGV[1]
local now = now_ms()
local subscriber, ttl, created, expires, confirmed, options = parse_subscription(redis.call('HGET', SUBS, id) or '')
if not subscriber or expires <= now then return 'missing' end
if ARGV[2] ~= '' and ARGV[2] ~= subscriber then
  local other = redis.call('HGET', SUBSCRIBERS, ARGV[2])
  if other and other ~= id then return 'conflict' end
  redis.call('HDEL', SUBSCRIBERS, subscriber)
  subscriber = ARGV[2]
  redis.call('HSET', SUBSCRIBERS, subscriber, id)
end
if ARGV[3] ~= '' then ttl, expires = tonumber(ARGV[3]), now + tonumber(ARGV[3]) * 1000 end
if ARGV[4] ~= '' then options = ARGV[4] end
redis.call('HSET', SUBS, id, format_subscription(subscriber, ttl, created, expires, confirmed, options))
return 'updated'
