#!lua
--[[ message_post: POST /v1|v1.1|v2/queues/{queue_name}/messages
  Stores a batch atomically; ready messages get consecutive sequence numbers in ARGV order,
  delayed ones wait in `delayed` and get theirs when due (promote_due). A message's expiry counts
  from when it is due: created + delay + ttl.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] client id (canonical lower case)   ARGV[2] 1 = create the queue if missing (v1.1/v2)
  ARGV[3] request body bytes, checked against the queue's max_post_bytes (0 = no check)
  then per message: id, ttl (s; 0 = the queue's default_ttl, else 3600), delay (s; -1 = the queue's
  default_delay, else 0), body (JSON text)
  Reply:   1 if the queue was created (the gateway then indexes it), else 0
  Publishes: the wake channel, 0 when a message is ready, else the ms until the first is due
  Errors:  QUEUE_NOT_FOUND (404); POST_TOO_LARGE <max> (400)
]]
local client, create, bytes = ARGV[1], ARGV[2] == '1', tonumber(ARGV[3])
local created = 0
local now = now_ms()
if redis.call('EXISTS', QUEUE) == 0 then
  if not create then return redis.error_reply('QUEUE_NOT_FOUND queue does not exist') end
  redis.call('HSET', QUEUE, 'created_at', string.format('%d', now), 'metadata', '{}', 'last_seq', 0)
  created = 1
end
-- The settings are read only when a message or the size check needs them (never for v1).
local settings
local function setting(i)
  if not settings then settings = { queue_settings() } end
  return settings[i]
end
if bytes > 0 and setting(3) and bytes > setting(3) then
  return redis.error_reply(string.format('POST_TOO_LARGE %d', setting(3)))
end
purge_expired(now, 100)
local count = math.floor((#ARGV - 3) / 4)
local ttls, delays, ready = {}, {}, 0
for i = 0, count - 1 do
  local ttl, delay = tonumber(ARGV[5 + 4 * i]), tonumber(ARGV[6 + 4 * i])
  if ttl == 0 then ttl = setting(1) or 3600 end
  if delay < 0 then delay = setting(2) or 0 end
  ttls[i], delays[i] = ttl, delay
  if delay == 0 then ready = ready + 1 end
end
-- Ready messages get consecutive sequence numbers, taken in one step.
local seq = redis.call('HINCRBY', QUEUE, 'last_seq', ready) - ready
for i = 0, count - 1 do
  local id, body, ttl, delay = ARGV[4 + 4 * i], ARGV[7 + 4 * i], ttls[i], delays[i]
  local due = now + delay * 1000
  if delay > 0 then
    redis.call('HSET', MESSAGES, id, format_message(0, ttl, now, due + ttl * 1000, client, body))
    redis.call('ZADD', DELAYED, due, id)
  else
    seq = seq + 1
    redis.call('HSET', MESSAGES, id, format_message(seq, ttl, now, due + ttl * 1000, client, body))
    redis.call('ZADD', READY, seq, id)
  end
  redis.call('ZADD', EXPIRY, due + ttl * 1000, id)
end
if ready > 0 then
  wake(0)
elseif count > 0 then
  local first = delays[0]
  for i = 1, count - 1 do first = math.min(first, delays[i]) end
  wake(first * 1000)
end
return created
