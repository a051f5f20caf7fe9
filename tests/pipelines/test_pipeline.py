"""The DAG of every domain: each component present, wired as designed, compilable to IR."""

import json
import re
from pathlib import Path

import pytest
import tensorflow_model_analysis as tfma
from tfx.dsl.compiler import compiler

from pipelines import domains
from pipelines.config import OutputLayout, local_config
from pipelines.pipeline import ComponentId, create_pipeline, eval_config, pipeline_name, user_code_digest

EXPECTED_UPSTREAM = {
    ComponentId.EXAMPLE_GEN: set(),
    ComponentId.SCHEMA_GEN: set(),
    # The baseline is any blessed model but the Trainer's own (cached on a rerun).
    ComponentId.BASELINE_RESOLVER: {ComponentId.TRAINER},
    ComponentId.STATISTICS_GEN: {ComponentId.EXAMPLE_GEN},
    ComponentId.EXAMPLE_VALIDATOR: {ComponentId.STATISTICS_GEN, ComponentId.SCHEMA_GEN},
    ComponentId.PREVIOUS_STATISTICS: set(),
    ComponentId.DATA_GATE: {
        ComponentId.STATISTICS_GEN,
        ComponentId.EXAMPLE_VALIDATOR,
        ComponentId.SCHEMA_GEN,
        ComponentId.PREVIOUS_STATISTICS,
    },
    # Transform waits for the gate: nothing learns from data that failed validation.
    ComponentId.TRANSFORM: {ComponentId.EXAMPLE_GEN, ComponentId.SCHEMA_GEN, ComponentId.DATA_GATE},
    ComponentId.TRAINER: {ComponentId.EXAMPLE_GEN, ComponentId.TRANSFORM, ComponentId.SCHEMA_GEN},
    ComponentId.EVALUATOR: {ComponentId.EXAMPLE_GEN, ComponentId.TRAINER, ComponentId.BASELINE_RESOLVER},
    ComponentId.SERVING_CHECK: {ComponentId.EXAMPLE_GEN, ComponentId.TRAINER},
    # Nothing is pushed unless both the Evaluator and the serving check bless it.
    ComponentId.PUSHER: {ComponentId.TRAINER, ComponentId.EVALUATOR, ComponentId.SERVING_CHECK},
}


@pytest.fixture(params=domains.names())
def spec(request: pytest.FixtureRequest) -> domains.DomainSpec:
    return domains.get(request.param)


def test_every_component_is_present_and_wired(spec: domains.DomainSpec, tmp_path: Path) -> None:
    config = local_config(OutputLayout(tmp_path), spec.name, tmp_path / "inputs")
    pipeline = create_pipeline(spec, config)
    upstream = {c.id: {u.id for u in c.upstream_nodes} for c in pipeline.components}
    assert upstream == EXPECTED_UPSTREAM
    pusher = next(c for c in pipeline.components if c.id == ComponentId.PUSHER)
    assert pusher.exec_properties["registry_dir"] == str(tmp_path / "registry" / spec.name)


def test_compiles_to_pipeline_ir(spec: domains.DomainSpec, tmp_path: Path) -> None:
    ir = compiler.Compiler().compile(create_pipeline(spec, local_config(OutputLayout(tmp_path), spec.name, tmp_path)))
    assert ir.pipeline_info.id == pipeline_name(spec)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,127}", ir.pipeline_info.id)  # what Vertex AI accepts
    assert {node.pipeline_node.node_info.id for node in ir.nodes} == set(EXPECTED_UPSTREAM)


def test_evaluator_gates_the_spec_metric_with_value_and_change_thresholds(spec: domains.DomainSpec) -> None:
    config = eval_config(spec)
    gated = [m for s in config.metrics_specs for m in s.metrics if m.per_slice_thresholds]
    assert len(gated) == 1 and not gated[0].HasField("threshold")
    (per_slice,) = gated[0].per_slice_thresholds
    assert list(per_slice.slicing_specs) == [tfma.SlicingSpec()]  # overall only
    threshold = per_slice.threshold
    assert threshold.value_threshold.lower_bound.value == spec.thresholds.lower_bound
    assert threshold.change_threshold.absolute.value == -spec.thresholds.max_regression
    assert threshold.change_threshold.direction == tfma.MetricDirection.HIGHER_IS_BETTER
    assert config.model_specs[0].label_key == spec.label


def test_transform_and_trainer_cache_keys_follow_the_code_they_import(tmp_path: Path) -> None:
    (tmp_path / "components").mkdir()
    (tmp_path / "pipelines" / "domains").mkdir(parents=True)
    (tmp_path / "components" / "model.py").write_text("UNITS = 64\n")
    (tmp_path / "pipelines" / "domains" / "spec.py").write_text("")
    (tmp_path / "README.md").write_text("not code")
    before = user_code_digest(tmp_path)
    (tmp_path / "README.md").write_text("still not code")
    assert user_code_digest(tmp_path) == before
    (tmp_path / "components" / "model.py").write_text("UNITS = 32\n")
    assert user_code_digest(tmp_path) != before

    spec = domains.get("fraud")
    pipeline = create_pipeline(spec, local_config(OutputLayout(tmp_path), spec.name, tmp_path / "inputs"))
    for component in pipeline.components:
        if component.id in (ComponentId.TRANSFORM, ComponentId.TRAINER):
            assert json.loads(component.exec_properties["custom_config"])["code"] == user_code_digest()
