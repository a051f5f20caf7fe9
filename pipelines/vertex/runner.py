"""Compile `create_pipeline` for Vertex AI Pipelines with TFX's KubeflowV2DagRunner (offline)."""

from __future__ import annotations

from pathlib import Path

from tfx.orchestration.kubeflow.v2 import kubeflow_v2_dag_runner

from pipelines.config import RunnerConfig
from pipelines.domains.spec import DomainSpec
from pipelines.pipeline import create_pipeline, pipeline_name


def compile_pipeline(spec: DomainSpec, config: RunnerConfig, image: str, output: Path) -> Path:
    """Write the pipeline as a Vertex AI PipelineJob JSON (KFP v2 IR) to `output`; return it."""
    runner = kubeflow_v2_dag_runner.KubeflowV2DagRunner(
        config=kubeflow_v2_dag_runner.KubeflowV2DagRunnerConfig(
            display_name=pipeline_name(spec),
            default_image=image,
            # Schema 2.1, which the current KFP SDK writes and Vertex AI template registries expect.
            use_pipeline_spec_2_1=True,
        ),
        output_dir=str(output.parent),
        output_filename=output.name,
    )
    runner.run(create_pipeline(spec, config))
    return output
