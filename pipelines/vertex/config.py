"""The `RunnerConfig` of a run on Vertex AI Pipelines, and the Beam arguments of its data steps."""

from __future__ import annotations

import enum

from components.vertex_registry import serving_image
from pipelines.config import LOCAL_BEAM_ARGS, RunnerConfig, VertexRegistry
from pipelines.domains import BUILTIN_DIR
from pipelines.vertex.settings import VertexSettings

# Where deploy/Dockerfile puts the project in the image (its WORKDIR and PYTHONPATH): the
# compiled pipeline points the components there, not at the machine that compiled it.
IMAGE_SOURCE_DIR = "/tfx-domains"
# KFP's `dsl.PIPELINE_JOB_NAME_PLACEHOLDER` (a test checks they agree; kfp takes 2 s to import):
# Vertex replaces it in a step's parameters with the name of the running pipeline job.
PIPELINE_JOB_NAME_PLACEHOLDER = "{{$.pipeline_job_name}}"


class BeamRunner(str, enum.Enum):
    DIRECT = "direct"  # in the pipeline step's own container: enough for data that fits one machine
    DATAFLOW = "dataflow"  # on Dataflow workers that scale out, started from the same image


def dataflow_beam_args(settings: VertexSettings) -> tuple[str, ...]:
    """Beam arguments that send the data components' work to Dataflow."""
    return (
        "--runner=DataflowRunner",
        f"--project={settings.project}",
        f"--region={settings.region}",
        f"--temp_location={settings.temp_location}",
        f"--machine_type={settings.dataflow.machine_type}",
        f"--max_num_workers={settings.dataflow.max_num_workers}",
        # The workers run the pipeline image itself, which holds the user code (preprocessing_fn)
        # and the Beam SDK: nothing is staged or installed when a job starts.
        f"--sdk_container_image={settings.image}",
        "--sdk_location=container",
        f"--service_account_email={settings.service_account}",
    )


def vertex_config(
    domain: str, settings: VertexSettings, beam_runner: BeamRunner = BeamRunner.DIRECT, data_root: str | None = None
) -> RunnerConfig:
    """Paths in the project's bucket, ML Metadata owned by Vertex, push to Vertex AI Model Registry."""
    return RunnerConfig(
        pipeline_root=settings.pipeline_root(domain),
        data_root=data_root or settings.data_root(domain),
        registry_dir=None,
        metadata_path=None,
        beam_args=dataflow_beam_args(settings) if beam_runner is BeamRunner.DATAFLOW else LOCAL_BEAM_ARGS,
        domains_dir=f"{IMAGE_SOURCE_DIR}/{BUILTIN_DIR.name}",
        vertex_registry=VertexRegistry(
            project=settings.project,
            region=settings.region,
            serving_image=serving_image(settings.region),
            pipeline_run=PIPELINE_JOB_NAME_PLACEHOLDER,
        ),
    )
