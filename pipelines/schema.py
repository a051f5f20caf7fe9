"""Draft a domain's curated schema from data: TFDV inference plus the spec's constraints.

The committed `pipelines/domains/schemas/<domain>.pbtxt` is this draft after review;
regenerate it with `python -m pipelines schema --domain D [--data PATH]` and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import tensorflow_data_validation as tfdv
from tensorflow_metadata.proto.v0 import schema_pb2

from pipelines.domains.spec import DomainSpec


def infer(spec: DomainSpec, csv_path: Path) -> schema_pb2.Schema:
    """Infer types, presence and shapes, then add what the spec knows and data cannot show."""
    stats = tfdv.generate_statistics_from_csv(str(csv_path))
    schema = tfdv.infer_schema(stats, infer_feature_shape=True)
    for name in spec.features.log_numeric:
        # Amounts and counts are never negative, whatever a sample happens to contain.
        tfdv.set_domain(schema, name, schema_pb2.FloatDomain(min=0.0))
    tfdv.set_domain(schema, spec.label, schema_pb2.IntDomain(min=0, max=1, is_categorical=True))
    return schema


def write(schema: schema_pb2.Schema, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tfdv.write_schema_text(schema, str(path))
