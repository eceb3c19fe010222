#!/usr/bin/env bash
# Prints a bearer token (HS256 JWT) for the local stack: subject = user id, roles claim, issuer, expiry.
#   scripts/token.sh <userId> [ADMIN|SERVICE] [ttl-seconds, default 3600]
# SERVICE counts only for a subject the services trust (the local profile lists coupon-service,
# point-service, timesale-service), e.g. scripts/token.sh timesale-service SERVICE.
# Signed with PROMO_JWT_SECRET, issuer PROMO_JWT_ISSUER. This is the local tool, so both default to the
# development values of the services' local profile (application-local.yml); deployed services have
# no such default. The secret stays in the environment (scripts/lib/promo.py signs), never on a command line.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/token.sh <userId> [ADMIN|SERVICE] [ttl-seconds]" >&2; exit 2; }
user=$1; role=${2:-}; ttl=${3:-3600}
[[ "$user" =~ ^[A-Za-z0-9._@:-]{1,64}$ ]] || { echo "userId: 1-64 of A-Z a-z 0-9 . _ @ : -" >&2; exit 2; }
[[ "$role" =~ ^(|ADMIN|SERVICE)$ ]] || { echo "role: ADMIN, SERVICE or none" >&2; exit 2; }
[[ "$ttl" =~ ^[0-9]+$ ]] || { echo "ttl-seconds: a whole number" >&2; exit 2; }
command -v python3 >/dev/null || { echo "scripts/token.sh needs python3" >&2; exit 1; }
exec python3 "$(dirname "$0")/lib/promo.py" token "$user" "$ttl" ${role:+"$role"}
