#!/usr/bin/env bash
# Many gateways on one Redis, on this machine, with Debian's packages (redis-server, haproxy):
# Redis with an append-only file, three gateways and HAProxy in front of them, all on 127.0.0.1
# on free ports. Prints the URL. Stops exactly what it started (the pids it recorded).
#
#   deploy/local.sh start [-- GATEWAY OPTIONS...]   start everything, print URL=http://127.0.0.1:PORT
#   deploy/local.sh stop                            stop what `start` started (SIGTERM, then SIGKILL after 10 s)
#   deploy/local.sh status                          each process: running or not
#   deploy/local.sh kill NAME [SIGNAL]              send a signal (default KILL) to one process
#   deploy/local.sh restart NAME                    start one stopped process again, same command line
#   deploy/local.sh wait NAME                       wait until NAME answers (Redis PING, gateway health)
#
# NAME: redis, replica, sentinel1..3, gateway1..3, haproxy.
# Settings (environment):
#   CQ_LOCAL_DIR          state folder: pids, logs, Redis data, ports.env (default ./.cloud-queues-local)
#   CQ_LOCAL_APPENDFSYNC  Redis appendfsync: always, everysec (default) or no
#   CQ_LOCAL_SENTINEL=1   a master, one replica and three sentinels; gateways find the master
#                         through the sentinels (--redis-sentinels, master name cloud-queues)
#   CQ_BIN                the cloud-queues binary (default: release build, built if missing)
# The gateways also read every CQ_* variable of the README's configuration table (for example
# CQ_REDIS_WAIT_REPLICAS=1 or CQ_LIMIT_OVERRIDES); the options after `--` are added to each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dir=${CQ_LOCAL_DIR:-$root/.cloud-queues-local}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# The script starts its own Redis: a CQ_REDIS_URL of the caller is not for these gateways.
unset CQ_REDIS_URL
names=(redis replica sentinel1 sentinel2 sentinel3 gateway1 gateway2 gateway3 haproxy)
master_name=cloud-queues

die() { echo "local.sh: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Whether the pid in NAME.pid is alive and still runs the program NAME.cmd started.
alive() {
  local name=$1 pid exe
  [ -f "$dir/$name.pid" ] || return 1
  pid=$(cat "$dir/$name.pid")
  kill -0 "$pid" 2>/dev/null || return 1
  exe=$(head -n 1 "$dir/$name.cmd")
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -n 1 | grep -qF -- "$(basename "$exe")"
}

# launch NAME COMMAND...: record the command line, start it in the background, record its pid.
launch() {
  local name=$1; shift
  alive "$name" && die "$name is already running (pid $(cat "$dir/$name.pid"))"
  printf '%s\n' "$@" >"$dir/$name.cmd"
  nohup "$@" >>"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
  # until the forked shell has become the program (alive checks its command line)
  for _ in $(seq 200); do alive "$name" && break; kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null || break; sleep 0.01; done
}

relaunch() {
  local name=$1
  [ -f "$dir/$name.cmd" ] || die "$name was never started in $dir"
  local cmd=()
  mapfile -t cmd <"$dir/$name.cmd"
  launch "$name" "${cmd[@]}"
}

wait_for() {
  local name=$1 port
  # shellcheck disable=SC1091
  . "$dir/ports.env"
  for _ in $(seq 100); do
    alive "$name" || die "$name exited; see $dir/$name.log"
    case $name in
      redis|sentinel*)
        port=$(eval echo "\${${name^^}_PORT}")
        [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] && return 0 ;;
      replica)  # in sync with its master, so a WAIT can be acknowledged at once
        redis-cli -p "$REPLICA_PORT" info replication 2>/dev/null | grep -q '^master_link_status:up' && return 0 ;;
      gateway*)
        port=$(eval echo "\${${name^^}_PORT}")
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/health")" = 204 ] && return 0 ;;
      haproxy)
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/health")" = 204 ] && return 0 ;;
    esac
    sleep 0.1
  done
  die "$name did not answer within 10 s; see $dir/$name.log"
}

