"""DataGate: the TFX interface of `components.data_gate`, run after ExampleValidator.

Transform is made to depend on it, so a failing gate stops the run before Transform and
the Trainer; the pipeline execution fails with the gate's message.
"""

import json
from pathlib import Path

import tensorflow_data_validation as tfdv
from tensorflow_metadata.proto.v0 import anomalies_pb2
from tfx import v1 as tfx
from tfx.types import artifact_utils
from tfx.types.standard_artifacts import ExampleAnomalies, ExampleStatistics, Schema

from components import data_gate

InputArtifact = tfx.dsl.components.InputArtifact
Parameter = tfx.dsl.components.Parameter


@tfx.dsl.components.component
def DataGate(
    statistics: InputArtifact[ExampleStatistics],
    anomalies: InputArtifact[ExampleAnomalies],
    schema: InputArtifact[Schema],
    label: Parameter[str],
    relax: Parameter[str],
) -> None:
    """Fail on anomalies or a single-class label; `relax` is a JSON list of `column:KIND`."""
    anomalies_by_split = {}
    for split in artifact_utils.decode_split_names(anomalies.split_names):
        proto = anomalies_pb2.Anomalies()
        proto.ParseFromString((Path(anomalies.uri) / f"Split-{split}" / "SchemaDiff.pb").read_bytes())
        anomalies_by_split[split] = proto
    stats_by_split = {
        split: tfdv.load_stats_binary(str(Path(statistics.uri) / f"Split-{split}" / "FeatureStats.pb")).datasets[0]
        for split in artifact_utils.decode_split_names(statistics.split_names)
    }
    try:
        curated = tfdv.load_schema_text(str(Path(schema.uri) / "schema.pbtxt"))
        data_gate.check(anomalies_by_split, stats_by_split, label, curated, json.loads(relax))
    except data_gate.DataValidationError as err:
        raise data_gate.DataValidationError(f"{err} (details: {anomalies.uri})") from None
