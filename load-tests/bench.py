#!/usr/bin/env python3
"""Benchmark of coupon issuing on the running suite: v1 vs v2 vs v3, with correctness counted.

One run, loopback only, bounded in time and in requests:
  1. warm-up (not reported): --warmup-rounds passes over every target, on throw-away coupons;
  2. ceiling: POST /api/coupons/{id}/noop direct to coupon-service and through the gateway;
  3. per strategy, through the gateway: a burst on a coupon with as many units as there are users
     (every request is an issue), then a sold-out phase on a coupon of --sold-out-units units
     (after the first few, every request is a refusal).
Every request carries the token of a different user (load-tests/wrk/distinct-users.lua), so each
phase's requests are as many distinct users pressing "issue" on one coupon.

For each phase it reports requests/s, latency p50/p95/p99/max, responses by status and by the
X-Strategy header, the CPU time each process of the suite spent per request, and, for issuing, what
the database holds: rows, issued_quantity, duplicate (coupon, user) pairs and oversell (rows - units,
never > 0). "unanswered" counts issues the suite made whose answer wrk did not read before the
phase's time was up (at most one per connection). For v3 it waits until the queue has drained
(every admitted request has its outcome in issue_request) and reports how long that took.

    load-tests/bench.sh [--smoke] [--duration 15] [--connections 128] [--out FILE.json]

Exits 1 if any correctness check fails. Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
from promo import create_coupon, issued_counts, sql, token  # noqa: E402

LUA = os.path.join(HERE, "wrk", "distinct-users.lua")
STRATEGIES = ("v1", "v2", "v3")
PROCESSES = {  # name -> pattern matched against /proc/<pid>/cmdline
    "gateway": r"api-gateway\.jar", "coupon-service": r"coupon-service\.jar", "mariadb": r"^(/usr/sbin/)?(mariadbd|mysqld)",
    "redis": r"^(/usr/bin/)?redis-server", "kafka": r"local-kafka\.jar",
}


def find_pids():
    pids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        for name, pattern in PROCESSES.items():
            if name not in pids and re.search(pattern, cmdline):
                pids[name] = int(entry)
    return pids


def cpu_seconds(pid):
    """User + system CPU seconds of a process, all threads."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def wrk(base_url, path, tokens_file, args, duration):
    """Runs wrk with the distinct-users script; returns its BENCH_JSON summary plus CPU seconds."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", LUA, base_url, "--", tokens_file, path, str(args.threads)]
    pids = find_pids()
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((l for l in output.splitlines() if l.startswith("BENCH_JSON ")), None)
    if process.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({' '.join(command)}):\n{output}")
    result = json.loads(line[len("BENCH_JSON "):])
    cpu = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    cpu["wrk"] = usage.ru_utime + usage.ru_stime - children.ru_utime - children.ru_stime
    result["cpuSeconds"] = cpu
    return result


def redis_stock(coupon_id):
    """Units the Redis gate of a coupon still has, or None when it has no gate."""
    # A password goes in REDISCLI_AUTH, not on the command line (-a would show it in ps).
    auth = {"REDISCLI_AUTH": os.environ["REDIS_PASSWORD"]} if os.environ.get("REDIS_PASSWORD") else {}
    out = subprocess.run(["redis-cli", "-h", os.environ.get("REDIS_HOST", "127.0.0.1"),
                          "-p", os.environ.get("REDIS_PORT", "6379"), "HGET", f"coupon:{{{coupon_id}}}:gate", "stock"],
                         env={**os.environ, **auth}, capture_output=True, text=True, check=True).stdout.strip()
    return int(out) if out else None


def wait_for_drain(coupon_id, units, timeout):
    """v3: waits until every request admitted at the gate has its outcome in issue_request (v2 records
    there too, but each phase's coupon is only ever issued by one strategy)."""
    started = time.monotonic()
    while True:
        stock = redis_stock(coupon_id)
        admitted = units - stock if stock is not None else None
        recorded = sql(f"select count(*) from issue_request where coupon_id = {coupon_id}")
        if admitted is not None and recorded >= admitted:
            return admitted, time.monotonic() - started
        if time.monotonic() - started > timeout:
            return admitted, None
        time.sleep(0.1)


def settled_counts(coupon_id, timeout=60):
    """The coupon's counts once the suite has finished the requests still in flight when wrk stopped
    (two reads 0.5 s apart agree), or the last read after the timeout."""
    last, deadline = issued_counts(coupon_id), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        counts = issued_counts(coupon_id)
        if counts == last:
            break
        last = counts
    return last


def percent(value, of):
    return round(100.0 * value / of, 1) if of else None


def run_phase(args, tokens_file, name, base_url, strategy, units, kind, duration):
    coupon_id = create_coupon(args.gateway, f"bench {name} {datetime.datetime.now():%H:%M:%S}", units)
    path = f"/api/coupons/{coupon_id}/" + ("noop" if kind == "noop" else f"issue?strategy={strategy}")
    print(f"  {name:<22} {duration:>3}s ...", end="", flush=True)
    result = wrk(base_url, path, tokens_file, args, duration)
    seconds = result["duration_us"] / 1e6
    statuses = result["statuses"]
    phase = {
        "phase": name, "kind": kind, "strategy": strategy, "target": base_url, "couponId": coupon_id,
        "units": units, "connections": args.connections, "durationSeconds": round(seconds, 2),
        "requests": result["requests"], "requestsPerSecond": round(result["requests"] / seconds, 1),
        "latencyMs": {k: round(v / 1000, 2) for k, v in result["latency_us"].items()},
        "statuses": statuses, "servedBy": result["served_by"], "socketErrors": result["errors"],
        "tokensExhausted": result["exhausted_threads"] > 0,
        "cpuMsPerRequest": {k: round(1000 * v / max(result["requests"], 1), 3)
                            for k, v in sorted(result["cpuSeconds"].items())},
    }
    if kind != "noop":
        success = statuses.get("201" if strategy != "v3" else "202", 0)
        phase["success"] = success
        if strategy == "v3":
            admitted, drained = wait_for_drain(coupon_id, units, args.drain_timeout)
            phase["admitted"] = admitted
            phase["queueDrainedSeconds"] = round(drained, 2) if drained is not None else None
            phase["queueRejected"] = sql(f"select count(*) from issue_request where coupon_id = {coupon_id} "
                                         f"and status = 'REJECTED'")
        phase.update(settled_counts(coupon_id))
        phase["oversell"] = phase["rowsInDb"] - units
        # what the suite did: v3 admitted (and answered 202 for), v1/v2 issued (and answered 201 for)
        made = (phase["admitted"] or 0) if strategy == "v3" else phase["rowsInDb"]
        phase["unanswered"] = made - success
        phase["correct"] = check(phase, args.connections)
    print(f" {phase['requestsPerSecond']:>8.0f} req/s")
    return phase


def check(phase, connections):
    """The phase's correctness: DB invariants, and the DB agrees with what callers were told."""
    problems = []
    if phase["oversell"] > 0:
        problems.append(f"oversell {phase['oversell']}")
    if phase["duplicatePairs"]:
        problems.append(f"{phase['duplicatePairs']} duplicate (coupon, user) pairs")
    if phase["rowsInDb"] != phase["issuedQuantity"]:
        problems.append(f"rows {phase['rowsInDb']} != issued_quantity {phase['issuedQuantity']}")
    if not 0 <= phase["unanswered"] <= connections:
        problems.append(f"callers were told {phase['success']} successes, the suite made {phase['unanswered'] + phase['success']}")
    if phase["strategy"] == "v3":
        if phase.get("queueDrainedSeconds") is None:
            problems.append("the queue did not drain")
        elif phase["rowsInDb"] + phase["queueRejected"] != phase["admitted"]:
            problems.append(f"admitted {phase['admitted']} != issued {phase['rowsInDb']} + rejected {phase['queueRejected']}")
    if phase["kind"] == "sold-out" and phase["rowsInDb"] != phase["units"]:
        problems.append(f"sold-out coupon has {phase['rowsInDb']} of {phase['units']} units issued")
    phase["problems"] = problems
    return not problems


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    memory = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)

    def first_line(command):
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=10)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"

    pids = find_pids()
    java = os.path.realpath(f"/proc/{pids['coupon-service']}/exe") if "coupon-service" in pids else "java"
    return {
        "host": platform.node(), "cpu": cpu, "cores": os.cpu_count(), "memoryGiB": round(memory / 1024 / 1024, 1),
        "kernel": platform.release(), "java": first_line([java, "-version"]),
        "mariadb": first_line(["mariadb", "--version"]), "redis": first_line(["redis-server", "--version"]),
        "wrk": first_line(["wrk", "-v"]),
        "commit": first_line(["git", "-C", ROOT, "describe", "--always", "--dirty"]),
        "note": "everything (wrk, gateway, coupon-service, MariaDB, Redis, Kafka) on this one machine",
    }


