#!lua
--[[ queue_create: PUT /v1/queues/{queue_name}
  Creates the queue record (created_at = now, metadata "{}", last_seq 0) and indexes the queue.
  KEYS[1..7] the queue's keys (lua/README.md)   KEYS[8] cq:queues
  ARGV[1] index member "<P>/<Q>"
  Reply:   1 created (201), 0 already existed (204)
  Errors:  none
]]
if redis.call('EXISTS', QUEUE) == 1 then return 0 end
redis.call('HSET', QUEUE, 'created_at', string.format('%d', now_ms()), 'metadata', '{}', 'last_seq', 0)
redis.call('ZADD', KEYS[8], 0, ARGV[1])
return 1
