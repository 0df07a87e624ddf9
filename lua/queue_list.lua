#!lua flags=no-writes
--[[ queue_list: GET /v1/queues
  Lists up to ARGV[2] queue names of one project after the marker, in name (byte) order.
  KEYS[1] cq:{P}:queues (zset, all scores 0, members "<Q>")
  ARGV[1] marker (queue name, empty = from the start)   ARGV[2] limit
  Reply:   { name, ... }; empty array = none (204)
  Errors:  none
]]
local marker, limit = ARGV[1], tonumber(ARGV[2])
if limit < 1 then return {} end
local min = '-'
if marker ~= '' then min = '(' .. marker end
return redis.call('ZRANGE', KEYS[1], min, '+', 'BYLEX', 'LIMIT', 0, limit)
