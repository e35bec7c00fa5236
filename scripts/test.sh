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

# Elasticsearch (recall): Maven fetches and unpacks the integ-test distribution itself
# (generate-test-resources) and the tests' ElasticsearchNode starts it on random ports with a 512 MB
# heap and stops it by PID. It refuses to run as root, so as root the helper creates the system user
# `esci` (useradd, Debian package passwd) and starts it through runuser (util-linux): make sure both
# exist. Milvus needs nothing: its tests run the client against an in-process protocol double.
if [ "$(id -u)" = 0 ]; then
  es_packages=()
  command -v runuser >/dev/null 2>&1 || es_packages+=(util-linux)
  command -v useradd >/dev/null 2>&1 || es_packages+=(passwd)
  if [ "${#es_packages[@]}" -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${es_packages[@]}" >/dev/null
  fi
fi

mvn -B -ntp verify "$@"