def write_tokens(count, run_id):
    started = time.monotonic()
    handle = tempfile.NamedTemporaryFile("w", prefix="bench-tokens-", suffix=".txt", delete=False)
    with handle:
        for i in range(count):
            handle.write(token(f"bench-{run_id}-{i}") + "\n")
    print(f"{count} user tokens in {time.monotonic() - started:.1f}s")
    return handle.name


def print_tables(report):
    phases = report["phases"]
    ceiling = next((p["requestsPerSecond"] for p in phases if p["phase"] == "noop via gateway"), None)
    print()
    header = (f"{'phase':<22} {'req/s':>8} {'% noop':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
              f"  responses by status (served by)")
    print(header)
    print("-" * (len(header) + 20))
    for p in phases:
        lat = p["latencyMs"]
        ratio = percent(p["requestsPerSecond"], ceiling) if p["kind"] != "noop" or "gateway" in p["phase"] else None
        statuses = " ".join(f"{code}:{n}" for code, n in sorted(p["statuses"].items()))
        errors = sum(p["socketErrors"].values())
        served = " ".join(f"{s}:{n}" for s, n in sorted(p["servedBy"].items()))
        print(f"{p['phase']:<22} {p['requestsPerSecond']:>8.0f} {ratio if ratio is not None else '':>7}"
              f" {lat['p50']:>8.1f} {lat['p95']:>8.1f} {lat['p99']:>8.1f} {lat['max']:>8.1f}  {statuses}"
              f"{f' ({served})' if served else ''}{f' socket errors:{errors}' if errors else ''}"
              f"{' TOKENS EXHAUSTED' if p['tokensExhausted'] else ''}")
    print()
    header = (f"{'phase':<22} {'units':>7} {'success':>8} {'rows':>7} {'issuedQty':>9} {'dups':>5} {'oversell':>9}"
              f" {'unanswered':>10} {'drained s':>9}  ok")
    print(header)
    print("-" * len(header))
    for p in phases:
        if p["kind"] == "noop":
            continue
        drained = p.get("queueDrainedSeconds")
        print(f"{p['phase']:<22} {p['units']:>7} {p['success']:>8} {p['rowsInDb']:>7} {p['issuedQuantity']:>9}"
              f" {p['duplicatePairs']:>5} {p['oversell']:>9} {p['unanswered']:>10} {drained if drained is not None else '-':>9}"
              f"  {'yes' if p['correct'] else 'NO: ' + '; '.join(p['problems'])}")
    print()
    cpu_names = sorted({name for p in phases for name in p["cpuMsPerRequest"]})
    print("CPU ms per request: " + " ".join(f"{n:>14}" for n in cpu_names))
    for p in phases:
        print(f"  {p['phase']:<22}   " + " ".join(f"{p['cpuMsPerRequest'].get(n, 0):>14.3f}" for n in cpu_names))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:4000")
    parser.add_argument("--direct", default="http://127.0.0.1:3001", help="coupon-service, for the direct ceiling")
    parser.add_argument("--smoke", action="store_true", help="short phases (about a minute in all)")
    parser.add_argument("--duration", type=int, help="seconds per measured phase (default 15, smoke 3)")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up per target (default 15, smoke 2)")
    parser.add_argument("--warmup-rounds", type=int, help="warm-up passes over every target (default 2, smoke 1)")
    parser.add_argument("--connections", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--users", type=int, help="distinct users (tokens); default 12,000 per phase second")
    parser.add_argument("--sold-out-units", type=int, default=100)
    parser.add_argument("--strategies", default=",".join(STRATEGIES))
    parser.add_argument("--drain-timeout", type=int, default=300, help="seconds to wait for the v3 queue")
    parser.add_argument("--out", help="JSON report (default load-tests/results/bench-<time>.json)")
    args = parser.parse_args()
    duration = args.duration or (3 if args.smoke else 15)
    warmup = args.warmup if args.warmup is not None else (2 if args.smoke else 15)
    rounds = args.warmup_rounds or (1 if args.smoke else 2)
    users = args.users or 12_000 * max(duration, warmup)
    strategies = [s for s in args.strategies.split(",") if s]
    run_id = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.out or os.path.join(HERE, "results", f"bench-{run_id}.json")

    report = {"machine": machine(), "startedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
              "config": {"mode": "smoke" if args.smoke else "full", "durationSeconds": duration,
                         "warmupSeconds": warmup, "warmupRounds": rounds, "connections": args.connections, "threads": args.threads,
                         "users": users, "soldOutUnits": args.sold_out_units, "gateway": args.gateway,
                         "direct": args.direct, "command": " ".join(["load-tests/bench.sh"] + sys.argv[1:])},
              "phases": []}
    m = report["machine"]
    print(f"{m['cpu']}, {m['cores']} cores, {m['memoryGiB']} GiB, {m['java']}; commit {m['commit']}")
    print(f"{duration}s per phase, {args.connections} connections, {args.threads} wrk threads, "
          f"warm-up {rounds} x {warmup}s per target")
    tokens_file = write_tokens(users, run_id)
    try:
        for round_no in range(1, rounds + 1 if warmup else 1):
            print(f"warm-up {round_no}/{rounds} (not reported)")
            run_phase(args, tokens_file, "noop direct", args.direct, None, 1, "noop", warmup)
            run_phase(args, tokens_file, "noop via gateway", args.gateway, None, 1, "noop", warmup)
            for strategy in strategies:
                run_phase(args, tokens_file, f"{strategy} burst", args.gateway, strategy, users, "burst", warmup)
        print("measured")
        phases = report["phases"]
        phases.append(run_phase(args, tokens_file, "noop direct", args.direct, None, 1, "noop", duration))
        phases.append(run_phase(args, tokens_file, "noop via gateway", args.gateway, None, 1, "noop", duration))
        for strategy in strategies:
            phases.append(run_phase(args, tokens_file, f"{strategy} burst", args.gateway, strategy, users, "burst",
                                    duration))
            phases.append(run_phase(args, tokens_file, f"{strategy} sold-out", args.gateway, strategy,
                                    args.sold_out_units, "sold-out", duration))
    finally:
        os.unlink(tokens_file)
    ceiling = next(p["requestsPerSecond"] for p in report["phases"] if p["phase"] == "noop via gateway")
    for p in report["phases"]:
        p["percentOfNoopViaGateway"] = percent(p["requestsPerSecond"], ceiling)
    print_tables(report)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"\nreport: {os.path.relpath(out)}")
    failed = [p["phase"] for p in report["phases"] if p.get("correct") is False]
    print("correct: every phase" if not failed else f"INCORRECT: {', '.join(failed)}")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
