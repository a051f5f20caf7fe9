"""What the harness reads from the CLI's output, and the command it runs."""

import sys
from pathlib import Path

import pytest

from bench import pipeline_runs


def test_phases_split_the_wall_time_at_the_first_line_and_the_summary() -> None:
    lines = (
        (0.5, "WARNING: something from an import"),
        (31.0, "[fraud] data data/x.csv (sha256 0123456789ab), log artifacts/logs/fraud.log"),
        (33.0, "[fraud] Trainer                      finished in   33.6s"),
        (112.0, "  wall time: 81.6s"),
        (118.0, "report: artifacts/reports/fraud/latest.html"),
    )
    assert pipeline_runs.phases("fraud", lines, 120.0) == (31.0, 81.6, 8.0)
    with pytest.raises(ValueError, match="wall time"):
        pipeline_runs.phases("fraud", lines[:3], 120.0)


def test_command_is_the_cli_with_optional_data() -> None:
    out = Path("out")
    assert pipeline_runs.command("fraud", out, None) == [
        sys.executable, "-m", "pipelines", "run", "--domain", "fraud", "--output-dir", "out"
    ]
    assert pipeline_runs.command("fraud", out, Path("d.csv"))[-2:] == ["--data", "d.csv"]
