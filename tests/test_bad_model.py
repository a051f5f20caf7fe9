"""A challenger clearly worse than the champion is not blessed, not pushed, and says why."""

import pytest

from tests.scenarios import ClinicRuns

pytestmark = pytest.mark.slow


def test_weakened_challenger_is_refused_with_both_metric_values(clinic: ClinicRuns) -> None:
    assert clinic.champion.returncode == 0, clinic.champion.stderr[-3000:]
    assert "pushed:    version 1" in clinic.champion.stdout
    second = clinic.challenger.stdout
    assert clinic.challenger.returncode == 0, second
    assert "blessed:   no" in second and "pushed:    nothing (the model was not blessed)" in second
    assert "below the champion's" in second and "on the same eval data" in second
    registry = clinic.out / "registry" / "clinic"
    assert sorted(p.name for p in registry.iterdir() if p.name.isdigit()) == ["1"]
    assert (registry / "1" / "saved_model.pb").read_bytes() == clinic.champion_model
