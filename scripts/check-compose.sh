#!/usr/bin/env bash
# Checks the Docker setup without a Docker engine (scripts/check-compose.py): both compose files,
# the Dockerfile, Prometheus and Grafana provisioning, against the apps' configuration. One
# PASS/FAIL line per check; exit 1 on any failure.
#   scripts/check-compose.sh                      needs PyYAML (Debian: python3-yaml, installed as root)
#   scripts/check-compose.sh --install-compose    also installs Debian's docker-compose when no compose
#                                                 implementation is present (as root; best effort): its
#                                                 `config` then validates both files (no engine needed)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

install_compose=no
for arg in "$@"; do
  case "$arg" in
    --install-compose) install_compose=yes ;;
    *) die "unknown option '$arg' (scripts/check-compose.sh [--install-compose])" ;;
  esac
done

# The first python3 with PyYAML: the one on PATH, else Debian's (where python3-yaml installs).
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    python=$candidate; break
  fi
done
if [ -z "$python" ]; then
  apt_install python3-yaml || die "missing python3-yaml: install it (Debian packages: python3-yaml), then re-run."
  python=/usr/bin/python3
fi
# Best effort: without a compose implementation the checker says SKIP for `config`.
if [ "$install_compose" = yes ] && ! command -v docker-compose >/dev/null 2>&1 \
    && ! command -v podman-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
  (apt_install docker-compose) || say "docker-compose not installed; the compose 'config' check is skipped"
fi
exec "$python" "$ROOT/scripts/check-compose.py" "$ROOT"
