#!/usr/bin/env bash
# Side-by-side wrk runs of several gateway variants (binaries and/or flags) on one private Redis,
# alternating in the same time window so that machine noise hits them alike. Prints requests/s
# and latency per run, then the median per variant and its ratio to the first variant.
#
# Usage: bench/compare.sh [-s SECONDS] [-r ROUNDS] [-w WRK_SCRIPT] [-c CONNECTIONS] [-f FILL_SECONDS]
#                         NAME=[API:]BIN[,ARG...] ...
#   e.g. bench/compare.sh before=/tmp/old/cloud-queues,--log-level,warning after=.build/release/cloud-queues,--log-level,warning
#        bench/compare.sh -w bench/wrk/claim_delete.lua -f 6 v1=v1:$B,--log-level,warning v2=v2:$B,--log-level,warning
#   API is v1 (default) or v2: the variant is driven through /v1 or /v2, with WRK_SCRIPT's _v2
#   twin (bench/wrk/post1_v2.lua) when there is one. WRK_SCRIPT defaults to bench/wrk/post1.lua
#   (POST of one message); SECONDS 10, ROUNDS 3, CONNECTIONS 64 (one wrk thread, as bench/run.sh).
#   FILL_SECONDS (default 0): before measuring, fill the queue with bench/wrk/post10.lua for that
#   long (claim scripts need messages to claim).
# Besides requests/s it prints the CPU time (user + system, from /proc) that the gateway and Redis
# spent per request during the measured run: on a shared or busy machine, where throughput swings
# from run to run, the cost per request is the steadier figure.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=10 rounds=3 script=bench/wrk/post1.lua conns=64 fill=0
while getopts "s:r:w:c:f:" opt; do
  case $opt in
    s) secs=$OPTARG ;; r) rounds=$OPTARG ;; w) script=$OPTARG ;; c) conns=$OPTARG ;; f) fill=$OPTARG ;;
    *) echo "usage: $0 [-s SECONDS] [-r ROUNDS] [-w WRK_SCRIPT] [-c CONNECTIONS] [-f FILL_SECONDS] NAME=[API:]BIN[,ARG...] ..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "name at least one variant: NAME=BIN[,ARG...]" >&2; exit 2; }
if ! command -v wrk >/dev/null; then  # Debian's package, as bench/run.sh installs it
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
work=$(mktemp -d /tmp/cq-compare.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --logfile "$work/redis.log" --daemonize no &
rpid=$!
pids+=($rpid)
for _ in $(seq 50); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.1; done

run() { # name api bin args...
  local name=$1 api=$2 bin=$3; shift 3
  local port; port=$(free_port)
  local wrk_script=$script
  [ "$api" = v2 ] && [ -f "${script%.lua}_v2.lua" ] && wrk_script=${script%.lua}_v2.lua
  redis-cli -p "$rport" flushall >/dev/null
  # No --lua-dir: each binary loads the scripts of the tree it was built from (or next to it), so
  # an older build runs with its own data model.
  "$bin" serve --port "$port" --redis-url "redis://127.0.0.1:$rport/0" "$@" >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")  # stopped by the trap too if this run fails
  for _ in $(seq 100); do curl -s -o /dev/null -X HEAD "http://127.0.0.1:$port/v1/health" && break; sleep 0.1; done
  local url="http://127.0.0.1:$port/$api/queues/bench"
  curl -fsS -o /dev/null -X PUT -H 'X-Project-Id: bench' -H 'Client-ID: 3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f' "$url"
  # The fill goes through v1 for every variant: the same messages, whichever API then reads them.
  [ "$fill" != 0 ] && wrk -t1 -c"$conns" -d"${fill}s" -s bench/wrk/post10.lua "http://127.0.0.1:$port/v1/queues/bench" >/dev/null 2>&1
  wrk -t1 -c"$conns" -d2s -s "$wrk_script" "$url" >/dev/null 2>&1  # warm-up
  local g0 r0 g1 r1
  g0=$(cpu_ticks "$pid") r0=$(cpu_ticks "$rpid")
  CQ_WRK_OUT="$work/$name.json" wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$wrk_script" "$url" >"$work/$name.txt" 2>&1
  g1=$(cpu_ticks "$pid") r1=$(cpu_ticks "$rpid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$work/$name.json" "$name" "$((g1 - g0))" "$((r1 - r0))" "$(getconf CLK_TCK)" <<'PY'
import json, sys
path, name, gateway, redis, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
d = json.load(open(path))
d["cpu_us_per_request"] = {"gateway": gateway * 1e6 / hz / d["requests"], "redis": redis * 1e6 / hz / d["requests"]}
json.dump(d, open(path, "w"))
print("%-22s %9.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d  cpu/req gateway %.1f us, redis %.1f us" % (
    name, d["rps"], d["percentiles_ms"]["50"], d["percentiles_ms"]["99"], d["errors"]["non_2xx_3xx"],
    d["cpu_us_per_request"]["gateway"], d["cpu_us_per_request"]["redis"]))
PY
}
# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
names=()
for r in $(seq "$rounds"); do
  for spec in "$@"; do
    name=${spec%%=*} rest=${spec#*=} api=v1
    case $rest in v1:* | v2:*) api=${rest%%:*} rest=${rest#*:} ;; esac
    IFS=, read -r -a argv <<<"$rest"
    [ "$r" = 1 ] && names+=("$name")
    run "${name}_$r" "$api" "${argv[@]}"
  done
done
python3 - "$work" "$rounds" "$script" "${names[@]}" <<'PY'
import json, statistics, sys
work, rounds, script, names = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
print("-- %s, medians of %d runs" % (script, rounds))
first = None
for v in names:
    runs = [json.load(open("%s/%s_%d.json" % (work, v, r))) for r in range(1, rounds + 1)]
    rps = statistics.median(d["rps"] for d in runs)
    p99 = statistics.median(d["percentiles_ms"]["99"] for d in runs)
    gw = statistics.median(d["cpu_us_per_request"]["gateway"] for d in runs)
    rd = statistics.median(d["cpu_us_per_request"]["redis"] for d in runs)
    first = first or (rps, gw, rd)
    print("median %-16s %9.0f req/s  p99 %.2f ms  ratio %.3f  (runs: %s)  cpu/req gateway %.1f us (x%.3f), redis %.1f us (x%.3f)" % (
        v, rps, p99, rps / first[0], ", ".join("%.0f" % d["rps"] for d in runs), gw, gw / first[1], rd, rd / first[2]))
PY
