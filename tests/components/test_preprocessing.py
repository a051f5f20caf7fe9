"""preprocessing_fn through real TFT (Beam, in memory) on a handful of rows."""

import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_transform.beam as tft_beam
from tensorflow_transform.tf_metadata import dataset_metadata, schema_utils

from components.preprocessing import MISSING_SUFFIX, preprocessing_fn
from pipelines.domains import loader

SPEC = loader.from_mapping(
    "toy",
    Path("unused"),
    {
        "data": {"file": "unused.csv"},
        "label": {"name": "y", "positive_when": "y == 1"},
        "features": {"numeric": ["x", "gappy"], "log_numeric": ["amount"], "categorical": ["site"]},
    },
)
FEATURE_SPEC = {
    "x": tf.io.FixedLenFeature([1], tf.float32),
    "amount": tf.io.FixedLenFeature([1], tf.float32),
    "site": tf.io.FixedLenFeature([1], tf.string),
    "y": tf.io.FixedLenFeature([1], tf.int64),
    # Optional in the schema: parsed as a sparse column.
    "gappy": tf.io.VarLenFeature(tf.float32),
}
ROWS = [
    {"x": [1.0], "amount": [0.0], "site": [b"a"], "y": [0], "gappy": [2.0]},
    {"x": [2.0], "amount": [math.e - 1], "site": [b"a"], "y": [0], "gappy": []},
    {"x": [3.0], "amount": [math.e**2 - 1], "site": [b"b"], "y": [1], "gappy": [4.0]},
    {"x": [4.0], "amount": [math.e - 1], "site": [b"a"], "y": [0], "gappy": [6.0]},
]


@pytest.fixture(scope="module")
def transformed() -> dict[str, np.ndarray]:
    metadata = dataset_metadata.DatasetMetadata(schema_utils.schema_from_feature_spec(FEATURE_SPEC))
    with tempfile.TemporaryDirectory() as tmp, tft_beam.Context(temp_dir=tmp, force_tf_compat_v1=False):
        (rows, _), _ = (ROWS, metadata) | tft_beam.AnalyzeAndTransformDataset(
            lambda inputs: preprocessing_fn(inputs, {"domain": SPEC.to_dict()})
        )
    return {key: np.array([row[key] for row in rows]).reshape(len(rows), -1)[:, 0] for key in rows[0]}


def test_numeric_is_z_scored(transformed: dict[str, np.ndarray]) -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(transformed["x"], (x - x.mean()) / x.std(), rtol=1e-5)


def test_heavy_tailed_numeric_is_log1p_then_z_scored(transformed: dict[str, np.ndarray]) -> None:
    logged = np.array([0.0, 1.0, 2.0, 1.0])
    np.testing.assert_allclose(transformed["amount"], (logged - logged.mean()) / logged.std(), rtol=1e-5)


def test_gaps_are_imputed_with_the_mean_and_flagged(transformed: dict[str, np.ndarray]) -> None:
    imputed = np.array([2.0, 4.0, 4.0, 6.0])  # mean of the present values is 4
    np.testing.assert_allclose(transformed["gappy"], (imputed - imputed.mean()) / imputed.std(), rtol=1e-5)
    np.testing.assert_array_equal(transformed["gappy" + MISSING_SUFFIX], [0.0, 1.0, 0.0, 0.0])
    assert "x" + MISSING_SUFFIX not in transformed


def test_categorical_becomes_vocabulary_index_by_frequency(transformed: dict[str, np.ndarray]) -> None:
    np.testing.assert_array_equal(transformed["site"], [0, 0, 1, 0])


def test_label_passes_through_as_int(transformed: dict[str, np.ndarray]) -> None:
    np.testing.assert_array_equal(transformed["y"], [0, 0, 1, 0])
