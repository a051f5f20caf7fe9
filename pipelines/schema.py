"""Draft a domain's curated schema from data: TFDV inference plus the spec's constraints.

The committed `data/<domain>/schema.pbtxt` is this draft after review;
regenerate it with `python -m pipelines schema --domain D [--data PATH]` and read the diff.
"""

from __future__ import annotations

import math
from pathlib import Path

import tensorflow_data_validation as tfdv
from tensorflow_metadata.proto.v0 import schema_pb2, statistics_pb2

from pipelines.domains.spec import DomainSpec


def infer(spec: DomainSpec, csv_path: Path) -> schema_pb2.Schema:
    """Infer types, presence and shapes, then add what the spec knows and data cannot show."""
    stats = tfdv.generate_statistics_from_csv(str(csv_path))
    schema = tfdv.infer_schema(stats, infer_feature_shape=True)
    _bound_gaps(schema, stats.datasets[0])
    for name in spec.features.log_numeric:
        # Amounts and counts are never negative, whatever a sample happens to contain.
        tfdv.set_domain(schema, name, schema_pb2.FloatDomain(min=0.0))
    tfdv.set_domain(schema, spec.label, schema_pb2.IntDomain(min=0, max=1, is_categorical=True))
    return schema


def _bound_gaps(schema: schema_pb2.Schema, stats: statistics_pb2.DatasetFeatureStatistics) -> None:
    """Columns without gaps are required (TFDV's inference); a column with gaps must stay
    at least about as present as in the reference data (minus 10 points), not vanish.
    CsvExampleGen writes an empty cell as a feature with no value, hence value_count 0."""
    present = {
        f.path.step[0]: (f.num_stats.common_stats or f.string_stats.common_stats).num_non_missing / stats.num_examples
        for f in stats.features
    }
    for feature in schema.feature:
        if feature.presence.min_fraction < 1.0:
            feature.presence.min_fraction = max(0.0, math.floor((present[feature.name] - 0.1) * 20) / 20)
            if feature.HasField("value_count"):
                feature.value_count.min = 0


def write(schema: schema_pb2.Schema, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tfdv.write_schema_text(schema, str(path))
