#!/usr/bin/env python3
"""First-come-first-served on the running suite, through the gateway.

For each strategy (v1 DB lock, v2 Redis gate, v3 Kafka queue): an admin creates a coupon with
UNITS units, USERS distinct users (each with their own token) press "issue" at the same instant,
then the script prints successes, refusals by code, what the database holds (rows, issued_quantity,
duplicate (coupon, user) pairs) and the elapsed time. For v3 it also waits for the queue to drain.

    scripts/demo.sh [--users 300] [--units 100] [--strategies v1,v2,v3] [--gateway http://127.0.0.1:4000]

Standard library only. Tokens are signed like scripts/token.sh (PROMO_JWT_SECRET).
"""
import argparse
import collections
import concurrent.futures
import datetime
import os
import platform
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from promo import call, create_coupon, issued_counts, sql, token  # noqa: E402


def run(gateway, strategy, users, units, run_id):
    coupon_id = create_coupon(gateway, f"Demo {strategy} {run_id}", units)
    tokens = [token(f"demo-{run_id}-{strategy}-{i}") for i in range(users)]
    barrier = threading.Barrier(users + 1)

    def press(bearer):
        barrier.wait()
        return call(gateway, "POST", f"/api/coupons/{coupon_id}/issue?strategy={strategy}", bearer)

    with concurrent.futures.ThreadPoolExecutor(max_workers=users) as pool:
        futures = [pool.submit(press, bearer) for bearer in tokens]
        barrier.wait()
        started = time.monotonic()
        results = [future.result() for future in futures]
        elapsed = time.monotonic() - started

    statuses = collections.Counter(status for status, _, _ in results)
    refusals = collections.Counter(body.get("code") for status, _, body in results if status >= 400 and body)
    served = collections.Counter(headers.get("X-Strategy") for _, headers, _ in results)
    accepted = statuses[202]
    # issue_request also records v2's outcomes: look at the requests that were answered 202 only
    queued = ",".join(f"'{body['requestId']}'" for status, _, body in results if status == 202) or "''"
    drained = None
    if accepted:
        deadline = time.monotonic() + 120
        while sql(f"select count(*) from issue_request where request_id in ({queued})") < accepted:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        drained = time.monotonic() - started
    queued_issued = sql(f"select count(*) from issue_request where request_id in ({queued}) and status = 'ISSUED'")
    counts = issued_counts(coupon_id)
    rows = counts["rowsInDb"]
    return {
        "strategy": strategy, "couponId": coupon_id, "users": users, "units": units,
        "created201": statuses[201], "accepted202": accepted, "issuedAfterQueue": statuses[201] + queued_issued,
        "refusals": dict(refusals), "otherStatuses": {s: n for s, n in statuses.items() if s not in (201, 202, 409)},
        "servedBy": dict(served), **counts, "oversell": rows - units, "elapsedMs": round(elapsed * 1000),
        "queueDrainedMs": round(drained * 1000) if drained is not None else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:4000")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--strategies", default="v1,v2,v3")
    args = parser.parse_args()
    run_id = datetime.datetime.now().strftime("%H%M%S")
    print(f"{args.users} users, {args.units} units, through {args.gateway}; "
          f"{platform.node()} {os.cpu_count()} cores, {platform.system()} {platform.release()}")
    header = f"{'strategy':8} {'201':>4} {'202':>4} {'issued':>6} {'refused (code: n)':34} {'rows':>4} " \
             f"{'issuedQty':>9} {'dups':>4} {'oversell':>8} {'elapsed':>8} {'drained':>8}"
    print(header)
    print("-" * len(header))
    failed = False
    for strategy in args.strategies.split(","):
        r = run(args.gateway, strategy, args.users, args.units, run_id)
        refused = ", ".join(f"{code}: {n}" for code, n in sorted(r["refusals"].items())) or "-"
        print(f"{strategy:8} {r['created201']:>4} {r['accepted202']:>4} {r['issuedAfterQueue']:>6} {refused:34} "
              f"{r['rowsInDb']:>4} {r['issuedQuantity']:>9} {r['duplicatePairs']:>4} {r['oversell']:>8} "
              f"{r['elapsedMs']:>6}ms {(str(r['queueDrainedMs']) + 'ms') if r['queueDrainedMs'] is not None else '-':>8}")
        if r["otherStatuses"]:
            print(f"         unexpected statuses: {r['otherStatuses']}")
        exact = min(args.units, args.users)
        failed |= not (r["rowsInDb"] == r["issuedQuantity"] == r["issuedAfterQueue"] == exact
                       and r["duplicatePairs"] == 0 and not r["otherStatuses"])
    print("every strategy issued exactly the units, no duplicates, DB agrees with callers" if not failed
          else "MISMATCH: see the table")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
