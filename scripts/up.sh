#!/usr/bin/env bash
# Brings the whole suite up on this machine and serves requests:
#   local stack (MariaDB, Redis, etcd, Kafka) -> build -> coupon-service :3001, point-service :3002,
#   timesale-service :3003 -> api-gateway :4000
# Waits until every app reports ready on its management port (actuator is never on the public ports:
# coupon-service :3101, point-service :3102, timesale-service :3103, api-gateway :4100, loopback only),
# then prints the URLs. Re-running restarts
# the apps it started (with the fresh build) and reuses the stack. Stop everything with scripts/down.sh.
#   scripts/up.sh                   the apps run with the profile local
#   scripts/up.sh --bench           ... and bench: the services also serve the no-op endpoint that
#                                   load-tests/bench.sh measures against (same as --profile bench)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

# Spring profiles of the apps, given to them as SPRING_PROFILES_ACTIVE.
PROFILES=local
while [ $# -gt 0 ]; do
  case $1 in
    --bench) PROFILES+=,bench ;;
    --profile) [ $# -ge 2 ] || die "--profile needs a name, e.g. --profile bench"; PROFILES+=",$2"; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (scripts/up.sh --help)" ;;
  esac
  shift
done

use_jdk
APPS_DIR="$RUN_DIR/apps"
mkdir -p "$APPS_DIR"

"$ROOT/scripts/stack.sh" up

say "building (JAVA_HOME=$JAVA_HOME)"
(cd "$ROOT" && ./mvnw -B -q package -DskipTests)

ready() { curl -sf "http://127.0.0.1:$1/actuator/health/readiness" | grep -q '"UP"'; }

start_app() {
  local name=$1 port=$2 management_port=$3 pidfile="$APPS_DIR/$1.pid" log="$APPS_DIR/$1.log" p
  shift 3
  stop_pid "$pidfile" && say "$name: stopped the previous instance"
  for p in "$port" "$management_port"; do
    port_open "$p" && die "$name: port $p is taken by a process this script did not start; stop it first"
  done
  # Run a copy: a later build replacing target/*.jar under a running JVM breaks its class loading.
  cp "$ROOT/$name/target/$name-0.1.0-SNAPSHOT.jar" "$APPS_DIR/$name.jar"
  # The local profile (application-local.yml) holds the local stack's passwords and the development JWT
  # secret; it is chosen through the environment, and no secret is ever put on the command line.
  SPRING_PROFILES_ACTIVE=$PROFILES MANAGEMENT_PORT=$management_port nohup "$JAVA_HOME/bin/java" -Xms256m -Xmx768m -jar "$APPS_DIR/$name.jar" "$@" >"$log" 2>&1 &
  echo $! >"$pidfile"
  say "$name: starting on :$port, management :$management_port, profiles $PROFILES (pid $!, log ${log#$ROOT/})"
}

start_app coupon-service 3001 3101
start_app point-service 3002 3102
start_app timesale-service 3003 3103
start_app api-gateway 4000 4100
for app in coupon-service:3101 point-service:3102 timesale-service:3103 api-gateway:4100; do
  name=${app%%:*} port=${app##*:}
  if ! wait_for 180 "$name" ready "$port"; then
    tail -n 40 "$APPS_DIR/$name.log" >&2
    die "$name did not become ready (readiness on :$port); full log: $APPS_DIR/$name.log"
  fi
  say "$name: ready"
done

cat <<MSG

The suite is up.
  Gateway        http://127.0.0.1:4000/api/coupons   http://127.0.0.1:4000/api/points   http://127.0.0.1:4000/api/timesales
  Swagger UI     http://127.0.0.1:4000/api/docs            (a service alone: http://127.0.0.1:3001/swagger-ui.html, :3002, :3003)
  Health         http://127.0.0.1:4100/actuator/health     http://127.0.0.1:3101/actuator/health  :3102  :3103  (management ports, loopback only)
  Metrics        http://127.0.0.1:4100/actuator/prometheus http://127.0.0.1:3101/actuator/prometheus  :3102  :3103
  Profiles       $PROFILES                   (scripts/up.sh --bench adds the benchmark's no-op endpoint)
  A token        scripts/token.sh alice        (admin: scripts/token.sh admin ADMIN)
  Demo           scripts/demo.sh               (300 users grab a 100-unit coupon, a 50-join promotion and a 100-unit flash sale, per strategy)
  Scenario       scripts/scenario.sh           (the flash sale checked end to end: stampede, limits, holds, pay saga, refund, reward)
  Stop           scripts/down.sh
MSG
