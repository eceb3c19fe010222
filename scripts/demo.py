#!/usr/bin/env python3
"""First-come-first-served on the running suite, through the gateway: a coupon, a promotion, a flash sale.

For each strategy (v1 DB lock, v2 Redis gate, v3 Kafka queue):
  coupon: an admin creates a coupon with UNITS units, USERS distinct users (each with their own token)
    press "issue" at the same instant; the script prints successes, refusals by code, what the database
    holds (rows, issued_quantity, duplicate (coupon, user) pairs) and the elapsed time;
  join: an admin creates a reward promotion of JOINS joins (maxJoinsPerUser 1), USERS other users press
    "join" at the same instant; the script prints how many got it, refusals by code, and what point_db
    holds (join rows, joined_count, reward lots, users with two joins).
  timesale: an admin creates a time sale of UNITS units (perUserLimit 1, holdSeconds --hold-seconds) and
    grants each of USERS other users 1,000 points; they press "order" at the same instant. Of the holders,
    half pay (500 points each, the first few with a FIXED 1,000 KRW coupon they are issued first), a
    quarter cancel, a quarter let the hold run out (the demo waits for the expiry sweep). The script prints
    the stock (held/sold/remaining), orders by status, the purchase rewards point-service granted to the
    payers (PURCHASE_REWARD lots in point_db, their sum against floor(paidAmount x 0.01) each) and the
    exactness counts: oversold units, duplicate orders, units returned twice or never (counters against
    the orders).
For v3 it also waits for the queue to drain (every request answered 202 has its outcome).

    scripts/demo.sh [--users 300] [--units 100] [--joins 50] [--strategies v1,v2,v3]
                    [--workloads coupon,join,timesale] [--hold-seconds 15] [--gateway http://127.0.0.1:4000]

Standard library only. Tokens are signed like scripts/token.sh (PROMO_JWT_SECRET).
"""
import argparse
import collections
import concurrent.futures
import datetime
import os
import platform
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from promo import (COUPON_DB, POINT_DB, TIMESALE_DB, at_once, call, create_coupon, create_product,  # noqa: E402
                   create_promotion, create_sale, grant_all, issued_counts, join_counts, poll_until, reward_lots,
                   sale_counts, sale_state, settle_order_requests, sql, token, wait_for_outcomes)


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


SALE_PRICE, POINTS_GRANTED, POINTS_PAID, COUPON_OFF, COUPON_PAYERS = 10_000, 1_000, 500, 1_000, 5


