#!lua
--[[ subscription_create: POST /v2/queues/{queue_name}/subscriptions
  Adds a subscriber to the queue (created if missing). A subscriber already subscribed and not
  expired keeps its subscription: a confirmed one is a conflict, an unconfirmed one is answered
  with its id again (Zaqar then resends the confirmation).
  KEYS[1] cq:{P/Q}:queue   KEYS[2] cq:{P/Q}:subscriptions   KEYS[3] cq:{P/Q}:subscription_ids
  KEYS[4] cq:{P/Q}:subscribers
  ARGV[1] new id   ARGV[2] subscriber   ARGV[3] ttl (s)   ARGV[4] options (JSON object text)
  Reply:   { 'created' | 'exists' | 'conflict', id, 1 if the queue was created else 0 }
  Errors:  none
]]
local SUBS, IDS, SUBSCRIBERS = KEYS[2], KEYS[3], KEYS[4]
local id, subscriber, ttl, options = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local now = now_ms()
local created_queue = 0
if redis.call('EXISTS', QUEUE) == 0 then
  redis.call('HSET', QUEUE, 'created_at', string.format('%d', now), 'metadata', '{}', 'last_seq', 0)
  created_queue = 1
end
local existing = redis.call('HGET', SUBSCRIBERS, subscriber)
if existing then
  local record = redis.call('HGET', SUBS, existing)
  local _, _, _, expires, confirmed = parse_subscription(record or '')
  if record and expires > now then
    return { confirmed and 'conflict' or 'exists', existing, created_queue }
  end
  remove_subscription(SUBS, IDS, SUBSCRIBERS, existing)
end
redis.call('HSET', SUBS, id, format_subscription(subscriber, ttl, now, now + ttl * 1000, false, options))
redis.call('ZADD', IDS, 0, id)
redis.call('HSET', SUBSCRIBERS, subscriber, id)
return { 'created', id, created_queue }
