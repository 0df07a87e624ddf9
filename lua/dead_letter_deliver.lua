#!lua
--[[ dead_letter_deliver: (after dead_letter_take) into the dead-letter queue
  Adds dead letters to this queue (the dead-letter queue; created if missing) as new ready
  messages with their ids, unless this queue has received that id before (`dead_letters_seen`,
  kept 7 days): delivery may be retried after a crash, a dead letter still arrives once.
  KEYS[1..10] the dead-letter queue's keys (lua/README.md)
  ARGV     per message: id, ttl (s), client, body
  Reply:   { 1 if the queue was created else 0, messages added }
  Errors:  none
  Publishes: the wake channel (0) when a message was added
]]
local now = now_ms()
local created = 0
if redis.call('EXISTS', QUEUE) == 0 then
  redis.call('HSET', QUEUE, 'created_at', string.format('%d', now), 'metadata', '{}', 'last_seq', 0)
  created = 1
end
redis.call('ZREMRANGEBYSCORE', DEAD_LETTERS_SEEN, '-inf', now - 7 * 86400 * 1000)
local added = 0
for i = 1, #ARGV, 4 do
  local id, ttl, client, body = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  if not redis.call('ZSCORE', DEAD_LETTERS_SEEN, id) and redis.call('HEXISTS', MESSAGES, id) == 0 then
    local seq = redis.call('HINCRBY', QUEUE, 'last_seq', 1)
    redis.call('HSET', MESSAGES, id, format_message(seq, ttl, now, now + ttl * 1000, client, body))
    redis.call('ZADD', READY, seq, id)
    redis.call('ZADD', EXPIRY, now + ttl * 1000, id)
    added = added + 1
  end
  redis.call('ZADD', DEAD_LETTERS_SEEN, now, id)
end
if added > 0 then wake(0) end
return { created, added }