def run_timesale(gateway, strategy, users, units, run_id, hold_seconds):
    """A flash sale: the stampede, then the holders pay, cancel or let the hold expire (see the module's doc)."""
    product_id = create_product(gateway, f"Demo {strategy} {run_id}", 2 * SALE_PRICE)
    sale_id = create_sale(gateway, product_id, SALE_PRICE, units, per_user_limit=1, hold_seconds=hold_seconds)
    coupon_id = create_coupon(gateway, f"Demo sale {strategy} {run_id}", COUPON_PAYERS, discount_value=COUPON_OFF)
    buyers = [f"demo-{run_id}-sale-{strategy}-{i}" for i in range(users)]
    grant_all(gateway, {b: POINTS_GRANTED for b in buyers})
    results, elapsed = at_once([lambda b=b: call(gateway, "POST", f"/api/timesales/{sale_id}/orders?strategy={strategy}",
                                                 token(b), {"quantity": 1}) for b in buyers])
    statuses = collections.Counter(status for status, _, _ in results)
    queued = [(b, body, headers) for b, (status, headers, body) in zip(buyers, results) if status == 202]
    drain_started = time.monotonic()
    outcomes = settle_order_requests(gateway, queued) if queued else {}
    drained = time.monotonic() - drain_started
    holders = [(b, body["orderId"]) for b, (status, _, body) in zip(buyers, results) if status == 201]
    holders += [(b, outcomes[body["requestId"]]["orderId"]) for b, body, _ in queued
                if outcomes[body["requestId"]].get("status") == "HELD"]
    refusals = collections.Counter(str(body.get("code") if isinstance(body, dict) else body)
                                   for status, _, body in results if status >= 400)
    refusals.update(f"{o.get('reason')} (v3)" for o in outcomes.values() if o.get("status") == "REJECTED")
    r = {
        "created201": statuses[201], "accepted202": statuses[202], "succeeded": len(holders),
        "refusals": dict(refusals), "otherStatuses": {s: n for s, n in statuses.items() if s not in (201, 202, 409)},
        "servedBy": dict(collections.Counter(headers.get("X-Strategy") for _, headers, _ in results)),
        "elapsedMs": round(elapsed * 1000), "queueDrainedMs": round((elapsed + drained) * 1000) if queued else None,
        "saleId": sale_id,
    }
    undecided = sum(1 for o in outcomes.values() if o.get("status") not in ("HELD", "REJECTED"))
    if undecided:
        r["otherStatuses"]["v3 undecided"] = undecided
    # half pay (the first few with a coupon), a quarter cancel, a quarter let the hold run out
    payers = [h for i, h in enumerate(holders) if i % 4 in (0, 1)]
    cancellers = [h for i, h in enumerate(holders) if i % 4 == 2]
    idle = [h for i, h in enumerate(holders) if i % 4 == 3]

    def pay(i_holder):
        i, (user, order_id) = i_holder
        body = {"points": POINTS_PAID}
        if i < COUPON_PAYERS:
            status, _, issued = call(gateway, "POST", f"/api/coupons/{coupon_id}/issue?strategy=v1", token(user))
            if status == 201:
                body["issuedCouponId"] = issued["id"]
        status, _, paid = call(gateway, "POST", f"/api/timesales/orders/{order_id}/pay", token(user), body)
        return status, paid

    def cancel(holder):
        user, order_id = holder
        return call(gateway, "POST", f"/api/timesales/orders/{order_id}/cancel", token(user))[0]

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        paid = list(pool.map(pay, enumerate(payers)))
        cancelled = list(pool.map(cancel, cancellers))
    r["payAnswers"] = dict(collections.Counter(
        status if status == 200 else f"{status} {body.get('code') if isinstance(body, dict) else body}"
        for status, body in paid))
    r["cancelAnswers"] = dict(collections.Counter(cancelled))
    paid_amounts = [body["paidAmount"] for status, body in paid if status == 200]
    # the idle holds run out hold_seconds after they were made: wait for the sweep, then read what is left (lazy)
    expiry_started = time.monotonic()
    poll_until(lambda: sale_counts(sale_id)["byStatus"]["HELD"]["orders"] == 0, hold_seconds + 30, pause=0.5)
    left = sale_counts(sale_id)["byStatus"]["HELD"]["orders"]
    if left:
        for user, order_id in idle:
            call(gateway, "GET", f"/api/timesales/orders/{order_id}", token(user))
    r["expiredAfterS"] = round(time.monotonic() - expiry_started, 1)
    r["sweptAll"] = left == 0
    paid_users = [user for (user, _), (status, _) in zip(payers, paid) if status == 200]
    expected_rewards = sum(amount // 100 for amount in paid_amounts)  # floor(paidAmount x 0.01) each
    poll_until(lambda: reward_lots(paid_users)[0] >= len(paid_users), 30, pause=0.5)
    lots, reward_sum, _, twice = reward_lots(paid_users)
    r.update(sale_counts(sale_id))
    api = sale_state(gateway, sale_id)
    r.update(payers=len(payers), paid=len(paid_users), cancellers=len(cancellers), idle=len(idle),
             rewardLots=lots, rewardSum=reward_sum, expectedRewards=expected_rewards, rewardedTwice=twice,
             api={k: api.get(k) for k in ("heldQuantity", "soldQuantity", "remainingQuantity", "status")},
             usersTwice=sql(f"select count(*) from (select user_id from sale_order where sale_id = {int(sale_id)} "
                            f"group by user_id having count(*) > 1) d", TIMESALE_DB))
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
    parser.add_argument("--workloads", default="coupon,join,timesale",
                        help="any of coupon, join, timesale (default all three)")
    parser.add_argument("--hold-seconds", type=int, default=15,
                        help="the time sale's holdSeconds: the holders who neither pay nor cancel wait this long")
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
    if "timesale" in workloads:
        print(f"\ntime sale of {args.units} units, perUserLimit 1, holdSeconds {args.hold_seconds}: {args.users} buyers "
              f"granted {POINTS_GRANTED} points each press \"order\"; of the holders half pay ({POINTS_PAID} points, "
              f"the first {COUPON_PAYERS} with a {COUPON_OFF} KRW coupon), a quarter cancel, a quarter let the hold expire")
        header("held", f"{'sale':>6}")
        exact = min(args.units, args.users)
        sales = []
        for strategy in strategies:
            r = run_timesale(args.gateway, strategy, args.users, args.units, run_id, args.hold_seconds)
            line(strategy, r, f"{r['saleId']:>6}")
            sales.append((strategy, r))
        print()
        text = (f"{'strategy':8} {'held':>5} {'sold':>5} {'remain':>6} {'PAID':>5} {'CANCEL':>6} {'EXPIRED':>7} "
                f"{'HELD':>5} {'rewards (lots, sum / expected)':>31} {'oversold':>8} {'dupOrders':>9} {'returned≠':>9}"
                f"  pay answers, cancel answers, expiry")
        print(text)
        print("-" * len(text))
        for strategy, r in sales:
            by = r["byStatus"]
            returned = abs(r["heldMismatch"]) + abs(r["soldMismatch"]) + r["buyerMismatches"]
            duplicates = r["usersTwice"] + r["duplicateRequests"] + r["usersOverLimit"]
            rewards = f"{r['rewardLots']}, {r['rewardSum']} / {r['expectedRewards']}"
            print(f"{strategy:8} {r['held']:>5} {r['sold']:>5} {r['remaining']:>6} {by['PAID']['orders']:>5} "
                  f"{by['CANCELLED']['orders']:>6} {by['EXPIRED']['orders']:>7} {by['HELD']['orders']:>5} {rewards:>31} "
                  f"{r['oversold']:>8} {duplicates:>9} {returned:>9}  pay {r['payAnswers']}, cancel {r['cancelAnswers']}, "
                  f"{'swept' if r['sweptAll'] else 'read (lazy)'} after {r['expiredAfterS']} s")
            api = r["api"]
            if (api["heldQuantity"], api["soldQuantity"], api["remainingQuantity"]) != (r["held"], r["sold"], r["remaining"]):
                print(f"         GET /api/timesales/{r['saleId']} disagrees: {api}")
            failed |= not (r["succeeded"] == r["orders"] == exact and not r["otherStatuses"]
                           and r["oversold"] == 0 and duplicates == 0 and returned == 0 and r["sold"] <= r["totalStock"]
                           and r["held"] == 0 and r["sold"] == r["paid"] == r["payers"]
                           and by["CANCELLED"]["orders"] == r["cancellers"] and by["EXPIRED"]["orders"] == r["idle"]
                           and r["rewardLots"] == r["paid"] and r["rewardSum"] == r["expectedRewards"]
                           and r["rewardedTwice"] == 0 and api["remainingQuantity"] == r["remaining"])
        print("(held/sold/remain: time_sale's counters; PAID…HELD: orders by status; rewards: PURCHASE_REWARD lots of "
              "the payers in point_db; dupOrders: users with two orders or over the limit, request ids with two "
              "orders; returned≠: units the counters and sale_buyer disagree with the orders on, i.e. stock "
              "returned twice or never)")
    print("\nevery strategy gave out exactly the units, joins and sale units, nobody twice, the database agrees with the callers"
          if not failed else "\nMISMATCH: see the tables")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
