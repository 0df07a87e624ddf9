#!lua
--[[ subscription_purge: POST /v2/queues/{queue_name}/purge (resource type "subscriptions")
  Removes every subscription of the queue.
  KEYS[1] cq:{P/Q}:queue   KEYS[2] cq:{P/Q}:subscriptions   KEYS[3] cq:{P/Q}:subscription_ids
  KEYS[4] cq:{P/Q}:subscribers
  ARGV     none
  Reply:   number removed
  Errors:  none
]]
local count = redis.call('HLEN', KEYS[2])
redis.call('UNLINK', KEYS[2], KEYS[3], KEYS[4])
return count
