-- wrk script: POST to several queues in turn (they hash to different slots, so on a Redis Cluster
-- to different masters): CQ_QUEUES queues named CQ_QUEUE_PREFIX-1 … CQ_QUEUE_PREFIX-N, CQ_BATCH
-- messages per request (default 8 queues "bench-1"…"bench-8", 1 message).
--   for i in $(seq 8); do curl -X PUT -H 'X-Project-Id: bench' http://127.0.0.1:8888/v1/queues/bench-$i; done
--   CQ_BATCH=10 wrk -t1 -c64 -d10s --latency -s bench/wrk/post_queues.lua http://127.0.0.1:8888
-- Expect 201 for every request. Messages live 300 s.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
local queues = tonumber(os.getenv("CQ_QUEUES") or "8")
local prefix = os.getenv("CQ_QUEUE_PREFIX") or "bench"
local batch = tonumber(os.getenv("CQ_BATCH") or "1")
local messages = {}
for i = 1, batch do messages[i] = cq_message(300) end
local body = "[" .. table.concat(messages, ",") .. "]"
wrk.headers["Content-Type"] = "application/json"
local n = 0

function request()
  n = n % queues + 1
  return wrk.format("POST", "/v1/queues/" .. prefix .. "-" .. n .. "/messages", nil, body)
end
