"""The bench's chart: throughput per query for Maillage, the peer and the floor, by concurrency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

SERIES = (
    ("maillage", "Maillage", "#1f6f8b"),
    ("maillage_normal", "Maillage, fast path off", "#99c1b9"),
    ("peer", "Neo4j GraphQL Library", "#d1495b"),
    ("floor", "floor (driver only)", "#8d8d8d"),
)


def draw(report: dict[str, Any], path: Path) -> None:
    names = list(report["queries"])
    levels = report["plan"]["levels"]
    figure, axes = plt.subplots(1, len(levels), figsize=(5.2 * len(levels), 4.4), squeeze=False)
    for axis, level in zip(axes[0], levels, strict=True):
        rows = [report["queries"][q]["by_concurrency"][str(level)] for q in names]
        present = [s for s in SERIES if f"{s[0]}_rps" in rows[0]]
        width = 0.8 / len(present)
        for index, (key, label, colour) in enumerate(present):
            offsets = [n + (index - (len(present) - 1) / 2) * width for n in range(len(names))]
            axis.bar(offsets, [row[f"{key}_rps"] for row in rows], width, label=label, color=colour)
        axis.set_xticks(range(len(names)), names)
        axis.set_yscale("log")
        axis.set_title(f"concurrency {level}")
        axis.set_ylabel("requests / s (log)")
        axis.grid(axis="y", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    actors = report["graph"]["actors"]
    title = f"{report['command']}: synthetic graph of {actors:,} actors, {report['generated']}"
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
