#!lua
--[[ subscription_list: GET /v2/queues/{queue_name}/subscriptions
  Lists up to ARGV[2] live subscriptions after the marker, in id order (expired ones are dropped
  on the way).
  KEYS[1] cq:{P/Q}:queue   KEYS[2] cq:{P/Q}:subscriptions   KEYS[3] cq:{P/Q}:subscription_ids
  KEYS[4] cq:{P/Q}:subscribers
  ARGV[1] marker (an id, empty = from the start)   ARGV[2] limit
  Reply:   { id, subscriber, ttl, age, confirmed (0/1), options, ... }
  Errors:  none
]]
local SUBS, IDS, SUBSCRIBERS = KEYS[2], KEYS[3], KEYS[4]
local marker, limit = ARGV[1], tonumber(ARGV[2])
local now = now_ms()
local out, count = {}, 0
local min = marker == '' and '-' or '(' .. marker
while count < limit do
  local ids = redis.call('ZRANGE', IDS, min, '+', 'BYLEX', 'LIMIT', 0, limit - count)
  if #ids == 0 then break end
  for _, id in ipairs(ids) do
    min = '(' .. id
    local subscriber, ttl, created, expires, confirmed, options = parse_subscription(redis.call('HGET', SUBS, id) or '')
    if subscriber and expires > now then
      subscription_reply(out, id, subscriber, ttl, age_s(now, created), confirmed, options)
      count = count + 1
    else
      remove_subscription(SUBS, IDS, SUBSCRIBERS, id)
    end
  end
end
return out
