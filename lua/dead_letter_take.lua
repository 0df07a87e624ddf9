#!lua flags=no-writes
--[[ dead_letter_take: (after a claim or pop that moved messages, and the sweeper)
  Reads up to ARGV[1] entries of the queue's dead-letter outbox, for delivery to their dead-letter
  queues; the entries stay until dead_letter_ack.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV[1] max entries
  Reply:   { id, dead-letter queue name, ttl, client, body, ... }
  Errors:  none
]]
local out = {}
local entries = redis.call('HSCAN', DEAD_LETTERS, 0, 'COUNT', tonumber(ARGV[1]))[2]
for i = 1, #entries, 2 do
  local dlq, ttl, at = string.match(entries[i + 1], '^dlq=(%S+) ttl=(%d+) ()')
  local _, _, _, _, client, body = parse_message(string.sub(entries[i + 1], at))
  out[#out + 1] = entries[i]
  out[#out + 1] = dlq
  out[#out + 1] = tonumber(ttl)
  out[#out + 1] = client
  out[#out + 1] = body
end
return out
