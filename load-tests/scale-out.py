#!/usr/bin/env python3
"""Two instances of each service behind one gateway: exact under a stampede, and after one is killed.

On a suite started with two instances (scripts/up.sh --instances 2; etcd discovery on):
  1. stampede: an admin creates a coupon of UNITS units; USERS distinct users press "issue" at once
     through the gateway with v1, v2 and v3 mixed. Checks: exactly UNITS issued, nobody twice, every 201
     and every v3 ISSUED has its row, and both coupon-service instances served (their promo_issue_total
     counters moved).
  2. kill: a second coupon; a stream of users (--stream users over about --stream-seconds) presses with
     mixed strategies; --kill-at seconds in, coupon-service-2 is killed with SIGKILL. The script records
     every answer with its time, then waits for reconciliation to give back what the dead instance held
     in flight (GET /api/coupons/admin/gates/{id}: no stale in-flight admissions), for every 202 to be
     decided, and has fresh users drain the coupon through v2. Checks: no accepted request lost (every
     201 has its row, every 202 ended ISSUED or REJECTED with a reason), the coupon sells out to exactly
     its units (no stock stranded), nobody twice; and it reports how long after the kill the gateway
     still answered with a failure (503/504/502 or a broken connection) before routing only to the
     live instance.

    PROMO_ISSUING_RECONCILE_AFTER=20s scripts/up.sh --instances 2
    load-tests/scale-out.sh [--users 300] [--units 100] [--stream 900] [--stream-seconds 9] [--kill-at 3]

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
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
from promo import (at_once, await_gate_settled, call, create_coupon, decide_coupon_requests, drain,  # noqa: E402
                   issued_counts, scrape, sql_rows, token)

APPS = os.path.join(ROOT, ".run", "apps")
STRATEGIES = ("v1", "v2", "v3")


def pid_of(instance):
    with open(os.path.join(APPS, f"{instance}.pid")) as f:
        pid = int(f.read().strip())
    os.kill(pid, 0)
    return pid


def issued_total(management_port):
    """Σ promo_issue_total{outcome=issued} on one instance's management port (None if it does not answer)."""
    try:
        samples = scrape(f"http://127.0.0.1:{management_port}/actuator/prometheus", timeout=3)
    except OSError:
        return None
    return sum(value for series, value in samples.items()
               if series.startswith("promo_issue_total{") and 'outcome="issued"' in series)


def press(gateway, coupon_id, user, strategy):
    started = time.monotonic()
    try:
        status, _, body = call(gateway, "POST", f"/api/coupons/{coupon_id}/issue?strategy={strategy}", token(user))
    except Exception as error:  # a connection broken when the instance died
        status, body = 0, {"code": type(error).__name__}
    return {"user": user, "strategy": strategy, "status": status, "body": body or {}, "at": started}


def decide(gateway, answers):
    """Polls every 202 until it is decided (two minutes at most): ({requestId: (status, reason)}, the undecided)."""
    return decide_coupon_requests(gateway, {a["body"]["requestId"]: a["user"] for a in answers if a["status"] == 202},
                                  120)


def check(name, ok, detail):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
    return ok


def stampede(args, run_id):
    coupon_id = create_coupon(args.gateway, f"Scale-out {run_id}", args.units)
    before = {port: issued_total(port) for port in (3101, 3111)}
    results, elapsed = at_once([lambda i=i: press(args.gateway, coupon_id, f"so-{run_id}-{i}", STRATEGIES[i % 3])
                                for i in range(args.users)])
    decided, pending = decide(args.gateway, results)
    counts = issued_counts(coupon_id)
    told = sum(1 for a in results if a["status"] == 201) + sum(1 for s, _ in decided.values() if s == "ISSUED")
    served = {port: (issued_total(port) or 0) - (before[port] or 0) for port in before}
    statuses = collections.Counter(a["status"] for a in results)
    codes = collections.Counter(a["body"].get("code") for a in results if a["status"] not in (201, 202))
    print(f"stampede refusals/failures by code: {dict(codes)}")
    ok = check("stampede through two instances is exact",
               counts["issuedQuantity"] == counts["rowsInDb"] == told == args.units
               and counts["duplicatePairs"] == 0 and not pending,
               f"{args.users} users, {args.units} units in {elapsed * 1000:.0f} ms: answers {dict(statuses)}; issued "
               f"{counts['issuedQuantity']}, rows {counts['rowsInDb']}, told {told}, duplicates "
               f"{counts['duplicatePairs']}, undecided 202s {len(pending)}")
    ok &= check("both instances served", all(v > 0 for v in served.values()),
                f"issued by coupon-service :3001 {served[3101]:.0f}, coupon-service-2 :3011 {served[3111]:.0f}")
    return ok


