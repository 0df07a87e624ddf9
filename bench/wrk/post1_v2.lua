-- wrk script: POST one message per request through v2 (POST /v2/queues/{q}/messages), the
-- counterpart of post1.lua: same message, in v2's {"messages": [...]} envelope.
--   wrk -t1 -c64 -d10s --latency -s bench/wrk/post1_v2.lua http://127.0.0.1:8888/v2/queues/bench
-- Expect 201 for every request (v2 creates a missing queue). Messages live 300 s.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"messages":[' .. cq_message(300) .. ']}'
wrk.path = wrk.path .. "/messages"
