#!lua
--[[ queue_delete: DELETE /v1/queues/{queue_name}
  Drops the queue with its messages and claims (UNLINK: freed in the background) and unindexes it.
  KEYS[1..7] the queue's keys (lua/README.md)   KEYS[8] cq:queues
  ARGV[1] index member "<P>/<Q>"
  Reply:   1 deleted, 0 absent (204 either way)
  Errors:  none
]]
local existed = redis.call('EXISTS', QUEUE)
redis.call('UNLINK', QUEUE, MESSAGES, READY, CLAIMED, EXPIRY, CLAIMS, CLAIM_EXPIRY)
redis.call('ZREM', KEYS[8], ARGV[1])
return existed
