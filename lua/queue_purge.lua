#!lua
--[[ queue_purge: POST /v2/queues/{queue_name}/purge (resource type "messages")
  Deletes every message and claim of the queue; the queue, its metadata and its sequence numbers
  stay. Dead letters already in the outbox are no longer this queue's messages: they stay for
  delivery.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV     none
  Reply:   number of messages deleted
  Errors:  none
]]
local count = redis.call('HLEN', MESSAGES)
redis.call('UNLINK', MESSAGES, READY, CLAIMED, EXPIRY, CLAIMS, CLAIM_EXPIRY, DELAYED)
return count
