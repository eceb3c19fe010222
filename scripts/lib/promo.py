"""Shared by scripts/token.sh, scripts/demo.py, scripts/scenario.py, scripts/check-dashboard.py and the load tests:
tokens, HTTP calls, Prometheus scrapes, SQL, coupons, points and time sales.

Standard library only. Tokens are HS256 JWTs for the local profile: signed with PROMO_JWT_SECRET, issuer
PROMO_JWT_ISSUER (defaults: the local profile's development values), with an expiry. SQL goes through the
mysql/mariadb client as the local stack's user (DB_USER, DB_PASSWORD); the password travels in the
client's environment (MYSQL_PWD), never on its command line, and the query on its standard input (so a
long one, such as a list of request ids, is not limited by the command line's length).

    python3 scripts/lib/promo.py token <subject> [ttl-seconds] [ROLE ...]    prints a token (scripts/token.sh)
"""
import base64
import collections
import concurrent.futures
import datetime
import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

# The local profile's development secret and issuer (coupon-service's application-local.yml): local use only.
SECRET = os.environ.get("PROMO_JWT_SECRET", "local-dev-secret-change-me-0123456789abcdef").encode()
ISSUER = os.environ.get("PROMO_JWT_ISSUER", "promo-local")
_JWT_HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
ADMIN = "promo-admin"  # the subject of the admin token that creates coupons, promotions and grants
COUPON_DB = os.environ.get("DB_NAME", "coupon_db")
POINT_DB = os.environ.get("POINT_DB_NAME", "point_db")
TIMESALE_DB = os.environ.get("TIMESALE_DB_NAME", "timesale_db")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(subject: str, *roles: str, ttl_seconds: int = 3600) -> str:
    """A bearer token: sub = user id, roles claim, the local issuer, valid for ttl_seconds."""
    now = int(time.time())
    claims = {"sub": subject, "roles": list(roles), "iss": ISSUER, "iat": now, "exp": now + ttl_seconds}
    payload = b64url(json.dumps(claims).encode())
    signature = b64url(hmac.new(SECRET, f"{_JWT_HEADER}.{payload}".encode(), hashlib.sha256).digest())
    return f"{_JWT_HEADER}.{payload}.{signature}"


def call(base_url, method, path, bearer, body=None, headers=None):
    """One JSON request; returns (status, headers, parsed body or None). bearer None sends no Authorization
    header; headers adds others (Idempotency-Key). A body that is not JSON comes back as text."""
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if bearer is not None:
        all_headers["Authorization"] = "Bearer " + bearer
    request = urllib.request.Request(base_url + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), _parse(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), _parse(error.read())


def scrape(url, timeout=10):
    """One Prometheus text scrape (url: an app's /actuator/prometheus): {series: value}, a series being the
    sample's name with its labels as exported (promo_issue_total{outcome="issued",...}). Comment lines and
    timestamps are left out. Raises OSError (urllib.error.URLError) when the app does not answer."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        text = response.read().decode("utf-8")
    samples = {}
    for line in text.splitlines():
        match = re.match(r"([^{\s#][^{\s]*(?:\{.*\})?)\s+(\S+)", line)
        if match:
            samples[match.group(1)] = float(match.group(2))
    return samples


def _parse(payload):
    if not payload:
        return None
    try:
        return json.loads(payload)
    except ValueError:
        return payload.decode(errors="replace")


def create_coupon(base_url, name, units, per_user_limit=1, discount_value=1000, min_order_amount=None):
    """Creates an ACTIVE FIXED coupon (discount_value KRW off, 1,000 by default; min_order_amount KRW when
    given) open from a minute ago for a day; returns its id."""
    now = datetime.datetime.now(datetime.timezone.utc)
    body = {"name": name, "discountType": "FIXED", "discountValue": discount_value,
            "totalQuantity": units, "perUserLimit": per_user_limit, "validDays": 7,
            "issueStartsAt": (now - datetime.timedelta(minutes=1)).isoformat(),
            "issueEndsAt": (now + datetime.timedelta(days=1)).isoformat()}
    if min_order_amount is not None:
        body["minOrderAmount"] = min_order_amount
    status, _, coupon = call(base_url, "POST", "/api/coupons", token(ADMIN, "ADMIN"), body)
    if status != 201:
        raise SystemExit(f"creating a coupon failed: {status} {coupon}")
    return coupon["id"]


def _first_row(query, database):
    """Runs one query with the mysql/mariadb client; returns the first row's fields as text ([] when none)."""
    client = shutil.which("mariadb") or shutil.which("mysql") or "mysql"
    out = subprocess.run([client, "-h" + os.environ.get("DB_HOST", "127.0.0.1"),
                          "-P" + os.environ.get("DB_PORT", "3306"), "-u" + os.environ.get("DB_USER", "promo"),
                          database, "-N", "-B"], input=query,
                         env={**os.environ, "MYSQL_PWD": os.environ.get("DB_PASSWORD", "promo")},
                         check=True, capture_output=True, text=True).stdout.strip()
    return out.split("\n")[0].split("\t") if out else []


