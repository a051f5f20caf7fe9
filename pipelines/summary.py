"""What a finished run produced, read back from ML Metadata and the artifacts it records."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import tensorflow_data_validation as tfdv
import tensorflow_model_analysis as tfma
from tensorflow_model_analysis.proto import validation_result_pb2
from tensorflow_metadata.proto.v0 import anomalies_pb2
from ml_metadata import metadata_store
from ml_metadata.proto import metadata_store_pb2
from tfx.types import artifact_utils

from pipelines.pipeline import ComponentId

Outputs = dict[str, list[metadata_store_pb2.Artifact]]


@dataclasses.dataclass
class RunSummary:
    run_id: str
    rows: dict[str, int]
    anomalies: dict[str, list[str]]  # split -> anomalous columns
    metrics: dict[str, float]  # overall
    slice_metrics: dict[str, dict[str, float]]  # "sex=Male" -> metrics
    blessed: bool
    failed_checks: list[str]
    pushed_version: int | None
    pushed_path: str | None
    executions: dict[str, str]  # node -> COMPLETE / CACHED / ...


def _store(metadata_path: Path) -> metadata_store.MetadataStore:
    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = str(metadata_path)
    config.sqlite.connection_mode = metadata_store_pb2.SqliteMetadataSourceConfig.READONLY
    return metadata_store.MetadataStore(config)


def _latest_run_outputs(store: metadata_store.MetadataStore, pipeline: str) -> tuple[str, dict[str, Outputs], dict[str, str]]:
    """The newest run of `pipeline`: its id, each node's outputs by key, each node's state."""
    node_contexts = {c.id: c.name.split(".", 1)[1] for c in store.get_contexts_by_type("node") if c.name.startswith(pipeline + ".")}
    run = max(store.get_contexts_by_type("pipeline_run"), key=lambda c: c.id)
    outputs: dict[str, Outputs] = {}
    states: dict[str, str] = {}
    for execution in store.get_executions_by_context(run.id):
        node = next(node_contexts[c.id] for c in store.get_contexts_by_execution(execution.id) if c.id in node_contexts)
        states[node] = metadata_store_pb2.Execution.State.Name(execution.last_known_state)
        events = [e for e in store.get_events_by_execution_ids([execution.id]) if e.type == metadata_store_pb2.Event.OUTPUT]
        artifacts = {a.id: a for a in store.get_artifacts_by_id([e.artifact_id for e in events])}
        by_key: Outputs = defaultdict(list)
        for event in events:
            by_key[event.path.steps[0].key].append(artifacts[event.artifact_id])
        outputs[node] = by_key
    return run.name, outputs, states


def _splits(artifact: metadata_store_pb2.Artifact) -> list[str]:
    return artifact_utils.decode_split_names(artifact.properties["split_names"].string_value)


def _slice_name(slice_key: tuple) -> str:
    return ", ".join(f"{column}={value.decode() if isinstance(value, bytes) else value}" for column, value in slice_key)


def _evaluation(uri: str) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Candidate metrics by slice ("" = overall), and the failed validation checks."""
    result = tfma.load_eval_result(uri)
    metrics: dict[str, dict[str, float]] = {}
    for slice_key, by_output in result.slicing_metrics:
        values = metrics.setdefault(_slice_name(slice_key), {})
        for name, value in by_output.get("", {}).get("", {}).items():
            if "doubleValue" in value:
                values[name] = value["doubleValue"]
            elif "boundedValue" in value:
                values[name] = value["boundedValue"]["value"]
    validation = tfma.load_validation_result(uri)
    failed = [
        _describe(failure, metrics.get("", {}))
        for per_slice in validation.metric_validations_per_slice
        for failure in per_slice.failures
    ]
    return metrics, failed


def _describe(failure: validation_result_pb2.ValidationFailure, overall: dict[str, float]) -> str:
    name, value = failure.metric_key.name, failure.metric_value.double_value.value
    threshold = failure.metric_threshold
    if failure.metric_key.is_diff:
        allowed = threshold.change_threshold.absolute.value
        candidate = overall.get(name, float("nan"))
        return (
            f"{name} {candidate:.4f} is {-value:.4f} below the champion's {candidate - value:.4f} "
            f"on the same eval data (at most {-allowed:.4f} allowed)"
        )
    return f"{name} {value:.4f} is below the lower bound {threshold.value_threshold.lower_bound.value:.4f}"


