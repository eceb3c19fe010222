#!/usr/bin/env bash
# Benchmark of coupon issuing, point use, promotion join and time-sale orders, v1 vs v2 vs v3, against the suite run with the
# bench profile (scripts/up.sh --bench): it measures each strategy against coupon-service's no-op endpoint,
# which only that profile serves. When the suite is not up, or up without it, this (re)starts it with
# scripts/up.sh --bench.
#   load-tests/bench.sh                       full run; prints the tables, writes load-tests/results/*.json
#   load-tests/bench.sh --smoke               short phases, small sizes
#   load-tests/bench.sh --workloads coupon    the coupon phases only (about 6 minutes)
#   load-tests/bench.sh --smoke --workloads timesale    the time-sale phases only, short
# Other options: load-tests/bench.sh --help. Installs wrk (Debian's package) when it is missing.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
case " $* " in *" -h "*|*" --help "*) exec python3 "$ROOT/load-tests/bench.py" --help ;; esac

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

# noop_status: coupon-service's answer to the no-op endpoint: 200 with the bench profile, 404 without it,
# 000 when nothing answers.
noop_status() {
  curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $("$ROOT/scripts/token.sh" bench-probe)" \
    http://127.0.0.1:3001/api/coupons/0/noop || true
}
status=$(noop_status)
if [ "$status" != 200 ] || ! port_open 4000; then
  case $status in
    000) say "the suite is not up: starting it with scripts/up.sh --bench" ;;
    200) say "the gateway is not up: restarting the suite with scripts/up.sh --bench" ;;
    404) say "the suite runs without the bench profile (no POST /api/coupons/{id}/noop): restarting it with scripts/up.sh --bench" ;;
    *) say "coupon-service answers the no-op endpoint with $status: restarting the suite with scripts/up.sh --bench" ;;
  esac
  "$ROOT/scripts/up.sh" --bench
  status=$(noop_status)
  [ "$status" = 200 ] || die "coupon-service on :3001 answers the no-op endpoint with $status, not 200; start this checkout's suite with scripts/up.sh --bench"
fi
exec python3 -u "$ROOT/load-tests/bench.py" "$@"
