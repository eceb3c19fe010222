#!/usr/bin/env bash
# Benchmark of coupon issuing, v1 vs v2 vs v3, against the running suite (scripts/up.sh first).
#   load-tests/bench.sh            full run, about 6 minutes; prints the tables, writes load-tests/results/*.json
#   load-tests/bench.sh --smoke    about a minute
# Other options: load-tests/bench.sh --help. Installs wrk (Debian's package) when it is missing.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing wrk (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
  else
    die "wrk is missing: install it (Debian/Ubuntu: sudo apt-get install wrk; macOS: brew install wrk)"
  fi
fi
for tool in python3 redis-cli; do command -v "$tool" >/dev/null || die "$tool is missing (scripts/stack.sh up installs the stack's clients)"; done
command -v mariadb >/dev/null || command -v mysql >/dev/null || die "the mariadb/mysql client is missing"
for port in 3001 4000; do port_open "$port" || die "nothing listens on :$port; start the suite with scripts/up.sh"; done
exec python3 -u "$ROOT/load-tests/bench.py" "$@"
