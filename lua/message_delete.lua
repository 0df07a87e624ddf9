#!lua
--[[ message_delete: DELETE /v1/queues/{queue_name}/messages/{message_id}[?claim_id=...]
  Deletes one message following the REC column of the contract's §6.15: a message under a live
  claim needs that claim's id; a free message must come without a claim id.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] message id   ARGV[2] claim id (empty = none)
  Reply:   1 deleted, 0 absent or expired (204 either way)
  Errors:  CLAIM_REQUIRED (403): claimed and no claim id; CLAIM_MISMATCH (403): claimed by another
           live claim; CLAIM_INVALID (v1 403, v1.1/v2 400): the claim is unknown or lapsed, or the
           message is free
]]
local id, claim_id = ARGV[1], ARGV[2]
local now = now_ms()
requeue_lapsed(now, 100)
if not live_message(id, now) then return 0 end
if redis.call('ZSCORE', CLAIMED, id) then
  if claim_id == '' then return redis.error_reply('CLAIM_REQUIRED message is claimed') end
  local record = redis.call('HGET', CLAIMS, claim_id)
  local expires, ids
  if record then
    local _
    _, _, _, expires, ids = parse_claim(record)
  end
  if not record or expires <= now then
    return redis.error_reply('CLAIM_INVALID the claim does not exist or has lapsed')
  end
  local holds = false
  for _, held in ipairs(ids) do
    if held == id then holds = true end
  end
  if not holds then return redis.error_reply('CLAIM_MISMATCH message is claimed by another claim') end
elseif claim_id ~= '' then
  return redis.error_reply('CLAIM_INVALID message is not claimed (claim released or expired)')
end
return remove_message(id)
