#!lua flags=no-writes
--[[ metadata_get: GET /v1/queues/{queue_name}/metadata
  Reads the queue's metadata.
  KEYS[1..10] the queue's keys (lua/README.md); only KEYS[1] is read
  ARGV     none
  Reply:   metadata JSON text as stored
  Errors:  QUEUE_NOT_FOUND (404)
]]
local metadata = redis.call('HGET', QUEUE, 'metadata')
if not metadata then return redis.error_reply('QUEUE_NOT_FOUND queue does not exist') end
return metadata
