#!/usr/bin/env bash
# Runs every test (unit, integration, concurrency) against real MariaDB, Redis and etcd, which it
# installs/starts if needed (scripts/stack.sh), and a real in-process Kafka broker per test context;
# then checks the Docker files without an engine (scripts/check-compose.sh --install-compose). Both run
# whatever the other's result; the script fails if either did. Extra arguments go to Maven, e.g.
#   scripts/test.sh -pl coupon-service -Dtest=CouponIssueConcurrencyTests
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
use_jdk
"$ROOT/scripts/stack.sh" up mariadb redis etcd
cd "$ROOT"
say "testing with JAVA_HOME=$JAVA_HOME"
maven=0
./mvnw -B verify "$@" || maven=$?
compose=0
bash "$ROOT/scripts/check-compose.sh" --install-compose || compose=$?   # the Docker files, checked without an engine
[ "$compose" -eq 0 ] || say "error: the Docker files' check failed (scripts/check-compose.sh, exit $compose)" >&2
[ "$maven" -eq 0 ] || { say "error: ./mvnw verify failed (exit $maven)" >&2; exit "$maven"; }
exit "$compose"
