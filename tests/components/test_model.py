"""One short training run on real fraud rows; the exported serving signature is called."""

import csv
import pickle
import dataclasses
import gzip
import itertools
import tempfile
from pathlib import Path

import apache_beam as beam
import numpy as np
import pytest
import tensorflow as tf
import tensorflow_data_validation as tfdv
import tensorflow_transform as tft
import tensorflow_transform.beam as tft_beam
from tensorflow_transform.tf_metadata import dataset_metadata, metadata_io, schema_utils

from components import model
from components.preprocessing import preprocessing_fn
from pipelines import domains

FRAUD = dataclasses.replace(
    domains.get("fraud"), budget=dataclasses.replace(domains.get("fraud").budget, max_epochs=1, batch_size=64)
)


def _rows(n_normal: int) -> list[dict[str, list]]:
    """Every fraud of the committed sample plus the first `n_normal` normal rows."""
    schema = tfdv.load_schema_text(str(FRAUD.schema_path))
    types = {f.name: int if f.type == 2 else float for f in schema.feature}
    with gzip.open(FRAUD.default_data, "rt", newline="") as f:
        records = list(csv.DictReader(f))
    normal = itertools.islice((r for r in records if r["Class"] == "0"), n_normal)
    fraud = [r for r in records if r["Class"] == "1"]
    return [{k: [types[k](float(v))] for k, v in r.items()} for r in [*normal, *fraud]]


def _example(row: dict[str, list]) -> bytes:
    feature = {
        k: tf.train.Feature(int64_list=tf.train.Int64List(value=v))
        if isinstance(v[0], int)
        else tf.train.Feature(float_list=tf.train.FloatList(value=v))
        for k, v in row.items()
    }
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def _pack(items: list[dict]) -> bytes:
    return pickle.dumps([{k: np.asarray(v) for k, v in item.items()} for item in items])


def _unpack(data: bytes) -> list[dict]:
    return pickle.loads(data)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tft.TFTransformOutput, list[dict]]:
    out = tmp_path_factory.mktemp("model")
    rows = _rows(1500)
    schema = tfdv.load_schema_text(str(FRAUD.schema_path))
    feature_spec = schema_utils.schema_as_feature_spec(schema).feature_spec
    metadata = dataset_metadata.DatasetMetadata(schema_utils.schema_from_feature_spec(feature_spec))
    with tempfile.TemporaryDirectory() as tmp, tft_beam.Context(temp_dir=tmp, force_tf_compat_v1=False):
        with beam.Pipeline() as pipeline:
            raw = pipeline | beam.Create(rows, reshuffle=False)
            (transformed_pcoll, _), transform_fn = (raw, metadata) | tft_beam.AnalyzeAndTransformDataset(
                lambda inputs: preprocessing_fn(inputs, {"domain": FRAUD.to_dict()})
            )
            _ = transform_fn | tft_beam.WriteTransformFn(str(out / "transform"))
            _ = transformed_pcoll | beam.combiners.ToList() | beam.Map(
                lambda items: (out / "transformed.npy").write_bytes(_pack(items))
            )
    # The raw schema beside the transform graph, as TFX's Transform writes it.
    metadata_io.write_metadata(metadata, str(out / "transform" / tft.TFTransformOutput.RAW_METADATA_DIR))
    tf_transform_output = tft.TFTransformOutput(str(out / "transform"))
    transformed = _unpack((out / "transformed.npy").read_bytes())

    def dataset(shuffle: bool) -> tf.data.Dataset:
        features = {k: np.array([r[k] for r in transformed]) for k in transformed[0] if k != FRAUD.label}
        labels = np.array([r[FRAUD.label] for r in transformed])
        ds = tf.data.Dataset.from_tensor_slices((features, labels))
        return (ds.shuffle(len(labels), seed=1) if shuffle else ds).batch(64)

    trained_model = model.train(FRAUD, tf_transform_output, dataset(True), dataset(False))
    trained_model.save(
        str(out / "serving"),
        save_format="tf",
        signatures={"serving_default": model.serving_signature(trained_model, tf_transform_output, FRAUD.features.all())},
    )
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
    batch = [_example({k: v for k, v in r.items() if k != FRAUD.label}) for r in rows[-20:] + rows[:20]]
    scores = serve(examples=tf.constant(batch))[model.SERVING_OUTPUT].numpy()
    assert scores.shape == (40, 1)
    assert np.all((scores >= 0) & (scores <= 1))
    # One epoch on real rows already separates the 20 frauds from the 20 normal rows.
    assert scores[:20].mean() > scores[20:].mean() + 0.2
