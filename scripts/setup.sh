#!/usr/bin/env bash
# Installs what building, running and testing need on Debian (as root, or with sudo).
# Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
command -v redis-server >/dev/null || need+=(redis-server)
[ -f /usr/include/hiredis/hiredis.h ] || need+=(libhiredis-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
python3 -c 'import pytest, requests' 2>/dev/null || need+=(python3-pytest python3-requests)
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
# redis-py for the Lua and API tests (they look at Redis keys directly).
python3 -c 'import redis' 2>/dev/null || python3 -m pip install -q redis 2>/dev/null \
  || python3 -m pip install -q --break-system-packages redis
command -v swift >/dev/null || { echo "swift not found: install Swift 6 (https://swift.org/install)" >&2; exit 1; }
