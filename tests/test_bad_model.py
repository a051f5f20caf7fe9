"""A challenger clearly worse than the champion is not blessed, not pushed, and says why."""

import shutil
from pathlib import Path

import pytest

from tests.pipelines.test_cli import cli

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]


def test_weakened_challenger_is_refused_with_both_metric_values(tmp_path: Path) -> None:
    domains_dir = tmp_path / "domains"
    domain = shutil.copytree(REPO / "data" / "healthcare", domains_dir / "clinic")
    out = tmp_path / "artifacts"

    def run() -> tuple[int, str]:
        result = cli("--domains-dir", str(domains_dir), "run", "--domain", "clinic", "--output-dir", str(out), cwd=tmp_path)
        return result.returncode, result.stdout

    code, first = run()
    assert code == 0 and "pushed:    version 1" in first
    champion = (out / "registry" / "clinic" / "1" / "saved_model.pb").read_bytes()

    # The same data, a model crippled on purpose: one epoch, one unit, a learning rate that
    # barely moves the weights. No value threshold can stop it, only the comparison.
    config = (domain / "domain.toml").read_text()
    config = config.replace("lower_bound = 0.8", "lower_bound = 0.0")
    config = config.replace("max_epochs = 60", "max_epochs = 1").replace("hidden_units = [32, 16]", "hidden_units = [1]")
    (domain / "domain.toml").write_text(config + "learning_rate = 0.000001\n")
    code, second = run()

    assert code == 0, second
    assert "blessed:   no" in second and "pushed:    nothing (the model was not blessed)" in second
    assert "below the champion's" in second and "on the same eval data" in second
    assert sorted(p.name for p in (out / "registry" / "clinic").iterdir() if p.name.isdigit()) == ["1"]
    assert (out / "registry" / "clinic" / "1" / "saved_model.pb").read_bytes() == champion
