#!/usr/bin/env python3
"""Draws a benchmark report (load-tests/bench.py's JSON) as a PNG: requests/s and p99 latency by phase.

    load-tests/chart.sh load-tests/results/bench-<time>.json docs/benchmarks.png

Needs matplotlib (Debian: python3-matplotlib, which chart.sh installs).
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(report_path, png_path):
    with open(report_path) as f:
        report = json.load(f)
    phases = report["phases"]
    names = [p["phase"] for p in phases]
    rps = [p["requestsPerSecond"] for p in phases]
    p99 = [p["latencyMs"]["p99"] for p in phases]
    colours = ["#9e9e9e" if p["kind"] == "noop" else {"v1": "#d95f02", "v2": "#1b9e77", "v3": "#7570b3"}[p["strategy"]]
               for p in phases]
    hatches = ["//" if p["kind"] == "sold-out" else "" for p in phases]
    ceiling = next((p["requestsPerSecond"] for p in phases if p["phase"] == "noop via gateway"), None)

    figure, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7.5), sharex=True)
    bars = top.bar(names, rps, color=colours, hatch=hatches, edgecolor="white")
    top.bar_label(bars, labels=[f"{v:,.0f}" for v in rps], fontsize=8)
    if ceiling:
        top.axhline(ceiling, color="#555555", linestyle="--", linewidth=1)
        top.axhline(0.6 * ceiling, color="#1b9e77", linestyle=":", linewidth=1)
        top.text(1.5, 0.6 * ceiling, "60% of no-op via gateway", ha="center", va="bottom", fontsize=8,
                 color="#1b9e77", zorder=5, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    top.set_ylabel("requests / s")
    top.set_title("Throughput (higher is better); hatched = sold-out phase (refusals)")
    bars = bottom.bar(names, p99, color=colours, hatch=hatches, edgecolor="white")
    bottom.bar_label(bars, labels=[f"{v:,.0f}" for v in p99], fontsize=8)
    bottom.axhline(50, color="#d95f02", linestyle=":", linewidth=1)
    bottom.text(1.5, 50, "50 ms", ha="center", va="bottom", fontsize=8, color="#d95f02", zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    bottom.set_ylabel("p99 latency, ms")
    bottom.set_title("p99 latency (lower is better)")
    plt.setp(bottom.get_xticklabels(), rotation=25, ha="right")
    machine, config = report["machine"], report["config"]
    figure.suptitle(f"Coupon issuing through the gateway, {config['connections']} connections, "
                    f"{config['durationSeconds']} s per phase\n{machine['cpu']}, {machine['cores']} cores, "
                    f"everything on one machine; commit {machine['commit']}", fontsize=10)
    figure.tight_layout()
    figure.savefig(png_path, dpi=110)
    print(f"wrote {png_path}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
