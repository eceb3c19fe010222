"""Shared by scripts/token.sh, scripts/demo.py and load-tests/bench.py: tokens, HTTP calls, SQL and coupons.

Standard library only. Tokens are HS256 JWTs for the local profile: signed with PROMO_JWT_SECRET, issuer
PROMO_JWT_ISSUER (defaults: the local profile's development values), with an expiry. SQL goes through the
mysql/mariadb client as the local stack's user (DB_USER, DB_PASSWORD); the password travels in the
client's environment (MYSQL_PWD), never on its command line.

    python3 scripts/lib/promo.py token <subject> [ttl-seconds] [ROLE ...]    prints a token (scripts/token.sh)
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

# The local profile's development secret and issuer (coupon-service's application-local.yml): local use only.
SECRET = os.environ.get("PROMO_JWT_SECRET", "local-dev-secret-change-me-0123456789abcdef").encode()
ISSUER = os.environ.get("PROMO_JWT_ISSUER", "promo-local")
_JWT_HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(subject: str, *roles: str, ttl_seconds: int = 3600) -> str:
    """A bearer token: sub = user id, roles claim, the local issuer, valid for ttl_seconds."""
    now = int(time.time())
    claims = {"sub": subject, "roles": list(roles), "iss": ISSUER, "iat": now, "exp": now + ttl_seconds}
    payload = b64url(json.dumps(claims).encode())
    signature = b64url(hmac.new(SECRET, f"{_JWT_HEADER}.{payload}".encode(), hashlib.sha256).digest())
    return f"{_JWT_HEADER}.{payload}.{signature}"


def call(base_url, method, path, bearer, body=None):
    """One JSON request; returns (status, headers, parsed body or None)."""
    request = urllib.request.Request(base_url + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + bearer, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        payload = error.read()
        return error.code, dict(error.headers), json.loads(payload) if payload else None


def create_coupon(base_url, name, units, per_user_limit=1):
    """Creates an ACTIVE FIXED 1,000 KRW coupon open from a minute ago for a day; returns its id."""
    now = datetime.datetime.now(datetime.timezone.utc)
    status, _, coupon = call(base_url, "POST", "/api/coupons", token("promo-admin", "ADMIN"), {
        "name": name, "discountType": "FIXED", "discountValue": 1000,
        "totalQuantity": units, "perUserLimit": per_user_limit, "validDays": 7,
        "issueStartsAt": (now - datetime.timedelta(minutes=1)).isoformat(),
        "issueEndsAt": (now + datetime.timedelta(days=1)).isoformat()})
    if status != 201:
        raise SystemExit(f"creating a coupon failed: {status} {coupon}")
    return coupon["id"]


def sql(query, database=os.environ.get("DB_NAME", "coupon_db")):
    """Runs one query with the mysql/mariadb client; returns the first column of the first row as int."""
    client = shutil.which("mariadb") or shutil.which("mysql") or "mysql"
    out = subprocess.run([client, "-h" + os.environ.get("DB_HOST", "127.0.0.1"),
                          "-P" + os.environ.get("DB_PORT", "3306"), "-u" + os.environ.get("DB_USER", "promo"),
                          database, "-N", "-B", "-e", query],
                         env={**os.environ, "MYSQL_PWD": os.environ.get("DB_PASSWORD", "promo")},
                         check=True, capture_output=True, text=True).stdout.strip()
    return int(out.split("\n")[0].split("\t")[0] or 0) if out else 0


def issued_counts(coupon_id):
    """What the database holds for a coupon: rows, issued_quantity and duplicate (coupon, user) pairs."""
    return {
        "rowsInDb": sql(f"select count(*) from issued_coupon where coupon_id = {int(coupon_id)}"),
        "issuedQuantity": sql(f"select issued_quantity from coupon_policy where id = {int(coupon_id)}"),
        "duplicatePairs": sql(f"select count(*) from (select user_id from issued_coupon where coupon_id = "
                              f"{int(coupon_id)} group by user_id having count(*) > 1) d"),
    }


def drain(base_url, coupon_id, prefix, units, strategy="v2", rounds=10):
    """Fresh users press until the coupon is sold out: answers by status over all rounds.

    A round sends as many users as units are left (plus ten); 503s (a circuit half-open after an
    outage, nothing done) are retried in the next round after a pause. Stops once a round is refused
    COUPON_SOLD_OUT only.
    """
    import collections
    import concurrent.futures
    statuses = collections.Counter()
    for round_no in range(rounds):
        left = units - issued_counts(coupon_id)["issuedQuantity"]
        users = [f"{prefix}-{round_no}-{i}" for i in range(max(left, 0) + 10)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(lambda u: call(base_url, "POST", f"/api/coupons/{coupon_id}/issue?strategy={strategy}",
                                                   token(u)), users))
        for status, _, _ in answers:
            statuses[status] += 1
        if all(status == 409 and body and body.get("code") == "COUPON_SOLD_OUT" for status, _, body in answers):
            break
        time.sleep(2)
    return statuses


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "token":
        raise SystemExit("usage: promo.py token <subject> [ttl-seconds] [ROLE ...]")
    print(token(sys.argv[2], *sys.argv[4:], ttl_seconds=int(sys.argv[3]) if len(sys.argv) > 3 else 3600))
