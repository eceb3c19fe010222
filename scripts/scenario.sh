#!/usr/bin/env bash
# The flash sale's scenario through the gateway, on the suite scripts/up.sh started (CI runs it): a 300-buyer
# stampede on 100 units, the per-user limit, cancel and expiry giving stock back once, the pay saga with the
# real coupon-service and point-service (compensation, refund, purchase reward), ownership, bad input and
# Idempotency-Key replays.
# One line per check (PASS/FAIL with its numbers), a summary; exits 1 if any check failed. See scripts/scenario.py.
# Options: --gateway URL (default http://127.0.0.1:4000), --only a,b,... (sections a-j), --reward-timeout SECONDS
set -euo pipefail
command -v python3 >/dev/null || { echo "scripts/scenario.sh needs python3" >&2; exit 1; }
command -v mariadb >/dev/null || command -v mysql >/dev/null \
  || { echo "scripts/scenario.sh needs the mariadb/mysql client (scripts/stack.sh up installs it)" >&2; exit 1; }
exec python3 -u "$(dirname "$0")/scenario.py" "$@"