def _int(field):
    return int(field) if field not in ("", "NULL") else 0


def sql(query, database=COUPON_DB):
    """Runs one query; returns the first column of the first row as int (0 when there is none or it is NULL)."""
    return _int((_first_row(query, database) or [""])[0])


def sql_row(query, database=COUPON_DB):
    """Runs one query; returns every column of the first row as int (NULL as 0), [] when there is no row."""
    return [_int(field) for field in _first_row(query, database)]


def sql_ids(ids):
    """A SQL list of request ids (UUIDs from the services' answers) or user ids (A-Z a-z 0-9 . _ @ : -);
    anything else is dropped."""
    return ",".join(f"'{i}'" for i in ids if re.fullmatch(r"[0-9A-Za-z._@:-]{1,64}", i)) or "''"


def poll_until(done, timeout, pause=0.1):
    """Calls done() every pause seconds until it is true; returns the seconds it took, or None after timeout."""
    started = time.monotonic()
    while not done():
        if time.monotonic() - started > timeout:
            return None
        time.sleep(pause)
    return time.monotonic() - started


def settled(read, timeout=60):
    """read()'s answer once two reads 0.5 s apart agree (the suite has finished what was in flight),
    or the last read after the timeout."""
    last, deadline = read(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        current = read()
        if current == last:
            break
        last = current
    return last


def at_once(calls):
    """Runs every zero-argument call on its own thread, released together by a barrier (as many users
    pressing at the same instant); returns their results in order and the seconds until the last one."""
    barrier = threading.Barrier(len(calls) + 1)

    def run(call_):
        barrier.wait()
        return call_()

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, c) for c in calls]
        barrier.wait()
        started = time.monotonic()
        results = [future.result() for future in futures]
    return results, time.monotonic() - started


def wait_for_outcomes(table, request_ids, success, database, timeout=120):
    """v3: waits until every request answered 202 has its outcome row in table (issue_request,
    point_request: no row yet is PENDING); returns (rows whose status is success, seconds or None)."""
    if not request_ids:
        return 0, None
    ids = sql_ids(request_ids)
    seconds = poll_until(lambda: sql(f"select count(*) from {table} where request_id in ({ids})", database)
                         >= len(request_ids), timeout, pause=0.05)
    return sql(f"select count(*) from {table} where request_id in ({ids}) and status = '{success}'", database), seconds


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


def grant_points(base_url, user_id, amount, source_id, valid_days=30, reason="load test"):
    """An admin grant (idempotent per source_id); returns the lot."""
    status, _, lot = call(base_url, "POST", "/api/points/grants", token(ADMIN, "ADMIN"), {
        "userId": user_id, "amount": amount, "reason": reason, "sourceId": source_id, "validDays": valid_days})
    if status not in (200, 201):
        raise SystemExit(f"granting {amount} points to {user_id} failed: {status} {lot}")
    return lot


