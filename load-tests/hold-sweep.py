#!/usr/bin/env python3
"""The hold-expiry sweep, timed: a sale whose N holds all come due in the same second — how long until its
units are all back?

On the running suite (scripts/up.sh): an admin creates a product and a LIVE time sale of HOLDS units
(perUserLimit 1, holdSeconds 3600, so nothing expires while the orders are placed). HOLDS distinct users
each order one unit through the gateway (POST /api/timesales/{id}/orders?strategy=v2, {"quantity": 1}) from
a pool of WORKERS threads; every answer must be 201. The database must then hold exactly HOLDS HELD orders
and held_quantity = HOLDS.

One SQL UPDATE sets pay_by of all of them to one second ago (UTC, as every DATETIME(6) of timesale_db);
T0 is the moment it has committed. From then on nothing reads the sale or its orders through the API (a
read of a sale expires up to 100 of its due holds itself, lazily, and would take work from the sweep): the
harness only polls timesale_db every POLL seconds (the EXPIRED orders of the sale, time_sale.held_quantity)
and reads /proc. It reports the seconds from T0 until the first order is EXPIRED, until half of them are,
and until all are EXPIRED with held_quantity 0 ("all back"); expiries per second from the first to the last
(the sweep's own rate; from the last poll that saw none if a single poll saw the first and the last); and
the CPU time that the timesale-service process and MariaDB (the whole mariadbd process) spent per expired
order, counted from the last poll that saw nothing expired to the first poll that saw everything back (so
the 0-5 s wait for the next sweep run is not in it; over T0 → all back is given too). Times are as seen by the polls: each is late by up to one poll interval, and the first expiry
also waits for the sweep's next run (every promo.timesale.expiry-sweep-ms, 5 s by default).

Other load on the machine counts in these CPU times, MariaDB's most of all (a test run on the same
server). So the report also gives: the idle CPU rate of both processes measured for --baseline seconds
before T0; the CPU of the MariaDB threads that serve timesale-service's own pooled connections (database
timesale_db, from information_schema.PROCESSLIST.TID, threads alive over the whole window: the sweep's
statements, not InnoDB's background work nor anyone else's queries); and the cost of the harness's own
polling query, measured after the drain. The service's expiry counters
(promo_timesale_holds_expired_total{by=sweep|lazy} on the management port) and its log's "Hold expiry
sweep" lines say who expired what: the sweep should have done all of it. The sweep takes due holds of
every sale, so other sales' orders expired in the window are counted and shown.

Then the checks, each printed as expected vs actual: EXPIRED orders = HOLDS, HELD = 0, held_quantity = 0,
sold_quantity = 0, Σ sale_buyer.quantity of the sale = 0, and the Redis gate has every unit back
(GET /api/timesales/admin/gates/{id}: gateStock = databaseRemaining = HOLDS, nothing in flight). Finally
REORDER fresh users order v2 again and must all get 201 (their holds are then cancelled, so they do not
come due in an hour under someone else's measurement). Exits 1 on any mismatch or on --timeout.

    load-tests/hold-sweep.sh [--holds 20000] [--reorder 100] [--workers 96] [--timeout 900] [--poll 0.2]
                             [--baseline 5] [--out docs/benchmarks-hold-sweep.json]

Prints a markdown table row at the end (commit, N, placement req/s, first expiry s, 50% s, all back s,
expiries/s, timesale-service CPU ms/order, MariaDB CPU ms/order); --out writes everything as JSON.
Standard library only.
"""
import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
from promo import (ADMIN, TIMESALE_DB, call, create_product, create_sale, order, sale_counts, scrape,  # noqa: E402
                   sql, sql_row, sql_rows, token)
import procstat  # noqa: E402

WATCHED = ("timesale-service", "mariadb", "redis")
TABLE_HEADER = ("| commit | N | placement req/s | first expiry s | 50% s | all back s | expiries/s "
                "| timesale-service CPU ms/order | MariaDB CPU ms/order |\n|---|---|---|---|---|---|---|---|---|")


def process_cpu(pids):
    return {name: procstat.cpu_seconds(pid) for name, pid in pids.items()}


