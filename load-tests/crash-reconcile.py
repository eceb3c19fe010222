#!/usr/bin/env python3
"""No stranded stock after a crash: coupon-service is killed (SIGKILL) in the middle of a burst.

On the running suite (scripts/up.sh): an admin creates a coupon with UNITS units; USERS distinct
users press "issue" with STRATEGY through the gateway at once, and when KILL_AFTER of them have their
answer, coupon-service is killed with SIGKILL. Admissions taken at the Redis gate by requests that
died in flight are neither written nor released. The script restarts coupon-service (same jar, same
environment; --reconcile-after shortens promo.issuing.reconcile-after for the run, default 3 min in
production), waits until the issuing kit's reconciliation has rebuilt the coupon's gate (the admin
endpoint GET /api/coupons/admin/gates/{id}), waits for every 202 to be decided, then has fresh users
drain the coupon through v2. It passes when the coupon sells out to exactly its units.

    load-tests/crash-reconcile.sh [--strategy v2|v3] [--users 300] [--units 100] [--kill-after 40]
                                  [--reconcile-after 20s]

Exits 1 on any mismatch. Standard library only.
"""
import argparse
import collections
import concurrent.futures
import datetime
import os
import platform
import signal
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
from promo import (await_gate_settled, call, create_coupon, decide_coupon_requests, drain,  # noqa: E402
                   issued_counts, token)

APPS = os.path.join(ROOT, ".run", "apps")


def service_pid():
    with open(os.path.join(APPS, "coupon-service.pid")) as f:
        pid = int(f.read().strip())
    os.kill(pid, 0)
    return pid


def environment_of(pid):
    with open(f"/proc/{pid}/environ", "rb") as f:
        pairs = [item.split(b"=", 1) for item in f.read().split(b"\0") if b"=" in item]
    return {k.decode(): v.decode() for k, v in pairs}


def ready(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/health/readiness", timeout=2) as response:
            return b'"UP"' in response.read()
    except OSError:
        return False


def restart(env, java, reconcile_after):
    env = dict(env)
    if reconcile_after:
        env["PROMO_ISSUING_RECONCILE_AFTER"] = reconcile_after
        env["PROMO_ISSUING_RECONCILE_EVERY_MS"] = "5000"
    log = open(os.path.join(APPS, "coupon-service.log"), "ab")
    process = subprocess.Popen([java, "-Xms256m", "-Xmx768m", "-jar", os.path.join(APPS, "coupon-service.jar")],
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    with open(os.path.join(APPS, "coupon-service.pid"), "w") as f:
        f.write(str(process.pid))
    port = env.get("MANAGEMENT_PORT", "3101")
    deadline = time.monotonic() + 180
    while not ready(port):
        if time.monotonic() > deadline:
            raise SystemExit("coupon-service did not come back; see .run/apps/coupon-service.log")
        time.sleep(0.5)
    return process.pid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:4000")
    parser.add_argument("--strategy", default="v2", choices=["v2", "v3"])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--kill-after", type=int, default=40)
    parser.add_argument("--reconcile-after", default="20s",
                        help="promo.issuing.reconcile-after for the restarted service ('' keeps its configuration)")
    args = parser.parse_args()
    pid = service_pid()
    env = environment_of(pid)
    java = os.readlink(f"/proc/{pid}/exe")
    run_id = datetime.datetime.now().strftime("%H%M%S")
    print(f"{args.users} users, {args.units} units, {args.strategy} through {args.gateway}; coupon-service "
          f"(pid {pid}) killed after {args.kill_after} answers, restarted with reconcile-after "
          f"{args.reconcile_after or 'as configured'}; {platform.node()} {os.cpu_count()} cores, "
          f"{platform.system()} {platform.release()}")

    coupon_id = create_coupon(args.gateway, f"Crash {run_id}", args.units)
    users = [f"crash-{run_id}-{i}" for i in range(args.users)]
    tokens = {user: token(user) for user in users}
    barrier = threading.Barrier(args.users + 1)
    answered = [0]
    lock = threading.Lock()

    def press(user):
        barrier.wait()
        try:
            result = call(args.gateway, "POST", f"/api/coupons/{coupon_id}/issue?strategy={args.strategy}",
                          tokens[user])
        except Exception as error:  # the connection broke when the service died
            result = (0, {}, {"code": type(error).__name__})
        with lock:
            answered[0] += 1
            if answered[0] == args.kill_after:
                os.kill(pid, signal.SIGKILL)
        return user, result

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.users) as pool:
        futures = [pool.submit(press, user) for user in users]
        barrier.wait()
        results = [future.result() for future in futures]
    statuses = collections.Counter(status for _, (status, _, _) in results)
    before = issued_counts(coupon_id)
    print(f"answers: {dict(sorted(statuses.items()))}; database right after the kill: {before['rowsInDb']} rows")

    started = time.monotonic()
    new_pid = restart(env, java, args.reconcile_after)
    print(f"restarted coupon-service (pid {new_pid}) in {time.monotonic() - started:.0f} s")
    deadline = time.monotonic() + 600  # for the gate and the 202s together
    report = await_gate_settled(args.gateway, coupon_id, 600, or_reconciled=True)
    print(f"gate after {time.monotonic() - started:.0f} s: {report}")

    accepted = {body["requestId"]: user for user, (status, _, body) in results if status == 202}
    _, undecided = decide_coupon_requests(args.gateway, accepted, deadline - time.monotonic(), pause=1)

    drain_statuses = drain(args.gateway, coupon_id, f"after-crash-{run_id}", args.units)
    after = issued_counts(coupon_id)
    print(f"202s still undecided: {len(undecided)}; drain with fresh users (v2) until sold out: {dict(drain_statuses)} -> "
          f"issued_quantity {after['issuedQuantity']}/{args.units}, rows {after['rowsInDb']}, "
          f"duplicates {after['duplicatePairs']}")
    ok = (after["issuedQuantity"] == after["rowsInDb"] == args.units and after["duplicatePairs"] == 0
          and not undecided)
    print("sold out to exactly its units after the crash" if ok else "MISMATCH: units stranded or oversold")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
