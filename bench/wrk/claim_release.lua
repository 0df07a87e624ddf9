-- wrk script: claim and release, keeping the queue's depth constant (for depth tests).
-- Claim up to 10 messages (POST /v1/queues/{q}/claims?limit=10, ttl 60, grace 60), then release
-- the claim (DELETE /v1/queues/{q}/claims/{cid}: its messages go back to the queue, same order).
--   wrk -t1 -c64 -d5s --latency -s bench/wrk/claim_release.lua http://127.0.0.1:8888/v1/queues/bench
-- How: each wrk thread keeps a stack of claim paths taken from the Location header of 201 claim
-- replies; request() releases one while the stack is non-empty, else claims. About half the
-- requests are claims, half releases; wrk's latency figures are those of the mix (both are
-- O(log N + 10) scripts). A 204 to a claim means nothing was free (counters: status_204 minus
-- releases answered).
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
wrk.headers["Content-Type"] = "application/json"
cq_claim_cycle("releases", function(headers, body)
  return { headers["Location"] or headers["location"] }
end)