def pool_threads(mariadb_pid):
    """{(connection id, thread id): CPU seconds} of the MariaDB threads serving connections to timesale_db
    other than this query's own (timesale-service's Hikari pool)."""
    rows = sql_rows("select id, tid from information_schema.processlist "
                    "where db = database() and id <> connection_id() and tid is not null", TIMESALE_DB)
    threads = {}
    for connection, tid in rows:
        seconds = procstat.cpu_seconds(f"/proc/{mariadb_pid}/task/{tid}/stat")
        if seconds is not None:
            threads[(connection, tid)] = seconds
    return threads


def machine(pids):
    return dict(procstat.machine(pids.get("timesale-service")), python=platform.python_version(),
                loadAverage=list(os.getloadavg()),
                note="everything (this harness, gateway, services, MariaDB, Redis, Kafka) on this one machine")


def commit():
    def git(*args):
        out = subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else "?"
    short = git("rev-parse", "--short", "HEAD")
    dirty = subprocess.run(["git", "-C", ROOT, "diff", "--quiet", "HEAD", "--", "timesale-service", "common-lib"],
                           capture_output=True).returncode
    return short + ("-dirty" if dirty == 1 else "")


def expiry_counters(metrics_url):
    """promo_timesale_holds_expired_total by tag 'by' from the service's Prometheus endpoint ({} if it does
    not answer); not an API read of any sale."""
    try:
        samples = scrape(metrics_url + "/actuator/prometheus", timeout=5)
    except OSError:
        return {}
    counters = {}
    for series, value in samples.items():
        match = re.match(r'promo_timesale_holds_expired_total\{[^}]*by="(\w+)"', series)
        if match:
            counters[match.group(1)] = value
    return counters


