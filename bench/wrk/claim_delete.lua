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
local claim_path, claim_body, pending
counters = { claims_sent = 0, deletes_sent = 0, claimed_messages = 0,
             status_201 = 0, status_204 = 0, status_other = 0 }

function init(args)
  claim_path = wrk.path .. "/claims?limit=" .. (os.getenv("CQ_CLAIM_LIMIT") or "10")
  claim_body = '{"ttl":60,"grace":60}'
  pending = {}
end

function request()
  local n = #pending
  if n > 0 then
    local href = pending[n]
    pending[n] = nil
    counters.deletes_sent = counters.deletes_sent + 1
    return wrk.format("DELETE", href, nil, "")
  end
  counters.claims_sent = counters.claims_sent + 1
  return wrk.format("POST", claim_path, nil, claim_body)
end

function response(status, headers, body)
  if status == 201 then
    counters.status_201 = counters.status_201 + 1
    for href in string.gmatch(body, '"href":"([^"]+)"') do
      pending[#pending + 1] = href
      counters.claimed_messages = counters.claimed_messages + 1
    end
  elseif status == 204 then
    counters.status_204 = counters.status_204 + 1
  else
    counters.status_other = counters.status_other + 1
  end
end
