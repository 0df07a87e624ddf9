#!/usr/bin/env bash
# The cost of the operability layer (request ids, access log, metrics) on the gateway's hot path:
# wrk POST 1 (bench/wrk/post1.lua) against two binaries on one private Redis, alternating runs
# in the same time window (bench/compare.sh). Prints requests/s and latency per run and the
# median per variant.
#
# Usage: bench/operability-cost.sh BASE_BIN NEW_BIN [SECONDS] [ROUNDS]
#   variants: base (--log-level warning, as bench/run.sh runs it), new with --log-level warning
#   (metrics and request ids, no access log), new at the default level info (one access-log line
#   per request, written to a file).
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1 new=$2 secs=${3:-10} rounds=${4:-3}
exec bash bench/compare.sh -s "$secs" -r "$rounds" \
  "base=$base,--log-level,warning" "new_quiet=$new,--log-level,warning" "new_accesslog=$new"
