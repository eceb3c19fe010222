#!/usr/bin/env bash
# Stops what scripts/up.sh started: the apps, then the stack services it started itself.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
for name in api-gateway timesale-service point-service coupon-service; do
  stop_pid "$RUN_DIR/apps/$name.pid" && say "$name: stopped"
done
"$ROOT/scripts/stack.sh" down
