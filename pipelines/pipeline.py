"""`create_pipeline(spec, config)`: the one DAG, for every domain and every orchestrator."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import tensorflow_model_analysis as tfma
from google.protobuf.wrappers_pb2 import BoolValue
from tfx.components import Evaluator, ExampleValidator, StatisticsGen, Trainer, Transform
from tfx.components.example_gen.component import FileBasedExampleGen
from tfx.components.schema_gen.import_schema_gen.component import ImportSchemaGen
from tfx.dsl.components.base import executor_spec
from tfx.dsl.components.common.resolver import Resolver
from tfx.dsl.input_resolution.strategies.latest_artifact_strategy import LatestArtifactStrategy
from tfx.orchestration import metadata
from tfx.orchestration.pipeline import Pipeline
from tfx.proto import example_gen_pb2
from tfx.types import Channel
from tfx.types.standard_artifacts import ExampleStatistics

from components import csv_example_gen, serving_check
from components.data_gate_component import DataGate
from components.serving_check_component import ServingCheck
from pipelines.config import RunnerConfig
from pipelines.domains.loader import GATEABLE_METRICS
from pipelines.domains.spec import DomainSpec
from pipelines.pushers import pusher as make_pusher
from pipelines.resolvers import baseline_resolver

PREPROCESSING_FN = "components.preprocessing.preprocessing_fn"
RUN_FN = "components.model.run_fn"
# What those two import from this project.
USER_CODE_DIRS = ("components", "pipelines/domains")


class ComponentId:
    """Stable node ids: ML Metadata contexts, caching and reports key on them."""

    EXAMPLE_GEN = "CsvExampleGen"
    STATISTICS_GEN = "StatisticsGen"
    SCHEMA_GEN = "ImportSchemaGen"
    EXAMPLE_VALIDATOR = "ExampleValidator"
    DATA_GATE = "DataGate"
    PREVIOUS_STATISTICS = "PreviousValidatedStatistics"
    TRANSFORM = "Transform"
    TRAINER = "Trainer"
    BASELINE_RESOLVER = "LatestBlessedModelResolver"
    EVALUATOR = "Evaluator"
    SERVING_CHECK = "ServingCheck"
    PUSHER = "RegistryPusher"


def user_code_digest(root: Path = Path(__file__).resolve().parents[1]) -> str:
    """SHA-256 of the Python files under USER_CODE_DIRS, paths and contents.

    Transform and Trainer load their code by import path, which TFX's cache key does not
    cover (a `module_file` is hashed into a wheel, at the cost of building and installing it
    on every run). Passing this digest in their `custom_config` keeps a code change from
    reusing a model cached before it.
    """
    digest = hashlib.sha256()
    for path in sorted(p for d in USER_CODE_DIRS for p in (root / d).rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def pipeline_name(spec: DomainSpec) -> str:
    """Also the Vertex AI pipeline name, which allows no `_`: [a-z0-9][a-z0-9-]{0,127}."""
    return f"tfx-domains-{spec.name.replace('_', '-')}"


def schema_file(spec: DomainSpec, config: RunnerConfig) -> str:
    """The curated schema, where the components that import it will find it."""
    if config.domains_dir:
        return f"{config.domains_dir}/{spec.name}/{spec.schema_path.name}"
    return str(spec.schema_path)


def eval_config(spec: DomainSpec) -> tfma.EvalConfig:
    """TFMA metrics on the raw eval split, with the spec's value and change gates."""
    at = {"thresholds": [spec.operating_threshold]}
    gate = tfma.MetricThreshold(
        value_threshold=tfma.GenericValueThreshold(lower_bound={"value": spec.thresholds.lower_bound}),
        # Skipped by the Evaluator on the first run, when there is no blessed baseline.
        change_threshold=tfma.GenericChangeThreshold(
            direction=tfma.MetricDirection.HIGHER_IS_BETTER,
            absolute={"value": -spec.thresholds.max_regression},
        ),
    )
    metrics = [
        tfma.MetricConfig(class_name="ExampleCount"),
        tfma.MetricConfig(class_name="AUC"),
        tfma.MetricConfig(class_name="AUCPrecisionRecall"),
        tfma.MetricConfig(class_name="Precision", config=json.dumps(at)),
        tfma.MetricConfig(class_name="Recall", config=json.dumps(at)),
        tfma.MetricConfig(class_name="Calibration"),
        tfma.MetricConfig(class_name="CalibrationPlot"),
        tfma.MetricConfig(class_name="ConfusionMatrixPlot"),
    ]
    gated = next(m for m in metrics if m.class_name == GATEABLE_METRICS[spec.thresholds.metric])
    # The gate applies to the overall slice; per-slice values are reported, not gated.
    gated.per_slice_thresholds.add(slicing_specs=[tfma.SlicingSpec()], threshold=gate)
    return tfma.EvalConfig(
        model_specs=[tfma.ModelSpec(signature_name="serving_default", label_key=spec.label)],
        slicing_specs=[tfma.SlicingSpec()] + [tfma.SlicingSpec(feature_keys=list(keys)) for keys in spec.slices],
        metrics_specs=[tfma.MetricsSpec(metrics=metrics)],
        # Only the metrics above: the model's compiled Keras metrics would shadow TFMA's `auc`.
        options=tfma.Options(include_default_metrics=BoolValue(value=False)),
    )


