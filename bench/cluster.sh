#!/usr/bin/env bash
# bench/cluster.sh: gateway throughput on one Redis master against three, in one run
# (docs/cluster.md). Builds the release binary (unless --no-build), then runs
# bench/lib/cluster_bench.py: a plain Redis, a 1-master and a 3-master cluster
# (scripts/cluster.sh), one gateway each, wrk POST 1 and POST 10 over 8 queues, setups
# alternating; Redis and gateway CPU per message; Redis memory per message (200 B and 10 KB
# bodies). Writes bench/out/cluster.md and bench/out/cluster.json. About 2 minutes.
# Usage: bench/cluster.sh [--no-build] [--duration S] [--pairs N] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=1 OUT=bench/out ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) BUILD=0 ;;
    --out) OUT=$2; shift ;;
    --duration|--pairs) ARGS+=("$1" "$2"); shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ "$BUILD" = 1 ] && swift build -c release --product cloud-queues >/dev/null
tmp=$(mktemp -d /tmp/cq-cluster-bin.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp "$(swift build -c release --show-bin-path)/cloud-queues" "$tmp/" && cp -r lua "$tmp/lua"
mkdir -p "$OUT"
python3 bench/lib/cluster_bench.py "$tmp/cloud-queues" "$tmp/lua" "$OUT" "${ARGS[@]}"
