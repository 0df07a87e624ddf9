#!lua
--[[ metadata_set: PUT /v1/queues/{queue_name}/metadata
  Replaces the queue's metadata with ARGV[1] (stored as sent).
  KEYS[1..7] the queue's keys (lua/README.md); only KEYS[1] is written
  ARGV[1] metadata JSON text
  Reply:   1
  Errors:  QUEUE_NOT_FOUND (404)
]]
if redis.call('EXISTS', QUEUE) == 0 then
  return redis.error_reply('QUEUE_NOT_FOUND queue does not exist')
end
redis.call('HSET', QUEUE, 'metadata', ARGV[1])
return 1
