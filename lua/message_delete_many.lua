#!lua
--[[ message_delete_many: DELETE /v1/queues/{queue_name}/messages?ids=...
  Deletes the listed messages of this queue whether claimed or not; unknown ids are ignored.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1..n] message ids
  Reply:   number of messages deleted (204 in any case)
  Errors:  none
]]
local now = now_ms()
requeue_lapsed(now, 100)
local deleted = 0
for _, id in ipairs(ARGV) do deleted = deleted + remove_message(id) end
return deleted
