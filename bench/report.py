"""Print a bench result file as the Markdown table of the README and docs/benchmarks.md.

.venv/bin/python -m bench.report [bench/results/latest.json]
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

from rich.table import Table

from settings import ROOT

HEADLINE = 8  # the concurrency the targets are set at


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "| query | c | rps Maillage / peer / floor | p50 ms | p99 ms | errors "
        "| Maillage/peer | Maillage/floor | round trips M / peer |",
        "|---|---:|---|---|---|---|---:|---:|---|",
    ]
    for name, found in report["queries"].items():
        trips = found["round_trips"]
        for level, row in found["by_concurrency"].items():
            lines.append(
                f"| {name} {found['description']} | {level} "
                f"| {row['maillage_rps']:.0f} / {row['peer_rps']:.0f} / {row['floor_rps']:.0f} "
                f"| {row['maillage_p50_ms']:.0f} / {row['peer_p50_ms']:.0f} / "
                f"{row['floor_p50_ms']:.0f} "
                f"| {row['maillage_p99_ms']:.0f} / {row['peer_p99_ms']:.0f} / "
                f"{row['floor_p99_ms']:.0f} "
                f"| {row['maillage_errors']} / {row['peer_errors']} / {row['floor_errors']} "
                f"| {row['ratio_vs_peer']:.2f} | {row['ratio_vs_floor']:.2f} "
                f"| {trips['maillage']:g} / {trips['peer']:g} |"
            )
    machine = report["machine"]
    rss = ", ".join(f"{k} {v:.0f} MB" for k, v in report["server_rss_mb"].items())
    lines += [
        "",
        f"`{report['command']}`, {report['generated']}: {report['graph']['actors']:,} actors, "
        f"{report['plan']['rounds']} round(s) of {report['plan']['seconds']:g} s per case; "
        f"{machine['cpus']} CPUs ({machine['processor']}), {machine['memory_gb']} GB, "
        f"Python {machine['python']}, Node {machine['node']}; load average at the end "
        f"{machine['load_average_at_end'][0]} (shared machine). Peak RSS: {rss}.",
    ]
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    load1, load5, _ = os.getloadavg()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return {
        "cpus": os.cpu_count(),
        "processor": _cpu_model(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "node": node.stdout.strip(),
        "kernel": platform.release(),
        "load_average_at_end": [round(load1, 2), round(load5, 2)],
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def table(report: dict[str, Any]) -> Table:
    out = Table(title=f"Maillage vs peer vs floor (headline: concurrency {HEADLINE})")
    for name in (
        "query",
        "c",
        "rps M / peer / floor",
        "p50 ms M / peer / floor",
        "p99 ms M / peer / floor",
        "errors",
        "M/peer",
        "M/floor",
        "trips M/peer",
    ):
        out.add_column(name, justify="right" if name != "query" else "left")
    for q, found in report["queries"].items():
        for c, row in found["by_concurrency"].items():
            out.add_row(
                f"{q} {found['description']}",
                c,
                f"{row['maillage_rps']:.0f} / {row['peer_rps']:.0f} / {row['floor_rps']:.0f}",
                f"{row['maillage_p50_ms']:.1f} / {row['peer_p50_ms']:.1f} / "
                f"{row['floor_p50_ms']:.1f}",
                f"{row['maillage_p99_ms']:.1f} / {row['peer_p99_ms']:.1f} / "
                f"{row['floor_p99_ms']:.1f}",
                f"{row['maillage_errors']}/{row['peer_errors']}/{row['floor_errors']}",
                f"{row['ratio_vs_peer']:.2f}",
                f"{row['ratio_vs_floor']:.2f}",
                f"{found['round_trips']['maillage']:g}/{found['round_trips']['peer']:g}",
            )
    return out


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results" / "latest.json"
    print(markdown(json.loads(path.read_text(encoding="utf-8"))))
