#!/usr/bin/env bash
# Runs every test (called by ./mercator test, which finds the JDK).
#
# What the tests need beyond the JDK and Maven is installed here; the servers themselves are
# started by the tests, on random ports in temporary folders, and stopped by PID when the test JVM
# ends:
#   - Redis (hydration): RedisServerProcess runs the redis-server binary (Debian package redis-server).
#   - Elasticsearch 8.19 (recall): Maven fetches and unpacks the integ-test zip; ElasticsearchNode
#     starts it with a 512 MB heap. It refuses to run as root, so as root the helper creates the
#     system user esci (useradd, package passwd) and starts it through runuser (package util-linux).
#   - Kafka 4.1 (events): an in-process KRaft broker from the test classpath.
#   - Milvus: no server can be had here; its tests use an in-process protocol double.
#   - The image models: scripts/models.sh installs nsfwjs 4.4.0 and @tensorflow/tfjs from the npm
#     registry into .mercator/models (Node.js and npm from Debian when missing); DJL unpacks
#     PyTorch's native library from Maven Central into .mercator/djl.
#   - Chromium (the console's browser tests): Debian's chromium and chromium-driver, driven by
#     Selenium in headless mode; fonts-thai-tlwg so Thai renders in the screenshots.
#   - Prometheus 2.42 and Alertmanager 0.25 (the alert rules' unit tests and the alerts' end-to-end
#     test): Debian's prometheus (promtool) and prometheus-alertmanager (amtool); the tests start
#     their own on free ports. The packages' own services are kept from starting at install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
: "${JAVA_HOME:?run through ./mercator test, which finds a JDK}"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
command -v useradd >/dev/null 2>&1 || missing+=(passwd)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -d /usr/share/fonts/truetype/tlwg ] || missing+=(fonts-thai-tlwg)
[ -x /usr/bin/promtool ] || missing+=(prometheus)
[ -x /usr/bin/amtool ] || missing+=(prometheus-alertmanager)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "mercator test: missing Debian packages: ${missing[*]} (install them as root)" >&2
    exit 1
  fi
  echo "mercator test: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # keep the packages' services (prometheus on 9090, alertmanager on 9093...) from starting
  policy_rc=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_rc=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$policy_rc" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

# the pretrained image models (npm registry) and TF.js, which the tests check Mercator's DJL
# implementation against
"$ROOT/scripts/models.sh" --reference

exec mvn -B -ntp verify "$@"
