#!lua flags=no-writes
--[[ queue_list_metadata: GET /v1/queues?detailed=true
  Reads the metadata of each listed queue.
  KEYS[i]  cq:{P/Q}:queue of the i-th listed queue (any number)
  ARGV     none
  Reply:   { metadata JSON text or nil (queue vanished), ... }, one per KEYS entry
  Errors:  none
]]
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGET', key, 'metadata') end
return out
