#!lua
--[[ queue_sweep: (sweeper, no API route)
  Releases up to ARGV[1] lapsed claims, makes due delayed messages ready, removes up to ARGV[2]
  expired messages, and counts dead letters waiting in the outbox (the sweeper delivers them).
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] max claims to requeue   ARGV[2] max messages to purge
  Reply:   { claims requeued, messages purged, dead letters pending }; empty array when the queue does not exist
           (the sweeper then drops the stale index entry)
  Errors:  none
]]
if redis.call('EXISTS', QUEUE) == 0 then return {} end
local now = now_ms()
local requeued = requeue_lapsed(now, tonumber(ARGV[1]))
promote_due(now, tonumber(ARGV[2]))
return { requeued, purge_expired(now, tonumber(ARGV[2])), redis.call('HLEN', DEAD_LETTERS) }
