#!lua
--[[ queue_stats: GET /v1/queues/{queue_name}/stats
  Counts unexpired messages (total), those under a live claim (claimed) and those not yet due
  (delayed; free = total - claimed - delayed), and describes the oldest and newest unexpired
  message in queue (sequence) order.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV     none
  Reply:   { claimed, total, delayed } when no message is ready or claimed, else { claimed, total,
           delayed, oldest_id, oldest_age, oldest_created_ms, newest_id, newest_age, newest_created_ms }
  Errors:  QUEUE_NOT_FOUND (404)
]]
if redis.call('EXISTS', QUEUE) == 0 then
  return redis.error_reply('QUEUE_NOT_FOUND queue does not exist')
end
local now = now_ms()
requeue_lapsed(now, 100)
promote_due(now, 1000)
purge_expired(now, 100)
local total = redis.call('ZCOUNT', EXPIRY, string.format('(%d', now), '+inf')
-- Messages under a live claim never expire before it; the clamps only matter while lapsed claims
-- or expired messages are still waiting to be handled (more than 100 at once), so free >= 0.
local claimed = math.min(redis.call('ZCARD', CLAIMED), total)
local delayed = math.min(redis.call('ZCARD', DELAYED), total - claimed)
if total == delayed + claimed and claimed == 0 then return { claimed, total, delayed } end

-- The unexpired message at one end of ready ∪ claimed: rank 0 (oldest) or -1 (newest).
local function edge(rank)
  for _ = 1, MAX_SCAN do
    local best, best_seq
    for _, key in ipairs({ READY, CLAIMED }) do
      local head = redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')
      local seq = tonumber(head[2])
      if seq and (not best or (rank == 0 and seq < best_seq) or (rank ~= 0 and seq > best_seq)) then
        best, best_seq = head[1], seq
      end
    end
    if not best then return nil end
    local _, _, created = live_message(best, now)
    if created then return best, age_s(now, created), created end
    remove_message(best) -- expired (already removed) or a stray set entry without a record
  end
end

local oldest_id, oldest_age, oldest_created = edge(0)
local newest_id, newest_age, newest_created = edge(-1)
if not (oldest_id and newest_id) then return { claimed, total, delayed } end
return { claimed, total, delayed, oldest_id, oldest_age, oldest_created, newest_id, newest_age, newest_created }
