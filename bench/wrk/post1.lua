-- wrk script: POST one message per request (POST /v1/queues/{q}/messages).
--   curl -X PUT -H 'X-Project-Id: bench' http://127.0.0.1:8888/v1/queues/bench   # create the queue
--   wrk -t1 -c64 -d10s --latency -s bench/wrk/post1.lua http://127.0.0.1:8888/v1/queues/bench
-- Expect 201 for every request. Messages live 300 s.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = "[" .. cq_message(300) .. "]"
wrk.path = wrk.path .. "/messages"
