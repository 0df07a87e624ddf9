-- wrk script: queue stats (GET /v1/queues/{q}/stats).
--   wrk -t1 -c64 -d10s --latency -s bench/wrk/stats.lua http://127.0.0.1:8888/v1/queues/bench
-- Expect 200 (404 if the queue does not exist).
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
wrk.method = "GET"
wrk.path = wrk.path .. "/stats"
