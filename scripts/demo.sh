#!/usr/bin/env bash
# 300 users grab a 100-unit coupon, then 300 others join a 50-join promotion, then 300 others buy a 100-unit
# flash sale (and pay, cancel or let the hold expire), through the gateway, once per strategy; see
# scripts/demo.py. Needs the running suite (scripts/up.sh).
# Options: --users N --units N --joins N --strategies v1,v2,v3 --workloads coupon,join,timesale
#          --hold-seconds N --gateway URL
set -euo pipefail
command -v python3 >/dev/null || { echo "scripts/demo.sh needs python3" >&2; exit 1; }
exec python3 "$(dirname "$0")/demo.py" "$@"
