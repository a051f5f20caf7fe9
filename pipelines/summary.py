"""What a finished run produced, read back from ML Metadata and the artifacts it records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import tensorflow_data_validation as tfdv
from ml_metadata.proto import metadata_store_pb2
from tensorflow_metadata.proto.v0 import anomalies_pb2
from tfx.types import artifact_utils

from pipelines.pipeline import ComponentId
from pipelines.report import collect
from pipelines.report import evaluation as report_evaluation
from pipelines.report.collect import Outputs


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


def _latest_run_outputs(metadata_path: Path, pipeline: str) -> tuple[str, dict[str, Outputs], dict[str, str]]:
    """The newest run of `pipeline`: its id, each node's outputs by key, each node's state."""
    record = collect.find_run(collect.open_store(metadata_path), pipeline, None)
    states = {node: metadata_store_pb2.Execution.State.Name(e.last_known_state) for node, e in record.executions.items()}
    return record.run_id, record.outputs, states


def _splits(artifact: metadata_store_pb2.Artifact) -> list[str]:
    return artifact_utils.decode_split_names(artifact.properties["split_names"].string_value)


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
    run_id, outputs, states = _latest_run_outputs(metadata_path, pipeline)
    metrics: dict[str, dict[str, float]] = {}
    failed: list[str] = []
    if evaluation := outputs.get(ComponentId.EVALUATOR, {}).get("evaluation"):
        metrics, failed = report_evaluation.metrics_and_failures(evaluation[0].uri)
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
