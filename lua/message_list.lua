#!lua
--[[ message_list: GET /v1|v1.1|v2/queues/{queue_name}/messages
  Lists up to ARGV[2] unexpired messages after the marker, oldest first: free ones, plus claimed
  ones when ARGV[5] = 1, minus the caller's own when ARGV[4] = 0; then, with ARGV[6] = 1, the
  delayed ones by due time. Markers: a sequence number (ready and claimed messages), or
  "D<due ms>:<id>" once the listing has reached the delayed messages.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] marker (sequence, 0 = start, or D<due>:<id>)   ARGV[2] limit   ARGV[3] client id
  ARGV[4] echo (0/1)   ARGV[5] include_claimed (0/1)   ARGV[6] include_delayed (0/1)
  Reply:   { marker of the last message returned, then per message: id, ttl, age, body, claim id
           ('' when not claimed) }; empty array = nothing (204/empty page), also when the queue
           does not exist or the marker is not one of ours
  Errors:  none
]]
local marker, limit, client = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local echo, include_claimed, include_delayed = ARGV[4] == '1', ARGV[5] == '1', ARGV[6] == '1'
local delayed_due, delayed_id = string.match(marker, '^D(%d+):(%x+)$')
if limit < 1 or not (string.match(marker, '^%d+$') or delayed_due) or redis.call('EXISTS', QUEUE) == 0 then
  return {}
end
local now = now_ms()
requeue_lapsed(now, 100)
promote_due(now, 1000)

local out, count, last = { '' }, 0, nil
local function take(id, claimed)
  local _, ttl, created, _, poster, body, _, claim = live_message(id, now)
  if created and (echo or poster ~= client) then
    message_reply(out, id, ttl, age_s(now, created), body)
    out[#out + 1] = claimed and claim or ''
    count = count + 1
    return true
  end
  return false
end

if not delayed_due then
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
  for _ = 1, MAX_SCAN do
    local next_source, id, seq
    for _, s in ipairs(sources) do -- the lowest sequence among the sources
      local sid, sseq = head(s)
      if sid and (not seq or sseq < seq) then next_source, id, seq = s, sid, sseq end
    end
    if not next_source then break end
    pop(next_source)
    if take(id, next_source.key == CLAIMED) then
      last = string.format('%d', seq)
      if count == limit then break end
    end
  end
end

if include_delayed and count < limit then
  -- Delayed messages by (due, id), the order of equal scores in a sorted set.
  local from = delayed_due and tonumber(delayed_due) or 0
  local entries = redis.call('ZRANGE', DELAYED, from, '+inf', 'BYSCORE', 'LIMIT', 0, MAX_SCAN, 'WITHSCORES')
  for i = 1, #entries, 2 do
    local id, due = entries[i], tonumber(entries[i + 1])
    if not delayed_due or due > from or id > delayed_id then
      if take(id, false) then
        last = string.format('D%d:%s', due, id)
        if count == limit then break end
      end
    end
  end
end
if count == 0 then return {} end
out[1] = last
return out
