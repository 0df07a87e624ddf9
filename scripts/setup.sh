#!/usr/bin/env bash
# Installs what building, running and testing need on Debian (as root, or with sudo).
# Safe to run again: it installs only what is missing.
#   scripts/setup.sh            everything: the server's needs and the tests' (scripts/test.sh)
#   scripts/setup.sh --server   only what building and running the server needs (scripts/run.sh)
set -euo pipefail
server_only=0
[ "${1:-}" = "--server" ] && server_only=1

need=()
command -v redis-server >/dev/null || need+=(redis-server)
[ -f /usr/include/hiredis/hiredis.h ] || need+=(libhiredis-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v curl >/dev/null || need+=(curl)
if [ "$server_only" = 0 ]; then
  # Headless Chromium and its driver for the web console's browser tests (Tests/console).
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need+=(haproxy)   # deploy/local.sh, fault tests
fi
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
# pytest, requests and redis-py for the Lua and HTTP tests (they look at Redis keys directly);
# PyYAML to parse the OpenAPI document and for the deploy file checks.
if [ "$server_only" = 0 ] && ! python3 -c 'import pytest, requests, redis, yaml' 2>/dev/null; then
  python3 -m pip install -q pytest requests redis pyyaml 2>/dev/null \
    || python3 -m pip install -q --break-system-packages pytest requests redis pyyaml
fi
command -v swift >/dev/null || { echo "swift not found: install Swift 6 (https://swift.org/install)" >&2; exit 1; }
