#!/usr/bin/env bash
# Runs every test. Installs and starts what the tests need, on random ports, and stops what it
# started (by PID) on the way out, whatever happens.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
: "${JAVA_HOME:?run through ./mercator test, which finds a JDK}"

WORK="$(mktemp -d -t mercator-test.XXXXXX)"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# (servers for the production backends are started here as those backends arrive)

# Redis: the hydration tests start their own redis-server processes (random ports, temp dirs,
# stopped by PID); they only need the binary, from Debian's redis-server package.
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "redis-server is missing: install the Debian package redis-server (as root)" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server
fi

mvn -B -ntp verify "$@"