start() {
  command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
  command -v haproxy >/dev/null || die "haproxy not found (apt-get install haproxy)"
  local bin=${CQ_BIN:-}
  if [ -z "$bin" ]; then
    bin="$(cd "$root" && swift build -c release --show-bin-path)/cloud-queues"
    [ -x "$bin" ] || (cd "$root" && swift build -c release --product cloud-queues)
  fi
  [ -x "$bin" ] || die "no cloud-queues binary at $bin"
  local fsync=${CQ_LOCAL_APPENDFSYNC:-everysec} sentinel=${CQ_LOCAL_SENTINEL:-0}
  rm -f "$dir"/*.pid "$dir"/*.cmd
  local redis_port replica_port lb_port s1 s2 s3 g1 g2 g3
  redis_port=$(free_port); replica_port=$(free_port); lb_port=$(free_port)
  s1=$(free_port); s2=$(free_port); s3=$(free_port); g1=$(free_port); g2=$(free_port); g3=$(free_port)
  cat >"$dir/ports.env" <<EOF
REDIS_PORT=$redis_port
REPLICA_PORT=$replica_port
SENTINEL1_PORT=$s1
SENTINEL2_PORT=$s2
SENTINEL3_PORT=$s3
GATEWAY1_PORT=$g1
GATEWAY2_PORT=$g2
GATEWAY3_PORT=$g3
LB_PORT=$lb_port
URL=http://127.0.0.1:$lb_port
SENTINEL=$sentinel
EOF
  local redis_common=(--bind 127.0.0.1 --appendonly yes --appendfsync "$fsync" --save '' --daemonize no --logfile '')
  mkdir -p "$dir/redis"
  launch redis "$(command -v redis-server)" --port "$redis_port" --dir "$dir/redis" "${redis_common[@]}"
  wait_for redis
  local redis_args=(--redis-url "redis://127.0.0.1:$redis_port/0")
  if [ "$sentinel" = 1 ]; then
    mkdir -p "$dir/replica"
    launch replica "$(command -v redis-server)" --port "$replica_port" --dir "$dir/replica" "${redis_common[@]}" \
      --replicaof 127.0.0.1 "$redis_port"
    wait_for replica
    local i port
    for i in 1 2 3; do
      port=$(eval echo "\$s$i")
      # A sentinel rewrites its own configuration file: one per sentinel, in the state folder.
      cat >"$dir/sentinel$i.conf" <<EOF
port $port
bind 127.0.0.1
daemonize no
logfile ""
dir "$dir"
sentinel monitor $master_name 127.0.0.1 $redis_port 2
sentinel down-after-milliseconds $master_name 1000
sentinel failover-timeout $master_name 4000
sentinel parallel-syncs $master_name 1
EOF
      launch "sentinel$i" "$(command -v redis-server)" "$dir/sentinel$i.conf" --sentinel
    done
    for i in 1 2 3; do wait_for "sentinel$i"; done
    redis_args=(--redis-sentinels "127.0.0.1:$s1,127.0.0.1:$s2,127.0.0.1:$s3" --redis-master-name "$master_name")
  fi
  local g
  for g in 1 2 3; do
    launch "gateway$g" "$bin" serve --host 127.0.0.1 --port "$(eval echo "\$g$g")" "${redis_args[@]}" "$@"
  done
  for g in 1 2 3; do wait_for "gateway$g"; done
  CQ_LB_BIND="127.0.0.1:$lb_port" CQ_GATEWAY1="127.0.0.1:$g1" CQ_GATEWAY2="127.0.0.1:$g2" CQ_GATEWAY3="127.0.0.1:$g3" \
    launch haproxy "$(command -v haproxy)" -db -f "$here/haproxy/haproxy.cfg"
  wait_for haproxy
  echo "URL=http://127.0.0.1:$lb_port"
}

stop() {
  local name pid pids=() order=(haproxy gateway3 gateway2 gateway1 sentinel3 sentinel2 sentinel1 replica redis)
  for name in "${order[@]}"; do
    if alive "$name"; then
      pid=$(cat "$dir/$name.pid")
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$name:$pid")
    fi
  done
  for entry in "${pids[@]}"; do
    name=${entry%%:*}; pid=${entry#*:}
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "local.sh: $name (pid $pid) still running after 10 s, SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$dir"/*.pid
  echo "stopped ${#pids[@]} processes"
}

status() {
  local name running=0
  for name in "${names[@]}"; do
    [ -f "$dir/$name.cmd" ] || continue
    if alive "$name"; then echo "$name running (pid $(cat "$dir/$name.pid"))"; running=$((running + 1))
    else echo "$name stopped"; fi
  done
  [ -f "$dir/ports.env" ] && grep '^URL=' "$dir/ports.env" || true
  [ "$running" -gt 0 ]
}

valid_name() { [[ " ${names[*]} " == *" $1 "* ]] || die "unknown process '$1' (${names[*]})"; }

case ${1:-} in
  start)
    shift; [ "${1:-}" = -- ] && shift
    for name in "${names[@]}"; do alive "$name" && die "already running in $dir (deploy/local.sh stop first)"; done
    # A start that fails half-way stops what it had started (logs stay in the state folder).
    ( start "$@" ) || { echo "local.sh: start failed; stopping what it started (logs in $dir)" >&2; stop >&2; exit 1; } ;;
  stop) stop ;;
  status) status ;;
  kill)
    valid_name "${2:-}"; alive "$2" || die "$2 is not running"
    kill "-${3:-KILL}" "$(cat "$dir/$2.pid")" ;;
  restart)
    valid_name "${2:-}"
    if [ "$2" = haproxy ]; then
      # shellcheck disable=SC1091
      . "$dir/ports.env"
      export CQ_LB_BIND="127.0.0.1:$LB_PORT" CQ_GATEWAY1="127.0.0.1:$GATEWAY1_PORT" \
        CQ_GATEWAY2="127.0.0.1:$GATEWAY2_PORT" CQ_GATEWAY3="127.0.0.1:$GATEWAY3_PORT"
    fi
    relaunch "$2" ;;
  wait) valid_name "${2:-}"; wait_for "$2" ;;
  *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
