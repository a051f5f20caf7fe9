"""What produced a registry version, read back from ML Metadata: data, splits, schema,
Transform graph, training run, evaluation and blessing.

A version's `version_info.json` names its model artifact in the domain's ML Metadata
store; from there each step is the execution that output an artifact and the artifacts
it read. The one fact MLMD lacks, which file the staged input came from and its SHA-256,
is in the record staging writes beside the staged directory (`pipelines.staging`).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

from ml_metadata import metadata_store
from ml_metadata.proto import metadata_store_pb2

from pipelines.pipeline import ComponentId
from pipelines.staging import SOURCE_SUFFIX

Artifact = metadata_store_pb2.Artifact
Execution = metadata_store_pb2.Execution


class LineageError(ValueError):
    """The version cannot be traced; the message says what is missing."""


@dataclasses.dataclass(frozen=True)
class Step:
    """One execution: its node, its run, when it finished, and the artifact it produced."""

    node: str
    run: str
    finished: str
    uri: str


@dataclasses.dataclass(frozen=True)
class Lineage:
    version: int
    data_source: str | None
    data_sha256: str | None
    staged_dir: str
    split_rows: dict[str, int]
    schema_file: str
    steps: list[Step]
    blessed: bool
    code_revision: str | None
    published_at: str


class _Store:
    def __init__(self, metadata_path: Path) -> None:
        if not metadata_path.is_file():
            raise LineageError(f"no ML Metadata store at {metadata_path}")
        config = metadata_store_pb2.ConnectionConfig()
        config.sqlite.filename_uri = str(metadata_path)
        config.sqlite.connection_mode = metadata_store_pb2.SqliteMetadataSourceConfig.READONLY
        self.store = metadata_store.MetadataStore(config)

    def artifact(self, artifact_id: int) -> Artifact:
        found = self.store.get_artifacts_by_id([artifact_id])
        if not found:
            raise LineageError(f"artifact {artifact_id} is not in the ML Metadata store")
        return found[0]

    def producer(self, artifact: Artifact) -> Execution:
        """The execution that first output `artifact` (later cached executions only re-announce it)."""
        events = self.store.get_events_by_artifact_ids([artifact.id])
        ids = [e.execution_id for e in events if e.type == metadata_store_pb2.Event.OUTPUT]
        return self.store.get_executions_by_id([min(ids)])[0]

    def consumer(self, artifact: Artifact, node: str) -> Execution | None:
        events = self.store.get_events_by_artifact_ids([artifact.id])
        ids = sorted(e.execution_id for e in events if e.type == metadata_store_pb2.Event.INPUT)
        for execution in self.store.get_executions_by_id(ids):
            if self.node(execution) == node:
                return execution
        return None

    def artifacts(self, execution: Execution, key: str, kind: int) -> list[Artifact]:
        events = self.store.get_events_by_execution_ids([execution.id])
        ids = [e.artifact_id for e in events if e.type == kind and e.path.steps[0].key == key]
        return self.store.get_artifacts_by_id(ids)

    def node(self, execution: Execution) -> str:
        names = [c.name for c in self.store.get_contexts_by_execution(execution.id)]
        node_types = {c.name for c in self.store.get_contexts_by_type("node")}
        return next((n.split(".", 1)[1] for n in names if n in node_types), "")

    def step(self, execution: Execution, uri: str) -> Step:
        runs = {c.name for c in self.store.get_contexts_by_type("pipeline_run")}
        run = next((c.name for c in self.store.get_contexts_by_execution(execution.id) if c.name in runs), "")
        finished = datetime.datetime.fromtimestamp(execution.last_update_time_since_epoch / 1000, datetime.timezone.utc)
        return Step(self.node(execution), run, finished.isoformat(timespec="seconds"), uri)


def _input(store: _Store, execution: Execution, key: str) -> Artifact:
    found = store.artifacts(execution, key, metadata_store_pb2.Event.INPUT)
    if not found:
        raise LineageError(f"execution {execution.id} read no {key!r}")
    return found[0]


def _split_rows(statistics_uri: str, split_names: str) -> dict[str, int]:
    import tensorflow_data_validation as tfdv

    rows = {}
    for split in json.loads(split_names):
        stats = tfdv.load_stats_binary(str(Path(statistics_uri) / f"Split-{split}" / "FeatureStats.pb"))
        rows[split] = stats.datasets[0].num_examples
    return rows


def trace(metadata_path: Path, version: int, info: dict[str, Any]) -> Lineage:
    """The lineage of registry `version`, whose `version_info.json` is `info`."""
    if "model_artifact_id" not in info:
        raise LineageError(f"version {version} records no model artifact: it was not pushed by this pipeline")
    store = _Store(metadata_path)
    model = store.artifact(int(info["model_artifact_id"]))
    trainer = store.producer(model)
    transform_graph = _input(store, trainer, "transform_graph")
    transform = store.producer(transform_graph)
    examples = _input(store, transform, "examples")
    example_gen = store.producer(examples)
    schema = _input(store, trainer, "schema")
    schema_gen = store.producer(schema)
    staged_dir = example_gen.custom_properties["input_base"].string_value
    source_record = Path(staged_dir + SOURCE_SUFFIX)
    source = json.loads(source_record.read_text()) if source_record.is_file() else {}
    steps = [
        store.step(example_gen, examples.uri),
        store.step(schema_gen, schema.uri),
        store.step(transform, transform_graph.uri),
        store.step(trainer, model.uri),
    ]
    split_rows: dict[str, int] = {}
    if statistics_gen := store.consumer(examples, ComponentId.STATISTICS_GEN):
        statistics = store.artifacts(statistics_gen, "statistics", metadata_store_pb2.Event.OUTPUT)[0]
        split_rows = _split_rows(statistics.uri, statistics.properties["split_names"].string_value)
    blessed = False
    if blessing_uri := info.get("blessing_uri"):
        (blessing,) = store.store.get_artifacts_by_uri(blessing_uri)
        evaluator = store.producer(blessing)
        evaluation = store.artifacts(evaluator, "evaluation", metadata_store_pb2.Event.OUTPUT)[0]
        steps += [store.step(evaluator, evaluation.uri)]
        blessed = blessing.custom_properties["blessed"].int_value == 1
    return Lineage(
        version=version,
        data_source=source.get("source"),
        data_sha256=source.get("sha256"),
        staged_dir=staged_dir,
        split_rows=split_rows,
        schema_file=schema_gen.custom_properties["schema_file"].string_value,
        steps=steps,
        blessed=blessed,
        code_revision=info.get("code_revision"),
        published_at=info.get("published_at", ""),
    )


def format_lineage(lineage: Lineage) -> str:
    lines = [
        f"version {lineage.version}, published {lineage.published_at}",
        f"  data:      {lineage.data_source or '(source not recorded)'}",
        f"  sha256:    {lineage.data_sha256 or '(not recorded)'}",
        f"  staged as: {lineage.staged_dir}",
        "  rows:      " + ", ".join(f"{split} {n:,}" for split, n in lineage.split_rows.items()),
        f"  schema:    {lineage.schema_file}",
        f"  blessed:   {'yes' if lineage.blessed else 'no'}",
        f"  code:      {lineage.code_revision or '(not recorded)'}",
        f"  run:       {lineage.steps[-1].run}",
        "  steps:",
    ]
    lines += [f"    {s.node:<16} {s.finished}  {s.uri}" for s in lineage.steps]
    return "\n".join(lines)
