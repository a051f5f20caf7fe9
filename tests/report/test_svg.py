"""The SVG charts from small hand-made numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pipelines.report import svg

NS = "{http://www.w3.org/2000/svg}"


def test_bars_scale_to_the_largest_and_mark_highlighted_and_muted() -> None:
    chart = ET.fromstring(svg.bars([svg.Bar("Trainer", 60.0, "60.0s"), svg.Bar("Transform", 30.0, "30.0s", muted=True), svg.Bar("Bad", 15.0, "15s", highlight=True)]))
    rects = chart.findall(f"{NS}rect")
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] == 2 * widths[1] == 4 * widths[2]
    assert [r.get("fill") for r in rects] == ["#2563eb", "#9ca3af", "#dc2626"]
    assert [t.text for t in chart.findall(f"{NS}text")][:2] == ["Trainer", "60.0s"]


def test_bars_draw_the_reference_line_at_its_value() -> None:
    chart = ET.fromstring(svg.bars([svg.Bar("sex=Male", 1.0, "1.0")], reference=0.5, reference_label="lower bound 0.5"))
    bar, line = chart.find(f"{NS}rect"), chart.find(f"{NS}line")
    assert float(line.get("x1")) == float(bar.get("x")) + float(bar.get("width")) / 2
    assert chart.findall(f"{NS}text")[-1].text == "lower bound 0.5"


def test_curve_maps_the_unit_square_and_escapes_labels() -> None:
    chart = ET.fromstring(svg.curve([("a<b", [(0.0, 0.0), (1.0, 1.0)])], "x & y", "rate", diagonal=True))
    lines = chart.findall(f"{NS}polyline")
    assert len(lines) == 2  # the diagonal and the series
    (x0, y0), (x1, y1) = (tuple(map(float, p.split(","))) for p in lines[1].get("points").split())
    assert x1 > x0 and y1 < y0  # up and to the right on screen
    assert lines[1].find(f"{NS}title").text == "a<b"
    assert "x & y" in [t.text for t in chart.findall(f"{NS}text")]


def test_confusion_writes_each_cell_count() -> None:
    texts = [t.text for t in ET.fromstring(svg.confusion(87, 12, 12, 58)).findall(f"{NS}text")]
    assert {"TP 87", "FP 12", "FN 12", "TN 58"} <= set(texts)


def test_sparkline_is_empty_without_buckets_and_one_bar_per_bucket() -> None:
    assert svg.sparkline([]) == ""
    assert len(ET.fromstring(svg.sparkline([1, 4, 2])).findall(f"{NS}rect")) == 3
