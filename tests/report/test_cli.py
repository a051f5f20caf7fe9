"""`after_run` on a run that failed before ML Metadata recorded it: a report still says why."""

from __future__ import annotations

import time
from pathlib import Path

from pipelines import domains
from pipelines.config import OutputLayout
from pipelines.report import cli


def test_a_run_that_failed_before_any_record_still_gets_a_report(tmp_path: Path) -> None:
    spec = domains.get("healthcare")
    line = cli.after_run(spec, OutputLayout(tmp_path), "ab" * 32, {}, time.time(), RuntimeError("no space left"))
    assert line.startswith("report: ")
    page = Path(line.removeprefix("report: ")).read_text()
    assert page == (tmp_path / "reports" / "healthcare" / "latest.html").read_text()
    assert "<li>RuntimeError: no space left</li>" in page and "failed" in page
    assert "ab" * 32 in page


def test_a_successful_run_without_a_store_says_the_report_was_not_written(tmp_path: Path) -> None:
    line = cli.after_run(domains.get("healthcare"), OutputLayout(tmp_path), "ab" * 32, {}, time.time())
    assert line.startswith("report: not written (NoRunError: no ML Metadata store at ")
