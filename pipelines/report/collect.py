"""Fill a `RunReport` from ML Metadata and the artifacts it records (TFDV's; TFMA's via `evaluation`).

Everything comes from the store, so a report can be regenerated for any past run; only the
source file's hash and the code revision are passed in by the caller that knows them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections import defaultdict
from pathlib import Path

import tensorflow_data_validation as tfdv
from ml_metadata import metadata_store
from ml_metadata.proto import metadata_store_pb2
from tensorflow_metadata.proto.v0 import anomalies_pb2, statistics_pb2
from tfx.types import artifact_utils

from components import data_gate
from pipelines.domains.spec import DomainSpec
from pipelines.pipeline import ComponentId, pipeline_name
from pipelines.report import evaluation
from pipelines.report.model import Anomaly, FeatureStats, Lineage, NoRunError, RunReport, Status, Step, safe_name

Outputs = dict[str, list[metadata_store_pb2.Artifact]]


@dataclasses.dataclass(frozen=True)
class RunRecord:
    """One run as ML Metadata has it: executions and their outputs, by node."""

    run_id: str
    executions: dict[str, metadata_store_pb2.Execution]
    outputs: dict[str, Outputs]


def open_store(metadata_path: Path) -> metadata_store.MetadataStore:
    """A read-only connection to the SQLite store at `metadata_path`."""
    if not metadata_path.is_file():
        raise NoRunError(f"no ML Metadata store at {metadata_path}: run the domain first")
    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = str(metadata_path)
    config.sqlite.connection_mode = metadata_store_pb2.SqliteMetadataSourceConfig.READONLY
    return metadata_store.MetadataStore(config)


def runs(store: metadata_store.MetadataStore, pipeline: str) -> list[RunRecord]:
    """Every run of `pipeline` in the store, oldest first."""
    nodes = {c.id: c.name.split(".", 1)[1] for c in store.get_contexts_by_type("node") if c.name.startswith(pipeline + ".")}
    records = []
    for run in sorted(store.get_contexts_by_type("pipeline_run"), key=lambda c: c.id):
        executions: dict[str, metadata_store_pb2.Execution] = {}
        outputs: dict[str, Outputs] = {}
        for execution in store.get_executions_by_context(run.id):
            node = next((nodes[c.id] for c in store.get_contexts_by_execution(execution.id) if c.id in nodes), None)
            if node is None:
                continue
            executions[node] = execution
            events = [e for e in store.get_events_by_execution_ids([execution.id]) if e.type == metadata_store_pb2.Event.OUTPUT]
            artifacts = {a.id: a for a in store.get_artifacts_by_id([e.artifact_id for e in events])}
            by_key: Outputs = defaultdict(list)
            for event in events:
                by_key[event.path.steps[0].key].append(artifacts[event.artifact_id])
            outputs[node] = by_key
        if executions:
            records.append(RunRecord(run.name, executions, outputs))
    return records


def find_run(store: metadata_store.MetadataStore, pipeline: str, run_id: str | None) -> RunRecord:
    """The run named `run_id` (or its file-safe form), or the newest one."""
    records = runs(store, pipeline)
    if not records:
        raise NoRunError(f"no run of {pipeline} in the store")
    if run_id is None:
        return records[-1]
    for record in records:
        if run_id in (record.run_id, safe_name(record.run_id)):
            return record
    raise NoRunError(f"no run {run_id!r} of {pipeline}; see `python -m pipelines runs`")


def steps(record: RunRecord) -> tuple[Step, ...]:
    """Each execution's wall time from its create and last-update times, in start order."""
    ordered = sorted(record.executions.items(), key=lambda item: item[1].create_time_since_epoch)
    return tuple(
        Step(
            node=node,
            seconds=max(e.last_update_time_since_epoch - e.create_time_since_epoch, 0) / 1000,
            state=metadata_store_pb2.Execution.State.Name(e.last_known_state),
        )
        for node, e in ordered
    )


def _first(record: RunRecord, node: str, key: str) -> metadata_store_pb2.Artifact | None:
    found = record.outputs.get(node, {}).get(key, [])
    return found[0] if found else None


