#!lua flags=no-writes
--[[ queue_exists: HEAD/GET /v1/queues/{queue_name}
  Tells whether the queue exists.
  KEYS[1..10] the queue's keys (lua/README.md); only KEYS[1] is read
  ARGV     none
  Reply:   1 exists (204), 0 absent (404)
  Errors:  none
]]
return redis.call('EXISTS', QUEUE)
