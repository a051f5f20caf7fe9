"""The scaling plot: each component's cold-run time, stacked, for each data size."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import matplotlib

matplotlib.use("Agg")  # files only; no display on a build machine
import matplotlib.pyplot as plt  # noqa: E402


def scaling_png(results: Mapping[str, Any], path: Path) -> None:
    """Stacked bars of per-component seconds per scaling point, the CLI's pipeline time printed above each."""
    cases = {case["name"]: case for case in results["cases"]}
    points = sorted(results["scaling"], key=lambda p: p["fraction"])
    runs = [cases[p["case"]]["cold"] for p in points]
    nodes = list(dict.fromkeys(node for run in runs for node in run["steps"]))
    labels = [f"{p['fraction'] * 100:.0f}%\n{p['input_rows']:,} rows" for p in points]
    figure, axes = plt.subplots(figsize=(8, 5), dpi=110)
    bottoms = [0.0] * len(points)
    colours = plt.get_cmap("tab20").colors
    for i, node in enumerate(nodes):
        heights = [run["steps"].get(node, {}).get("seconds", 0.0) for run in runs]
        axes.bar(labels, heights, bottom=bottoms, label=node, color=colours[i % len(colours)], width=0.6)
        bottoms = [b + h for b, h in zip(bottoms, heights)]
    for x, (top, run) in enumerate(zip(bottoms, runs)):
        axes.annotate(f"pipeline {run['pipeline_s']:.0f} s", (x, top), ha="center", va="bottom", xytext=(0, 3), textcoords="offset points")
    axes.set_ylabel("seconds (cold run, from ML Metadata)")
    domain = cases[points[0]["case"]]["domain"]
    axes.set_title(f"{domain}: time per component by data size")
    axes.legend(loc="upper left", fontsize="small", frameon=False)
    axes.margins(y=0.12)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
