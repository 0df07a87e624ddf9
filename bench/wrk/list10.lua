-- wrk script: list ten messages from the head of the queue, own messages included
-- (GET /v1/queues/{q}/messages?limit=10&echo=true). Claimed messages are not listed.
--   wrk -t1 -c64 -d10s --latency -s bench/wrk/list10.lua http://127.0.0.1:8888/v1/queues/bench
-- Expect 200 (204 only if the queue has no free message; wrk counts both as 2xx).
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
wrk.method = "GET"
wrk.path = wrk.path .. "/messages?limit=10&echo=true"
