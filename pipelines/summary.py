"""What a finished run produced, read back from ML Metadata and the artifacts it records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ml_metadata.proto import metadata_store_pb2

from components.serving_check import Verdict
from pipelines.pipeline import ComponentId
from pipelines.report import collect
from pipelines.report import evaluation as report_evaluation
from pipelines.report.collect import Outputs


MUST_NOT_FAIL = frozenset({ComponentId.BASELINE_RESOLVER})


@dataclasses.dataclass
class RunSummary:
    run_id: str
    rows: dict[str, int]
    anomalies: dict[str, list[str]]  # split -> anomalous columns
    metrics: dict[str, float]  # overall
    slice_metrics: dict[str, dict[str, float]]  # "sex=Male" -> metrics
    blessed: bool
    failed_checks: list[str]
    serving: Verdict | None  # the serving check's; None when it did not run
    pushed_version: int | None
    pushed_path: str | None
    executions: dict[str, str]  # node -> COMPLETE / CACHED / ...


def _anomalous_columns(record: collect.RunRecord) -> dict[str, list[str]]:
    by_split: dict[str, list[str]] = {}
    for anomaly in collect.anomalies(record):
        by_split.setdefault(anomaly.split, []).append(anomaly.column)
    return by_split


def _serving(outputs: dict[str, Outputs]) -> Verdict | None:
    for blessing in outputs.get(ComponentId.SERVING_CHECK, {}).get("blessing", [])[:1]:
        props = blessing.custom_properties
        return Verdict(
            blessed=props["blessed"].int_value == 1,
            reason=props["reason"].string_value if "reason" in props else "",
            examples=props["examples"].int_value,
            max_abs_diff=props["max_abs_diff"].double_value if "max_abs_diff" in props else None,
        )
    return None


def _pushed(outputs: dict[str, Outputs]) -> tuple[int | None, str | None]:
    for pushed in outputs.get(ComponentId.PUSHER, {}).get("pushed_model", [])[:1]:
        props = pushed.custom_properties
        if props["pushed"].int_value == 1:
            return props["pushed_version"].int_value, props["pushed_destination"].string_value
    return None, None


def read(metadata_path: Path, pipeline: str) -> RunSummary:
    """Summarise the newest run of `pipeline` recorded in the SQLite store at `metadata_path`."""
    record = collect.find_run(collect.open_store(metadata_path), pipeline, None)
    outputs = record.outputs
    metrics: dict[str, dict[str, float]] = {}
    failed: list[str] = []
    if evaluation := outputs.get(ComponentId.EVALUATOR, {}).get("evaluation"):
        metrics, failed = report_evaluation.metrics_and_failures(evaluation[0].uri)
    blessing = outputs.get(ComponentId.EVALUATOR, {}).get("blessing")
    blessed = bool(blessing) and blessing[0].custom_properties["blessed"].int_value == 1
    pushed_version, pushed_path = _pushed(outputs)
    return RunSummary(
        run_id=record.run_id,
        rows=collect.statistics(record)[0],
        anomalies=_anomalous_columns(record),
        metrics=metrics.pop("", {}),
        slice_metrics=metrics,
        blessed=blessed,
        failed_checks=failed,
        serving=_serving(outputs),
        pushed_version=pushed_version,
        pushed_path=pushed_path,
        executions={n: metadata_store_pb2.Execution.State.Name(e.last_known_state) for n, e in record.executions.items()},
    )


def failed_nodes(summary: RunSummary) -> list[str]:
    """Nodes that must not fail and whose execution in this run FAILED.

    TFX's local runner carries on past a resolver node that failed, with its output empty: a
    failed baseline resolver means an Evaluator that compared with nothing, so its blessing
    skipped the regression check. The CLI turns that into a failed run rather than a quiet
    success. (PreviousValidatedStatistics is not checked: TFX's LatestArtifactStrategy fails
    it on every first run, when there are no statistics yet.)
    """
    return sorted(node for node, state in summary.executions.items() if state == "FAILED" and node in MUST_NOT_FAIL)


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
    if summary.serving is not None:
        lines.append(f"  serving:   {summary.serving}")
    if summary.pushed_version is not None:
        lines.append(f"  pushed:    version {summary.pushed_version} -> {summary.pushed_path}")
    elif summary.blessed and summary.serving is not None and not summary.serving.blessed:
        lines.append("  pushed:    nothing (the model failed the serving check)")
    else:
        lines.append("  pushed:    nothing (the model was not blessed)")
    return "\n".join(lines)
