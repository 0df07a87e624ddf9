#!/usr/bin/env bash
# The cost of the operability layer (request ids, access log, metrics) on the gateway's hot path:
# wrk POST 1 (bench/wrk/post1.lua) against two binaries on one private Redis, alternating runs
# in the same time window. Prints requests/s and latency per run and the median per variant.
#
# Usage: bench/operability-cost.sh BASE_BIN NEW_BIN [SECONDS] [ROUNDS]
#   variants: base (--log-level warning, as bench/run.sh runs it), new with --log-level warning
#   (metrics and request ids, no access log), new at the default level info (one access-log line
#   per request, written to a file).
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1 new=$2 secs=${3:-10} rounds=${4:-3}
work=$(mktemp -d /tmp/cq-opcost.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --logfile "$work/redis.log" --daemonize no &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.1; done

run() { # name binary args...
  local name=$1 bin=$2; shift 2
  local port; port=$(free_port)
  redis-cli -p "$rport" flushall >/dev/null
  "$bin" serve --port "$port" --redis-url "redis://127.0.0.1:$rport/0" --lua-dir lua "$@" >"$work/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null -X HEAD "http://127.0.0.1:$port/v1/health" && break; sleep 0.1; done
  curl -fsS -o /dev/null -X PUT -H 'X-Project-Id: bench' "http://127.0.0.1:$port/v1/queues/bench"
  wrk -t1 -c64 -d2s -s bench/wrk/post1.lua "http://127.0.0.1:$port/v1/queues/bench" >/dev/null 2>&1  # warm-up
  CQ_WRK_OUT="$work/$name.json" wrk -t1 -c64 -d"${secs}s" --latency -s bench/wrk/post1.lua \
    "http://127.0.0.1:$port/v1/queues/bench" >"$work/$name.txt" 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$work/$name.json" "$name" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("%-22s %9.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d" % (sys.argv[2], d["rps"], d["percentiles_ms"]["50"], d["percentiles_ms"]["99"], d["errors"]["non_2xx_3xx"]))
PY
}
for r in $(seq "$rounds"); do
  run "base_$r" "$base" --log-level warning
  run "new_quiet_$r" "$new" --log-level warning
  run "new_accesslog_$r" "$new"
done
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
for v in ("base", "new_quiet", "new_accesslog"):
    rps = [json.load(open("%s/%s_%d.json" % (work, v, r)))["rps"] for r in range(1, rounds + 1)]
    print("median %-14s %9.0f req/s  (runs: %s)" % (v, statistics.median(rps), ", ".join("%.0f" % x for x in rps)))
PY