def kill_run(args, run_id):
    coupon_id = create_coupon(args.gateway, f"Scale-out kill {run_id}", args.units * 3)
    victim = pid_of("coupon-service-2")
    interval = args.stream_seconds / args.stream
    start = time.monotonic()
    killed_at = None
    answers = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
        futures = []
        for i in range(args.stream):
            due = start + i * interval
            if killed_at is None and time.monotonic() - start >= args.kill_at:
                os.kill(victim, signal.SIGKILL)
                killed_at = time.monotonic()
            time.sleep(max(0.0, due - time.monotonic()))
            futures.append(pool.submit(press, args.gateway, coupon_id, f"sok-{run_id}-{i}", STRATEGIES[i % 3]))
        answers = [f.result() for f in futures]
    failures_after = [a["at"] - killed_at for a in answers
                      if a["at"] >= killed_at and a["status"] not in (201, 202, 409)]
    statuses = collections.Counter(a["status"] for a in answers)
    codes = collections.Counter(a["body"].get("code") for a in answers if a["status"] not in (201, 202))
    print(f"kill: coupon-service-2 (pid {victim}) SIGKILLed {killed_at - start:.1f} s into a stream of {args.stream} "
          f"users over {args.stream_seconds} s; answers {dict(statuses)}, refusals/failures {dict(codes)}")
    stopped = max(failures_after) if failures_after else 0.0
    ok = check("the gateway stops sending to the dead instance within seconds", stopped <= args.stop_within,
               f"{len(failures_after)} failed answers after the kill, the last to a request sent {stopped:.1f} s "
               f"after it (limit {args.stop_within} s)")

    started = time.monotonic()
    report = await_gate_settled(args.gateway, coupon_id, args.reconcile_timeout)
    print(f"gate {time.monotonic() - started:.0f} s after the stream: {report}")
    decided, pending = decide(args.gateway, answers)
    rows = {row for row in issued_users(coupon_id)}
    lost = [a for a in answers if a["status"] == 201 and a["user"] not in rows]
    reasons = collections.Counter(r for s, r in decided.values() if s == "REJECTED")
    ok &= check("no accepted request lost", not lost and not pending,
                f"201s without a row {len(lost)}; 202s decided {len(decided)} (ISSUED "
                f"{sum(1 for s, _ in decided.values() if s == 'ISSUED')}, REJECTED {dict(reasons)}), undecided "
                f"{len(pending)}")
    drained = drain(args.gateway, coupon_id, f"sod-{run_id}", args.units * 3)
    after = issued_counts(coupon_id)
    ok &= check("no stock stranded: the coupon sells out to exactly its units",
                after["issuedQuantity"] == after["rowsInDb"] == args.units * 3 and after["duplicatePairs"] == 0,
                f"drain with fresh users {dict(drained)} -> issued {after['issuedQuantity']}/{args.units * 3}, rows "
                f"{after['rowsInDb']}, duplicates {after['duplicatePairs']}")
    return ok


def issued_users(coupon_id):
    return [row[0] for row in sql_rows(f"select user_id from issued_coupon where coupon_id = {int(coupon_id)}")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:4000")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--stream", type=int, default=900, help="users of the kill run")
    parser.add_argument("--stream-seconds", type=float, default=9)
    parser.add_argument("--kill-at", type=float, default=3, help="seconds into the stream")
    parser.add_argument("--stop-within", type=float, default=10,
                        help="seconds after the kill by which the gateway must route only to the live instance")
    parser.add_argument("--reconcile-timeout", type=int, default=420)
    args = parser.parse_args()
    run_id = datetime.datetime.now().strftime("%H%M%S")
    print(f"scale-out run {run_id} through {args.gateway}; {platform.node()} {os.cpu_count()} cores, "
          f"{platform.system()} {platform.release()}")
    ok = stampede(args, run_id)
    ok &= kill_run(args, run_id)
    print("two instances: exact, and exact after one was killed" if ok else "MISMATCH")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
