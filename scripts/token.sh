#!/usr/bin/env bash
# Prints a bearer token (HS256 JWT) for local use: subject = user id, roles claim.
#   scripts/token.sh <userId> [ADMIN] [ttl-seconds, default 3600]
# Signed with PROMO_JWT_SECRET (default: the local secret in the services' application.yml).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/token.sh <userId> [ADMIN] [ttl-seconds]" >&2; exit 2; }
user=$1; role=${2:-}; ttl=${3:-3600}
[[ "$user" =~ ^[A-Za-z0-9._@:-]{1,64}$ ]] || { echo "userId: 1-64 of A-Z a-z 0-9 . _ @ : -" >&2; exit 2; }
secret=${PROMO_JWT_SECRET:-local-dev-secret-change-me-0123456789abcdef}
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
roles='[]'; [ "$role" = ADMIN ] && roles='["ADMIN"]'
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"%s","roles":%s,"iat":%d,"exp":%d}' "$user" "$roles" "$now" $((now + ttl)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
