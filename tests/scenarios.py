"""Real pipeline runs that several test modules read: each run takes minutes, so each scenario
runs once per session (fixtures registered in `tests/conftest.py`) and the modules only read
what it left. A module that changes a scenario's output may change only what no other
module asserts on (aliases, extra failed runs), never a published version."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pipelines.test_cli import REPO, cli

HEALTHCARE_CSV = REPO / "data" / "healthcare" / "heart_disease_uci.csv"


@dataclasses.dataclass(frozen=True)
class ClinicRuns:
    """A domain drafted by `new-domain` from the healthcare CSV, run once (version 1, the
    champion), then again with a model crippled on purpose (the challenger, refused)."""

    tmp: Path
    domains: Path
    out: Path
    created: subprocess.CompletedProcess
    champion: subprocess.CompletedProcess
    champion_model: bytes  # version 1's saved_model.pb right after it was pushed
    challenger: subprocess.CompletedProcess

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return cli("--domains-dir", str(self.domains), *args, cwd=self.tmp)


@pytest.fixture(scope="session")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> ClinicRuns:
    tmp = tmp_path_factory.mktemp("clinic")
    csv = shutil.copy(HEALTHCARE_CSV, tmp / "clinic.csv")
    domains = tmp / "my_domains"
    out = tmp / "artifacts"
    created = cli(
        "new-domain", "clinic", "--csv", str(csv), "--label", "num", "--positive-when", "num > 0",
        "--dir", str(domains), cwd=tmp,
    )
    assert created.returncode == 0, created.stderr[-2000:]
    domain_file = domains / "clinic" / "domain.toml"
    # Reviewing the draft as its comments ask: a model poor for one sex must be visible.
    domain_file.write_text(domain_file.read_text().replace("slices = []", 'slices = [["sex"]]'))

    def run() -> subprocess.CompletedProcess:
        return cli("--domains-dir", str(domains), "run", "--domain", "clinic", "--output-dir", str(out), cwd=tmp)

    champion = run()
    version_1 = out / "registry" / "clinic" / "1" / "saved_model.pb"
    champion_model = version_1.read_bytes() if version_1.is_file() else b""

    # The same data, a model crippled on purpose: one epoch, one unit, a learning rate that
    # barely moves the weights. No value threshold can stop it, only the comparison.
    config = domain_file.read_text().replace("lower_bound = 0.5", "lower_bound = 0.0")
    config = config.replace("max_epochs = 20", "max_epochs = 1")
    domain_file.write_text(config + "hidden_units = [1]\nlearning_rate = 0.000001\n")
    challenger = run()
    return ClinicRuns(tmp, domains, out, created, champion, champion_model, challenger)


@dataclasses.dataclass(frozen=True)
class HealthcareRuns:
    """The built-in healthcare domain run on its data (version 1), then on a changed copy
    (version 2, the champion)."""

    tmp: Path
    out: Path
    changed_data: Path
    results: tuple[subprocess.CompletedProcess, ...]


@pytest.fixture(scope="session")
def healthcare(tmp_path_factory: pytest.TempPathFactory) -> HealthcareRuns:
    tmp = tmp_path_factory.mktemp("healthcare")
    header, *rows = HEALTHCARE_CSV.read_text().splitlines(keepends=True)
    changed = tmp / "heart_changed.csv"
    changed.write_text(header + "".join(rows[5:]))  # a changed input: a new model, version 2
    out = tmp / "artifacts"
    results = []
    for data in (HEALTHCARE_CSV, changed):
        results.append(cli("run", "--domain", "healthcare", "--data", str(data), "--output-dir", str(out), cwd=tmp))
        assert results[-1].returncode == 0, results[-1].stderr[-3000:]
    return HealthcareRuns(tmp, out, changed, tuple(results))
