#!lua
--[[ claim_delete: DELETE /v1/queues/{queue_name}/claims/{claim_id}
  Releases a claim, live or lapsed: its messages still held go back to `ready` with their sequence
  number (FIFO position) and keep their possibly extended expiry.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] claim id
  Reply:   1 released, 0 unknown (204 either way)
  Errors:  none
  Publishes: the wake channel (0) when the claim existed
]]
local record = redis.call('HGET', CLAIMS, ARGV[1])
if record then
  release_claim(ARGV[1], record)
  wake(0)
end
requeue_lapsed(now_ms(), 100)
return record and 1 or 0
