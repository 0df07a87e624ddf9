#!/usr/bin/env bash
# Sets up and runs every test: Swift unit and store tests, Lua script tests, and the HTTP
# contract tests against live gateways. Starts its own redis-server and gateways on free
# loopback ports and stops them at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/setup.sh
swift build --build-tests 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
swift build --build-tests >/dev/null   # fail here if the build failed

work=$(mktemp -d /tmp/cq-test.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  [ -d "$work/cluster" ] && bash scripts/cluster.sh stop "$work/cluster" || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$work/redis.pid" --logfile "$work/redis.log" --dir "$work"
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export CQ_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/1"   # Swift and Lua tests (they may flush it)
cluster_seeds=$(bash scripts/cluster.sh start "$work/cluster" 3)   # Redis Cluster, 3 masters (docs/cluster.md)
export CQ_TEST_REDIS_CLUSTER="$cluster_seeds"                  # ClusterClientLiveTests (they move slots)
gateway_redis="redis://127.0.0.1:$redis_port/0"        # the gateways' database

status=0
echo "== swift test"
swift test --skip-build --disable-swift-testing 2>&1 | tee "$work/swift-test.log" | grep -E 'error|failed|Executed [0-9]+ tests' | tail -n 40 || true
grep -q "with 0 failures" "$work/swift-test.log" && ! grep -q " failed (" "$work/swift-test.log" || status=1

bin=$(swift build --show-bin-path)/cloud-queues
start_gateway() { # name port args...
  local name=$1 port=$2; shift 2
  "$bin" serve --host 127.0.0.1 --port "$port" --sweep-interval 1 "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/v1/health" -X HEAD 2>/dev/null && return 0
    sleep 0.1
  done
  echo "gateway $name did not start:"; cat "$work/$name.log"; return 1
}
pa=$(free_port); pb=$(free_port); pz=$(free_port); pd=$(free_port); dead=$(free_port)
psh=$(free_port); pck=$(free_port)
share_secret=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
start_gateway a "$pa" --redis-url "$gateway_redis"
start_gateway b "$pb" --redis-url "$gateway_redis"
start_gateway zaqar "$pz" --redis-url "$gateway_redis" --limits zaqar
start_gateway down "$pd" --redis-url "redis://127.0.0.1:$dead/0"
# v2 pre-signed URLs and message checksums are off by default: one gateway with each on.
start_gateway share "$psh" --redis-url "$gateway_redis" --share-secret "$share_secret"
start_gateway checksums "$pck" --redis-url "$gateway_redis" --message-checksums on
export CQ_URL="http://127.0.0.1:$pa" CQ_URL2="http://127.0.0.1:$pb"
export CQ_URL_ZAQAR="http://127.0.0.1:$pz" CQ_URL_DOWN="http://127.0.0.1:$pd"
export CQ_URL_SHARE="http://127.0.0.1:$psh" CQ_SHARE_SECRET="$share_secret" CQ_URL_CHECKSUMS="http://127.0.0.1:$pck"
export CQ_REDIS_URL="$gateway_redis"
export CQ_BIN="$bin" CQ_LUA_DIR="$root/lua"

echo "== pytest (Lua scripts and HTTP contract)"
python3 -m pytest -q -p no:cacheprovider Tests/lua Tests/api Tests/v2 2>&1 | tee "$work/pytest.log" || status=1
echo "== a real client: python-zaqarclient 3.0.1 (v1 API), in its own virtualenv"
venv="$root/.build/clients-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import zaqarclient, pytest' 2>/dev/null; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q python-zaqarclient==3.0.1 pytest
fi
"$venv/bin/python" -m pytest -q -p no:cacheprovider Tests/clients/zaqarclient 2>&1 | tee "$work/clients.log" || status=1
# marconiclient 0.0.2 and pyrax 1.10.0 are py2-era: on Python 3.11 they import only after a second
# install upgrades past their pins (pip then prints a dependency-conflict ERROR about those pins
# and pbr but exits 0; that is expected).
# marconiclient: keystoneclient 1.6 calls inspect.getargspec; 5.6.0 needs oslo.config >= 5.2.
# pyrax: oslo.config 4.12 uses collections.Mapping; its keystoneclient 3.10 imports as is.
echo "== a real client: python-marconiclient 0.0.2 (v1 API), in its own virtualenv"
mc_venv="$root/.build/marconiclient-venv"
if [ ! -x "$mc_venv/bin/python" ] || ! "$mc_venv/bin/python" -c 'import marconiclient.queues.v1.client, pytest' 2>/dev/null; then
  python3 -m venv "$mc_venv" && "$mc_venv/bin/pip" install -q python-marconiclient==0.0.2 pytest \
    && "$mc_venv/bin/pip" install -q python-keystoneclient==5.6.0 oslo.config==10.7.0
fi
"$mc_venv/bin/python" -m pytest -q -p no:cacheprovider Tests/clients/marconiclient 2>&1 | tee "$work/marconiclient.log" || status=1
echo "== a real client: pyrax 1.10.0 QueueClient (v1 API), in its own virtualenv"
px_venv="$root/.build/pyrax-venv"
if [ ! -x "$px_venv/bin/python" ] || ! "$px_venv/bin/python" -c 'import pyrax.queueing, pytest' 2>/dev/null; then
  python3 -m venv "$px_venv" && "$px_venv/bin/pip" install -q pyrax==1.10.0 pytest \
    && "$px_venv/bin/pip" install -q oslo.config==10.7.0
fi
"$px_venv/bin/python" -m pytest -q -p no:cacheprovider Tests/clients/pyrax 2>&1 | tee "$work/pyrax.log" || status=1
echo "== a real client: python-zaqarclient 4.7.0 (v2 API), in its own virtualenv"
zq4_venv="$root/.build/zaqarclient4-venv"
if [ ! -x "$zq4_venv/bin/python" ] || ! "$zq4_venv/bin/python" -c 'import zaqarclient.queues.v2.client, pytest' 2>/dev/null; then
  python3 -m venv "$zq4_venv" && "$zq4_venv/bin/pip" install -q python-zaqarclient==4.7.0 pytest
fi
"$zq4_venv/bin/python" -m pytest -q -p no:cacheprovider Tests/clients_v2/zaqarclient4 2>&1 | tee "$work/zaqarclient4.log" || status=1
echo "== a real client: openstacksdk 4.22.0 message v2 (noauth with a project), in its own virtualenv"
osdk_venv="$root/.build/openstacksdk-venv"
if [ ! -x "$osdk_venv/bin/python" ] || ! "$osdk_venv/bin/python" -c 'import openstack.message.v2._proxy, keystoneauth1.noauth, pytest' 2>/dev/null; then
  python3 -m venv "$osdk_venv" && "$osdk_venv/bin/pip" install -q openstacksdk==4.22.0 pytest
fi
"$osdk_venv/bin/python" -m pytest -q -p no:cacheprovider Tests/clients_v2/openstacksdk 2>&1 | tee "$work/openstacksdk.log" || status=1
echo "== web console in headless Chromium (selenium 4.50.0, in its own virtualenv)"
console_venv="$root/.build/console-venv"
if [ ! -x "$console_venv/bin/python" ] || ! "$console_venv/bin/python" -c 'import selenium, pytest, requests' 2>/dev/null; then
  python3 -m venv "$console_venv" && "$console_venv/bin/pip" install -q selenium==4.50.0 pytest requests
fi
console_start=$(date +%s)
SE_OFFLINE=true CQ_CONSOLE_SHOTS="$root/.build/console-shots" \
  "$console_venv/bin/python" -m pytest -q -p no:cacheprovider Tests/console 2>&1 | tee "$work/console.log" || status=1
echo "web console browser tests took $(( $(date +%s) - console_start )) s (screenshots in .build/console-shots/)"
echo "== schemathesis: fuzz a gateway against openapi/openapi.yaml (own virtualenv, own Redis database)"
st_venv="$root/.build/schemathesis-venv"
if [ ! -x "$st_venv/bin/st" ] || ! "$st_venv/bin/python" -c 'import schemathesis' 2>/dev/null; then
  python3 -m venv "$st_venv" && "$st_venv/bin/pip" install -q schemathesis==4.32.5
fi
pf=$(free_port)
start_gateway fuzz "$pf" --redis-url "redis://127.0.0.1:$redis_port/2"
bash scripts/fuzz.sh "$st_venv/bin/st" "http://127.0.0.1:$pf" "$work/fuzz" || status=1
echo "== bench (load test with the queue checker against gateway a, through v1, v2, then long-polling consumers on b)"
"$bin" bench --url "$CQ_URL" --producers 2 --consumers 3 --observers 1 --duration 4 --batch 5 --check --drain-seconds 10 --json "$work/bench.json" || status=1
"$bin" bench --url "$CQ_URL" --api v2 --producers 2 --consumers 3 --observers 1 --duration 4 --batch 5 --check --drain-seconds 10 --json "$work/bench-v2.json" || status=1
# Long polling: consumers wait (wait=2) on gateway b for what the producers post through a.
"$bin" bench --url "$CQ_URL" --consumer-url "$CQ_URL2" --wait 2 --producers 2 --consumers 3 --observers 1 --duration 4 --batch 5 --check --drain-seconds 10 --json "$work/bench-wait.json" || status=1
echo "== deploy files and fault tests (deploy/local.sh: Redis AOF, 3 gateways, HAProxy; Sentinel)"
export CQ_FAULT_FIGURES="$work/fault-figures.txt"
python3 -m pytest -q -s -p no:cacheprovider Tests/deploy Tests/faults 2>&1 | tee "$work/faults.log" || status=1
echo "-- fault test figures"; cat "$CQ_FAULT_FIGURES" 2>/dev/null || echo "(none)"
echo "== Redis Cluster (3 masters): the whole API suite, then a slot of a live queue moved during bench --check"
pca=$(free_port); pcb=$(free_port); pcz=$(free_port); pcd=$(free_port); cdead=$(free_port)
start_gateway cluster-a "$pca" --redis-cluster "$cluster_seeds"
start_gateway cluster-b "$pcb" --redis-cluster "$cluster_seeds"
start_gateway cluster-zaqar "$pcz" --redis-cluster "$cluster_seeds" --limits zaqar
start_gateway cluster-down "$pcd" --redis-cluster "127.0.0.1:$cdead"
pcs=$(free_port); pcc=$(free_port)
start_gateway cluster-share "$pcs" --redis-cluster "$cluster_seeds" --share-secret "$share_secret"
start_gateway cluster-checksums "$pcc" --redis-cluster "$cluster_seeds" --message-checksums on
(
  export CQ_URL="http://127.0.0.1:$pca" CQ_URL2="http://127.0.0.1:$pcb"
  export CQ_URL_ZAQAR="http://127.0.0.1:$pcz" CQ_URL_DOWN="http://127.0.0.1:$pcd"
  export CQ_URL_SHARE="http://127.0.0.1:$pcs" CQ_URL_CHECKSUMS="http://127.0.0.1:$pcc"
  export CQ_REDIS_CLUSTER="$cluster_seeds"
  unset CQ_REDIS_URL
  python3 -m pytest -q -p no:cacheprovider Tests/api Tests/v2 Tests/cluster
) 2>&1 | tee "$work/cluster-pytest.log" || status=1
for name in a b zaqar down share checksums fuzz cluster-a cluster-b cluster-zaqar cluster-down cluster-share cluster-checksums; do
  if grep -qiE 'fatal|crash' "$work/$name.log"; then echo "gateway $name log shows a crash:"; cat "$work/$name.log"; status=1; fi
done
# One closing line for both runners.
swift_passed=$(grep -oE 'Executed [0-9]+ tests' "$work/swift-test.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
swift_failed=$(grep -c "' failed (" "$work/swift-test.log" || true)
count() { cat "$work/pytest.log" "$work/clients.log" "$work/marconiclient.log" "$work/pyrax.log" "$work/zaqarclient4.log" "$work/openstacksdk.log" "$work/console.log" "$work/faults.log" "$work/cluster-pytest.log" 2>/dev/null | grep -oE "[0-9]+ $1" | awk '{n += $1} END {print n + 0}' || true; }
py_passed=$(count passed)
py_failed=$(count failed)
echo "tests: $((swift_passed - swift_failed + py_passed)) passed, $((swift_failed + py_failed)) failed"
exit $status
