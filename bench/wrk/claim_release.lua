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
local claim_path, claim_body, pending
counters = { claims_sent = 0, releases_sent = 0, claimed_messages = 0,
             status_201 = 0, status_204 = 0, status_other = 0 }

function init(args)
  claim_path = wrk.path .. "/claims?limit=" .. (os.getenv("CQ_CLAIM_LIMIT") or "10")
  claim_body = '{"ttl":60,"grace":60}'
  pending = {}
end

function request()
  local n = #pending
  if n > 0 then
    local path = pending[n]
    pending[n] = nil
    counters.releases_sent = counters.releases_sent + 1
    return wrk.format("DELETE", path, nil, "")
  end
  counters.claims_sent = counters.claims_sent + 1
  return wrk.format("POST", claim_path, nil, claim_body)
end

function response(status, headers, body)
  if status == 201 then
    counters.status_201 = counters.status_201 + 1
    local location = headers["Location"] or headers["location"]
    if location then pending[#pending + 1] = location end
    for _ in string.gmatch(body, '"href":"') do counters.claimed_messages = counters.claimed_messages + 1 end
  elseif status == 204 then
    counters.status_204 = counters.status_204 + 1
  else
    counters.status_other = counters.status_other + 1
  end
end
