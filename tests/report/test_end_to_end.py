"""Reports of two real local runs of a domain drafted from the healthcare CSV (the session's
`clinic` scenario): one pushed, one refused by the comparison with its champion."""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
from pathlib import Path

import pytest

from tests.pipelines.test_cli import REPO, cli
from tests.scenarios import ClinicRuns

pytestmark = pytest.mark.slow
SECTIONS = ("status", "timeline", "data", "model", "slices", "comparison", "lineage")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def runs(clinic: ClinicRuns) -> dict:
    return {"tmp": clinic.tmp, "domains": clinic.domains, "out": clinic.out, "pushed": clinic.champion, "refused": clinic.challenger}


def _report_path(result: subprocess.CompletedProcess) -> Path:
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("report: "), result.stdout[-2000:]
    return Path(last.removeprefix("report: "))


def test_pushed_run_report_names_the_version_and_draws_the_plots(runs: dict) -> None:
    path = _report_path(runs["pushed"])
    assert path.parent == runs["out"] / "reports" / "clinic"
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.html", path.name)
    page = path.read_text()
    assert "pushed version 1" in page
    for section in SECTIONS:
        assert f'<section id="{section}"' in page
    model = page.split('<section id="model"', 1)[1].split("</section>", 1)[0]
    assert model.count("<svg") == 4  # ROC, PR, calibration, confusion matrix
    assert "Confusion matrix at threshold 0.5" in model
    assert page.count("<tr><td>sex=Male</td>") + page.count("<tr><td class=low>sex=Male</td>") == 1
    assert "Rows: train " in page and "TFDV statistics" in page
    source = REPO / "data" / "healthcare" / "heart_disease_uci.csv"  # the bytes the clinic was drafted from
    assert hashlib.sha256(source.read_bytes()).hexdigest() in page
    assert "No blessed baseline" in page  # a first run has no champion to compare with


def test_report_is_self_contained(runs: dict) -> None:
    page = _report_path(runs["pushed"]).read_text()
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_not_blessed_run_report_states_both_metric_values(runs: dict) -> None:
    path = _report_path(runs["refused"])
    page = path.read_text()
    assert (path.parent / "latest.html").read_text() == page  # the newest run's
    banner = html.unescape(page.split('<section id="status"', 1)[1].split("</section>", 1)[0])
    assert "not blessed" in banner
    assert re.search(r"auc 0\.\d{4} is 0\.\d{4} below the champion's 0\.\d{4}", banner)
    assert "pushed version" not in page


def test_report_and_runs_commands_regenerate_from_metadata(runs: dict) -> None:
    first = _report_path(runs["pushed"])
    common = ("--domains-dir", str(runs["domains"]))
    listed = cli(*common, "runs", "--domain", "clinic", "--output-dir", str(runs["out"]), cwd=runs["tmp"])
    assert listed.returncode == 0, listed.stderr[-3000:]
    header, *rows = listed.stdout.strip().splitlines()
    assert header.split()[:3] == ["run", "status", "duration"]
    (pushed,) = [row for row in rows if row.split()[1] == "pushed"]
    assert len(rows) == 2 and any(row.split()[1:3] == ["not", "blessed"] for row in rows)
    run_id = pushed.split()[0]
    first.unlink()
    again = cli(*common, "report", "--domain", "clinic", "--run", run_id, "--output-dir", str(runs["out"]), cwd=runs["tmp"])
    assert _report_path(again) == first
    assert "pushed version 1" in first.read_text()
    unknown = cli(*common, "report", "--domain", "clinic", "--run", "nope", "--output-dir", str(runs["out"]), cwd=runs["tmp"])
    assert unknown.returncode == 2 and "no run 'nope'" in unknown.stderr


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: the headless screenshot needs Debian's chromium")
def test_report_renders_in_a_headless_browser(runs: dict, tmp_path: Path) -> None:
    page = _report_path(runs["pushed"])
    shot = tmp_path / "report.png"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1000,1600",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
