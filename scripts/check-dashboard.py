#!/usr/bin/env python3
"""Checks that a Grafana dashboard reads only metrics the apps export.

Reads the dashboard JSON, extracts every metric name its PromQL uses (panel targets,
also inside rows, and label_values(...) template queries), scrapes /actuator/prometheus
on each app's management port, and fails (exit 1, one line per missing metric) if a
metric is exported by none of them, or if an app does not answer.

  python3 scripts/check-dashboard.py [--dashboard FILE] [--targets HOST:PORT,...]

Run it against the live suite after scripts/scenario.sh (.ci/run does): counters that
appear only once incremented have moved by then; those that may not have (fallbacks,
dead letters, ejections) are registered at zero by the apps at start.
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from promo import scrape  # noqa: E402

DEFAULT_DASHBOARD = "docker/grafana/dashboards/promotion.json"
# coupon-service, point-service, timesale-service, api-gateway (management ports).
DEFAULT_TARGETS = "127.0.0.1:3101,127.0.0.1:3102,127.0.0.1:3103,127.0.0.1:4100"

# PromQL words that look like identifiers but are not metric names.
KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless",
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
    "quantile", "limitk", "limit_ratio", "inf", "nan", "atan2",
}
# Clauses whose parentheses hold label names: by (a, b), on (a), group_left (a) ...
LABEL_CLAUSE = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
IDENTIFIER = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def metric_names(expr):
    """The metric names one PromQL expression reads."""
    text = re.sub(r"\$\{[^}]*\}|\$\w+", "", expr)          # Grafana variables ($__rate_interval, ${x})
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', text)  # string literals
    text = re.sub(r"\{[^}]*\}", "", text)                  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)                 # range and subquery selectors
    text = LABEL_CLAUSE.sub(" ", text)
    names = set()
    for match in IDENTIFIER.finditer(text):
        word = match.group(0)
        rest = text[match.end():].lstrip()
        if word.lower() in KEYWORDS or rest.startswith("("):   # operators, aggregations, functions
            continue
        if re.fullmatch(r"\d.*", word) or match.start() > 0 and text[match.start() - 1].isdigit():
            continue                                          # 1e3, 5m
        names.add(word)
    return names


def dashboard_queries(dashboard):
    """(where, expr) for every PromQL query of the dashboard."""
    queries = []

    def panels(items):
        for panel in items:
            for target in panel.get("targets", []):
                if target.get("expr"):
                    queries.append((panel.get("title", "?"), target["expr"]))
            panels(panel.get("panels", []))

    panels(dashboard.get("panels", []))
    for variable in dashboard.get("templating", {}).get("list", []):
        query = variable.get("query")
        if isinstance(query, dict):
            query = query.get("query")
        if variable.get("type") == "query" and isinstance(query, str):
            values = re.fullmatch(r"\s*label_values\((.*),\s*\w+\s*\)\s*", query)
            if values:
                queries.append(("variable " + variable.get("name", "?"), values.group(1)))
            elif not re.fullmatch(r"\s*(label_names|metrics)\(.*\)\s*", query):
                queries.append(("variable " + variable.get("name", "?"), query))
    return queries


def exported(target, path, timeout):
    """The sample names one app's scrape holds."""
    return {series.split("{", 1)[0] for series in scrape("http://" + target + path, timeout)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dashboard", default=DEFAULT_DASHBOARD, help="dashboard JSON (default: %(default)s)")
    parser.add_argument("--targets", default=DEFAULT_TARGETS,
                        help="comma-separated HOST:PORT of each app's management port (default: %(default)s)")
    parser.add_argument("--path", default="/actuator/prometheus", help="scrape path (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=10, help="seconds per scrape (default: %(default)s)")
    args = parser.parse_args()

    with open(args.dashboard, encoding="utf-8") as file:
        dashboard = json.load(file)
    used = {}
    for where, expr in dashboard_queries(dashboard):
        for name in metric_names(expr):
            used.setdefault(name, where)
    if not used:
        print(f"{args.dashboard}: no PromQL metric found", file=sys.stderr)
        return 1

    available = set()
    failed = False
    for target in filter(None, (t.strip() for t in args.targets.split(","))):
        try:
            names = exported(target, args.path, args.timeout)
        except OSError as ex:
            print(f"unreachable: http://{target}{args.path} ({ex})")
            failed = True
            continue
        print(f"scraped http://{target}{args.path}: {len(names)} series names", file=sys.stderr)
        available |= names

    missing = sorted(name for name in used if name not in available)
    for name in missing:
        print(f"missing: {name} (panel '{used[name]}') is exported by no app")
    if missing or failed:
        return 1
    print(f"{args.dashboard}: all {len(used)} metrics it reads are exported", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