def _splits(artifact: metadata_store_pb2.Artifact) -> list[str]:
    return artifact_utils.decode_split_names(artifact.properties["split_names"].string_value)


def _feature(feature: statistics_pb2.FeatureNameStatistics, num_examples: int) -> FeatureStats:
    kind = statistics_pb2.FeatureNameStatistics.Type.Name(feature.type)
    name = ".".join(feature.path.step) or feature.name
    if feature.HasField("num_stats"):
        stats = feature.num_stats
        common = stats.common_stats
        summary = f"mean {stats.mean:.4g} · sd {stats.std_dev:.3g} · {stats.min:.4g}..{stats.max:.4g}"
        standard = [h for h in stats.histograms if h.type == statistics_pb2.Histogram.STANDARD]
        histogram = tuple(b.sample_count for b in standard[0].buckets) if standard else ()
    else:
        stats = feature.string_stats
        common = stats.common_stats
        top = f" · top {stats.top_values[0].value!r}" if stats.top_values else ""
        summary = f"{stats.unique} unique{top}"
        histogram = ()
    missing = 1 - data_gate.value_share(common, num_examples)
    return FeatureStats(name=name, kind=kind, missing=missing, summary=summary, histogram=histogram)


def statistics(record: RunRecord) -> tuple[dict[str, int], dict[str, tuple[FeatureStats, ...]]]:
    """Rows and per-feature statistics per split, from StatisticsGen's TFDV output."""
    rows: dict[str, int] = {}
    features: dict[str, tuple[FeatureStats, ...]] = {}
    if artifact := _first(record, ComponentId.STATISTICS_GEN, "statistics"):
        for split in _splits(artifact):
            dataset = tfdv.load_stats_binary(str(Path(artifact.uri) / f"Split-{split}" / "FeatureStats.pb")).datasets[0]
            rows[split] = dataset.num_examples
            features[split] = tuple(_feature(f, dataset.num_examples) for f in dataset.features)
    return rows, features


def anomalies(record: RunRecord) -> tuple[Anomaly, ...]:
    """ExampleValidator's anomalies, one per split and column, with TFDV's description."""
    found: list[Anomaly] = []
    if artifact := _first(record, ComponentId.EXAMPLE_VALIDATOR, "anomalies"):
        for split in _splits(artifact):
            diff = anomalies_pb2.Anomalies()
            diff.ParseFromString((Path(artifact.uri) / f"Split-{split}" / "SchemaDiff.pb").read_bytes())
            for column, info in sorted(diff.anomaly_info.items()):
                found.append(Anomaly(split, column, info.description or info.short_description))
    return tuple(found)


# TFX records a resolver that found nothing (a first run) as FAILED, and the run goes on.
RESOLVERS = {ComponentId.BASELINE_RESOLVER, ComponentId.PREVIOUS_STATISTICS}


def _refused(blessing: metadata_store_pb2.Artifact | None) -> bool:
    """A blessing (the Evaluator's or the serving check's) that says no."""
    return blessing is not None and blessing.custom_properties["blessed"].int_value != 1


def status_of(record: RunRecord, failed: list[str], error: str | None) -> tuple[Status, tuple[str, ...], int | None]:
    """The outcome, why it was not a push (`failed`: the Evaluator's failed checks; the serving
    check's reason), the pushed version."""
    if pushed := _first(record, ComponentId.PUSHER, "pushed_model"):
        if pushed.custom_properties["pushed"].int_value == 1:
            return Status.PUSHED, (), pushed.custom_properties["pushed_version"].int_value
    broken = [
        n
        for n, e in record.executions.items()
        if e.last_known_state == metadata_store_pb2.Execution.FAILED and n not in RESOLVERS
    ]
    if error or broken:
        return Status.FAILED, tuple(filter(None, [error, *(f"{n} failed" for n in broken)])), None
    evaluator_refused = _refused(_first(record, ComponentId.EVALUATOR, "blessing"))
    serving = _first(record, ComponentId.SERVING_CHECK, "blessing")
    if evaluator_refused or _refused(serving):
        reasons = list(failed) if evaluator_refused else []
        if _refused(serving):
            reasons.append(f"serving check: {serving.custom_properties['reason'].string_value}")
        return Status.NOT_BLESSED, tuple(reasons), None
    return Status.NOT_PUSHED, ("the model was blessed but the pusher did not push it",), None


