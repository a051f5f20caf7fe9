"""ExampleGen's train/eval splits as the pipeline stored them, for the serving and baseline runs.

Reading the split's own TFRecords (not re-splitting the CSV) gives the baseline exactly the
rows the Trainer and Evaluator saw, and serving the exact bytes the Evaluator sent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import tensorflow as tf
from google.protobuf import text_format
from tensorflow_metadata.proto.v0 import schema_pb2

from components import serving_check

_DTYPES = {schema_pb2.INT: tf.int64, schema_pb2.FLOAT: tf.float32, schema_pb2.BYTES: tf.string}
_BATCH = 4096


def split_files(examples_uri: str, split: str) -> list[str]:
    """The gzipped TFRecord files of one split of an `Examples` artifact."""
    files = sorted(str(p) for p in Path(examples_uri, f"Split-{split}").glob("*.gz"))
    if not files:
        raise FileNotFoundError(f"no TFRecords for split {split!r} under {examples_uri}")
    return files


def records(examples_uri: str, split: str) -> list[bytes]:
    """Every serialized raw `tf.Example` of the split, in file order."""
    return serving_check.read_examples(split_files(examples_uri, split), limit=sys.maxsize)


def column_types(schema_path: Path) -> dict[str, tf.DType]:
    """Column -> TF type, from the domain's curated schema."""
    schema = text_format.Parse(schema_path.read_text(), schema_pb2.Schema())
    return {feature.name: _DTYPES[feature.type] for feature in schema.feature}


def frame(examples_uri: str, split: str, columns: dict[str, tf.DType]) -> pd.DataFrame:
    """The split as a table: a column per name, NaN (numbers) or None (strings) where a row has no value.

    CsvExampleGen writes an empty CSV cell as a feature with no values, so every column is
    parsed as ragged and padded to one value per row.
    """
    spec = {name: tf.io.RaggedFeature(dtype) for name, dtype in columns.items()}
    dataset = tf.data.TFRecordDataset(split_files(examples_uri, split), compression_type="GZIP").batch(_BATCH)
    parts: dict[str, list[np.ndarray]] = {name: [] for name in columns}
    for batch in dataset:
        parsed = tf.io.parse_example(batch, spec)
        for name, dtype in columns.items():
            ragged = parsed[name]
            present = ragged.row_lengths().numpy() > 0
            default = tf.constant(b"" if dtype == tf.string else 0, dtype)
            values = ragged.to_tensor(default_value=default, shape=[None, 1]).numpy()[:, 0]
            if dtype == tf.string:
                parts[name].append(np.array([v.decode() if p else None for v, p in zip(values, present)], dtype=object))
            else:
                parts[name].append(np.where(present, values.astype(np.float64), np.nan))
    return pd.DataFrame({name: np.concatenate(chunks) if chunks else np.array([]) for name, chunks in parts.items()})