def sweep_log_lines(log_path, offset):
    """The service log's 'Hold expiry sweep: n orders expired' lines written after offset: [(time, n)]."""
    try:
        with open(log_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode(errors="replace")
    except OSError:
        return []
    return [(m.group(1), int(m.group(2))) for m in
            re.finditer(r"^(\S+)\s.*Hold expiry sweep: (\d+) orders expired", text, re.MULTILINE)]


def log_size(log_path):
    try:
        return os.path.getsize(log_path)
    except OSError:
        return 0


def place(gateway, sale_id, users, workers, label):
    """Each user orders one unit (v2) through the gateway: (Counter of statuses, Counter of X-Strategy,
    {status: a sample body}, [(user, order id)] of the 201s, seconds)."""
    statuses, strategies, samples, order_ids = collections.Counter(), collections.Counter(), {}, []
    started = time.monotonic()
    done = 0
    next_report = started + 10

    def one(user):
        try:
            return (user, *order(gateway, sale_id, user, "v2"))
        except Exception as error:  # a connection refused or reset: counted, not raised
            return user, 0, {}, {"error": repr(error)}

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for user, status, headers, body in pool.map(one, users):
            statuses[status] += 1
            strategies[headers.get("X-Strategy") or headers.get("x-strategy") or "-"] += 1
            if status == 201:
                order_ids.append((user, body["orderId"]))
            else:
                samples.setdefault(status, body)
            done += 1
            now = time.monotonic()
            if now >= next_report:
                print(f"  {label}: {done}/{len(users)} answered, {done / (now - started):.0f} req/s")
                next_report = now + 10
    return statuses, strategies, samples, order_ids, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gateway", default="http://127.0.0.1:4000")
    parser.add_argument("--metrics", default="http://127.0.0.1:3103",
                        help="timesale-service's management base URL (expiry counters)")
    parser.add_argument("--holds", type=int, default=20000, help="N: units of the sale, one hold per user")
    parser.add_argument("--reorder", type=int, default=100, help="fresh users who order again after the drain")
    parser.add_argument("--workers", type=int, default=96, help="threads placing the orders (64-128)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds from T0 before the run fails")
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between the SQL polls")
    parser.add_argument("--baseline", type=float, default=5, help="seconds of idle CPU measured before T0")
    parser.add_argument("--log", default=os.path.join(ROOT, ".run", "apps", "timesale-service.log"),
                        help="timesale-service's log (its 'Hold expiry sweep' lines)")
    parser.add_argument("--out", help="write the result as JSON here (e.g. docs/benchmarks-hold-sweep.json)")
    args = parser.parse_args()
    if args.holds < 2 or args.reorder < 0 or args.poll <= 0:
        parser.error("--holds must be at least 2, --reorder at least 0, --poll above 0")

    pids = procstat.find_pids(WATCHED)
    for name in ("timesale-service", "mariadb"):
        if name not in pids:
            raise SystemExit(f"no {name} process found in /proc (is the suite up? scripts/up.sh)")
    host = machine(pids)
    rev = commit()
    run_id = datetime.datetime.now(datetime.timezone.utc).strftime("%H%M%S")
    params = {"holds": args.holds, "reorder": args.reorder, "workers": args.workers, "timeout": args.timeout,
              "poll": args.poll, "baseline": args.baseline, "gateway": args.gateway, "strategy": "v2",
              "perUserLimit": 1, "holdSeconds": 3600}
    print(f"machine: {host['host']}, {host['cores']} cores ({host['cpu']}), {host['memoryGiB']} GiB, {host['os']}, "
          f"kernel {host['kernel']}; {host['java']}; {host['mariadb']}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in host['loadAverage'])}  ({host['note']})")
    print(f"commit: {rev}; timesale-service pid {pids['timesale-service']}, mariadbd pid {pids['mariadb']}")
    print("parameters: " + ", ".join(f"{k} {v}" for k, v in params.items()))
    result = {"machine": host, "commit": rev, "parameters": params,
              "startedAt": datetime.datetime.now(datetime.timezone.utc).isoformat()}
    problems = []

    def check(name, expected, actual):
        ok = expected == actual
        print(f"  {'ok ' if ok else 'BAD'} {name}: expected {expected}, actual {actual}")
        result.setdefault("checks", []).append({"check": name, "expected": expected, "actual": actual, "ok": ok})
        if not ok:
            problems.append(name)
        return ok

    def finish(code):
        result["problems"] = problems
        result["ok"] = code == 0 and not problems
        result["finishedAt"] = datetime.datetime.now(datetime.timezone.utc).isoformat()
        if args.out:
            os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
            with open(args.out, "w") as f:
                json.dump(result, f, indent=2)
                f.write("\n")
            print(f"wrote {args.out}")
        raise SystemExit(code)

    # 1-2. The sale.
    product_id = create_product(args.gateway, f"Hold sweep {run_id}", 100_000)
    sale_id = create_sale(args.gateway, product_id, 50_000, args.holds, per_user_limit=1, hold_seconds=3600)
    result["saleId"] = sale_id
    print(f"sale {sale_id}: {args.holds} units, perUserLimit 1, holdSeconds 3600, LIVE")

    # 3. N distinct users hold one unit each.
    users = [f"sweep-{run_id}-{i}" for i in range(args.holds)]
    statuses, strategies, samples, _, seconds = place(args.gateway, sale_id, users, args.workers, "placing")
    placement_rps = args.holds / seconds
    print(f"placement: {args.holds} orders in {seconds:.1f} s = {placement_rps:.0f} req/s "
          f"({args.workers} threads of Python urllib, a new connection per request); statuses "
          f"{dict(sorted(statuses.items()))}, X-Strategy {dict(strategies)}")
    for status, body in samples.items():
        print(f"  a {status} answer: {body}")
    result["placement"] = {"seconds": round(seconds, 3), "requestsPerSecond": round(placement_rps, 1),
                           "statuses": {str(k): v for k, v in statuses.items()}, "xStrategy": dict(strategies)}
    if not check("placement answers 201", args.holds, statuses[201]):
        finish(1)

    # 4. The database holds them all.
    print("held, in timesale_db:")
    held_orders, all_orders, held_quantity = sql_row(
        f"select (select count(*) from sale_order where sale_id = {sale_id} and status = 'HELD'), "
        f"(select count(*) from sale_order where sale_id = {sale_id}), "
        f"(select held_quantity from time_sale where id = {sale_id})", TIMESALE_DB)
    check("orders of the sale", args.holds, all_orders)
    check("HELD orders", args.holds, held_orders)
    check("time_sale.held_quantity", args.holds, held_quantity)
    if problems:
        finish(1)

    # Idle CPU, before anything is due.
    idle_before = process_cpu(pids)
    idle_started = time.monotonic()
    time.sleep(args.baseline)
    idle_after = process_cpu(pids)
    idle_seconds = time.monotonic() - idle_started
    idle = {name: round(1000 * (idle_after[name] - idle_before[name]) / idle_seconds, 1) for name in pids}
    print(f"idle CPU over {idle_seconds:.1f} s before T0 (ms per second): {idle}")
    result["idleCpuMsPerSecond"] = idle

    # 5. All due in the same second.
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=args.timeout)
    others_due_soon = sql(f"select count(*) from sale_order where status = 'HELD' and sale_id <> {sale_id} "
                          f"and pay_by <= '{soon:%Y-%m-%d %H:%M:%S.%f}'", TIMESALE_DB)
    counters_before = expiry_counters(args.metrics)
    log_offset = log_size(args.log)
    threads_before = pool_threads(pids["mariadb"])
    due = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1)
    update_started = time.monotonic()
    made_due = sql(f"update sale_order set pay_by = '{due:%Y-%m-%d %H:%M:%S.%f}' "
                   f"where sale_id = {sale_id} and status = 'HELD'; select row_count()", TIMESALE_DB)
    t0 = time.monotonic()
    t0_wall = datetime.datetime.now(datetime.timezone.utc)
    cpu_t0 = process_cpu(pids)
    print(f"T0 {t0_wall:%H:%M:%S.%f} UTC: pay_by of {made_due} HELD orders set to {due:%H:%M:%S.%f} UTC "
          f"(the UPDATE took {t0 - update_started:.2f} s); other sales' HELD orders due before the timeout: "
          f"{others_due_soon}")
    result["t0"] = {"at": t0_wall.isoformat(), "payBy": due.isoformat(), "rowsMadeDue": made_due,
                    "updateSeconds": round(t0 - update_started, 3), "otherSalesHeldDueBeforeTimeout": others_due_soon}
    check("orders made due by the UPDATE", args.holds, made_due)

    # 6. Poll until every unit is back.
    half = (args.holds + 1) // 2
    samples_ = []  # (seconds since T0, expired, held_quantity, cpu by process)
    first = halfway = all_back = None
    next_print = 0.0
    while True:
        time.sleep(max(0.0, args.poll - (time.monotonic() - t0) % args.poll))
        expired, held = sql_row(f"select (select count(*) from sale_order where sale_id = {sale_id} "
                                f"and status = 'EXPIRED'), (select held_quantity from time_sale where id = {sale_id})",
                                TIMESALE_DB)
        at = time.monotonic() - t0
        samples_.append((at, expired, held, process_cpu(pids)))
        if first is None and expired > 0:
            first = len(samples_) - 1
        if halfway is None and expired >= half:
            halfway = len(samples_) - 1
        if expired >= args.holds and held == 0:
            all_back = len(samples_) - 1
            break
        if at >= next_print:
            print(f"  t={at:6.1f} s  EXPIRED {expired:>6}  held_quantity {held:>6}")
            next_print = at + 5
        if at > args.timeout:
            break
    threads_after = pool_threads(pids["mariadb"])
    counters_after = expiry_counters(args.metrics)
    end_wall = datetime.datetime.now(datetime.timezone.utc)
    last = samples_[-1]
    print(f"  t={last[0]:6.1f} s  EXPIRED {last[1]:>6}  held_quantity {last[2]:>6}")
    result["timeline"] = [{"t": round(at, 3), "expired": e, "held": h} for at, e, h, _ in samples_]
    if all_back is None:
        print(f"TIMEOUT: after {args.timeout:.0f} s {last[1]} of {args.holds} orders EXPIRED, held_quantity {last[2]}")
        problems.append("timeout")
        finish(1)

    t_first, t_half, t_all = samples_[first][0], samples_[halfway][0], samples_[all_back][0]
    # CPU from the last poll that saw nothing expired (T0 if the first poll saw some) to the one that saw all back.
    start_cpu = samples_[first - 1][3] if first > 0 else cpu_t0
    start_t = samples_[first - 1][0] if first > 0 else 0.0
    drain_window = t_all - start_t
    end_cpu = samples_[all_back][3]
    drain_cpu = {name: end_cpu[name] - start_cpu[name] for name in pids}
    total_cpu = {name: end_cpu[name] - cpu_t0[name] for name in pids}
    # The sweep's rate from the first expiry seen to the last; when one poll saw both, from the last poll that
    # saw nothing expired (a lower bound).
    rate = args.holds / (t_all - t_first) if t_all > t_first else args.holds / drain_window
    per_order = {name: 1000 * drain_cpu[name] / args.holds for name in pids}
    pool = [(key, threads_after[key] - threads_before[key]) for key in threads_before if key in threads_after]
    pool_cpu = sum(delta for _, delta in pool)

    # The harness's own polling query against the same rows, now that the counts are final.
    calibration = 25
    db_before = procstat.cpu_seconds(pids["mariadb"])
    for _ in range(calibration):
        sql_row(f"select (select count(*) from sale_order where sale_id = {sale_id} and status = 'EXPIRED'), "
                f"(select held_quantity from time_sale where id = {sale_id})", TIMESALE_DB)
    poll_cost = (procstat.cpu_seconds(pids["mariadb"]) - db_before) / calibration
    polls_in_window = all_back - (first - 1 if first > 0 else -1)

    others_expired = sql(f"select count(*) from sale_order where status = 'EXPIRED' and sale_id <> {sale_id} "
                         f"and expired_at >= '{t0_wall:%Y-%m-%d %H:%M:%S.%f}' "
                         f"and expired_at <= '{end_wall:%Y-%m-%d %H:%M:%S.%f}'", TIMESALE_DB)
    expired_by = {by: counters_after.get(by, 0) - counters_before.get(by, 0)
                  for by in sorted(set(counters_before) | set(counters_after))}
    sweeps = sweep_log_lines(args.log, log_offset)

    print(f"drain (seconds from T0, as seen by polls every {args.poll} s):")
    print(f"  first expiry {t_first:.2f} s, 50% {t_half:.2f} s, all {args.holds} back {t_all:.2f} s; "
          f"{rate:.0f} expiries/s from the first to the last "
          f"({args.holds / t_all:.0f}/s over T0 → all back)")
    print(f"  CPU over the drain window ({start_t:.2f} → {t_all:.2f} s, {drain_window:.2f} s): "
          + ", ".join(f"{name} {drain_cpu[name]:.2f} s = {per_order[name]:.3f} ms/order" for name in pids))
    print(f"  CPU over T0 → all back ({t_all:.2f} s): "
          + ", ".join(f"{name} {total_cpu[name]:.2f} s = {1000 * total_cpu[name] / args.holds:.3f} ms/order"
                      for name in pids))
    print(f"  of MariaDB's: the threads of timesale-service's {len(pool)} pooled connections {pool_cpu:.2f} s "
          f"= {1000 * pool_cpu / args.holds:.3f} ms/order (T0 → all back, the sweep's statements); this "
          f"harness's polls ≈ {1000 * poll_cost:.1f} ms each × {polls_in_window} in the window ≈ "
          f"{poll_cost * polls_in_window:.2f} s")
    print(f"  expired by (service counters, delta): {expired_by or 'counters not readable'}; other sales' orders "
          f"expired in the window: {others_expired}")
    print(f"  sweep runs logged in the window (when each ended, orders): {len(sweeps)} "
          + (f"({', '.join(f'{t[11:23]} {n}' for t, n in sweeps[:12])}{', …' if len(sweeps) > 12 else ''})"
             if sweeps else ""))
    result["drain"] = {
        "firstExpirySeconds": round(t_first, 3), "halfSeconds": round(t_half, 3), "allBackSeconds": round(t_all, 3),
        "expiriesPerSecond": round(rate, 1),
        "expiriesPerSecondFromT0": round(args.holds / t_all, 1),
        "cpuWindow": {"from": round(start_t, 3), "to": round(t_all, 3)},
        "cpuSeconds": {name: round(v, 3) for name, v in drain_cpu.items()},
        "cpuMsPerOrder": {name: round(v, 4) for name, v in per_order.items()},
        "cpuSecondsFromT0": {name: round(v, 3) for name, v in total_cpu.items()},
        "mariadbPoolThreadsCpuSecondsFromT0": round(pool_cpu, 3), "mariadbPoolThreads": len(pool),
        "mariadbPoolThreadsMsPerOrder": round(1000 * pool_cpu / args.holds, 4),
        "harnessPollMariadbMs": round(1000 * poll_cost, 2), "harnessPollsInWindow": polls_in_window,
        "expiredByCounter": expired_by, "otherSalesExpiredInWindow": others_expired,
        "sweepRunsLogged": [{"at": t, "expired": n} for t, n in sweeps],
        "loadAverageAfter": list(os.getloadavg()),
    }
    if expired_by and expired_by.get("lazy", 0) != 0:
        print("  note: some holds were expired lazily (a read of a sale or an order during the window)")

    # 7. Correctness.
    print("checks (timesale_db, then the Redis gate):")
    counts = sale_counts(sale_id)
    result["saleCounts"] = counts
    check("EXPIRED orders", args.holds, counts["byStatus"]["EXPIRED"]["orders"])
    check("HELD orders", 0, counts["byStatus"]["HELD"]["orders"])
    check("time_sale.held_quantity", 0, counts["held"])
    check("time_sale.sold_quantity", 0, counts["sold"])
    check("SUM(sale_buyer.quantity) of the sale", 0, counts["buyerUnits"])
    check("orders of the sale", args.holds, counts["orders"])
    admin = token(ADMIN, "ADMIN")
    status, _, gate = call(args.gateway, "GET", f"/api/timesales/admin/gates/{sale_id}", admin)
    result["gate"] = gate
    print(f"  gate report: {status} {gate}")
    if check("gate report answers", 200, status):
        check("gate present", True, gate.get("gatePresent"))
        check("gate stock", args.holds, gate.get("gateStock"))
        check("database remaining (gate report)", args.holds, gate.get("databaseRemaining"))
        check("gate admissions in flight", 0, gate.get("inFlight"))
    if args.reorder:
        fresh = [f"sweep-{run_id}-again-{i}" for i in range(args.reorder)]
        statuses, strategies, samples, order_ids, seconds = place(args.gateway, sale_id, fresh, min(args.workers, 32),
                                                                 "reordering")
        print(f"  {args.reorder} fresh users order again (v2): {dict(sorted(statuses.items()))}, "
              f"X-Strategy {dict(strategies)}")
        for status, body in samples.items():
            print(f"    a {status} answer: {body}")
        result["reorder"] = {"statuses": {str(k): v for k, v in statuses.items()}, "xStrategy": dict(strategies)}
        check("reorders answered 201", args.reorder, statuses[201])
        cancelled = collections.Counter(
            call(args.gateway, "POST", f"/api/timesales/orders/{order_id}/cancel", token(user))[0]
            for user, order_id in order_ids)
        print(f"  their holds cancelled (cleanup, not measured): {dict(cancelled)}")

    print()
    print(TABLE_HEADER)
    ts, db = per_order["timesale-service"], per_order["mariadb"]
    row = (f"| {rev} | {args.holds} | {placement_rps:.0f} | {t_first:.1f} | {t_half:.1f} | {t_all:.1f} | "
           f"{rate:.0f} | {ts:.3f} | {db:.3f} |")
    print(row)
    result["tableRow"] = row
    print("all checks passed" if not problems else f"MISMATCH: {', '.join(problems)}")
    finish(0 if not problems else 1)


if __name__ == "__main__":
    main()
