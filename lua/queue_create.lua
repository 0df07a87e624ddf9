#!lua
--[[ queue_create: PUT /v1/queues/{queue_name}
  Creates the queue record (created_at = now, metadata "{}", last_seq 0). The gateway then adds
  the queue to its project's index (cq:{P}:queues, another slot), whatever this script replied.
  KEYS[1..7] the queue's keys (lua/README.md)
  ARGV     none
  Reply:   1 created (201), 0 already existed (204)
  Errors:  none
]]
if redis.call('EXISTS', QUEUE) == 1 then return 0 end
redis.call('HSET', QUEUE, 'created_at', string.format('%d', now_ms()), 'metadata', '{}', 'last_seq', 0)
return 1
