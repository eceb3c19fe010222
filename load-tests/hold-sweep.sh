#!/usr/bin/env bash
# The hold-expiry sweep timed: a time sale whose N holds (default 20000) all come due in the same second;
# measures how long until its units are all back (first expiry, 50%, all), expiries per second and the
# CPU per expired order of timesale-service and MariaDB, then checks the counts, the Redis gate and that
# the units can be ordered again; see load-tests/hold-sweep.py. Needs the running suite (scripts/up.sh).
# Options: --help.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
command -v python3 >/dev/null || die "python3 is missing"
command -v mariadb >/dev/null || command -v mysql >/dev/null || die "the mariadb/mysql client is missing"
port_open 4000 || die "nothing listens on :4000; start the suite with scripts/up.sh"
exec python3 -u "$ROOT/load-tests/hold-sweep.py" "$@"
