#!/usr/bin/env bash
# Stops what scripts/up.sh started: the apps, then the stack services it started itself.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
for name in api-gateway coupon-service; do
  pidfile="$RUN_DIR/apps/$name.pid"
  if pid_alive "$pidfile"; then
    kill "$(cat "$pidfile")"
    wait_for 30 "$name" bash -c "! kill -0 $(cat "$pidfile") 2>/dev/null" || kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    say "$name: stopped"
  fi
  rm -f "$pidfile"
done
"$ROOT/scripts/stack.sh" down
