"""The one place where the push target of a `RunnerConfig` picks the pusher component."""

from __future__ import annotations

from tfx.dsl.components.base.base_node import BaseNode
from tfx.types import Channel

from components.registry_pusher import RegistryPusher
from components.vertex_pusher import VertexRegistryPusher
from pipelines.config import RunnerConfig
from pipelines.domains.spec import DomainSpec


def registry_model_id(spec: DomainSpec) -> str:
    """The domain's one model in Vertex AI Model Registry (a valid model id: [a-z0-9_-])."""
    return f"tfx-domains-{spec.name}"


def pusher(
    spec: DomainSpec,
    config: RunnerConfig,
    model: Channel,
    blessing: Channel,
    evaluation: Channel,
    infra_blessing: Channel,
) -> BaseNode:
    """The local registry's pusher, or Vertex AI Model Registry's when the config targets it.

    Either pushes only a model that both `blessing` (the Evaluator's) and `infra_blessing`
    (the serving check's) bless."""
    if (target := config.vertex_registry) is not None:
        return VertexRegistryPusher(
            model=model,
            model_blessing=blessing,
            evaluation=evaluation,
            infra_blessing=infra_blessing,
            project=target.project,
            region=target.region,
            model_id=registry_model_id(spec),
            serving_image=target.serving_image,
            domain=spec.name,
            metric=spec.thresholds.metric,
            pipeline_run=target.pipeline_run,
        )
    if config.registry_dir is None:
        raise ValueError("RunnerConfig has no push target: set registry_dir or vertex_registry")
    return RegistryPusher(
        model=model,
        model_blessing=blessing,
        evaluation=evaluation,
        infra_blessing=infra_blessing,
        registry_dir=config.registry_dir,
    )
