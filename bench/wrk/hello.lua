-- wrk script for the hello-world baseline: the same request as post1.lua, to any path.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Project-Id"] = "bench"
wrk.headers["Client-ID"] = "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f"
wrk.body = '[{"ttl":300,"body":{"event":"bench","payload":"' .. string.rep("x", 150) .. '"}}]'
