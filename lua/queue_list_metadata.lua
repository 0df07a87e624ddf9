#!lua flags=no-writes
--[[ queue_list_metadata: GET /v1/queues?detailed=true
  Reads the metadata of listed queues. The gateway calls it once per queue (the queues of a
  project live in different slots, on different masters in a cluster), all calls pipelined.
  KEYS[i]  cq:{P/Q}:queue of a listed queue (any number, all in one slot in a cluster)
  ARGV     none
  Reply:   { metadata JSON text or nil (queue vanished), ... }, one per KEYS entry
  Errors:  none
]]
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGET', key, 'metadata') end
return out
