#!/usr/bin/env bash
# The crash run (issue 9): kills coupon-service (SIGKILL) in the middle of a burst through the
# gateway, restarts it, and checks that once the issuing kit's reconciliation has run the coupon
# still sells out to exactly its units; see load-tests/crash-reconcile.py. Needs the running suite
# (scripts/up.sh). Options: --help.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
command -v python3 >/dev/null || die "python3 is missing"
command -v mariadb >/dev/null || command -v mysql >/dev/null || die "the mariadb/mysql client is missing"
port_open 4000 || die "nothing listens on :4000; start the suite with scripts/up.sh"
exec python3 -u "$ROOT/load-tests/crash-reconcile.py" "$@"
