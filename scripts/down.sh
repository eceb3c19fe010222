#!/usr/bin/env bash
# Stops what scripts/up.sh started: the apps (every instance), then the stack services it started itself.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
for name in api-gateway timesale-service point-service coupon-service; do
  for pidfile in "$RUN_DIR/apps/$name.pid" "$RUN_DIR/apps/$name"-[2-9].pid; do
    [ -e "$pidfile" ] || continue
    stop_pid "$pidfile" && say "$(basename "${pidfile%.pid}"): stopped"
  done
done
"$ROOT/scripts/stack.sh" down
