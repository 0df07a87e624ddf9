#!/usr/bin/env bash
# Sets up, builds (release) and runs the gateway on http://127.0.0.1:8888.
# Without CQ_REDIS_URL (or --redis-url) it starts an embedded redis-server whose data stays in
# ./.cloud-queues. Any option of `cloud-queues serve` can be added: scripts/run.sh --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --server
swift build -c release --product cloud-queues
exec "$(swift build -c release --show-bin-path)/cloud-queues" serve "$@"