def split_config(spec: DomainSpec) -> example_gen_pb2.SplitConfig:
    train_buckets, eval_buckets = spec.split_buckets
    config = example_gen_pb2.SplitConfig(
        splits=[
            example_gen_pb2.SplitConfig.Split(name="train", hash_buckets=train_buckets),
            example_gen_pb2.SplitConfig.Split(name="eval", hash_buckets=eval_buckets),
        ]
    )
    if spec.split_by:
        config.partition_feature_name = spec.split_by
    return config


def create_pipeline(spec: DomainSpec, config: RunnerConfig) -> Pipeline:
    """CsvExampleGen -> StatisticsGen -> ImportSchemaGen -> ExampleValidator -> Transform
    -> Trainer -> Evaluator (against the latest blessed other model) -> ServingCheck -> the push target's pusher."""
    # CsvExampleGen with Arrow's CSV parser (`components.csv_example_gen`): the same examples and
    # splits as TFX's executor, in 43.1 s instead of 93.9 s on the full fraud data.
    example_gen = FileBasedExampleGen(
        input_base=config.data_root,
        output_config=example_gen_pb2.Output(split_config=split_config(spec)),
        custom_executor_spec=executor_spec.BeamExecutorSpec(csv_example_gen.Executor),
    ).with_id(ComponentId.EXAMPLE_GEN)
    statistics_gen = StatisticsGen(examples=example_gen.outputs["examples"]).with_id(ComponentId.STATISTICS_GEN)
    schema_gen = ImportSchemaGen(schema_file=schema_file(spec, config)).with_id(ComponentId.SCHEMA_GEN)
    example_validator = ExampleValidator(
        statistics=statistics_gen.outputs["statistics"], schema=schema_gen.outputs["schema"]
    ).with_id(ComponentId.EXAMPLE_VALIDATOR)
    # The statistics the last passing gate accepted: drift is measured against that span.
    previous_statistics = Resolver(
        strategy_class=LatestArtifactStrategy,
        statistics=Channel(
            type=ExampleStatistics,
            producer_component_id=ComponentId.DATA_GATE,
            output_key="validated_statistics",
        ),
    ).with_id(ComponentId.PREVIOUS_STATISTICS)
    drift = {
        "categorical": list(spec.features.categorical),
        "numeric": list(spec.features.numeric + spec.features.log_numeric),
        "linf": spec.drift_linf,
        "jsd": spec.drift_jsd,
        "accept": config.accept_drift,
    }
    data_gate = DataGate(
        statistics=statistics_gen.outputs["statistics"],
        anomalies=example_validator.outputs["anomalies"],
        schema=schema_gen.outputs["schema"],
        previous_statistics=previous_statistics.outputs["statistics"],
        label=spec.label,
        relax=json.dumps(list(spec.relax)),
        drift=json.dumps(drift),
    ).with_id(ComponentId.DATA_GATE)
    custom_config = {"domain": spec.to_dict(), "code": user_code_digest()}
    transform = Transform(
        examples=example_gen.outputs["examples"],
        schema=schema_gen.outputs["schema"],
        preprocessing_fn=PREPROCESSING_FN,
        custom_config=custom_config,
        # StatisticsGen already described the raw data; the pre/post-transform
        # statistics Transform would add are a second and third full pass.
        disable_statistics=True,
        # The Trainer applies the Transform graph to raw examples in its input pipeline
        # (`components.model`): no second Beam pass writing transformed examples.
        materialize=False,
    ).with_id(ComponentId.TRANSFORM)
    # Stock TFX only records anomalies; nothing that learns from the data runs unless it passed.
    transform.add_upstream_node(data_gate)
    trainer = Trainer(
        run_fn=RUN_FN,
        examples=example_gen.outputs["examples"],
        transform_graph=transform.outputs["transform_graph"],
        schema=schema_gen.outputs["schema"],
        custom_config=custom_config,
    ).with_id(ComponentId.TRAINER)
    baseline = baseline_resolver(config, trainer.outputs["model"]).with_id(ComponentId.BASELINE_RESOLVER)
    evaluator = Evaluator(
        examples=example_gen.outputs["examples"],
        model=trainer.outputs["model"],
        baseline_model=baseline.outputs["model"],
        eval_config=eval_config(spec),
    ).with_id(ComponentId.EVALUATOR)
    serving = ServingCheck(
        model=trainer.outputs["model"],
        examples=example_gen.outputs["examples"],
        max_examples=serving_check.MAX_EXAMPLES,
        tolerance=serving_check.TOLERANCE,
        timeout_seconds=serving_check.TIMEOUT_SECONDS,
    ).with_id(ComponentId.SERVING_CHECK)
    pusher = make_pusher(
        spec,
        config,
        trainer.outputs["model"],
        evaluator.outputs["blessing"],
        evaluator.outputs["evaluation"],
        serving.outputs["blessing"],
    ).with_id(ComponentId.PUSHER)

    return Pipeline(
        pipeline_name=pipeline_name(spec),
        pipeline_root=config.pipeline_root,
        components=[
            example_gen,
            statistics_gen,
            schema_gen,
            example_validator,
            previous_statistics,
            data_gate,
            transform,
            trainer,
            baseline,
            evaluator,
            serving,
            pusher,
        ],
        enable_cache=config.enable_cache,
        metadata_connection_config=(
            metadata.sqlite_metadata_connection_config(config.metadata_path)
            if config.metadata_path
            else None
        ),
        beam_pipeline_args=list(config.beam_args),
    )
