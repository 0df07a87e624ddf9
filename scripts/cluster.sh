#!/usr/bin/env bash
# A local Redis Cluster on loopback, for the tests and benchmarks (docs/cluster.md):
#   scripts/cluster.sh start DIR [MASTERS]  starts MASTERS (default 3) redis-servers with
#                                           cluster-enabled on free ports, data and logs in DIR,
#                                           splits the 16384 slots evenly, waits for
#                                           cluster_state:ok and prints host:port,host:port,...
#   scripts/cluster.sh stop DIR             stops the servers started in DIR
# Any number of masters works (1 too), so nodes are joined with CLUSTER MEET and given slots with
# CLUSTER ADDSLOTSRANGE (what `redis-cli --cluster create --cluster-replicas 0` does for >= 3).
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?folder}; masters=${3:-3}
mkdir -p "$dir"

# Two free loopback ports (client and cluster bus).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

case "$cmd" in
stop)
  for pidfile in "$dir"/redis-*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  ;;
start)
  ports=()
  for i in $(seq "$masters"); do
    port=$(free_port); bus=$(free_port)
    redis-server --port "$port" --cluster-port "$bus" --cluster-enabled yes \
      --cluster-config-file "$dir/nodes-$port.conf" --cluster-node-timeout 5000 \
      --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis-$port.pid" --logfile "$dir/redis-$port.log" --dir "$dir" >/dev/null
    ports+=("$port")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  first=${ports[0]}
  for port in "${ports[@]:1}"; do
    redis-cli -p "$port" cluster meet 127.0.0.1 "$first" \
      "$(redis-cli -p "$first" config get cluster-port | tail -1)" >/dev/null
  done
  i=0
  for port in "${ports[@]}"; do
    from=$(( i * 16384 / masters )); to=$(( (i + 1) * 16384 / masters - 1 ))
    redis-cli -p "$port" cluster addslotsrange "$from" "$to" >/dev/null
    i=$((i + 1))
  done
  for _ in $(seq 100); do
    ok=1
    for port in "${ports[@]}"; do
      info=$(redis-cli -p "$port" cluster info)
      grep -q "cluster_state:ok" <<<"$info" && grep -q "cluster_known_nodes:$masters" <<<"$info" || ok=0
    done
    [ "$ok" = 1 ] && break
    sleep 0.1
  done
  [ "$ok" = 1 ] || { echo "cluster in $dir did not become ready" >&2; exit 1; }
  (IFS=,; echo "${ports[*]/#/127.0.0.1:}")
  ;;
*) echo "usage: $0 start|stop DIR [MASTERS]" >&2; exit 2 ;;
esac
