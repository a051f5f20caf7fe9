"""DataGate: the TFX interface of `components.data_gate`, run after ExampleValidator.

Transform is made to depend on it, so a failing gate stops the run before Transform and
the Trainer; the pipeline execution fails with the gate's message. A passing gate
re-publishes the statistics it accepted: the next run's gate compares its data with them
(drift against the last span that passed).
"""

import json
import shutil
from pathlib import Path

import tensorflow_data_validation as tfdv
from tensorflow_metadata.proto.v0 import anomalies_pb2
from tfx.dsl.component.experimental.annotations import InputArtifact, OutputArtifact, Parameter
from tfx.dsl.component.experimental.decorators import component
from tfx.types import artifact_utils
from tfx.types.standard_artifacts import ExampleAnomalies, ExampleStatistics, Schema

from components import data_gate


def _stats(artifact: ExampleStatistics) -> dict:
    return {
        split: tfdv.load_stats_binary(str(Path(artifact.uri) / f"Split-{split}" / "FeatureStats.pb"))
        for split in artifact_utils.decode_split_names(artifact.split_names)
    }


@component
def DataGate(
    statistics: InputArtifact[ExampleStatistics],
    anomalies: InputArtifact[ExampleAnomalies],
    schema: InputArtifact[Schema],
    validated_statistics: OutputArtifact[ExampleStatistics],
    label: Parameter[str],
    relax: Parameter[str],
    drift: Parameter[str],
    previous_statistics: InputArtifact[ExampleStatistics] = None,
) -> None:
    """Fail on anomalies, a single-class label or drift.

    `relax`: JSON list of `column:KIND`; `drift`: JSON `{"categorical": [...], "numeric": [...],
    "linf": x, "jsd": y, "accept": bool}`. `previous_statistics` may be absent (first run).
    """
    anomalies_by_split = {}
    for split in artifact_utils.decode_split_names(anomalies.split_names):
        proto = anomalies_pb2.Anomalies()
        proto.ParseFromString((Path(anomalies.uri) / f"Split-{split}" / "SchemaDiff.pb").read_bytes())
        anomalies_by_split[split] = proto
    current = _stats(statistics)
    curated = tfdv.load_schema_text(str(Path(schema.uri) / "schema.pbtxt"))
    drift_config = json.loads(drift)
    try:
        data_gate.check(
            anomalies_by_split,
            {split: stats.datasets[0] for split, stats in current.items()},
            label,
            curated,
            json.loads(relax),
        )
        # Only data that matches the schema is compared with the previous span: a column whose
        # type changed has no distance to measure (and was refused above).
        if previous_statistics is not None and "train" in current:
            compared = data_gate.with_drift_comparators(
                curated, drift_config["categorical"], drift_config["numeric"], drift_config["linf"], drift_config["jsd"]
            )
            found = tfdv.validate_statistics(current["train"], compared, previous_statistics=_stats(previous_statistics)["train"])
            data_gate.check({}, {}, label, curated, drift=data_gate.drift_problems(found, accepted=drift_config["accept"]))
    except data_gate.DataValidationError as err:
        raise data_gate.DataValidationError(f"{err} (details: {anomalies.uri})") from None
    shutil.copytree(statistics.uri, validated_statistics.uri, dirs_exist_ok=True)
    validated_statistics.split_names = statistics.split_names
