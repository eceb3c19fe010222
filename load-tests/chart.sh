#!/usr/bin/env bash
# PNG chart of a benchmark report: load-tests/chart.sh <report.json> <out.png>
# Uses Debian's python3 with python3-matplotlib (installed with apt when missing and run as root).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
[ $# -eq 2 ] || die "usage: load-tests/chart.sh <report.json> <out.png>"
python=/usr/bin/python3
if ! "$python" -c 'import matplotlib' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing python3-matplotlib (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-matplotlib >/dev/null
  else
    python=python3
    "$python" -c 'import matplotlib' 2>/dev/null || die "matplotlib is missing (Debian: apt-get install python3-matplotlib; else pip install matplotlib)"
  fi
fi
exec "$python" "$ROOT/load-tests/chart.py" "$@"
