#!/usr/bin/env bash
# The scale-out run (issue 12): with two instances of each service behind the gateway (etcd discovery),
# a mixed-strategy stampede must be exact, and killing one coupon-service instance (SIGKILL) in the
# middle of a stream must lose no accepted request and strand no stock; see load-tests/scale-out.py.
# Needs the suite started with two instances, e.g.
#   PROMO_ISSUING_RECONCILE_AFTER=20s scripts/up.sh --instances 2
# Options: --help.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
command -v python3 >/dev/null || die "python3 is missing"
command -v mariadb >/dev/null || command -v mysql >/dev/null || die "the mariadb/mysql client is missing"
port_open 4000 || die "nothing listens on :4000; start the suite with scripts/up.sh --instances 2"
port_open 3011 || die "no second coupon-service instance on :3011; start the suite with scripts/up.sh --instances 2"
exec python3 -u "$ROOT/load-tests/scale-out.py" "$@"
