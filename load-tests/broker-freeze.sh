#!/usr/bin/env bash
# The in-doubt publish run (issue 8): freezes the local Kafka broker for 8 s in the middle of a v3
# burst through the gateway and checks that every caller was told what the database holds; see
# load-tests/broker-freeze.py. Needs the running suite (scripts/up.sh). Options: --help.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
command -v python3 >/dev/null || die "python3 is missing"
command -v mariadb >/dev/null || command -v mysql >/dev/null || die "the mariadb/mysql client is missing"
port_open 4000 || die "nothing listens on :4000; start the suite with scripts/up.sh"
exec python3 -u "$ROOT/load-tests/broker-freeze.py" "$@"