def grant_all(base_url, grants, workers=32):
    """Grants {user_id: amount} in parallel, source id '<user>-grant'; returns the points granted."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda g: grant_points(base_url, g[0], g[1], f"{g[0]}-grant"), grants.items()))
    return sum(grants.values())


def create_promotion(base_url, name, total_joins, max_joins_per_user=1, reward_points=100, once_per_day=False):
    """Creates a reward promotion open from a minute ago for a day, no prerequisites; returns its id."""
    now = datetime.datetime.now(datetime.timezone.utc)
    status, _, promotion = call(base_url, "POST", "/api/points/promotions", token(ADMIN, "ADMIN"), {
        "name": name, "rewardPoints": reward_points, "rewardValidDays": 30, "totalJoins": total_joins,
        "maxJoinsPerUser": max_joins_per_user, "oncePerDay": once_per_day, "requiredPromotionIds": [],
        "startsAt": (now - datetime.timedelta(minutes=1)).isoformat(),
        "endsAt": (now + datetime.timedelta(days=1)).isoformat()})
    if status != 201:
        raise SystemExit(f"creating a promotion failed: {status} {promotion}")
    return promotion["id"]


def join_counts(promotion_id):
    """What point_db holds for a promotion: join rows, joined_count, total_joins, users with more than one
    join, and reward lots (distinct PROMOTION lots of the promotion's joins, each of the join's reward)."""
    p = int(promotion_id)
    rows, joined, total, multi, lots = sql_row(f"""
        select (select count(*) from point_join where promotion_id = {p}),
               (select joined_count from point_promotion where id = {p}),
               (select total_joins from point_promotion where id = {p}),
               (select count(*) from (select user_id from point_join where promotion_id = {p}
                                      group by user_id having count(*) > 1) m),
               (select count(distinct l.id) from point_join j join point_lot l on l.id = j.lot_id
                 where j.promotion_id = {p} and l.source = 'PROMOTION' and l.amount = j.reward_points)""", POINT_DB)
    return {"rowsInDb": rows, "joinedCount": joined, "totalJoins": total, "usersWithTwoJoins": multi,
            "rewardLots": lots}


def point_use_counts(user_prefix):
    """What point_db holds for the accounts whose user id starts with user_prefix (accounts that only
    earned and spent: no cancels, no expiry): accounts, their balance (sum), negative balances or lots,
    accounts whose ledger or lots disagree with the balance, accounts whose uses took other than what
    left their balance (Σ lot amount - balance), uses (rows and points), duplicate (user, orderId) uses."""
    like = "'" + re.sub(r"[^0-9A-Za-z.@:-]", "", user_prefix) + "%'"

    def per_user(table, column, where=""):
        return (f"left join (select user_id, sum({column}) s from {table} where user_id like {like} {where} "
                f"group by user_id)")

    accounts, balance, negative, mismatched, overspent, uses, used, duplicates = sql_row(f"""
        select (select count(*) from point_account where user_id like {like}),
               (select coalesce(sum(balance), 0) from point_account where user_id like {like}),
               (select count(*) from point_account where user_id like {like} and balance < 0)
                 + (select count(*) from point_lot where user_id like {like} and (remaining < 0 or remaining > amount)),
               (select count(*) from point_account a
                  {per_user("point_ledger_entry", "amount")} e on e.user_id = a.user_id
                  {per_user("point_lot", "remaining")} l on l.user_id = a.user_id
                 where a.user_id like {like} and (coalesce(e.s, 0) <> a.balance or coalesce(l.s, 0) <> a.balance)),
               (select count(*) from point_account a
                  {per_user("point_lot", "amount")} l on l.user_id = a.user_id
                  {per_user("point_use", "amount", "and status = 'USED'")} u on u.user_id = a.user_id
                 where a.user_id like {like} and coalesce(u.s, 0) <> coalesce(l.s, 0) - a.balance),
               (select count(*) from point_use where user_id like {like} and status = 'USED'),
               (select coalesce(sum(amount), 0) from point_use where user_id like {like} and status = 'USED'),
               (select count(*) from (select 1 from point_use where user_id like {like}
                                      group by user_id, order_id having count(*) > 1) d)""", POINT_DB)
    return {"accountsInDb": accounts, "balance": balance, "negative": negative, "ledgerMismatches": mismatched,
            "overspentAccounts": overspent, "usesInDb": uses, "usedPoints": used, "duplicateUses": duplicates}


def point_requests(kind, resource_clause):
    """Outcomes recorded in point_request for one kind (USE, JOIN) and resource_id clause: (all, DONE, REJECTED)."""
    return tuple(sql_row(f"select count(*), coalesce(sum(status = 'DONE'), 0), coalesce(sum(status = 'REJECTED'), 0) "
                         f"from point_request where kind = '{kind}' and resource_id {resource_clause}", POINT_DB))


def sql_rows(query, database=COUPON_DB):
    """Runs one query; returns every row as a list of text fields ([] when there is none)."""
    client = shutil.which("mariadb") or shutil.which("mysql") or "mysql"
    out = subprocess.run([client, "-h" + os.environ.get("DB_HOST", "127.0.0.1"),
                          "-P" + os.environ.get("DB_PORT", "3306"), "-u" + os.environ.get("DB_USER", "promo"),
                          database, "-N", "-B"], input=query,
                         env={**os.environ, "MYSQL_PWD": os.environ.get("DB_PASSWORD", "promo")},
                         check=True, capture_output=True, text=True).stdout.strip()
    return [line.split("\t") for line in out.split("\n")] if out else []


# --- time sales (timesale-service, DESIGN.md §4.3) -------------------------------------------------------------

def create_product(base_url, name, list_price):
    """Creates a product (admin); returns its id."""
    status, _, product = call(base_url, "POST", "/api/timesales/products", token(ADMIN, "ADMIN"),
                              {"name": name, "listPrice": list_price})
    if status != 201:
        raise SystemExit(f"creating a product failed: {status} {product}")
    return product["id"]


def create_sale(base_url, product_id, sale_price, total_stock, per_user_limit=1, hold_seconds=600,
                starts_in=-60, lasts=86_400):
    """Creates a time sale (admin) of total_stock units at sale_price KRW, open from starts_in seconds from now
    (default a minute ago) for lasts seconds; orders hold their units hold_seconds. Returns its id."""
    now = datetime.datetime.now(datetime.timezone.utc)
    starts = now + datetime.timedelta(seconds=starts_in)
    status, _, sale = call(base_url, "POST", "/api/timesales", token(ADMIN, "ADMIN"), {
        "productId": product_id, "salePrice": sale_price, "totalStock": total_stock, "perUserLimit": per_user_limit,
        "startsAt": starts.isoformat(), "endsAt": (starts + datetime.timedelta(seconds=lasts)).isoformat(),
        "holdSeconds": hold_seconds})
    if status != 201:
        raise SystemExit(f"creating a time sale failed: {status} {sale}")
    return sale["id"]


def order(base_url, sale_id, user_id, strategy="v2", quantity=1, headers=None):
    """POST /api/timesales/{saleId}/orders?strategy= as the user: (status, headers, body)."""
    return call(base_url, "POST", f"/api/timesales/{sale_id}/orders?strategy={strategy}", token(user_id),
                {"quantity": quantity}, headers)


def sale_state(base_url, sale_id):
    """GET /api/timesales/{saleId} (heldQuantity, soldQuantity, remainingQuantity, status, ...)."""
    status, _, sale = call(base_url, "GET", f"/api/timesales/{int(sale_id)}", token(ADMIN, "ADMIN"))
    if status != 200:
        raise SystemExit(f"reading time sale {sale_id} failed: {status} {sale}")
    return sale


def settle_order_requests(base_url, answers, timeout=120):
    """v3: follows every 202 answer (user, body, headers) through GET /api/timesales/requests/{id} as its owner
    until it is no longer WAITING; returns {requestId: final body} (a body {'status': 'TIMEOUT'} when still
    waiting after timeout seconds, {'status': 'HTTP <n>'} on an answer other than 200). Waits on the
    database's order_request first, so that the polls are few."""
    ids = [body["requestId"] for _, body, _ in answers]
    wait_for_outcomes("order_request", ids, "HELD", TIMESALE_DB, timeout)

    def follow(answer):
        user, body, headers = answer
        location = headers.get("Location") or headers.get("location") or f"/api/timesales/requests/{body['requestId']}"
        path = re.sub(r"^[a-z]+://[^/]+", "", location)  # an absolute Location: its path
        deadline = time.monotonic() + timeout
        while True:
            status, _, current = call(base_url, "GET", path, token(user))
            if status != 200:
                return body["requestId"], {"status": f"HTTP {status}", "body": current}
            if current.get("status") != "WAITING":
                return body["requestId"], current
            if time.monotonic() > deadline:
                return body["requestId"], {"status": "TIMEOUT"}
            time.sleep(0.2)

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        return dict(pool.map(follow, answers))


