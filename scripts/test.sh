#!/usr/bin/env bash
# Runs every test (unit, integration, concurrency) against real MariaDB and Redis, which it
# installs/starts if needed (scripts/stack.sh), and a real in-process Kafka broker per test
# context. Extra arguments go to Maven, e.g. scripts/test.sh -pl coupon-service -Dtest=CouponIssueConcurrencyTests
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
use_jdk
"$ROOT/scripts/stack.sh" up mariadb redis etcd
cd "$ROOT"
say "testing with JAVA_HOME=$JAVA_HOME"
bash "$ROOT/scripts/check-compose.sh" --install-compose   # the Docker files, checked without an engine
exec ./mvnw -B verify "$@"
