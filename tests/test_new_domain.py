"""A user adds a domain from a CSV with one command and runs it, with no code change."""

import shutil
from pathlib import Path

import pytest
import tomli

from tests.pipelines.test_cli import cli

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]


def test_new_domain_from_a_csv_runs_end_to_end_and_pushes(tmp_path: Path) -> None:
    csv = shutil.copy(REPO / "data" / "healthcare" / "heart_disease_uci.csv", tmp_path / "clinic.csv")
    domains_dir = tmp_path / "my_domains"
    created = cli(
        "new-domain", "clinic", "--csv", str(csv), "--label", "num", "--positive-when", "num > 0",
        "--dir", str(domains_dir), cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr[-2000:]
    config = tomli.loads((domains_dir / "clinic" / "domain.toml").read_text())
    assert config["data"]["drop"] == ["id"]
    assert config["label"] == {"name": "num", "positive_when": "num > 0"}
    assert "sex" in config["features"]["categorical"] and "age" in config["features"]["numeric"]
    assert (domains_dir / "clinic" / "schema.pbtxt").is_file()

    listed = cli("--domains-dir", str(domains_dir), "domains", cwd=tmp_path)
    assert "clinic" in listed.stdout and "num > 0" in listed.stdout

    out = tmp_path / "artifacts"
    run = cli("--domains-dir", str(domains_dir), "run", "--domain", "clinic", "--output-dir", str(out), cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (out / "registry" / "clinic" / "1" / "saved_model.pb").is_file()
    assert "blessed:   yes" in run.stdout


def test_new_domain_refuses_a_non_binary_label_without_a_rule(tmp_path: Path) -> None:
    csv = shutil.copy(REPO / "data" / "healthcare" / "heart_disease_uci.csv", tmp_path / "clinic.csv")
    result = cli("new-domain", "clinic", "--csv", str(csv), "--label", "num", "--dir", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: label column 'num' is not 0/1: pass --positive-when, e.g. 'num > 0'"
    assert not (tmp_path / "clinic").exists()
