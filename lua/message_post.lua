#!lua
--[[ message_post: POST /v1/queues/{queue_name}/messages
  Stores a batch atomically; messages get consecutive sequence numbers in ARGV order.
  KEYS[1..7] the queue's keys (lua/README.md)
  ARGV[1] client id (canonical lower case), then per message: id, ttl (s), body (JSON text)
  Reply:   sequence number of the first message of the batch
  Errors:  QUEUE_NOT_FOUND (404)
]]
if redis.call('EXISTS', QUEUE) == 0 then
  return redis.error_reply('QUEUE_NOT_FOUND queue does not exist')
end
local now = now_ms()
purge_expired(now, 100)
local client, count = ARGV[1], math.floor((#ARGV - 1) / 3)
local first = redis.call('HINCRBY', QUEUE, 'last_seq', count) - count + 1
for i = 0, count - 1 do
  local id, ttl, body = ARGV[2 + 3 * i], tonumber(ARGV[3 + 3 * i]), ARGV[4 + 3 * i]
  local seq, expires = first + i, now + ttl * 1000
  redis.call('HSET', MESSAGES, id, format_message(seq, ttl, now, expires, client, body))
  redis.call('ZADD', READY, seq, id)
  redis.call('ZADD', EXPIRY, expires, id)
end
return first
