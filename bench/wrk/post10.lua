-- wrk script: POST ten messages per request (messages/s = 10 x requests/s).
--   curl -X PUT -H 'X-Project-Id: bench' http://127.0.0.1:8888/v1/queues/bench
--   wrk -t1 -c64 -d10s --latency -s bench/wrk/post10.lua http://127.0.0.1:8888/v1/queues/bench
-- Expect 201 for every request. Messages live 300 s.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
local batch = {}
for i = 1, 10 do batch[i] = cq_message(300) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = "[" .. table.concat(batch, ",") .. "]"
wrk.path = wrk.path .. "/messages"
