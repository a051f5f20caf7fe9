"""Real rows of a domain through real Transform, as the Trainer receives them (shared by the model tests)."""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path
from typing import Any

import apache_beam as beam
import numpy as np
import tensorflow as tf
import tensorflow_data_validation as tfdv
import tensorflow_transform as tft
import tensorflow_transform.beam as tft_beam
from tensorflow_metadata.proto.v0 import schema_pb2
from tensorflow_transform.tf_metadata import dataset_metadata, metadata_io, schema_utils

from components.preprocessing import preprocessing_fn
from pipelines.domains.spec import DomainSpec

Row = dict[str, list[Any]]
_TYPES = {schema_pb2.BYTES: str.encode, schema_pb2.INT: lambda v: int(float(v)), schema_pb2.FLOAT: float}


def typed(records: list[dict[str, str]], spec: DomainSpec) -> list[Row]:
    """CSV records -> one-value lists of the schema's types, as ExampleGen would parse them."""
    types = {f.name: _TYPES[f.type] for f in tfdv.load_schema_text(str(spec.schema_path)).feature}
    return [{k: [types[k](v)] for k, v in r.items() if k in types} for r in records]


def example(row: Row) -> bytes:
    """A serialized raw tf.Example, as the Evaluator and `serving_default` receive it."""
    def feature(values: list[Any]) -> tf.train.Feature:
        if isinstance(values[0], bytes):
            return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
        if isinstance(values[0], int):
            return tf.train.Feature(int64_list=tf.train.Int64List(value=values))
        return tf.train.Feature(float_list=tf.train.FloatList(value=values))

    return tf.train.Example(features=tf.train.Features(feature={k: feature(v) for k, v in row.items()})).SerializeToString()


def analyze_and_transform(spec: DomainSpec, rows: list[Row], out: Path) -> tuple[tft.TFTransformOutput, tf.data.Dataset]:
    """Run the project's `preprocessing_fn` over `rows` with TFT on Beam; the Transform output
    under `out/transform` (raw schema beside it, as TFX's Transform writes it) and the
    transformed rows as an unbatched (features, label) dataset."""
    schema = tfdv.load_schema_text(str(spec.schema_path))
    feature_spec = schema_utils.schema_as_feature_spec(schema).feature_spec
    metadata = dataset_metadata.DatasetMetadata(schema_utils.schema_from_feature_spec(feature_spec))
    transformed_file = out / "transformed.pkl"
    with tempfile.TemporaryDirectory() as tmp, tft_beam.Context(temp_dir=tmp, force_tf_compat_v1=False):
        with beam.Pipeline() as pipeline:
            raw = pipeline | beam.Create(rows, reshuffle=False)
            (transformed_pcoll, _), transform_fn = (raw, metadata) | tft_beam.AnalyzeAndTransformDataset(
                lambda inputs: preprocessing_fn(inputs, {"domain": spec.to_dict()})
            )
            _ = transform_fn | tft_beam.WriteTransformFn(str(out / "transform"))
            _ = transformed_pcoll | beam.combiners.ToList() | beam.Map(
                lambda items: transformed_file.write_bytes(pickle.dumps([{k: np.asarray(v) for k, v in i.items()} for i in items]))
            )
    metadata_io.write_metadata(metadata, str(out / "transform" / tft.TFTransformOutput.RAW_METADATA_DIR))
    transformed = pickle.loads(transformed_file.read_bytes())
    features = {k: np.array([r[k] for r in transformed]) for k in transformed[0] if k != spec.label}
    labels = np.array([r[spec.label] for r in transformed])
    return tft.TFTransformOutput(str(out / "transform")), tf.data.Dataset.from_tensor_slices((features, labels))
