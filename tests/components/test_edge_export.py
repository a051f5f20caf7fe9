"""The TFLite model the Trainer writes for autonomous_vehicles scores raw rows as the SavedModel does.

A model trained for one epoch on ~600 real rows through the project's preprocessing (real
TFT) and `model.export`, the function the Trainer calls; then eval rows of other episodes,
plus rows with categories training never saw, go through both the TFLite interpreter (one
row per invoke, as an embedded caller runs it) and `serving_default`.
"""

import csv
import dataclasses
import gzip
import json
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from components import edge_export, model
from components.edge_model import DESCRIPTION_FILE, TFLITE_FILE, EdgeModel
from pipelines import domains
from tests.components.transform_rows import Row, analyze_and_transform, example, typed

AV = domains.get("autonomous_vehicles")
SPEC = dataclasses.replace(AV, budget=dataclasses.replace(AV.budget, max_epochs=1, batch_size=32))
# Float32 arithmetic in a different order (TFLite kernels vs TensorFlow's) moves the last bits.
TOLERANCE = 1e-4
UNSEEN = [{"scenario": [b"parking_lot"]}, {"ego_lane": [9]}, {"density": [b"gridlock"], "ego_lane": [-1]}]


def _rows() -> tuple[list[Row], list[Row]]:
    """Train: every 50th row of four episodes in five; eval: every 40th row of the fifth."""
    with gzip.open(AV.default_data, "rt", newline="") as f:
        records = list(csv.DictReader(f))
    episodes = {e: i for i, e in enumerate(dict.fromkeys(r["episode_id"] for r in records))}
    train = [r for r in records if episodes[r["episode_id"]] % 5][::50]
    held_out = [r for r in records if not episodes[r["episode_id"]] % 5][::40]
    return typed(train, SPEC), typed(held_out, SPEC)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Row]]:
    out = tmp_path_factory.mktemp("edge")
    train, held_out = _rows()
    tf_transform_output, transformed = analyze_and_transform(SPEC, train, out)
    trained = model.train(SPEC, tf_transform_output, transformed.shuffle(len(train), seed=1).batch(32), transformed.batch(32))
    model.export(SPEC, trained, tf_transform_output, str(out / "serving"))
    unseen = [{**row, **change} for row, change in zip(held_out, UNSEEN)]
    return out / "serving", held_out + unseen


def _feed(row: Row, description: EdgeModel) -> dict[str, np.ndarray]:
    """One row as the TFLite signature takes it: a [1] array per feature."""
    return {i.name: np.array(row[i.name], dtype=object if i.dtype == "string" else i.dtype) for i in description.inputs}


def test_tflite_scores_raw_rows_as_the_serving_signature_does(exported) -> None:
    serving_dir, rows = exported
    description = EdgeModel.from_json((serving_dir / DESCRIPTION_FILE).read_text())
    serve = tf.saved_model.load(str(serving_dir)).signatures["serving_default"]
    features = SPEC.features.all()
    expected = serve(examples=tf.constant([example({k: r[k] for k in features}) for r in rows]))[model.SERVING_OUTPUT].numpy()
    runner = tf.lite.Interpreter(model_path=str(serving_dir / TFLITE_FILE)).get_signature_runner(description.signature)
    scores = np.array([runner(**_feed(r, description))[description.output][0, 0] for r in rows])
    assert len(rows) > 150 and np.all((scores > 0) & (scores < 1))
    assert np.abs(scores - expected[:, 0]).max() <= TOLERANCE
    # An unseen category is scored, as serving scores it, through the out-of-vocabulary index.
    assert np.abs(scores[-len(UNSEEN):] - expected[-len(UNSEEN):, 0]).max() <= TOLERANCE


def test_tflite_takes_one_raw_tensor_per_feature_with_builtin_ops_only(exported) -> None:
    serving_dir, _ = exported
    description = json.loads((serving_dir / DESCRIPTION_FILE).read_text())
    assert [i["name"] for i in description["inputs"]] == list(SPEC.features.all())
    by_name = {i["name"]: i for i in description["inputs"]}
    assert (by_name["ego_speed"]["dtype"], by_name["v1_present"]["dtype"], by_name["scenario"]["dtype"]) == ("float32", "int64", "string")
    assert set(by_name["scenario"]["categories"]) == {"highway", "intersection", "merge", "roundabout"}
    interpreter = tf.lite.Interpreter(model_path=str(serving_dir / TFLITE_FILE))
    inputs = interpreter.get_signature_runner(description["signature"]).get_input_details()
    # Batch of one as allocated; -1: the caller may resize it.
    assert {name: list(d["shape_signature"]) for name, d in inputs.items()} == {name: [-1] for name in by_name}
    ops = {op["op_name"] for op in interpreter._get_ops_details()}
    assert not {op for op in ops if op.startswith("Flex") or op == "CUSTOM"}, ops


def test_features_a_plain_tensor_cannot_carry_are_refused() -> None:
    with pytest.raises(edge_export.EdgeExportError, match="feature 'thal' is VarLenFeature: the TFLite export takes only"):
        edge_export.raw_inputs({"thal": tf.io.VarLenFeature(tf.string)}, ("thal",), ("thal",))
    with pytest.raises(edge_export.EdgeExportError, match=r"feature 'track' is FixedLenFeature of shape \[3\]"):
        edge_export.raw_inputs({"track": tf.io.FixedLenFeature([3], tf.float32)}, ("track",), ())
    with pytest.raises(edge_export.EdgeExportError, match="categorical feature 'size' is float32"):
        edge_export.raw_inputs({"size": tf.io.FixedLenFeature([1], tf.float32)}, ("size",), ("size",))


def test_an_operator_tflite_lacks_is_named() -> None:
    class Module(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.int64)])
        def edge(self, x: tf.Tensor) -> dict[str, tf.Tensor]:
            return {"text": tf.strings.as_string(x)}

    with pytest.raises(edge_export.EdgeExportError, match="do not convert to TFLite builtins: no TFLite builtin for AsString"):
        edge_export._convert(Module())
