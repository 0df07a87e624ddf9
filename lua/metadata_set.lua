#!lua
--[[ metadata_set: PUT /v1/queues/{queue_name}/metadata, PATCH /v2/queues/{queue_name}
  Replaces the queue's metadata with ARGV[1] (stored as sent) and its settings (the reserved
  attributes the gateway read from it). With ARGV[9], only if the stored metadata is still exactly
  that text (a PATCH computed from it; otherwise the gateway reads again and retries).
  KEYS[1..10] the queue's keys (lua/README.md); only KEYS[1] is written
  ARGV[1] metadata JSON text
  ARGV[2] 1 = replace the settings with ARGV[3..8], 0 (or absent) = leave them as they are
  ARGV[3..8] settings: default_ttl, default_delay, max_post_bytes, max_claims, dlq, dlq_ttl
           (empty = not set)
  ARGV[9]  expected current metadata (optional)
  Reply:   1 replaced, 0 the metadata changed meanwhile (only with ARGV[9])
  Errors:  QUEUE_NOT_FOUND (404)
]]
if redis.call('EXISTS', QUEUE) == 0 then
  return redis.error_reply('QUEUE_NOT_FOUND queue does not exist')
end
if ARGV[9] and redis.call('HGET', QUEUE, 'metadata') ~= ARGV[9] then return 0 end
redis.call('HSET', QUEUE, 'metadata', ARGV[1])
if ARGV[2] == '1' then set_settings(3) end
return 1
