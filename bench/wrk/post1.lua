-- wrk script: POST one message per request.
-- wrk -t1 -c64 -d15s -s bench/wrk/post1.lua http://127.0.0.1:8888/v1/queues/bench
-- (create the queue first: curl -X PUT -H 'X-Project-Id: bench' http://127.0.0.1:8888/v1/queues/bench)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Project-Id"] = os.getenv("CQ_PROJECT") or "bench"
wrk.headers["Client-ID"] = "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f"
wrk.body = '[{"ttl":300,"body":{"event":"bench","payload":"' .. string.rep("x", 150) .. '"}}]'
wrk.path = wrk.path .. "/messages"
