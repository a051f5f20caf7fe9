"""BENCHMARKS.md's generated block: spliced between its markers, rendered from the results."""

import pytest

from bench import markdown
from bench.markdown import BEGIN, END
from bench.results import Case, Quality, Results, RunNumbers, ScalingPoint, ServingResult, to_json

HISTORY = "# Benchmarks\n\n## Orchestrators (2026-11-27)\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"


def test_block_is_appended_once_then_replaced_and_the_history_kept() -> None:
    first = markdown.replace_block(HISTORY, "table one")
    assert first.startswith(HISTORY.rstrip())
    assert first.endswith(f"{BEGIN}\ntable one\n{END}\n")
    after = first + "\n## Edge export\n\nhand-written\n"
    second = markdown.replace_block(after, "table two\n")
    assert second == after.replace("table one", "table two")


def test_an_empty_file_gets_only_the_block() -> None:
    assert markdown.replace_block("", "x") == f"{BEGIN}\nx\n{END}\n"


@pytest.mark.parametrize("text", [f"{BEGIN}\n", f"{END}\n{BEGIN}\n", f"{BEGIN}{END}{BEGIN}{END}"])
def test_broken_markers_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(markdown.MarkerError):
        markdown.replace_block(text, "x")


def _numbers(seconds: float, state: str = "COMPLETE") -> RunNumbers:
    steps = {
        "CsvExampleGen": {"seconds": seconds / 4, "state": state},
        "Evaluator": {"seconds": seconds / 2, "state": "COMPLETE"},
    }
    return RunNumbers(seconds + 30, 25.0, seconds, 5.0, int(1.5 * 2**30), seconds, 0.1, steps)


def _results() -> Results:
    full = Case(
        "fraud-100pct",
        "fraud",
        "`data/fraud/full/creditcard.csv`",
        {"train": 227_000, "eval": 57_000},
        _numbers(400.0),
        _numbers(20.0, "CACHED"),
        ServingResult(1024, 61_234.0, (60_000.0, 61_234.0), 1.5, 4.25, 500),
        Quality("auc_precision_recall", 0.80, 0.85, (0.84, 0.86), 0.801, 0.79, 0.84),
    )
    small = Case("fraud-10pct", "fraud", "28,481 rows", {"train": 22_700, "eval": 5_700}, _numbers(100.0))
    return Results(
        command="python -m bench",
        machine={
            "date": "2026-11-27 12:00 UTC",
            "cpu": "AMD EPYC",
            "cores": 2,
            "ram_bytes": 24 * 2**30,
            "os": "Linux x86_64",
            "versions": {"python": "3.10.13", "tfx": "1.16.0"},
        },
        cases=[small, full],
        scaling=[ScalingPoint(0.1, 28_481, "fraud-10pct"), ScalingPoint(1.0, 284_807, "fraud-100pct")],
        scaling_source="data/fraud/full/creditcard.csv",
        scaling_seed=7,
    )


def test_render_shows_the_numbers_the_gap_and_the_scaling_growth() -> None:
    data = to_json(_results())
    assert data["cases"][1]["quality"]["gap"] == pytest.approx(-0.05)
    text = markdown.render(data, "bench/results/latest.json", "bench/results/fraud_scaling.png")
    assert "AMD EPYC, 2 cores, 24.0 GiB RAM" in text and "tfx 1.16.0" in text
    row = "| `fraud-100pct` | `data/fraud/full/creditcard.csv` | 227,000 / 57,000 | 430.0 s | 25 + 400 + 5 | 1.50 GiB |"
    assert row in text
    assert "| 50.0 s | 25 + 20 + 5 | 12% (5%) | 10% |" in text
    assert (
        "| `fraud-100pct` | 61,234 (batch 1024) | 1.50 / 4.25 ms | auc_precision_recall | 0.8000 "
        "| 0.8500 (0.840-0.860) | -0.0500 "
        "| 0.7900 / 0.8400 |"
    ) in text
    assert "| `fraud-10pct` | 25.0 | 50.0 | 75.0 |  |" in text  # cold only: no rerun column
    assert "| `fraud-100pct` | 100.0 | 200.0 | 300.0 | Evaluator 10.0 |" in text
    assert "data ×10.0, pipeline time ×4.0, cold time ×3.3" in text
    assert "![Time per component, cold run, per data size](bench/results/fraud_scaling.png)" in text
    assert BEGIN not in text and END not in text


def test_render_without_scaling_has_no_scaling_section() -> None:
    results = _results()
    data = to_json(Results(results.command, results.machine, results.cases[1:], []))
    text = markdown.render(data, "latest.json", None)
    assert "Scaling" not in text and "fraud-10pct" not in text


def test_render_of_cold_runs_only_has_no_empty_tables() -> None:
    results = _results()
    data = to_json(Results(results.command, results.machine, results.cases[:1], results.scaling[:1], "x.csv", 7))
    text = markdown.render(data, "latest.json", None)
    assert "Serving:" not in text and "| `fraud-10pct` | 25.0 |" in text
