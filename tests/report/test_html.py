"""The page from hand-made reports: the banner states the outcome, sections and charts are there."""

from __future__ import annotations

import dataclasses

import pytest

from pipelines.report import html
from pipelines.report.model import Anomaly, Curves, FeatureStats, Lineage, RunReport, Status, Step

CURVES = Curves(
    roc=((0.0, 0.0), (0.2, 0.8), (1.0, 1.0)),
    pr=((0.0, 1.0), (0.8, 0.9), (1.0, 0.5)),
    calibration=((0.1, 0.1), (0.9, 0.8)),
    confusion=(8.0, 2.0, 2.0, 8.0),
    threshold=0.5,
)
PUSHED = RunReport(
    domain="healthcare",
    run_id="2026-01-02T03:04:05.000001",
    status=Status.PUSHED,
    reasons=(),
    pushed_version=3,
    steps=(Step("CsvExampleGen", 0.0, "CACHED"), Step("Trainer", 61.5, "COMPLETE")),
    rows={"train": 80, "eval": 20},
    features={"train": (FeatureStats("age", "INT", 0.0, "mean 54", (1.0, 3.0, 2.0)), FeatureStats("sex", "STRING", 0.1, "2 unique"))},
    anomalies=(),
    gate_metric="auc",
    lower_bound=0.8,
    metrics={"auc": 0.91, "example_count": 20.0},
    slice_metrics={"sex=Male": {"auc": 0.95, "example_count": 12.0}, "sex=Female": {"auc": 0.62, "example_count": 8.0}},
    baseline_metrics={"auc": 0.9, "example_count": 20.0},
    curves=CURVES,
    lineage=Lineage("ab" * 32, "inputs/healthcare/0123", None, "data/healthcare/schema.pbtxt", "f00d"),
)


def test_pushed_report_names_the_version_and_has_every_section() -> None:
    page = html.render(PUSHED)
    assert '<section id="status" class="banner pushed"><strong>pushed version 3 (auc 0.9100)</strong>' in page
    for section in html.SECTIONS:
        assert f'<section id="{section}">' in page or f'<section id="{section}" ' in page
    assert page.count("<svg") == 1 + 1 + 4 + 1  # timeline, the numeric feature's histogram, 4 model charts, slices
    assert "0.0s cached" in page and "61.5s" in page
    assert "ab" * 32 in page and "f00d" in page


def test_slices_below_the_lower_bound_are_highlighted() -> None:
    slices = html.render(PUSHED).split('<section id="slices">', 1)[1].split("</section>", 1)[0]
    assert "<td class=low>sex=Female</td>" in slices and "<td>sex=Male</td>" in slices
    assert "lower bound 0.8" in slices


def test_comparison_shows_the_change_against_the_champion() -> None:
    comparison = html.render(PUSHED).split('<section id="comparison">', 1)[1]
    assert '<td>auc</td><td class="n">0.9000</td><td class="n">0.9100</td><td class="n">+0.0100</td>' in comparison


@pytest.mark.parametrize(
    ("status", "reasons", "expected"),
    [
        (Status.NOT_BLESSED, ("auc 0.7000 is below the lower bound 0.8000",), "not blessed (auc 0.9100)"),
        (Status.FAILED, ("RuntimeError: Trainer ran out of memory",), "failed (auc 0.9100)"),
    ],
)
def test_refused_report_states_why(status: Status, reasons: tuple[str, ...], expected: str) -> None:
    report = dataclasses.replace(PUSHED, status=status, reasons=reasons, pushed_version=None)
    banner = html.render(report).split('<section id="status"', 1)[1].split("</section>", 1)[0]
    assert f"<strong>{expected}</strong>" in banner
    assert f"<li>{reasons[0]}</li>" in banner
    assert "pushed version" not in html.render(report)


def test_a_run_that_stopped_early_says_so_and_lists_its_anomalies() -> None:
    report = dataclasses.replace(
        PUSHED, status=Status.FAILED, reasons=("Trainer failed",), pushed_version=None, metrics={}, slice_metrics={},
        baseline_metrics={}, curves=None, anomalies=(Anomaly("eval", "thal", "Unexpected string values: <x>"),),
    )
    page = html.render(report)
    assert "the run stopped before the Evaluator" in page
    assert "<td>eval</td><td>thal</td><td>Unexpected string values: &lt;x&gt;</td>" in page
    assert "<script" not in page
