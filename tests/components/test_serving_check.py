"""The serving check on tiny real SavedModels (a tf.Module, no TFX): what passes, what fails and why."""

import re
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
import tensorflow as tf

from components import serving_check
from components.serving_check import ServingError

VALUES = [-2.0, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 2.0]
EXAMPLES = [
    tf.train.Example(features=tf.train.Features(feature={"x": tf.train.Feature(float_list=tf.train.FloatList(value=[v]))}))
    .SerializeToString()
    for v in VALUES
]


def _save(path: Path, head: Callable[[tf.Tensor], tf.Tensor], signature: str = "serving_default") -> str:
    """A SavedModel whose `signature` parses serialized tf.Examples (one float `x`, [n, 1]) and returns {"probabilities": head(x)}."""

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="examples")])
    def serve(examples: tf.Tensor) -> dict[str, tf.Tensor]:
        x = tf.io.parse_example(examples, {"x": tf.io.FixedLenFeature([1], tf.float32)})["x"]
        return {"probabilities": head(x)}

    module = tf.Module()
    module.serve = serve
    tf.saved_model.save(module, str(path), signatures={signature: serve})
    return str(path)


def _good(x: tf.Tensor) -> tf.Tensor:
    return tf.sigmoid(x)


def _problem(model_dir: str) -> str | None:
    return serving_check.problem(serving_check.score(serving_check.load_signature(model_dir), EXAMPLES), len(EXAMPLES))


def test_a_good_model_passes_from_a_fresh_process(tmp_path: Path) -> None:
    model_dir = _save(tmp_path / "good", _good)
    verdict = serving_check.verify(model_dir, EXAMPLES, serving_check.load_signature)
    assert verdict == serving_check.Verdict(blessed=True, reason="", examples=len(VALUES), max_abs_diff=0.0)
    assert str(verdict) == "ok (8 examples, max |diff| 0)"


def _main(tmp_path: Path, model_dir: str) -> Path:
    """Run the fresh process's code here (fast): score EXAMPLES with `model_dir`; the answer file."""
    records = tmp_path / "examples.tfrecord"
    with tf.io.TFRecordWriter(str(records)) as writer:
        for example in EXAMPLES:
            writer.write(example)
    answer = tmp_path / "scores.json"
    assert serving_check.main(["--model", model_dir, "--examples", str(records), "--output", str(answer)]) == 0
    return answer


def test_the_fresh_process_answers_with_what_it_served_nan_included(tmp_path: Path) -> None:
    model_dir = _save(tmp_path / "nan", lambda x: tf.where(x > 1.5, float("nan"), tf.sigmoid(x)))
    scores = serving_check.read_answer(_main(tmp_path, model_dir))
    assert (scores.output, scores.declared, scores.values.shape) == ("probabilities", (None, 1), (8, 1))
    assert serving_check.problem(scores, len(EXAMPLES)) == "1 of 8 predictions are not finite (example 7: nan)"


def test_the_fresh_process_answers_that_the_signature_is_missing(tmp_path: Path) -> None:
    answer = _main(tmp_path, _save(tmp_path / "unsigned", _good, signature="predict"))
    with pytest.raises(ServingError, match=r"has no serving_default signature \(signatures: predict\)"):
        serving_check.read_answer(answer)


def test_a_good_model_has_no_problem_and_agrees_with_itself(tmp_path: Path) -> None:
    model_dir = _save(tmp_path / "good", _good)
    assert _problem(model_dir) is None
    scores = serving_check.score(serving_check.load_signature(model_dir), EXAMPLES)
    np.testing.assert_allclose(scores.values[:, 0], 1 / (1 + np.exp(-np.array(VALUES))), rtol=1e-6)


def test_nan_fails_naming_the_problem(tmp_path: Path) -> None:
    model_dir = _save(tmp_path / "nan", lambda x: tf.where(x < 0, float("nan"), tf.sigmoid(x)))
    assert _problem(model_dir) == "3 of 8 predictions are not finite (example 0: nan)"


