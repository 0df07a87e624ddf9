#!/usr/bin/env bash
# POST of one message (wrk) against the release gateway, next to the hello-world baseline on the
# same framework and settings, in one run. Prints both figures and their ratio.
# Usage: bench/post1-vs-hello.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}; conns=${2:-64}
swift build -c release --product cloud-queues >/dev/null
bin="$(swift build -c release --show-bin-path)/cloud-queues"
work=$(mktemp -d /tmp/cq-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; redis-cli -p 6499 shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
redis-server --port 6499 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$work" >/dev/null
sleep 0.3
"$bin" serve --port 8898 --redis-url redis://127.0.0.1:6499/0 --log-level warning & pids+=($!)
"$bin" hello --port 8899 & pids+=($!)
sleep 1.5
curl -s -o /dev/null -X PUT -H 'X-Project-Id: bench' http://127.0.0.1:8898/v1/queues/bench
rps() { wrk -t1 -c"$conns" -d"${secs}s" --latency "$@" | tee -a "$work/wrk.txt" | awk '/Requests\/sec/ {print $2}'; }
wrk -t1 -c"$conns" -d2s -s bench/wrk/hello.lua http://127.0.0.1:8899/ >/dev/null   # warm-up
wrk -t1 -c"$conns" -d2s -s bench/wrk/post1.lua http://127.0.0.1:8898/v1/queues/bench >/dev/null
hello=$(rps -s bench/wrk/hello.lua http://127.0.0.1:8899/)
gateway=$(rps -s bench/wrk/post1.lua http://127.0.0.1:8898/v1/queues/bench)
non2xx=$(grep -c "Non-2xx" "$work/wrk.txt" || true)
echo "hello-world baseline:      $hello req/s"
echo "gateway POST 1 message:    $gateway req/s"
echo "ratio gateway / baseline:  $(python3 -c "print(round($gateway / $hello, 2))")"
echo "runs with non-2xx answers: $non2xx"
echo "messages stored:           $(redis-cli -p 6499 ZCARD 'cq:{bench/bench}:expiry')"
