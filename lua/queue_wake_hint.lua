#!lua
--[[ queue_wake_hint: (long polling, after a waiter's claim or listing found nothing)
  When something of this queue next becomes claimable without any new post, so the waiting
  gateway rechecks then instead of polling: the earlier of the first delayed message's due time
  and the first claim's expiry (its messages go back to `ready` then). Read only.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV     none
  Reply:   milliseconds from now (0 when already due), or -1 when nothing is scheduled
  Errors:  none
]]
local first = -1
for _, key in ipairs({ DELAYED, CLAIM_EXPIRY }) do
  local head = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if head[2] then
    local at = tonumber(head[2])
    if first < 0 or at < first then first = at end
  end
end
if first < 0 then return -1 end
return math.max(0, first - now_ms())
