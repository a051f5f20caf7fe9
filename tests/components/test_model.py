"""One short training run on real fraud rows; the exported serving signature is called."""

import csv
import dataclasses
import gzip
import itertools
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_transform as tft

from components import model
from components.edge_model import TFLITE_FILE
from pipelines import domains
from tests.components.transform_rows import Row, analyze_and_transform, example, typed

FRAUD = dataclasses.replace(
    domains.get("fraud"), budget=dataclasses.replace(domains.get("fraud").budget, max_epochs=1, batch_size=64)
)


def _rows(n_normal: int) -> list[Row]:
    """Every fraud of the committed sample plus the first `n_normal` normal rows."""
    with gzip.open(FRAUD.default_data, "rt", newline="") as f:
        records = list(csv.DictReader(f))
    normal = itertools.islice((r for r in records if r["Class"] == "0"), n_normal)
    fraud = [r for r in records if r["Class"] == "1"]
    return typed([*normal, *fraud], FRAUD)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tft.TFTransformOutput, list[Row]]:
    out = tmp_path_factory.mktemp("model")
    rows = _rows(1500)
    tf_transform_output, transformed = analyze_and_transform(FRAUD, rows, out)
    trained_model = model.train(
        FRAUD, tf_transform_output, transformed.shuffle(len(rows), seed=1).batch(64), transformed.batch(64)
    )
    model.export(FRAUD, trained_model, tf_transform_output, str(out / "serving"))
    return out / "serving", tf_transform_output, rows


def test_class_weights_are_balanced_from_transform_counts(trained) -> None:
    _, tf_transform_output, rows = trained
    frauds = sum(r["Class"][0] for r in rows)
    weights = model.class_weights(tf_transform_output)
    assert weights == pytest.approx({0: len(rows) / (2 * (len(rows) - frauds)), 1: len(rows) / (2 * frauds)})


def test_serving_signature_scores_serialized_raw_examples(trained) -> None:
    serving_dir, _, rows = trained
    serve = tf.saved_model.load(str(serving_dir)).signatures["serving_default"]
    assert list(serve.structured_input_signature[1]) == [model.SERVING_INPUT]
    # The label is not needed at serving time.
    batch = [example({k: v for k, v in r.items() if k != FRAUD.label}) for r in rows[-20:] + rows[:20]]
    scores = serve(examples=tf.constant(batch))[model.SERVING_OUTPUT].numpy()
    assert scores.shape == (40, 1)
    assert np.all((scores >= 0) & (scores <= 1))
    # One epoch on real rows already separates the 20 frauds from the 20 normal rows.
    assert scores[:20].mean() > scores[20:].mean() + 0.2
    # Fraud does not opt into the edge export: the Trainer writes the SavedModel only.
    assert not (serving_dir / TFLITE_FILE).exists()
