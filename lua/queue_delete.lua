#!lua
--[[ queue_delete: DELETE /v1/queues/{queue_name}
  Drops the queue with its messages, claims, subscriptions and dead-letter bookkeeping (UNLINK: freed in the
  background). The gateway first delivers the queue's pending dead letters, and afterwards removes
  the queue from its project's index (cq:{P}:queues, another slot).
  KEYS[1..10] the queue's keys (lua/README.md); KEYS[11..13] its subscriptions, subscription_ids
           and subscribers (same slot)
  ARGV     none
  Reply:   1 deleted, 0 absent (204 either way)
  Errors:  none
]]
local existed = redis.call('EXISTS', QUEUE)
redis.call('UNLINK', QUEUE, MESSAGES, READY, CLAIMED, EXPIRY, CLAIMS, CLAIM_EXPIRY, DELAYED, DEAD_LETTERS, DEAD_LETTERS_SEEN,
  KEYS[11], KEYS[12], KEYS[13])
return existed
