"""Write a report page to `<reports>/<domain>/<run-id>.html` and `latest.html` beside it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipelines.report.html import render
from pipelines.report.model import RunReport, safe_name


def write(report: RunReport, reports_dir: Path) -> Path:
    """Write the page; `latest.html` is replaced only by a complete file."""
    directory = reports_dir / report.domain
    directory.mkdir(parents=True, exist_ok=True)
    page = render(report)
    target = directory / f"{safe_name(report.run_id)}.html"
    target.write_text(page, encoding="utf-8")
    # A scheduler or a browser may be reading latest.html while the next run finishes.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, suffix=".part", delete=False) as partial:
        partial.write(page)
    os.chmod(partial.name, 0o644)  # NamedTemporaryFile creates it private; the run's page is not
    os.replace(partial.name, directory / "latest.html")
    return target
