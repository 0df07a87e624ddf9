#!lua
--[[ message_list: GET /v1/queues/{queue_name}/messages
  Lists up to ARGV[2] unexpired messages with sequence > ARGV[1], oldest first: free ones, plus
  claimed ones when ARGV[5] = 1, minus the caller's own when ARGV[4] = 0.
  KEYS[1..7] the queue's keys (lua/README.md)
  ARGV[1] marker (sequence, 0 = start)   ARGV[2] limit   ARGV[3] client id   ARGV[4] echo (0/1)
  ARGV[5] include_claimed (0/1)
  Reply:   { last sequence returned, id, ttl, age, body, ... }; empty array = nothing (204), also
           when the queue does not exist or the marker is not a number
  Errors:  none
]]
local marker, limit, client = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local echo, include_claimed = ARGV[4] == '1', ARGV[5] == '1'
if limit < 1 or not string.match(marker, '^%d+$') or redis.call('EXISTS', QUEUE) == 0 then return {} end
local now = now_ms()
requeue_lapsed(now, 100)

-- A sorted set read in growing batches from an exclusive score cursor.
local function source(key)
  return { key = key, after = marker, batch = limit, buf = {}, i = 1, done = false }
end
local function head(s) -- id, seq of the next entry or nil
  if s.i > #s.buf and not s.done then
    s.buf, s.i = redis.call('ZRANGE', s.key, '(' .. s.after, '+inf', 'BYSCORE',
      'LIMIT', 0, s.batch, 'WITHSCORES'), 1
    s.done = #s.buf < 2 * s.batch
    s.batch = math.min(s.batch * 2, 1000)
  end
  if s.i > #s.buf then return nil end
  return s.buf[s.i], tonumber(s.buf[s.i + 1])
end
local function pop(s) s.after = s.buf[s.i + 1]; s.i = s.i + 2 end

local sources = { source(READY) }
if include_claimed then sources[2] = source(CLAIMED) end
local out, count, last = { 0 }, 0, nil
for _ = 1, MAX_SCAN do
  local next_source, id, seq
  for _, s in ipairs(sources) do -- the lowest sequence among the sources
    local sid, sseq = head(s)
    if sid and (not seq or sseq < seq) then next_source, id, seq = s, sid, sseq end
  end
  if not next_source then break end
  pop(next_source)
  local _, ttl, created, _, poster, body = live_message(id, now)
  if created and (echo or poster ~= client) then
    message_reply(out, id, ttl, age_s(now, created), body)
    count, last = count + 1, seq
    if count == limit then break end
  end
end
if count == 0 then return {} end
out[1] = last
return out
