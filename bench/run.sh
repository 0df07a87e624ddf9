#!/usr/bin/env bash
# bench/run.sh: the side-by-side benchmark of the Cloud Queues gateway (docs/benchmarks.md).
#
# One command, bounded in time (about 4 minutes; --quick about 2): builds the release binary,
# starts its own Redis (private loopback port, no persistence), gateway and hello-world server on
# free loopback ports, measures everything in one run, stops exactly what it started, and writes
# bench/out/report.md, bench/out/report.json and bench/out/latency.svg (raw outputs in
# bench/out/raw/). Measurements:
#   1. gateway with wrk: POST 1, POST 10, claim 10 + delete, list 10, stats (bench/wrk/*.lua)
#   2. hello-world baseline (same request, same wrk settings), alternating with POST 1 (3 pairs)
#   3. Redis ceiling: redis-benchmark EVALSHA message_post / claim_create, 50 clients, -P 1 and 16
#   4. depth independence: claim and list at 1,000 and at 1,000,000 messages (100,000 in flight)
#   5. Redis memory per message (1,000,000 messages, 200-byte bodies)
#   6. gateway RSS idle and peak under load
#   7. `cloud-queues bench` (the load tool), when the binary has it
#
# Usage: bench/run.sh [--quick] [--duration S] [--connections N] [--wrk-threads N]
#                     [--depth N] [--no-build] [--out DIR]
set -euo pipefail

QUICK=0 DUR= CONNS=64 WRK_THREADS=1 DEPTH=1000000 BUILD=1 OUT=
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --duration) DUR=$2; shift ;;
    --connections) CONNS=$2; shift ;;
    --wrk-threads) WRK_THREADS=$2; shift ;;
    --depth) DEPTH=$2; shift ;;
    --no-build) BUILD=0 ;;
    --out) OUT=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$QUICK" = 1 ]; then
  DUR=${DUR:-3} WARM=1 DEPTH_DUR=2 DEPTH_REPS=2 PAIRS=2 SCRIPTLAT_PAIRS=100
  RB_POST_N=50000 RB_POST_P_N=150000 RB_CLAIM_N=8000 CLAIMDEL_FILL=60000
else
  DUR=${DUR:-10} WARM=3 DEPTH_DUR=4 DEPTH_REPS=3 PAIRS=3 SCRIPTLAT_PAIRS=300
  RB_POST_N=200000 RB_POST_P_N=500000 RB_CLAIM_N=30000 CLAIMDEL_FILL=$((DUR * 20000))
fi
IN_FLIGHT=$((DEPTH / 10))

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-$ROOT/bench/out}
RAW=$OUT/raw
T0=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log() { printf '[%4ds] %s\n' $(($(date +%s) - T0)) "$*"; }

# ---------------------------------------------------------------- tools ----------------------
missing=()
for t in wrk redis-server redis-cli redis-benchmark curl python3; do
  command -v $t >/dev/null || missing+=("$t")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  pkgs=$(printf '%s\n' "${missing[@]}" | sed 's/^redis-.*/redis-server/; s/^redis-cli$/redis-tools/' | sort -u)
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $pkgs >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq $pkgs >/dev/null; fi
fi
python3 -c 'import redis' 2>/dev/null || { log "pip install redis"; python3 -m pip install -q redis; }

# ---------------------------------------------------------------- build ----------------------
rm -rf "$RAW"; mkdir -p "$RAW"
if [ "$BUILD" = 1 ]; then
  log "swift build -c release --product cloud-queues (waits if another build holds .build)"
  b0=$(date +%s)
  swift build -c release --product cloud-queues >"$RAW/build.log" 2>&1 || { tail -30 "$RAW/build.log"; exit 1; }
  BUILD_SECS=$(($(date +%s) - b0))
else
  BUILD_SECS=0
fi
BIN_SRC="$(swift build -c release --show-bin-path)/cloud-queues"

# A private copy of the binary and the Lua folder: a rebuild by someone else during the run
# changes neither what we measure nor blocks their build.
WORK=$(mktemp -d /tmp/cq-bench.XXXXXX)
cp "$BIN_SRC" "$WORK/cloud-queues"
cp -r "$ROOT/lua" "$WORK/lua"
BIN=$WORK/cloud-queues
LUA=$WORK/lua

