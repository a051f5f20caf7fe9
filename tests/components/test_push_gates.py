"""Both pushers publish nothing unless the Evaluator and the serving check both bless the model."""

from pathlib import Path

import pytest
from tfx.types import Artifact, standard_artifacts

from components.registry_pusher import RegistryPusher
from components.vertex_pusher import VertexRegistryPusher

VERTEX_PARAMETERS = {
    "project": "p",
    "region": "europe-west4",
    "model_id": "m",
    "serving_image": "image",
    "domain": "d",
    "metric": "auc",
    "pipeline_run": "run",
}


def _blessing(kind: type[Artifact], blessed: int) -> Artifact:
    artifact = kind()
    artifact.set_int_custom_property("blessed", blessed)
    return artifact


@pytest.mark.parametrize("evaluator, serving", [(1, 0), (0, 1)])
@pytest.mark.parametrize("pusher", [RegistryPusher, VertexRegistryPusher])
def test_a_model_either_blessing_refuses_is_not_pushed(tmp_path: Path, pusher, evaluator: int, serving: int) -> None:
    model = standard_artifacts.Model()
    model.uri = str(tmp_path / "model")
    pushed = standard_artifacts.PushedModel()
    inputs = {
        "model": [model],
        "model_blessing": [_blessing(standard_artifacts.ModelBlessing, evaluator)],
        "evaluation": [standard_artifacts.ModelEvaluation()],
        "infra_blessing": [_blessing(standard_artifacts.InfraBlessing, serving)],
    }
    parameters = {"registry_dir": str(tmp_path / "registry")} if pusher is RegistryPusher else VERTEX_PARAMETERS
    pusher.EXECUTOR_SPEC.executor_class().Do(inputs, {"pushed_model": [pushed]}, parameters)
    assert pushed.get_int_custom_property("pushed") == 0
    assert not (tmp_path / "registry").exists()
