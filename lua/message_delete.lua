#!lua
--[[ message_delete: DELETE /v1/queues/{queue_name}/messages/{message_id}[?claim_id=...]
  Deletes one message following the REC column of the contract's §6.15: a message under a live
  claim needs that claim's id; a free message must come without a claim id.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] message id   ARGV[2] claim id (empty = none)
  Reply:   1 deleted, 0 absent or expired (204 either way)
  Errors:  CLAIM_MISMATCH (403): claimed and no/another/lapsed claim id, or a claim id for a free message
]]
local id, claim_id = ARGV[1], ARGV[2]
local now = now_ms()
requeue_lapsed(now, 100)
if not live_message(id, now) then return 0 end
if redis.call('ZSCORE', CLAIMED, id) then
  if claim_id == '' then return redis.error_reply('CLAIM_MISMATCH message is claimed') end
  local record = redis.call('HGET', CLAIMS, claim_id)
  local holds = false
  if record then
    local _, _, _, expires, ids = parse_claim(record)
    for _, held in ipairs(ids) do
      if held == id then holds = expires > now end
    end
  end
  if not holds then
    return redis.error_reply('CLAIM_MISMATCH message is claimed by another or a lapsed claim')
  end
elseif claim_id ~= '' then
  return redis.error_reply('CLAIM_MISMATCH message is not claimed (claim released or expired)')
end
return remove_message(id)
