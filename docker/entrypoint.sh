#!/usr/bin/env bash
# The apps' container entrypoint (Dockerfile).
#   entrypoint.sh [app arguments...]   starts the app (JarLauncher over the extracted layers in /app)
#   entrypoint.sh healthcheck          exits 0 when the app's readiness probe answers 200
#
# INSTANCE_HOST is the address other instances reach this one at (it registers in etcd under it):
# when unset, the container's own address, so each replica of a scaled service registers itself.
# MANAGEMENT_PORT, when unset, is the app's default from its application.yml.
set -euo pipefail

management_port() {
  if [ -n "${MANAGEMENT_PORT:-}" ]; then echo "$MANAGEMENT_PORT"; return; fi
  sed -n 's/.*\${MANAGEMENT_PORT:\([0-9][0-9]*\)}.*/\1/p' /app/BOOT-INF/classes/application.yml | head -n 1
}

if [ "${1:-}" = healthcheck ]; then
  port=$(management_port)
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  IFS= read -r -t 3 status <&3
  exec 3<&-
  case "$status" in "HTTP/1."?" 200"*) exit 0 ;; *) echo "readiness on :$port: ${status:-no answer}" >&2; exit 1 ;; esac
fi

if [ -z "${INSTANCE_HOST:-}" ]; then
  # The first address of this container's hostname (Docker writes it to /etc/hosts).
  INSTANCE_HOST=$(getent hosts "${HOSTNAME:-$(hostname)}" | awk '{print $1; exit}')
  [ -n "$INSTANCE_HOST" ] || { echo "entrypoint: cannot tell this container's address; set INSTANCE_HOST" >&2; exit 1; }
  export INSTANCE_HOST
fi

# JAVA_OPTS is split on spaces on purpose (several flags); app arguments pass through unchanged.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp /app org.springframework.boot.loader.launch.JarLauncher "$@"
