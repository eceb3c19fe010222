#!/usr/bin/env python3
"""First-come-first-served on the running suite, through the gateway: a coupon, then a promotion.

For each strategy (v1 DB lock, v2 Redis gate, v3 Kafka queue):
  coupon: an admin creates a coupon with UNITS units, USERS distinct users (each with their own token)
    press "issue" at the same instant; the script prints successes, refusals by code, what the database
    holds (rows, issued_quantity, duplicate (coupon, user) pairs) and the elapsed time;
  join: an admin creates a reward promotion of JOINS joins (maxJoinsPerUser 1), USERS other users press
    "join" at the same instant; the script prints how many got it, refusals by code, and what point_db
    holds (join rows, joined_count, reward lots, users with two joins).
For v3 it also waits for the queue to drain (every request answered 202 has its outcome).

    scripts/demo.sh [--users 300] [--units 100] [--joins 50] [--strategies v1,v2,v3] [--workloads coupon,join]
                    [--gateway http://127.0.0.1:4000]

Standard library only. Tokens are signed like scripts/token.sh (PROMO_JWT_SECRET).
"""
import argparse
import collections
import datetime
import os
import platform
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from promo import (COUPON_DB, POINT_DB, at_once, call, create_coupon, create_promotion, issued_counts,  # noqa: E402
                   join_counts, token, wait_for_outcomes)


def press(gateway, path, subjects, outcome_table, success, database):
    """Every subject presses (POSTs path) at the same instant; for the 202s, waits for the queue. Returns
    the answers counted: 201s, 202s, successes after the queue, refusals by code, other statuses, served
    by (X-Strategy), elapsed ms and ms until the queue had drained."""
    results, elapsed = at_once([lambda s=s: call(gateway, "POST", path, token(s)) for s in subjects])
    statuses = collections.Counter(status for status, _, _ in results)
    queued = [body["requestId"] for status, _, body in results if status == 202 and body and "requestId" in body]
    queued_success, drained = wait_for_outcomes(outcome_table, queued, success, database)
    return {
        "created201": statuses[201], "accepted202": statuses[202], "succeeded": statuses[201] + queued_success,
        "refusals": dict(collections.Counter(body.get("code") for status, _, body in results if status >= 400 and body)),
        "otherStatuses": {s: n for s, n in statuses.items() if s not in (201, 202, 409)},
        "servedBy": dict(collections.Counter(headers.get("X-Strategy") for _, headers, _ in results)),
        "elapsedMs": round(elapsed * 1000),
        "queueDrainedMs": round((elapsed + drained) * 1000) if drained is not None else None,  # since the presses
    }


def run_coupon(gateway, strategy, users, units, run_id):
    coupon_id = create_coupon(gateway, f"Demo {strategy} {run_id}", units)
    # issue_request also records v2's outcomes: only the requests answered 202 are waited for
    r = press(gateway, f"/api/coupons/{coupon_id}/issue?strategy={strategy}",
              [f"demo-{run_id}-{strategy}-{i}" for i in range(users)], "issue_request", "ISSUED", COUPON_DB)
    r.update(issued_counts(coupon_id))
    r.update(couponId=coupon_id, oversell=r["rowsInDb"] - units)
    return r


def run_join(gateway, strategy, users, joins, run_id):
    promotion_id = create_promotion(gateway, f"Demo join {strategy} {run_id}", joins, max_joins_per_user=1)
    r = press(gateway, f"/api/points/promotions/{promotion_id}/join?strategy={strategy}",
              [f"demo-{run_id}-join-{strategy}-{i}" for i in range(users)], "point_request", "DONE", POINT_DB)
    r.update(join_counts(promotion_id))
    r["promotionId"] = promotion_id
    return r


def line(strategy, r, *cells):
    """One row: strategy, 201, 202, successes, refusals, the given cells, elapsed, drained."""
    refused = ", ".join(f"{code}: {n}" for code, n in sorted(r["refusals"].items())) or "-"
    drained = f"{r['queueDrainedMs']}ms" if r["queueDrainedMs"] is not None else "-"
    print(f"{strategy:8} {r['created201']:>4} {r['accepted202']:>4} {r['succeeded']:>6} {refused:34} "
          + " ".join(cells) + f" {r['elapsedMs']:>6}ms {drained:>8}")
    if r["otherStatuses"]:
        print(f"         unexpected statuses: {r['otherStatuses']}")


def header(success, *columns):
    text = f"{'strategy':8} {'201':>4} {'202':>4} {success:>6} {'refused (code: n)':34} " + " ".join(columns) \
           + f" {'elapsed':>8} {'drained':>8}"
    print(text)
    print("-" * len(text))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:4000")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--units", type=int, default=100, help="the coupon's units")
    parser.add_argument("--joins", type=int, default=50, help="the promotion's totalJoins")
    parser.add_argument("--strategies", default="v1,v2,v3")
    parser.add_argument("--workloads", default="coupon,join", help="coupon, join or both (default)")
    args = parser.parse_args()
    run_id = datetime.datetime.now().strftime("%H%M%S")
    strategies = args.strategies.split(",")
    workloads = args.workloads.split(",")
    print(f"{args.users} users at once through {args.gateway}; "
          f"{platform.node()} {os.cpu_count()} cores, {platform.system()} {platform.release()}")
    failed = False
    if "coupon" in workloads:
        print(f"\ncoupon of {args.units} units")
        header("issued", f"{'rows':>4}", f"{'issuedQty':>9}", f"{'dups':>4}", f"{'oversell':>8}")
        exact = min(args.units, args.users)
        for strategy in strategies:
            r = run_coupon(args.gateway, strategy, args.users, args.units, run_id)
            line(strategy, r, f"{r['rowsInDb']:>4}", f"{r['issuedQuantity']:>9}", f"{r['duplicatePairs']:>4}",
                 f"{r['oversell']:>8}")
            failed |= not (r["rowsInDb"] == r["issuedQuantity"] == r["succeeded"] == exact
                           and r["duplicatePairs"] == 0 and not r["otherStatuses"])
    if "join" in workloads:
        print(f"\npromotion of {args.joins} joins, maxJoinsPerUser 1")
        header("joined", f"{'rows':>4}", f"{'joinedCount':>11}", f"{'rewardLots':>10}", f"{'twice':>5}")
        exact = min(args.joins, args.users)
        for strategy in strategies:
            r = run_join(args.gateway, strategy, args.users, args.joins, run_id)
            line(strategy, r, f"{r['rowsInDb']:>4}", f"{r['joinedCount']:>11}", f"{r['rewardLots']:>10}",
                 f"{r['usersWithTwoJoins']:>5}")
            failed |= not (r["rowsInDb"] == r["joinedCount"] == r["rewardLots"] == r["succeeded"] == exact
                           and r["usersWithTwoJoins"] == 0 and not r["otherStatuses"])
    print("\nevery strategy gave out exactly the units and joins, nobody twice, the database agrees with the callers"
          if not failed else "\nMISMATCH: see the tables")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
