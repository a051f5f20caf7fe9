"""The scaling plot: each component's cold-run time, stacked, for each data size."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import matplotlib

matplotlib.use("Agg")  # files only; no display on a build machine
import matplotlib.pyplot as plt  # noqa: E402


def scaling_png(results: Mapping[str, Any], path: Path) -> None:
    """Stacked bars of per-component seconds per scaling point, the CLI's pipeline time printed above each.

    Components under 2% of the tallest bar at every size are drawn as one "other" segment:
    a dozen invisible slivers would only crowd the legend.
    """
    cases = {case["name"]: case for case in results["cases"]}
    points = sorted(results["scaling"], key=lambda p: p["fraction"])
    runs = [cases[p["case"]]["cold"] for p in points]
    nodes = list(dict.fromkeys(node for run in runs for node in run["steps"]))
    seconds = {node: [run["steps"].get(node, {}).get("seconds", 0.0) for run in runs] for node in nodes}
    tallest = max(sum(run["steps"][n]["seconds"] for n in run["steps"]) for run in runs)
    shown = {node: values for node, values in seconds.items() if max(values) >= 0.02 * tallest}
    small = [values for node, values in seconds.items() if node not in shown]
    if small:
        shown["other"] = [sum(column) for column in zip(*small)]
    labels = [f"{p['fraction'] * 100:.0f}%\n{p['input_rows']:,} rows" for p in points]
    figure, axes = plt.subplots(figsize=(9, 5), dpi=110)
    bottoms = [0.0] * len(points)
    colours = plt.get_cmap("tab10").colors
    for i, (node, heights) in enumerate(shown.items()):
        axes.bar(labels, heights, bottom=bottoms, label=node, color=colours[i % len(colours)], width=0.6)
        bottoms = [b + h for b, h in zip(bottoms, heights)]
    for x, (top, run) in enumerate(zip(bottoms, runs)):
        label = f"pipeline {run['pipeline_s']:.0f} s"
        axes.annotate(label, (x, top), ha="center", va="bottom", xytext=(0, 3), textcoords="offset points")
    axes.set_ylabel("seconds (cold run, from ML Metadata)")
    axes.set_title(f"{cases[points[0]['case']]['domain']}: time per component by data size")
    handles, names = axes.get_legend_handles_labels()
    # Legend from the top of the stack down, beside the plot.
    axes.legend(handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    axes.margins(y=0.1)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
