"""A user adds a domain from a CSV with one command and runs it, with no code change (the
session's `clinic` scenario does both)."""

import shutil
from pathlib import Path

import pytest
import tomli

from tests.pipelines.test_cli import cli
from tests.scenarios import ClinicRuns

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]


def test_new_domain_from_a_csv_runs_end_to_end_and_pushes(clinic: ClinicRuns) -> None:
    assert clinic.created.returncode == 0, clinic.created.stderr[-2000:]
    config = tomli.loads((clinic.domains / "clinic" / "domain.toml").read_text())
    assert config["data"]["drop"] == ["id"]
    assert config["label"] == {"name": "num", "positive_when": "num > 0"}
    assert "sex" in config["features"]["categorical"] and "age" in config["features"]["numeric"]
    assert (clinic.domains / "clinic" / "schema.pbtxt").is_file()

    listed = clinic.cli("domains")
    assert "clinic" in listed.stdout and "num > 0" in listed.stdout

    assert clinic.champion.returncode == 0, clinic.champion.stderr[-3000:]
    assert (clinic.out / "registry" / "clinic" / "1" / "saved_model.pb").is_file()
    assert "blessed:   yes" in clinic.champion.stdout


def test_new_domain_refuses_a_non_binary_label_without_a_rule(tmp_path: Path) -> None:
    csv = shutil.copy(REPO / "data" / "healthcare" / "heart_disease_uci.csv", tmp_path / "clinic.csv")
    result = cli("new-domain", "clinic", "--csv", str(csv), "--label", "num", "--dir", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: label column 'num' is not 0/1: pass --positive-when, e.g. 'num > 0'"
    assert not (tmp_path / "clinic").exists()