def decide_coupon_requests(base_url, accepted, timeout, pause=0.5):
    """Coupon issues answered 202 ({requestId: user}): polls GET /api/coupons/requests/{id} as each owner, every
    pause seconds, until none is PENDING or timeout seconds have passed. Returns ({requestId: (status, reason)}
    of the decided ones, {requestId: user} of those still undecided)."""
    deadline = time.monotonic() + timeout
    tokens = {user: token(user) for user in set(accepted.values())}
    pending, decided = dict(accepted), {}
    while pending and time.monotonic() < deadline:
        for request_id, user in list(pending.items()):
            status, _, body = call(base_url, "GET", f"/api/coupons/requests/{request_id}", tokens[user])
            if status == 200 and body["status"] != "PENDING":
                decided[request_id] = (body["status"], body.get("reason"))
                del pending[request_id]
        time.sleep(pause)
    return decided, pending


def await_gate_settled(base_url, coupon_id, timeout, or_reconciled=False, pause=2):
    """Polls a coupon's Redis gate (the admin endpoint GET /api/coupons/admin/gates/{id}) every pause seconds
    until it holds no stale in-flight admission and nothing in flight (or_reconciled: or, instead of nothing in
    flight, a reconciliation has run), or timeout seconds have passed; returns the last report read (None if
    none was)."""
    admin = token(ADMIN, "ADMIN")
    deadline = time.monotonic() + timeout
    report = None
    while time.monotonic() < deadline:
        status, _, report = call(base_url, "GET", f"/api/coupons/admin/gates/{coupon_id}", admin)
        if status == 200 and report["staleInFlight"] == 0 and (
                report["inFlight"] == 0 or (or_reconciled and report["lastReconciliation"])):
            break
        time.sleep(pause)
    return report


