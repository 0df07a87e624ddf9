-- wrk script: the consumer cycle. Claim up to 10 messages (POST /v1/queues/{q}/claims?limit=10,
-- ttl 60, grace 60), then DELETE each claimed message with its claim id
-- (DELETE /v1/queues/{q}/messages/{id}?claim_id={cid}) before the next claim.
--   (fill the queue first, e.g. with post10.lua; an empty queue answers claims 204)
--   wrk -t1 -c64 -d10s --latency -s bench/wrk/claim_delete.lua http://127.0.0.1:8888/v1/queues/bench
-- How: each wrk thread keeps a stack of message hrefs. response() parses a 201 claim reply and
-- pushes every "href" (which carries ?claim_id=); request() sends a DELETE while the stack is
-- non-empty and a new claim only when it is empty. So about 1 request in 11 is a claim, and wrk's
-- latency figures are those of the mix. A 204 is either a delete (expected) or an empty claim
-- (the queue ran dry): empty claims = status_204 - deletes answered; see the counters in the
-- CQ_WRK_OUT file (common.lua). Limit: CQ_CLAIM_LIMIT (default 10).
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "common.lua")
wrk.headers["Content-Type"] = "application/json"
cq_claim_cycle("deletes", function(headers, body)
  local hrefs = {}
  for href in string.gmatch(body, '"href":"([^"]+)"') do hrefs[#hrefs + 1] = href end
  return hrefs
end)
