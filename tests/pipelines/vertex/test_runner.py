"""Every domain compiles, offline, to a Vertex AI pipeline spec that is valid KFP v2 IR."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import json_format
from kfp import dsl
from kfp.pipeline_spec import pipeline_spec_pb2
from tfx.utils import import_utils

from components import serving_check
from pipelines import domains
from pipelines.config import LOCAL_BEAM_ARGS
from pipelines.pipeline import ComponentId
from pipelines.vertex import config as vertex_config
from pipelines.vertex.config import BeamRunner
from pipelines.vertex.runner import compile_pipeline
from pipelines.vertex.settings import VertexSettings, load

REPO = Path(__file__).resolve().parents[3]
# The resolver is one node in TFX and two tasks in KFP.
TASKS = {v for k, v in vars(ComponentId).items() if not k.startswith("_")} - {
    ComponentId.BASELINE_RESOLVER
} | {f"{ComponentId.BASELINE_RESOLVER}-model-resolver", f"{ComponentId.BASELINE_RESOLVER}-model-blessing-resolver"}
BEAM_STEPS = [ComponentId.EXAMPLE_GEN, ComponentId.STATISTICS_GEN, ComponentId.TRANSFORM, ComponentId.EVALUATOR]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, BeamRunner], dict[str, Any]]:
    settings = load(overrides={"project": "test-project"})
    out = tmp_path_factory.mktemp("vertex")
    jobs = {}
    for name in domains.names():
        for runner in BeamRunner:
            config = vertex_config.vertex_config(name, settings, runner)
            path = compile_pipeline(domains.get(name), config, settings.image, out / f"{name}-{runner.value}.json")
            jobs[name, runner] = json.loads(path.read_text())
    return jobs


@pytest.fixture(params=domains.names())
def domain(request: pytest.FixtureRequest) -> str:
    return request.param


def _spec(job: dict[str, Any]) -> pipeline_spec_pb2.PipelineSpec:
    # Strict parse: an unknown or mistyped field anywhere fails.
    return json_format.ParseDict(job["pipelineSpec"], pipeline_spec_pb2.PipelineSpec())


def _param(spec: pipeline_spec_pb2.PipelineSpec, task: str, name: str) -> Any:
    value = spec.root.dag.tasks[task].inputs.parameters[name].runtime_value.constant
    return json_format.MessageToDict(value)


def _args(spec: pipeline_spec_pb2.PipelineSpec, task: str) -> list[str]:
    return list(spec.deployment_spec["executors"][f"{task}_executor"]["container"]["args"])


def test_spec_is_kfp_v2_ir_with_every_component_under_its_stable_id(compiled, domain: str, settings: VertexSettings) -> None:
    job = compiled[domain, BeamRunner.DIRECT]
    spec = _spec(job)
    assert spec.schema_version == "2.1.0"
    assert spec.pipeline_info.name == f"tfx-domains-{domain.replace('_', '-')}"
    assert set(spec.root.dag.tasks) == TASKS
    assert job["runtimeConfig"]["gcsOutputDirectory"] == settings.pipeline_root(domain)


def test_every_step_runs_the_configured_image(compiled, domain: str, settings: VertexSettings) -> None:
    executors = _spec(compiled[domain, BeamRunner.DIRECT]).deployment_spec["executors"]
    containers = [e["container"] for e in executors.values() if "container" in e]
    assert len(containers) == len(TASKS) - 3  # all but the resolver tasks (two for the baseline, one for the statistics)
    assert {c["image"] for c in containers} == {settings.image}


def test_inputs_come_from_the_bucket_and_the_schema_from_the_image(compiled, domain: str, settings: VertexSettings) -> None:
    spec = _spec(compiled[domain, BeamRunner.DIRECT])
    assert _param(spec, ComponentId.EXAMPLE_GEN, "input_base") == settings.data_root(domain)
    schema = _param(spec, ComponentId.SCHEMA_GEN, "schema_file")
    # The image holds the repository at IMAGE_SOURCE_DIR: the same relative path must exist here.
    assert schema.startswith(vertex_config.IMAGE_SOURCE_DIR + "/")
    assert (REPO / schema.removeprefix(vertex_config.IMAGE_SOURCE_DIR + "/")).is_file()


def test_pusher_is_the_vertex_registry_pusher_with_its_parameters(compiled, domain: str, settings: VertexSettings) -> None:
    spec = _spec(compiled[domain, BeamRunner.DIRECT])
    args = _args(spec, ComponentId.PUSHER)
    executor = args[args.index("--executor_class_path") + 1]
    assert executor == "components.vertex_pusher.VertexRegistryPusher_Executor"
    import_utils.import_class_by_path(executor)  # what the container does first
    assert set(spec.root.dag.tasks[ComponentId.PUSHER].inputs.artifacts) == {
        "model",
        "model_blessing",
        "evaluation",
        "infra_blessing",
    }
    params = {name: _param(spec, ComponentId.PUSHER, name) for name in spec.root.dag.tasks[ComponentId.PUSHER].inputs.parameters}
    assert params == {
        "project": "test-project",
        "region": settings.region,
        "model_id": f"tfx-domains-{domain}",
        "serving_image": "europe-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest",
        "domain": domain,
        "metric": domains.get(domain).thresholds.metric,
        "pipeline_run": dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
    }


def test_serving_check_runs_its_executor_on_the_model_and_the_examples(compiled, domain: str) -> None:
    spec = _spec(compiled[domain, BeamRunner.DIRECT])
    args = _args(spec, ComponentId.SERVING_CHECK)
    executor = args[args.index("--executor_class_path") + 1]
    assert executor == "components.serving_check_component.ServingCheck_Executor"
    import_utils.import_class_by_path(executor)
    assert set(spec.root.dag.tasks[ComponentId.SERVING_CHECK].inputs.artifacts) == {"model", "examples"}
    assert _param(spec, ComponentId.SERVING_CHECK, "max_examples") == serving_check.MAX_EXAMPLES


def test_beam_steps_run_in_process_by_default(compiled, domain: str) -> None:
    spec = _spec(compiled[domain, BeamRunner.DIRECT])
    for task in BEAM_STEPS:
        args = _args(spec, task)
        assert args[-len(LOCAL_BEAM_ARGS):] == list(LOCAL_BEAM_ARGS), task
        assert not any(a.startswith("--runner") for a in args), task


def test_dataflow_runner_gives_the_beam_steps_dataflow_arguments(compiled, domain: str, settings: VertexSettings) -> None:
    spec = _spec(compiled[domain, BeamRunner.DATAFLOW])
    expected = [
        "--runner=DataflowRunner",
        "--project=test-project",
        f"--region={settings.region}",
        "--temp_location=gs://test-project-tfx-domains/tmp",
        "--machine_type=n1-standard-4",
        "--max_num_workers=8",
        f"--sdk_container_image={settings.image}",
        "--sdk_location=container",
        f"--service_account_email={settings.service_account}",
    ]
    for task in BEAM_STEPS:
        assert _args(spec, task)[-len(expected):] == expected, task


def test_placeholder_is_kfps() -> None:
    assert vertex_config.PIPELINE_JOB_NAME_PLACEHOLDER == dsl.PIPELINE_JOB_NAME_PLACEHOLDER
