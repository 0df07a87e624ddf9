#!lua flags=no-writes
--[[ queue_list: GET /v1/queues
  Lists up to ARGV[3] queue names of one project after the marker, in name order.
  KEYS[1] cq:queues (zset, all scores 0, members "<P>/<Q>")
  ARGV[1] prefix "<P>/"   ARGV[2] marker (queue name, empty = from the start)   ARGV[3] limit
  Reply:   { name, ... } with the prefix removed; empty array = none (204)
  Errors:  none
]]
local prefix, marker, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
if limit < 1 then return {} end
local min = '[' .. prefix
if marker ~= '' then min = '(' .. prefix .. marker end
-- Every member starting with "<P>/" sorts below "<P>0": '0' is the byte after '/'.
local max = '(' .. string.sub(prefix, 1, -2) .. '0'
local names = redis.call('ZRANGE', KEYS[1], min, max, 'BYLEX', 'LIMIT', 0, limit)
for i, member in ipairs(names) do names[i] = string.sub(member, #prefix + 1) end
return names