def _rows(outputs: dict[str, Outputs]) -> dict[str, int]:
    rows: dict[str, int] = {}
    for stats in outputs.get(ComponentId.STATISTICS_GEN, {}).get("statistics", [])[:1]:
        for split in _splits(stats):
            stats_file = Path(stats.uri) / f"Split-{split}" / "FeatureStats.pb"
            rows[split] = tfdv.load_stats_binary(str(stats_file)).datasets[0].num_examples
    return rows


def _anomalies(outputs: dict[str, Outputs]) -> dict[str, list[str]]:
    anomalies: dict[str, list[str]] = {}
    for found in outputs.get(ComponentId.EXAMPLE_VALIDATOR, {}).get("anomalies", [])[:1]:
        for split in _splits(found):
            diff = anomalies_pb2.Anomalies()
            diff.ParseFromString((Path(found.uri) / f"Split-{split}" / "SchemaDiff.pb").read_bytes())
            anomalies[split] = sorted(diff.anomaly_info)
    return anomalies


def _pushed(outputs: dict[str, Outputs]) -> tuple[int | None, str | None]:
    for pushed in outputs.get(ComponentId.PUSHER, {}).get("pushed_model", [])[:1]:
        props = pushed.custom_properties
        if props["pushed"].int_value == 1:
            return props["pushed_version"].int_value, props["pushed_destination"].string_value
    return None, None


def read(metadata_path: Path, pipeline: str) -> RunSummary:
    """Summarise the newest run of `pipeline` recorded in the SQLite store at `metadata_path`."""
    run_id, outputs, states = _latest_run_outputs(_store(metadata_path), pipeline)
    metrics: dict[str, dict[str, float]] = {}
    failed: list[str] = []
    if evaluation := outputs.get(ComponentId.EVALUATOR, {}).get("evaluation"):
        metrics, failed = _evaluation(evaluation[0].uri)
    blessing = outputs.get(ComponentId.EVALUATOR, {}).get("blessing")
    blessed = bool(blessing) and blessing[0].custom_properties["blessed"].int_value == 1
    pushed_version, pushed_path = _pushed(outputs)
    return RunSummary(
        run_id=run_id,
        rows=_rows(outputs),
        anomalies=_anomalies(outputs),
        metrics=metrics.pop("", {}),
        slice_metrics=metrics,
        blessed=blessed,
        failed_checks=failed,
        pushed_version=pushed_version,
        pushed_path=pushed_path,
        executions=states,
    )


def format_summary(summary: RunSummary, metric_names: list[str], gate_metric: str) -> str:
    lines = ["", f"run {summary.run_id}"]
    lines.append("  rows:      " + ", ".join(f"{split} {n:,}" for split, n in summary.rows.items()))
    found = {split: cols for split, cols in summary.anomalies.items() if cols}
    lines.append(
        "  anomalies: " + ("none" if not found else "; ".join(f"{s}: {', '.join(c)}" for s, c in found.items()))
    )
    shown = [name for name in metric_names if name in summary.metrics]
    lines.append("  metrics:   " + ", ".join(f"{name} {summary.metrics[name]:.4f}" for name in shown))
    if summary.slice_metrics:
        lines.append(f"  by slice:  {gate_metric} (examples)")
        for name, values in sorted(summary.slice_metrics.items()):
            value = values.get(gate_metric, float("nan"))
            lines.append(f"    {name:<32} {value:.4f} ({values.get('example_count', 0):.0f})")
    lines.append("  blessed:   " + ("yes" if summary.blessed else "no" + "".join(f"\n    - {f}" for f in summary.failed_checks)))
    if summary.pushed_version is not None:
        lines.append(f"  pushed:    version {summary.pushed_version} -> {summary.pushed_path}")
    else:
        lines.append("  pushed:    nothing (the model was not blessed)")
    return "\n".join(lines)
