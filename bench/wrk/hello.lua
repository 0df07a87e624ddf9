-- wrk script for the hello-world baseline: the very request of post1.lua, to any path.
--   cloud-queues hello --port 8899 &
--   wrk -t1 -c64 -d10s --latency -s bench/wrk/hello.lua http://127.0.0.1:8899/v1/queues/bench
-- The hello server answers every request 201 with {"hello":"world"}.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = "[" .. cq_message(300) .. "]"
wrk.path = wrk.path .. "/messages"
