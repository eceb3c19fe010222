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
#   scripts/up.sh --instances 2     N instances (1-4) of each service: instance k listens on the base port
#                                   + 10 x (k - 1) (coupon-service :3001, :3011; management :3101, :3111);
#                                   they register in etcd and the gateway balances over them
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

# Spring profiles of the apps, given to them as SPRING_PROFILES_ACTIVE.
PROFILES=local
INSTANCES=1
while [ $# -gt 0 ]; do
  case $1 in
    --instances)
      [ $# -ge 2 ] && [[ $2 =~ ^[1-4]$ ]] || die "--instances needs a count from 1 to 4, e.g. --instances 2"
      INSTANCES=$2; shift ;;
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

# start_app <name> <port> <management-port> [instance]: instance 1 is <name>, instance k > 1 <name>-k
# (its pid file and log); adds <id>:<management-port> to READY, the apps to wait for.
READY=()
start_app() {
  local name=$1 port=$2 management_port=$3 instance=${4:-1} p
  local id=$name; [ "$instance" -gt 1 ] && id=$name-$instance
  local pidfile="$APPS_DIR/$id.pid" log="$APPS_DIR/$id.log"
  stop_pid "$pidfile" && say "$id: stopped the previous instance"
  for p in "$port" "$management_port"; do
    port_open "$p" && die "$id: port $p is taken by a process this script did not start; stop it first"
  done
  # Run a copy per instance: a later build (or the next instance's copy) replacing the jar under a running
  # JVM breaks its class loading.
  cp "$ROOT/$name/target/$name-0.1.0-SNAPSHOT.jar" "$APPS_DIR/$id.jar"
  # The local profile (application-local.yml) holds the local stack's passwords and the development JWT
  # secret; it is chosen through the environment, and no secret is ever put on the command line.
  SPRING_PROFILES_ACTIVE=$PROFILES SERVER_PORT=$port MANAGEMENT_PORT=$management_port nohup "$JAVA_HOME/bin/java" -Xms256m -Xmx768m -jar "$APPS_DIR/$id.jar" >"$log" 2>&1 &
  echo $! >"$pidfile"
  say "$id: starting on :$port, management :$management_port, profiles $PROFILES (pid $!, log ${log#$ROOT/})"
  READY+=("$id:$management_port")
}

# Instances beyond the asked count, left from an earlier run with more, are stopped.
for pidfile in "$APPS_DIR"/*-[2-9].pid; do
  [ -e "$pidfile" ] || continue
  k=${pidfile%.pid}; k=${k##*-}
  [ "$k" -gt "$INSTANCES" ] && stop_pid "$pidfile" && say "$(basename "${pidfile%.pid}"): stopped (not asked for)"
done
for k in $(seq 1 "$INSTANCES"); do
  offset=$(( (k - 1) * 10 ))
  start_app coupon-service $((3001 + offset)) $((3101 + offset)) "$k"
  start_app point-service $((3002 + offset)) $((3102 + offset)) "$k"
  start_app timesale-service $((3003 + offset)) $((3103 + offset)) "$k"
done
start_app api-gateway 4000 4100
for app in "${READY[@]}"; do
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
