"""Reading a split back from ExampleGen-style gzipped TFRecords, gaps included."""

from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from bench import splits


def _example(age: float | None, site: str | None, label: int) -> bytes:
    example = tf.train.Example()
    features = example.features.feature
    features["age"].float_list.value.extend([] if age is None else [age])  # present, no value: a CSV gap
    if site is not None:
        features["site"].bytes_list.value.append(site.encode())
    features["label"].int64_list.value.append(label)
    return example.SerializeToString()


@pytest.fixture
def examples_uri(tmp_path: Path) -> str:
    records = [_example(61.0, "Cleveland", 1), _example(None, "Zürich", 0), _example(40.5, None, 0)]
    (tmp_path / "Split-eval").mkdir()
    with tf.io.TFRecordWriter(str(tmp_path / "Split-eval" / "data_tfrecord-00000-of-00001.gz"), "GZIP") as writer:
        for record in records:
            writer.write(record)
    return str(tmp_path)


def test_frame_has_a_column_per_name_with_gaps_as_nan_or_none(examples_uri: str) -> None:
    table = splits.frame(examples_uri, "eval", {"age": tf.float32, "site": tf.string, "label": tf.int64})
    np.testing.assert_array_equal(table["age"].to_numpy(), [61.0, np.nan, 40.5])
    assert table["site"].tolist() == ["Cleveland", "Zürich", None]
    assert table["label"].tolist() == [1.0, 0.0, 0.0]


def test_records_are_the_stored_bytes(examples_uri: str) -> None:
    records = splits.records(examples_uri, "eval")
    assert len(records) == 3
    # Map order inside a serialized proto is not fixed: compare the parsed examples.
    assert tf.train.Example.FromString(records[0]) == tf.train.Example.FromString(_example(61.0, "Cleveland", 1))


def test_a_missing_split_names_itself(examples_uri: str) -> None:
    with pytest.raises(FileNotFoundError, match="'train'"):
        splits.records(examples_uri, "train")


def test_column_types_come_from_the_schema(tmp_path: Path) -> None:
    schema = tmp_path / "schema.pbtxt"
    schema.write_text(
        'feature { name: "a" type: FLOAT }\n'
        'feature { name: "b" type: BYTES }\n'
        'feature { name: "c" type: INT }\n'
    )
    assert splits.column_types(schema) == {"a": tf.float32, "b": tf.string, "c": tf.int64}
