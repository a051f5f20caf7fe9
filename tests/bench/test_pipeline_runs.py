"""What the harness reads from the CLI's output, and the command it runs."""

import sys
from pathlib import Path

import pytest

from bench import pipeline_runs


def test_pipeline_seconds_is_the_summary_line() -> None:
    output = "[fraud] Trainer   finished in   33.6s\n  blessed:   yes\n  wall time: 81.6s\nreport: x.html\n"
    assert pipeline_runs.pipeline_seconds(output) == 81.6
    with pytest.raises(ValueError, match="wall time"):
        pipeline_runs.pipeline_seconds("error: the pipeline failed")


def test_command_is_the_cli_with_optional_data() -> None:
    out = Path("out")
    assert pipeline_runs.command("fraud", out, None) == [
        sys.executable, "-m", "pipelines", "run", "--domain", "fraud", "--output-dir", "out"
    ]
    assert pipeline_runs.command("fraud", out, Path("d.csv"))[-2:] == ["--data", "d.csv"]
