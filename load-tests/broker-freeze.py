#!/usr/bin/env python3
"""A publish that times out is in doubt, not failed: the broker freezes in the middle of a v3 burst.

On the running suite (scripts/up.sh, with the Kafka broker that scripts/stack.sh started): an admin
creates a coupon with UNITS units; USERS distinct users press "issue" with strategy v3 through the
gateway at once, and when FREEZE_AFTER of them have their answer the broker process is frozen
(SIGSTOP) for FREEZE_SECONDS, then resumed (SIGCONT). Then every caller told 202 polls its request
until it is decided, and the script checks that callers were told what the database holds:

  - no caller refused (409, 503) holds a coupon;
  - every 202 ends ISSUED or REJECTED (none stays PENDING), and the ISSUED ones are exactly the rows;
  - the coupon still sells out to exactly its units: fresh users drain it through v2.

    load-tests/broker-freeze.sh [--users 300] [--units 100] [--freeze-after 40] [--freeze-seconds 8]

Exits 1 on any mismatch. Standard library only.
"""
import argparse
import collections
import concurrent.futures
import datetime
import os
import platform
import signal
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
from promo import call, create_coupon, decide_coupon_requests, drain, issued_counts, sql, token  # noqa: E402


def broker_pid():
    path = os.path.join(ROOT, ".run", "stack", "kafka.pid")
    try:
        with open(path) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        raise SystemExit(f"no Kafka broker started by scripts/stack.sh ({path}); this run freezes that process")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:4000")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--freeze-after", type=int, default=40)
    parser.add_argument("--freeze-seconds", type=float, default=8)
    args = parser.parse_args()
    pid = broker_pid()
    run_id = datetime.datetime.now().strftime("%H%M%S")
    print(f"{args.users} users, {args.units} units, v3 through {args.gateway}; broker pid {pid} frozen for "
          f"{args.freeze_seconds:g} s after {args.freeze_after} answers; {platform.node()} {os.cpu_count()} cores, "
          f"{platform.system()} {platform.release()}")

    coupon_id = create_coupon(args.gateway, f"Broker freeze {run_id}", args.units)
    users = [f"freeze-{run_id}-{i}" for i in range(args.users)]
    tokens = {user: token(user) for user in users}
    barrier = threading.Barrier(args.users + 1)
    answered = [0]
    lock = threading.Lock()
    frozen_at = []

    def thaw():
        os.kill(pid, signal.SIGCONT)

    def press(user):
        barrier.wait()
        result = call(args.gateway, "POST", f"/api/coupons/{coupon_id}/issue?strategy=v3", tokens[user])
        with lock:
            answered[0] += 1
            if answered[0] == args.freeze_after:
                os.kill(pid, signal.SIGSTOP)
                frozen_at.append(time.monotonic())
                threading.Timer(args.freeze_seconds, thaw).start()
        return user, result

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.users) as pool:
            futures = [pool.submit(press, user) for user in users]
            barrier.wait()
            started = time.monotonic()
            results = [future.result() for future in futures]
            answered_in = time.monotonic() - started
    finally:
        time.sleep(max(0.0, args.freeze_seconds - (time.monotonic() - frozen_at[0])) if frozen_at else 0)
        thaw()

    statuses = collections.Counter(status for _, (status, _, _) in results)
    codes = collections.Counter(body.get("code") for _, (status, _, body) in results if status >= 400 and body)
    accepted = {body["requestId"]: user for user, (status, _, body) in results if status == 202}
    refused = [user for user, (status, _, _) in results if status != 202]

    outcomes, _ = decide_coupon_requests(args.gateway, accepted, 180)
    decided_in = time.monotonic() - started
    told_issued = sum(1 for status, _ in outcomes.values() if status == "ISSUED")
    reasons = collections.Counter(reason for status, reason in outcomes.values() if status == "REJECTED")
    refused_holding = sql(f"select count(*) from issued_coupon where coupon_id = {coupon_id} and user_id in ("
                          + ",".join(f"'{u}'" for u in refused) + ")") if refused else 0
    before_drain = issued_counts(coupon_id)

    drain_statuses = drain(args.gateway, coupon_id, f"after-{run_id}", args.units)
    after_drain = issued_counts(coupon_id)

    print(f"answers: {dict(sorted(statuses.items()))} in {answered_in * 1000:.0f} ms; refusals {dict(codes)}")
    print(f"202s decided: {len(outcomes)}/{len(accepted)} in {decided_in:.1f} s; ISSUED {told_issued}, "
          f"REJECTED {dict(reasons)}")
    print(f"database: {before_drain['rowsInDb']} rows, issued_quantity {before_drain['issuedQuantity']}, "
          f"refused callers holding a coupon {refused_holding}")
    print(f"drain with fresh users (v2) until sold out: {dict(drain_statuses)} -> issued_quantity "
          f"{after_drain['issuedQuantity']}/{args.units}, rows {after_drain['rowsInDb']}, "
          f"duplicates {after_drain['duplicatePairs']}")
    ok = (len(outcomes) == len(accepted) and refused_holding == 0
          and before_drain["rowsInDb"] == before_drain["issuedQuantity"] == told_issued
          and after_drain["issuedQuantity"] == after_drain["rowsInDb"] == args.units
          and after_drain["duplicatePairs"] == 0 and set(statuses) <= {202, 409, 503})
    print("told = DB, every 202 decided, sold out to exactly its units" if ok else "MISMATCH: see above")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
