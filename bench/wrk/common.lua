-- common.lua: shared by the endpoint scripts in this folder (each loads it with dofile).
-- * CQ_PROJECT (env, default "bench") is sent as X-Project-Id; a fixed Client-ID is sent too.
-- * When CQ_WRK_OUT names a file, done() writes one JSON object there: requests, duration,
--   requests/s, socket errors, non-2xx/3xx count, latency percentiles p50…p99.99 (ms), and the
--   per-thread `counters` table of the script (summed over threads), if it keeps one.
-- Run any script as: wrk -t1 -c64 -d10s --latency -s bench/wrk/<script>.lua <url from its header>
wrk.headers["X-Project-Id"] = os.getenv("CQ_PROJECT") or "bench"
wrk.headers["Client-ID"] = "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f"

-- One message of a POST: {"ttl":300,"body":{"event":"bench","payload":"xxx…"}} (body ≈ 180 bytes).
function cq_message(ttl)
  return '{"ttl":' .. (ttl or 300) .. ',"body":{"event":"bench","payload":"' .. string.rep("x", 150) .. '"}}'
end

local threads = {}
function setup(thread) threads[#threads + 1] = thread end

local PERCENTILES = { 50, 75, 90, 95, 99, 99.9, 99.99 }

function done(summary, latency, requests)
  local path = os.getenv("CQ_WRK_OUT")
  if not path or path == "" then return end
  local counters = {}
  for _, t in ipairs(threads) do
    local c = t:get("counters")
    if type(c) == "table" then
      for k, v in pairs(c) do counters[k] = (counters[k] or 0) + v end
    end
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  local parts = {
    string.format('"requests":%d', summary.requests),
    string.format('"duration_s":%.3f', secs),
    string.format('"rps":%.1f', summary.requests / secs),
    string.format('"bytes":%d', summary.bytes),
    string.format('"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"non_2xx_3xx":%d}',
      e.connect, e.read, e.write, e.timeout, e.status),
    string.format('"latency_ms":{"mean":%.3f,"stdev":%.3f,"max":%.3f}',
      latency.mean / 1000, latency.stdev / 1000, latency.max / 1000),
  }
  local ps = {}
  for _, p in ipairs(PERCENTILES) do
    ps[#ps + 1] = string.format('"%s":%.3f', tostring(p), latency:percentile(p) / 1000)
  end
  parts[#parts + 1] = '"percentiles_ms":{' .. table.concat(ps, ",") .. '}'
  local cs = {}
  for k, v in pairs(counters) do cs[#cs + 1] = string.format('"%s":%d', k, v) end
  table.sort(cs)
  parts[#parts + 1] = '"counters":{' .. table.concat(cs, ",") .. '}'
  local f = assert(io.open(path, "w"))
  f:write("{" .. table.concat(parts, ",") .. "}\n")
  f:close()
end

-- The consumer cycle shared by claim_delete.lua and claim_release.lua: POST a claim; from a 201
-- reply, `followups(headers, body)` returns the paths to DELETE next (message hrefs with their
-- claim_id, or the claim's own Location); those are sent before the next claim. Counters:
-- claims_sent, <followup_name>_sent, claimed_messages and the answers by status.
function cq_claim_cycle(followup_name, followups)
  local sent = followup_name .. "_sent"
  local claim_path, pending
  counters = { claims_sent = 0, [sent] = 0, claimed_messages = 0,
               status_201 = 0, status_204 = 0, status_other = 0 }

  function init(args)
    claim_path = wrk.path .. "/claims?limit=" .. (os.getenv("CQ_CLAIM_LIMIT") or "10")
    pending = {}
  end

  function request()
    local n = #pending
    if n > 0 then
      local path = pending[n]
      pending[n] = nil
      counters[sent] = counters[sent] + 1
      return wrk.format("DELETE", path, nil, "")
    end
    counters.claims_sent = counters.claims_sent + 1
    return wrk.format("POST", claim_path, nil, '{"ttl":60,"grace":60}')
  end

  function response(status, headers, body)
    if status == 201 then
      counters.status_201 = counters.status_201 + 1
      for _ in string.gmatch(body, '"href":"') do counters.claimed_messages = counters.claimed_messages + 1 end
      for _, path in ipairs(followups(headers, body)) do pending[#pending + 1] = path end
    elseif status == 204 then
      counters.status_204 = counters.status_204 + 1
    else
      counters.status_other = counters.status_other + 1
    end
  end
end
