#!lua
--[[ queue_create: PUT /v1|v1.1|v2/queues/{queue_name}
  Creates the queue record (created_at = now, metadata, last_seq 0, and the settings read from the
  metadata's reserved attributes). An existing queue is left as it is, metadata included. The
  gateway then adds the queue to its project's index (cq:{P}:queues, another slot), whatever this
  script replied.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] metadata JSON text (absent or empty = "{}")
  ARGV[2..7] settings: default_ttl, default_delay, max_post_bytes, max_claims, dlq, dlq_ttl
           (empty = not set)
  Reply:   1 created (201), 0 already existed (204)
  Errors:  none
]]
if redis.call('EXISTS', QUEUE) == 1 then return 0 end
local metadata = ARGV[1]
if not metadata or metadata == '' then metadata = '{}' end
redis.call('HSET', QUEUE, 'created_at', string.format('%d', now_ms()), 'metadata', metadata, 'last_seq', 0)
set_settings(2)
return 1