def test_values_outside_0_1_fail(tmp_path: Path) -> None:
    model_dir = _save(tmp_path / "logits", lambda x: 3 * x)  # logits, not probabilities
    assert _problem(model_dir) == "6 of 8 predictions are outside [0, 1] (example 0: -6)"


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        # declared [None, 1] but twice as many rows as examples
        (lambda x: tf.concat([tf.sigmoid(x), tf.sigmoid(x)], axis=0), "returned output 'probabilities' of shape [16, 1] (declared [None, 1]) for 8 examples"),
        # two columns: not one probability per example, whatever the values
        (lambda x: tf.concat([tf.sigmoid(x), 1 - tf.sigmoid(x)], axis=1), "declares output 'probabilities' of shape [None, 2]"),
        # one value for the whole batch
        (lambda x: tf.reduce_mean(tf.sigmoid(x)), "declares output 'probabilities' of shape []"),
    ],
)
def test_a_wrong_shape_fails(tmp_path: Path, head: Callable[[tf.Tensor], tf.Tensor], reason: str) -> None:
    assert reason in _problem(_save(tmp_path / "shape", head))


def test_a_flat_output_declared_flat_passes(tmp_path: Path) -> None:
    assert _problem(_save(tmp_path / "flat", lambda x: tf.sigmoid(x[:, 0]))) is None


def test_disagreement_beyond_the_tolerance_fails(tmp_path: Path) -> None:
    served = serving_check.score(serving_check.load_signature(_save(tmp_path / "a", _good)), EXAMPLES).values
    shifted = _save(tmp_path / "b", lambda x: tf.sigmoid(x) * 0.999)
    evaluated = serving_check.score(serving_check.load_signature(shifted), EXAMPLES).values
    verdict = serving_check.agreement(served, evaluated)
    assert not verdict.blessed and verdict.max_abs_diff == pytest.approx(0.00088, abs=1e-5)
    assert verdict.reason.startswith("predictions served from a fresh process differ from the Evaluator's by up to 0.000881 (example 7: ")
    assert verdict.reason.endswith("above the tolerance 1e-05")
    assert serving_check.agreement(served, served + 5e-6).blessed  # within the tolerance


def test_a_directory_without_a_saved_model_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(ServingError, match=f"cannot load a SavedModel from {re.escape(str(tmp_path))}: "):
        serving_check.load_signature(str(tmp_path))


def test_a_signature_that_does_not_take_serialized_examples_fails(tmp_path: Path) -> None:
    @tf.function(input_signature=[tf.TensorSpec([None, 1], tf.float32, name="x")])
    def serve(x: tf.Tensor) -> dict[str, tf.Tensor]:
        return {"probabilities": tf.sigmoid(x)}

    module = tf.Module()
    module.serve = serve
    tf.saved_model.save(module, str(tmp_path), signatures={"serving_default": serve})
    with pytest.raises(ServingError, match=r"serving_default takes \(x: float32\); it must take one string tensor"):
        serving_check.score(serving_check.load_signature(str(tmp_path)), EXAMPLES)


def test_examples_are_read_in_order_up_to_the_limit(tmp_path: Path) -> None:
    files = []
    for i, chunk in enumerate([EXAMPLES[:5], EXAMPLES[5:]]):
        files.append(str(tmp_path / f"part-{i}.gz"))
        with tf.io.TFRecordWriter(files[-1], options="GZIP") as writer:
            for example in chunk:
                writer.write(example)
    assert serving_check.read_examples(files, limit=6) == EXAMPLES[:6]
    assert serving_check.read_examples(files, limit=100) == EXAMPLES


def test_no_examples_is_not_a_pass(tmp_path: Path) -> None:
    verdict = serving_check.verify(str(tmp_path), [], serving_check.load_signature)
    assert not verdict.blessed and verdict.reason == "the eval split has no examples to send"
