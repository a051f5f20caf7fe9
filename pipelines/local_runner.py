"""Run `create_pipeline` locally with one of TFX's two Beam-based orchestrators."""

from __future__ import annotations

from tfx.orchestration.beam.beam_dag_runner import BeamDagRunner
from tfx.orchestration.local.local_dag_runner import LocalDagRunner

from pipelines.config import Orchestrator, RunnerConfig
from pipelines.domains.spec import DomainSpec
from pipelines.pipeline import create_pipeline


def run(spec: DomainSpec, config: RunnerConfig, orchestrator: Orchestrator = Orchestrator.LOCAL) -> None:
    pipeline = create_pipeline(spec, config)
    runner = LocalDagRunner() if orchestrator is Orchestrator.LOCAL else BeamDagRunner()
    runner.run(pipeline)
