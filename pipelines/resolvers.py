"""The one place where the orchestrator of a `RunnerConfig` picks the baseline model resolver."""

from __future__ import annotations

from tfx.dsl.components.common.resolver import Resolver
from tfx.dsl.input_resolution.strategies.latest_blessed_model_strategy import LatestBlessedModelStrategy
from tfx.types import Channel
from tfx.types.standard_artifacts import Model, ModelBlessing

from components.baseline_strategy import CANDIDATE_KEY, LatestBlessedOtherModelStrategy
from pipelines.config import RunnerConfig


def baseline_resolver(config: RunnerConfig, candidate: Channel) -> Resolver:
    """The latest blessed model other than `candidate`, where the orchestrator runs our strategy.

    The local orchestrators (they own the ML Metadata store, `metadata_path`) run any
    resolver strategy. The Vertex AI compiler accepts only TFX's two stock strategies, so
    there the baseline is the stock latest blessed model; a Vertex rerun then evaluates again.
    """
    channels = {
        "model": Channel(type=Model),
        "model_blessing": Channel(type=ModelBlessing),
    }
    if config.metadata_path is None:
        return Resolver(strategy_class=LatestBlessedModelStrategy, **channels)
    return Resolver(strategy_class=LatestBlessedOtherModelStrategy, **channels, **{CANDIDATE_KEY: candidate})
