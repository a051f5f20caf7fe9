"""The push target of the RunnerConfig, and nothing else, picks the pusher."""

from pathlib import Path

import pytest
from tfx.types import Channel, standard_artifacts

from components.registry_pusher import RegistryPusher
from components.vertex_pusher import VertexRegistryPusher
from pipelines import domains
from pipelines.config import OutputLayout, RunnerConfig, local_config
from pipelines.pushers import pusher
from pipelines.vertex.config import vertex_config
from pipelines.vertex.settings import load

SPEC = domains.get(domains.names()[0])
CHANNELS = (
    Channel(type=standard_artifacts.Model),
    Channel(type=standard_artifacts.ModelBlessing),
    Channel(type=standard_artifacts.ModelEvaluation),
    Channel(type=standard_artifacts.InfraBlessing),
)


def test_local_config_pushes_to_the_local_registry(tmp_path: Path) -> None:
    node = pusher(SPEC, local_config(OutputLayout(tmp_path), SPEC.name, tmp_path), *CHANNELS)
    assert isinstance(node, RegistryPusher)
    assert set(node.inputs) == {"model", "model_blessing", "evaluation", "infra_blessing"}
    assert node.exec_properties == {"registry_dir": str(tmp_path / "registry" / SPEC.name)}


def test_vertex_config_pushes_to_vertex_model_registry() -> None:
    node = pusher(SPEC, vertex_config(SPEC.name, load(overrides={"project": "p"})), *CHANNELS)
    assert isinstance(node, VertexRegistryPusher)
    assert node.exec_properties["model_id"] == f"tfx-domains-{SPEC.name}"
    assert set(node.inputs) == {"model", "model_blessing", "evaluation", "infra_blessing"}


def test_a_config_without_push_target_is_refused() -> None:
    with pytest.raises(ValueError, match="no push target"):
        pusher(SPEC, RunnerConfig(pipeline_root="r", data_root="d", registry_dir=None), *CHANNELS)
