#!lua
--[[ claim_update: PATCH /v1/queues/{queue_name}/claims/{claim_id}
  Renews a live claim: expires = now + ttl, age restarts; each of its messages expires at least at
  now + ttl + grace (reporting ttl + grace when extended). Ids of deleted messages are dropped.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] claim id   ARGV[2] ttl (s)   ARGV[3] grace (s; 0 or empty when absent)
  Reply:   1 updated (204); 0 unknown, lapsed, or all of its messages gone (404)
  Errors:  none
  Publishes: the wake channel, the ms until the renewed claim lapses (a shortened claim frees
  its messages earlier than waiters were told)
]]
local claim_id, ttl, grace = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]) or 0
local now = now_ms()
requeue_lapsed(now, 100)
local record = redis.call('HGET', CLAIMS, claim_id)
if not record then return 0 end
local _, _, _, expires, ids = parse_claim(record)
if expires <= now then return 0 end

local claim_expires, message_expires = now + ttl * 1000, now + (ttl + grace) * 1000
local kept = {}
for _, id in ipairs(ids) do
  if redis.call('ZSCORE', CLAIMED, id) then
    local seq, _, created, mexpires, client, body, claims, claim = live_message(id, now)
    if created then
      kept[#kept + 1] = id
      if mexpires < message_expires then
        redis.call('HSET', MESSAGES, id, format_message(seq, ttl + grace, created, message_expires, client, body, claims, claim))
        redis.call('ZADD', EXPIRY, message_expires, id)
      end
    end
  end
end
if #kept == 0 then return 0 end
redis.call('HSET', CLAIMS, claim_id, format_claim(ttl, grace, now, claim_expires, kept))
redis.call('ZADD', CLAIM_EXPIRY, claim_expires, claim_id)
wake(ttl * 1000)
return 1