def sale_counts(sale_id):
    """What timesale_db holds for a sale: its counters, its orders by status (count and units), and the
    exactness counts: oversold units (held + sold - total, when > 0), units the counters disagree with the
    orders on (held_quantity - units of HELD orders, sold_quantity - units of PAID orders: a unit returned
    twice or never shows here), buyers whose sale_buyer quantity is not the units of their HELD and PAID
    orders, buyers over the per-user limit, and request ids with more than one order."""
    s = int(sale_id)
    statuses = ("HELD", "PAID", "CANCELLED", "EXPIRED", "REFUNDED")
    per_status = ",\n".join(
        f"(select count(*) from sale_order where sale_id = {s} and status = '{st}'), "
        f"(select coalesce(sum(quantity), 0) from sale_order where sale_id = {s} and status = '{st}')"
        for st in statuses)
    row = sql_row(f"""
        select t.total_stock, t.held_quantity, t.sold_quantity, t.per_user_limit,
               (select count(*) from sale_order where sale_id = {s}),
               {per_status},
               (select coalesce(sum(quantity), 0) from sale_buyer where sale_id = {s}),
               (select count(*) from sale_buyer b where b.sale_id = {s} and b.quantity <>
                  (select coalesce(sum(o.quantity), 0) from sale_order o
                    where o.sale_id = {s} and o.user_id = b.user_id and o.status in ('HELD', 'PAID'))),
               (select count(*) from (select user_id from sale_order where sale_id = {s} and status in ('HELD', 'PAID')
                                      group by user_id having sum(quantity) > (select per_user_limit from time_sale where id = {s})) o),
               (select count(*) from (select request_id from sale_order where sale_id = {s}
                                      group by request_id having count(*) > 1) r),
               (select count(*) from order_request where sale_id = {s}),
               (select count(*) from order_request where sale_id = {s} and status = 'HELD')
          from time_sale t where t.id = {s}""", TIMESALE_DB)
    if not row:
        raise SystemExit(f"time sale {sale_id} is not in {TIMESALE_DB}")
    total, held, sold, limit, orders = row[:5]
    by_status = {st: {"orders": row[5 + 2 * i], "units": row[6 + 2 * i]} for i, st in enumerate(statuses)}
    buyer_units, buyer_mismatches, over_limit, duplicate_requests, requests, requests_held = row[15:21]
    return {
        "totalStock": total, "held": held, "sold": sold, "remaining": total - held - sold, "perUserLimit": limit,
        "orders": orders, "byStatus": by_status, "buyerUnits": buyer_units,
        "oversold": max(held + sold - total, 0),
        "heldMismatch": held - by_status["HELD"]["units"], "soldMismatch": sold - by_status["PAID"]["units"],
        "buyerMismatches": buyer_mismatches, "usersOverLimit": over_limit, "duplicateRequests": duplicate_requests,
        "orderRequests": requests, "orderRequestsHeld": requests_held,
    }


def reward_lots(user_ids):
    """point_db's PURCHASE_REWARD lots of the given users: (lots, Σ amount, Σ remaining, users with more than one).
    A user of a run's own (one order each) makes these the rewards of that run's orders."""
    users = sql_ids(user_ids)
    return tuple(sql_row(f"""
        select count(*), coalesce(sum(amount), 0), coalesce(sum(remaining), 0),
               (select count(*) from (select user_id from point_lot where source = 'PURCHASE_REWARD'
                                        and user_id in ({users}) group by user_id having count(*) > 1) m)
          from point_lot where source = 'PURCHASE_REWARD' and user_id in ({users})""", POINT_DB))


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "token":
        raise SystemExit("usage: promo.py token <subject> [ttl-seconds] [ROLE ...]")
    print(token(sys.argv[2], *sys.argv[4:], ttl_seconds=int(sys.argv[3]) if len(sys.argv) > 3 else 3600))
