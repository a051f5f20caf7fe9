"""Small inline SVG charts for the run report: pure functions from numbers to markup.

SVG rather than matplotlib PNGs: the project's environment does not ship matplotlib, and
inline SVG keeps the page self-contained, sharp at any zoom and a few KB per chart.
"""

from __future__ import annotations

import dataclasses
from html import escape
from typing import Sequence

Point = tuple[float, float]

_ACCENT = "#2563eb"
_WARN = "#dc2626"
_MUTED = "#9ca3af"


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # what is written at the end of the bar
    highlight: bool = False  # drawn in the warning colour
    muted: bool = False  # drawn grey (e.g. a cached component)


def bars(items: Sequence[Bar], reference: float | None = None, reference_label: str = "", width: int = 640) -> str:
    """Horizontal bars scaled to the largest value (or 1.0 for a 0..1 metric with `reference`)."""
    label_w, row_h, text_w = 190, 22, 110
    plot_w = width - label_w - text_w
    top = max([item.value for item in items] + [reference or 0.0, 1e-9])
    height = row_h * len(items) + (18 if reference is not None else 4)
    parts = [_open(width, height)]
    for i, item in enumerate(items):
        y = i * row_h + 2
        colour = _WARN if item.highlight else _MUTED if item.muted else _ACCENT
        length = max(item.value / top * plot_w, 1.0)
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(item.label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row_h - 8}" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + length + 4:.1f}" y="{y + 14}">{escape(item.text)}</text>')
    if reference is not None:
        x = label_w + reference / top * plot_w
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 14}" stroke="{_WARN}" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" fill="{_WARN}">{escape(reference_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def curve(
    series: Sequence[tuple[str, Sequence[Point]]],
    x_label: str,
    y_label: str,
    diagonal: bool = False,
    size: int = 260,
) -> str:
    """Line plot on the unit square: one polyline per (name, points); a dashed y = x when `diagonal`."""
    pad = 36
    inner = size - pad - 10
    colours = [_ACCENT, "#f59e0b", "#10b981"]

    def xy(point: Point) -> str:
        x, y = (min(max(v, 0.0), 1.0) for v in point)
        return f"{pad + x * inner:.1f},{10 + (1 - y) * inner:.1f}"

    parts = [_open(size, size)]
    parts.append(f'<rect x="{pad}" y="10" width="{inner}" height="{inner}" fill="none" stroke="{_MUTED}"/>')
    if diagonal:
        parts.append(f'<polyline points="{xy((0, 0))} {xy((1, 1))}" fill="none" stroke="{_MUTED}" stroke-dasharray="4 3"/>')
    for tick in (0.0, 0.5, 1.0):
        parts.append(f'<text x="{pad + tick * inner:.1f}" y="{size - 14}" text-anchor="middle">{tick:g}</text>')
        parts.append(f'<text x="{pad - 4}" y="{14 + (1 - tick) * inner:.1f}" text-anchor="end">{tick:g}</text>')
    parts.append(f'<text x="{pad + inner / 2:.1f}" y="{size - 1}" text-anchor="middle">{escape(x_label)}</text>')
    parts.append(
        f'<text transform="translate(10,{10 + inner / 2:.1f}) rotate(-90)" text-anchor="middle">{escape(y_label)}</text>'
    )
    for i, (name, points) in enumerate(series):
        colour = colours[i % len(colours)]
        path = " ".join(xy(p) for p in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"><title>{escape(name)}</title></polyline>')
        if len(series) > 1:
            parts.append(f'<text x="{pad + 6}" y="{24 + 12 * i}" fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def confusion(tp: float, fp: float, fn: float, tn: float, size: int = 260) -> str:
    """A 2x2 confusion matrix, rows = actual, columns = predicted, shaded by count."""
    cell = (size - 70) / 2
    total = max(tp + fp + fn + tn, 1e-9)
    cells = [((0, 0), "TP", tp), ((0, 1), "FN", fn), ((1, 0), "FP", fp), ((1, 1), "TN", tn)]
    parts = [_open(size, int(24 + 2 * cell))]
    parts.append(f'<text x="{60 + cell:.1f}" y="12" text-anchor="middle">predicted 1 | predicted 0</text>')
    for (row, col), name, count in cells:
        x, y = 60 + col * cell, 20 + row * cell
        shade = 0.15 + 0.75 * count / total
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" fill="{_ACCENT}" fill-opacity="{shade:.2f}" stroke="#fff"/>')
        parts.append(f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 5:.1f}" text-anchor="middle" font-size="15">{name} {count:g}</text>')
    for row, name in enumerate(("actual 1", "actual 0")):
        parts.append(f'<text x="56" y="{20 + row * cell + cell / 2 + 4:.1f}" text-anchor="end">{name}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline(heights: Sequence[float], width: int = 120, height: int = 24) -> str:
    """A tiny histogram: one bar per bucket, scaled to the tallest."""
    if not heights:
        return ""
    top = max(max(heights), 1e-9)
    step = width / len(heights)
    rects = "".join(
        f'<rect x="{i * step:.1f}" y="{height - h / top * height:.1f}" width="{max(step - 1, 0.5):.1f}" height="{h / top * height:.1f}" fill="{_ACCENT}"/>'
        for i, h in enumerate(heights)
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" class="spark">{rects}</svg>'


def _open(width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">'
    )
