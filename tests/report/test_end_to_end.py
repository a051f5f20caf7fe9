"""Reports of two real local runs of a small healthcare copy: one pushed, one refused by its gate."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
SECTIONS = ("status", "timeline", "data", "model", "slices", "comparison", "lineage")
CHROMIUM = Path("/usr/bin/chromium")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # As a user's shell, with this checkout importable: the run takes minutes on two shared cores.
    env = {k: v for k, v in os.environ.items() if k not in ("TF_USE_LEGACY_KERAS", "TF_CPP_MIN_LOG_LEVEL")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _domain(root: Path, name: str, lower_bound: float) -> None:
    """The healthcare domain under another name, trained briefly, gated at `lower_bound`."""
    target = root / name
    shutil.copytree(REPO / "data" / "healthcare", target)
    toml = (target / "domain.toml").read_text()
    toml = re.sub(r"(?m)^lower_bound = .*$", f"lower_bound = {lower_bound}", toml)
    toml = re.sub(r"(?m)^max_epochs = .*$", "max_epochs = 5", toml)
    (target / "domain.toml").write_text(toml)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("report")
    domains = tmp / "domains"
    # A lenient gate so that five epochs always pass it; an impossible one so that nothing can.
    _domain(domains, "lenient", 0.5)
    _domain(domains, "strict", 0.999)
    out = tmp / "artifacts"
    results = {
        name: _cli("--domains-dir", str(domains), "run", "--domain", name, "--output-dir", str(out), cwd=tmp)
        for name in ("lenient", "strict")
    }
    return {"tmp": tmp, "domains": domains, "out": out, **results}


def _report_path(result: subprocess.CompletedProcess) -> Path:
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("report: "), result.stdout[-2000:]
    return Path(last.removeprefix("report: "))


def test_pushed_run_report_names_the_version_and_draws_the_plots(runs: dict) -> None:
    path = _report_path(runs["lenient"])
    assert path.parent == runs["out"] / "reports" / "lenient"
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.html", path.name)
    page = path.read_text()
    assert (path.parent / "latest.html").read_text() == page
    assert "pushed version 1" in page
    for section in SECTIONS:
        assert f'<section id="{section}"' in page
    model = page.split('<section id="model"', 1)[1].split("</section>", 1)[0]
    assert model.count("<svg") == 4  # ROC, PR, calibration, confusion matrix
    assert "Confusion matrix at threshold 0.5" in model
    assert page.count("<tr><td>sex=Male</td>") + page.count("<tr><td class=low>sex=Male</td>") == 1
    assert "Rows: train " in page and "TFDV statistics" in page
    source = REPO / "data" / "healthcare" / "heart_disease_uci.csv"
    assert hashlib.sha256(source.read_bytes()).hexdigest() in page
    assert "No blessed baseline" in page  # a first run has no champion to compare with


def test_report_is_self_contained(runs: dict) -> None:
    page = _report_path(runs["lenient"]).read_text()
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_not_blessed_run_report_states_the_metric_and_threshold(runs: dict) -> None:
    page = _report_path(runs["strict"]).read_text()
    banner = page.split('<section id="status"', 1)[1].split("</section>", 1)[0]
    assert "not blessed" in banner
    assert re.search(r"auc 0\.\d{4} is below the lower bound 0\.9990", banner)
    assert "pushed version" not in page


def test_report_and_runs_commands_regenerate_from_metadata(runs: dict) -> None:
    first = _report_path(runs["lenient"])
    common = ("--domains-dir", str(runs["domains"]))
    listed = _cli(*common, "runs", "--domain", "lenient", "--output-dir", str(runs["out"]), cwd=runs["tmp"])
    assert listed.returncode == 0, listed.stderr[-3000:]
    header, line = listed.stdout.strip().splitlines()
    assert header.split()[:3] == ["run", "status", "duration"]
    run_id, status = line.split()[:2]
    assert status == "pushed"
    first.unlink()
    again = _cli(*common, "report", "--domain", "lenient", "--run", run_id, "--output-dir", str(runs["out"]), cwd=runs["tmp"])
    assert _report_path(again) == first
    assert "pushed version 1" in first.read_text()
    unknown = _cli(*common, "report", "--domain", "lenient", "--run", "nope", "--output-dir", str(runs["out"]), cwd=runs["tmp"])
    assert unknown.returncode == 2 and "no run 'nope'" in unknown.stderr


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: the headless screenshot needs Debian's chromium")
def test_report_renders_in_a_headless_browser(runs: dict, tmp_path: Path) -> None:
    page = _report_path(runs["lenient"])
    shot = tmp_path / "report.png"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1000,1600",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
