#!lua
--[[ rate_limit: every API request of a project, when the gateways run with --rate-limit
  A token bucket shared by all gateways: it holds up to ARGV[2] requests and refills at ARGV[1]
  requests per second of the Redis clock; each request takes one. Kept in thousandths of a
  request so every number stays an integer.
  KEYS[1]  cq:rate:<P> (hash: tokens = thousandths of a request left, ts = ms of the last refill)
  ARGV[1]  rate: requests per second (integer >= 1)   ARGV[2] burst: bucket size (integer >= 1)
  Reply:   {1, 0} allowed; {0, ms} refused (429), ms = time until one request's worth has refilled
  Errors:  none
]]
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local capacity = burst * 1000
local now = now_ms()
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens, ts = tonumber(state[1]), tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
elseif now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
end
local allowed, wait = 1, 0
if tokens >= 1000 then
  tokens = tokens - 1000
else
  allowed = 0
  wait = math.ceil((1000 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%d', tokens), 'ts', string.format('%d', now))
-- Once the bucket would be full again the key carries no information: let it go.
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return {allowed, wait}