def _staged(record: RunRecord) -> tuple[str | None, str | None]:
    """The directory CsvExampleGen read and the SHA-256 of its data.csv, while it still exists."""
    execution = record.executions.get(ComponentId.EXAMPLE_GEN)
    if execution is None:
        return None, None
    directory = execution.custom_properties["input_base"].string_value
    data = Path(directory) / "data.csv"
    digest = hashlib.sha256(data.read_bytes()).hexdigest() if data.is_file() else None
    return directory, digest


def _empty(spec: DomainSpec, error: str, lineage: Lineage) -> RunReport:
    """The report of a run that failed before ML Metadata recorded any of it."""
    return RunReport(
        domain=spec.name, run_id=time.strftime("%Y-%m-%dT%H:%M:%S"), status=Status.FAILED, reasons=(error,),
        pushed_version=None, steps=(), rows={}, features={}, anomalies=(), gate_metric=spec.thresholds.metric,
        lower_bound=spec.thresholds.lower_bound, metrics={}, slice_metrics={}, baseline_metrics={}, curves=None,
        lineage=lineage,
    )


def report(
    spec: DomainSpec,
    metadata_path: Path,
    run_id: str | None = None,
    error: str | None = None,
    source_sha256: str | None = None,
    code_revision: str | None = None,
    durations: dict[str, float] | None = None,
    since: float | None = None,
) -> RunReport:
    """The report of run `run_id` (default: the newest) of the domain's pipeline.

    `error` is the exception a failed run raised; `durations` (node -> seconds, from the
    progress handler) replace the store's execution times when the run just happened here;
    `since` (epoch seconds) is when that run started: an older newest run is not this one.
    """
    lineage = Lineage(source_sha256, None, None, None, code_revision)
    try:
        record = find_run(open_store(metadata_path), pipeline_name(spec), run_id)
    except NoRunError:
        if error is None:
            raise
        return _empty(spec, error, lineage)
    if error is not None and since is not None and started_ms(record) < since * 1000:
        return _empty(spec, error, lineage)
    rows, features = statistics(record)
    metrics: dict[str, dict[str, float]] = {}
    baseline: dict[str, float] = {}
    curves, failed = None, []
    if artifact := _first(record, ComponentId.EVALUATOR, "evaluation"):
        metrics, baseline, curves, failed = evaluation.read(artifact.uri, spec.operating_threshold)
    status, reasons, version = status_of(record, failed, error)
    run_steps = steps(record)
    if durations:
        run_steps = tuple(dataclasses.replace(s, seconds=durations.get(s.node, s.seconds)) for s in run_steps)
    schema = record.executions.get(ComponentId.SCHEMA_GEN)
    staged_dir, staged_sha = _staged(record)
    return RunReport(
        domain=spec.name,
        run_id=record.run_id,
        status=status,
        reasons=reasons,
        pushed_version=version,
        steps=run_steps,
        rows=rows,
        features=features,
        anomalies=anomalies(record),
        gate_metric=spec.thresholds.metric,
        lower_bound=spec.thresholds.lower_bound,
        metrics=metrics.pop("", {}),
        slice_metrics=metrics,
        baseline_metrics=baseline,
        curves=curves,
        lineage=dataclasses.replace(
            lineage,
            staged_dir=staged_dir,
            staged_sha256=staged_sha,
            schema=schema.custom_properties["schema_file"].string_value if schema else None,
        ),
    )


def started_ms(record: RunRecord) -> int:
    """When the run's first execution was created, in epoch milliseconds."""
    return min(e.create_time_since_epoch for e in record.executions.values())


def overview(record: RunRecord, metric: str) -> tuple[Status, float, float | None]:
    """For a list of runs: the outcome, the wall time (seconds) and the overall gate metric."""
    artifact = _first(record, ComponentId.EVALUATOR, "evaluation")
    value = evaluation.overall(artifact.uri, metric) if artifact else None
    status, _, _ = status_of(record, [], None)
    ended = max(e.last_update_time_since_epoch for e in record.executions.values())
    return status, (ended - started_ms(record)) / 1000, value