# ---------------------------------------------------------------- processes ------------------
PIDS=()       # everything this script started, stopped in reverse order
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  cp "$WORK"/*.log "$RAW/" 2>/dev/null || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_ports() { # N free loopback TCP ports
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
read -r RPORT GPORT HPORT < <(free_ports 3)
wait_port() { # port seconds
  for _ in $(seq $(($2 * 10))); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2; return 1
}

log "redis-server on 127.0.0.1:$RPORT (no persistence); gateway :$GPORT; hello :$HPORT"
redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
  --logfile "$WORK/redis.log" --daemonize no & PIDS+=($!)
wait_port "$RPORT" 10
"$BIN" serve --port "$GPORT" --redis-url "redis://127.0.0.1:$RPORT/0" --lua-dir "$LUA" \
  --log-level warning >"$WORK/gateway.log" 2>&1 & GW_PID=$!; PIDS+=($GW_PID)
"$BIN" hello --port "$HPORT" >"$WORK/hello.log" 2>&1 & HELLO_PID=$!; PIDS+=($HELLO_PID)
wait_port "$GPORT" 20
wait_port "$HPORT" 20

GW=http://127.0.0.1:$GPORT/v1/queues
HELLO=http://127.0.0.1:$HPORT/v1/queues
cq() { python3 bench/lib/cqredis.py --port "$RPORT" --bin "$BIN" --lua-dir "$LUA" "$@"; }
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
put_queue() { curl -fsS -o /dev/null -X PUT -H 'X-Project-Id: bench' "$GW/$1"; }

# wrk NAME SCRIPT URL SECONDS: one measured run; the JSON summary lands in raw/wrk_NAME.json.
run_wrk() {
  local name=$1 script=$2 url=$3 secs=$4
  CQ_WRK_OUT="$RAW/wrk_$name.json" wrk -t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" --latency \
    -s "bench/wrk/$script.lua" "$url" >"$RAW/wrk_$name.txt" 2>&1
  python3 - "$RAW/wrk_$name.json" "$name" <<'EOF'
import json, sys
w = json.load(open(sys.argv[1]))
print(f"         {sys.argv[2]:<18} {w['rps']:>9.0f} req/s  p50 {w['percentiles_ms']['50']:7.2f} ms"
      f"  p99 {w['percentiles_ms']['99']:7.2f} ms  non-2xx {w['errors']['non_2xx_3xx']}")
EOF
}
warm() { wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARM}s" -s "bench/wrk/$1.lua" "$2" >/dev/null 2>&1; }

sleep 1
put_queue bench
RSS_IDLE=$(rss_kb $GW_PID VmRSS)
log "gateway idle RSS: ${RSS_IDLE} kB"

# ---------------------------------------------------------------- 5. memory ------------------
log "memory: $DEPTH messages of 200-byte bodies into depth1m (message_post, 500 per EVALSHA)"
cq memory --queue depth1m --count "$DEPTH" --body-bytes 200 >"$RAW/memory.json"
python3 -c "import json; m = json.load(open('$RAW/memory.json')); print('         %.1f bytes/message (fill %.1f s)' % (m['bytes_per_message'], m['fill']['seconds']))"

# ---------------------------------------------------------------- 4. depth -------------------
log "depth: claim $IN_FLIGHT in flight on depth1m (claim_create, ttl 43200); depth1k: 1000 messages"
cq inflight --queue depth1m --count "$IN_FLIGHT" --ttl 43200 >"$RAW/inflight.json"
cq fill --queue depth1k --count 1000 --body-bytes 200 >"$RAW/fill_depth1k.json"
cq counts --queue depth1m >"$RAW/counts_depth1m.json"
cq counts --queue depth1k >"$RAW/counts_depth1k.json"
log "depth: Redis-side time of claim_create / claim_delete (SLOWLOG, $SCRIPTLAT_PAIRS sequential pairs each, interleaved)"
cq scriptlat --queue depth1k,depth1m --pairs "$SCRIPTLAT_PAIRS" >"$RAW/scriptlat.json"

# RSS sampler for every gateway load phase (5 samples a second)
( while kill -0 $GW_PID 2>/dev/null; do rss_kb $GW_PID VmRSS; sleep 0.2; done ) >"$RAW/rss_samples.txt" 2>/dev/null &
SAMPLER_PID=$!; PIDS+=($SAMPLER_PID)

log "depth: wrk claim/release and list 10 at both depths, ${DEPTH_DUR}s each, interleaved x$DEPTH_REPS"
# A wrk claim/release run ends with up to one unreleased claim per connection (ttl 60): release
# them after every run (cqredis release: only claims expiring within the hour, so the long
# in-flight claims stay), or the 1,000-message queue would end up fully claimed.
release() { cq release --queue "$1" >"$RAW/release_$2.json"; }
warm claim_release "$GW/depth1k"; release depth1k warm_1k
warm claim_release "$GW/depth1m"; release depth1m warm_1m
for rep in $(seq "$DEPTH_REPS"); do
  run_wrk "depth_claim_1k_$rep" claim_release "$GW/depth1k" "$DEPTH_DUR"; release depth1k "1k_$rep"
  run_wrk "depth_claim_1m_$rep" claim_release "$GW/depth1m" "$DEPTH_DUR"; release depth1m "1m_$rep"
done
for q in depth1k depth1m; do   # the list runs must list messages, not answer 204
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Project-Id: bench' -H "Client-ID: 3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f" "$GW/$q/messages?limit=10&echo=true")
  [ "$code" = 200 ] || log "WARNING: listing $q answers $code, not 200"
done
for rep in $(seq "$DEPTH_REPS"); do
  run_wrk "depth_list_1k_$rep" list10 "$GW/depth1k" "$DEPTH_DUR"
  run_wrk "depth_list_1m_$rep" list10 "$GW/depth1m" "$DEPTH_DUR"
done

# ---------------------------------------------------------------- 1, 2. gateway vs hello -----
log "gateway: fill claimdel with $CLAIMDEL_FILL messages (for claim + delete)"
cq fill --queue claimdel --count "$CLAIMDEL_FILL" --body-bytes 180 --ttl 3600 >"$RAW/fill_claimdel.json"
log "gateway vs hello-world: wrk -t$WRK_THREADS -c$CONNS, ${DUR}s per run, $PAIRS pairs"
warm hello "$HELLO/bench"
warm post1 "$GW/bench"
for pair in $(seq "$PAIRS"); do   # baseline and gateway back to back, $PAIRS times
  run_wrk "hello_$pair" hello "$HELLO/bench" "$DUR"
  run_wrk "post1_$pair" post1 "$GW/bench" "$DUR"
done
run_wrk post10 post10 "$GW/bench" "$DUR"
cq counts --queue claimdel >"$RAW/counts_claimdel_before.json"
run_wrk claim_delete claim_delete "$GW/claimdel" "$DUR"
cq counts --queue claimdel >"$RAW/counts_claimdel_after.json"
run_wrk list10 list10 "$GW/bench" "$DUR"
run_wrk stats stats "$GW/bench" "$DUR"

# ---------------------------------------------------------------- 7. the load tool -----------
if "$BIN" --help 2>&1 | grep -Eq '^[[:space:]]+bench([[:space:]]|$)'; then
  BT_HELP=$("$BIN" bench --help 2>&1 || true)
  BT_OPTS=()
  grep -q -- '--quiet' <<<"$BT_HELP" && BT_OPTS+=(--quiet)
  grep -q -- '--drain-seconds' <<<"$BT_HELP" && BT_OPTS+=(--drain-seconds $((DUR * 2 + 10)))
  BT_ARGS=(--queues 4 --producers 2 --consumers 8 --observers 2 --duration "$DUR" --batch 10
           --body-bytes 200 --claim-limit 10 --check)
  echo "${BT_ARGS[*]} ${BT_OPTS[*]}" >"$RAW/benchtool.args"
  log "cloud-queues bench ${BT_ARGS[*]} ${BT_OPTS[*]}"
  set +e
  timeout $((DUR * 4 + 60)) "$BIN" bench --url "http://127.0.0.1:$GPORT" --project benchtool \
    "${BT_ARGS[@]}" "${BT_OPTS[@]}" --json "$RAW/benchtool.json" >"$RAW/benchtool.txt" 2>&1
  echo $? >"$RAW/benchtool.rc"
  set -e
  log "         exit code $(cat "$RAW/benchtool.rc"); $(grep -E '^checker:.*(PASS|FAIL)' "$RAW/benchtool.txt" || true)"
else
  log "cloud-queues bench: not in this binary yet, skipped"
  echo "the binary has no bench subcommand" >"$RAW/benchtool.skipped"
fi

kill $SAMPLER_PID 2>/dev/null || true
wait $SAMPLER_PID 2>/dev/null || true
RSS_HWM=$(rss_kb $GW_PID VmHWM)
RSS_AFTER=$(rss_kb $GW_PID VmRSS)
HELLO_HWM=$(rss_kb $HELLO_PID VmHWM)

# ---------------------------------------------------------------- 3. Redis ceiling -----------
keys_of() { for s in queue messages ready claimed expiry claims claim_expiry; do printf 'cq:{bench/%s}:%s ' "$1" "$s"; done; }
sha_of() { "$BIN" scripts --lua-dir "$LUA" | awk -v n="$1" '$2 == n {print $1}'; }
cq create --queue rbpost >/dev/null   # (cqredis has loaded message_post and claim_create by now)
POST_SHA=$(sha_of message_post) CLAIM_SHA=$(sha_of claim_create)
BODY=$(python3 -c 'h = "{\"event\":\"bench\",\"payload\":\""; print(h + "x" * (200 - len(h) - 2) + "\"}")')
CLIENT=3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f
ready=$(python3 -c "import json; print(json.load(open('$RAW/counts_depth1m.json'))['ready'])")
RB_CLAIM_N=$(( RB_CLAIM_N * 20 < ready ? RB_CLAIM_N : ready / 20 ))
rb() { # NAME PIPELINE N ARGS...: redis-benchmark, 50 clients, ids from __rand_int__
  local name=$1 p=$2 n=$3; shift 3
  redis-benchmark -h 127.0.0.1 -p "$RPORT" -c 50 -n "$n" -P "$p" -r 1000000000 --csv "$@" >"$RAW/rb_$name.csv" 2>"$RAW/rb_$name.err"
  python3 - "$RAW/rb_$name.csv" "$name" <<'EOF'
import sys
# the test name may hold unescaped quotes (the JSON body): take the last 7 fields
rps, avg, lo, p50, p95, p99, hi = (float(v.strip('"')) for v in open(sys.argv[1]).read().strip().splitlines()[-1].rsplit(",", 7)[1:])
print(f"         {sys.argv[2]:<18} {rps:>9.0f} calls/s  p50 {p50:7.3f} ms  p99 {p99:7.3f} ms")
EOF
}
log "Redis ceiling: redis-benchmark EVALSHA, 50 clients, without and with -P 16"
rb post_p1 1 "$RB_POST_N" EVALSHA "$POST_SHA" 7 $(keys_of rbpost) "$CLIENT" ba5e00000000__rand_int__ 300 "$BODY"
rb post_p16 16 "$RB_POST_P_N" EVALSHA "$POST_SHA" 7 $(keys_of rbpost) "$CLIENT" ba5e00000000__rand_int__ 300 "$BODY"
rb claim_p1 1 "$RB_CLAIM_N" EVALSHA "$CLAIM_SHA" 7 $(keys_of depth1m) c1a100000000__rand_int__ 60 60 10
rb claim_p16 16 "$RB_CLAIM_N" EVALSHA "$CLAIM_SHA" 7 $(keys_of depth1m) c1a100000000__rand_int__ 60 60 10
cq counts --queue depth1m >"$RAW/counts_depth1m_after_rb.json"

# ---------------------------------------------------------------- report ---------------------
T_END=$(date +%s)
python3 - "$RAW/meta.json" <<EOF
import json, os, platform, subprocess, sys
def sh(cmd):
    try: return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception as e: return str(e)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
json.dump({
  "date": sh("date -u +%Y-%m-%dT%H:%M:%SZ"),
  "started": $T0, "finished": $T_END, "total_seconds": $T_END - $T0, "build_seconds": $BUILD_SECS,
  "quick": $QUICK == 1, "duration_s": $DUR, "depth_duration_s": $DEPTH_DUR, "depth_reps": $DEPTH_REPS,
  "warmup_s": $WARM, "pairs": $PAIRS, "connections": $CONNS, "wrk_threads": $WRK_THREADS,
  "depth": $DEPTH, "in_flight": $IN_FLIGHT,
  "redis_benchmark": {"clients": 50, "post_n": $RB_POST_N, "post_p16_n": $RB_POST_P_N, "claim_n": $RB_CLAIM_N},
  "rss_kb": {"idle": int("$RSS_IDLE"), "hwm": int("$RSS_HWM"), "after": int("$RSS_AFTER"), "hello_hwm": int("$HELLO_HWM")},
  "machine": {"cores": os.cpu_count(), "cpu": cpu, "mem_gb": round(int(mem) / 1048576, 1),
              "kernel": platform.release(), "loadavg_start": "$LOAD_START".split(), "loadavg_end": open("/proc/loadavg").read().split()[:3],
              "note": "loopback only; shared and noisy (other builds and tests may run at the same time)"},
  "versions": {"git": sh("git rev-parse --short HEAD") + (" (dirty)" if sh("git status --porcelain --untracked-files=no -- Sources lua Package.swift") else ""),
               "redis": sh("redis-server --version"), "wrk": sh("wrk -v 2>&1 | head -1"),
               "swift": sh("swift --version 2>&1 | head -1")},
  "gateway": {"threads": "cores (default)", "redis_connections": "1 per event loop (default)"},
}, open(sys.argv[1], "w"), indent=1)
EOF
python3 bench/lib/report.py "$RAW" "$OUT"
log "done: $OUT/report.md, $OUT/report.json, $OUT/latency.svg"
