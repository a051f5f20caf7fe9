"""Scoring through a real (tiny) SavedModel with the pipeline's serving contract."""

from pathlib import Path

import pytest
import tensorflow as tf

from pipelines.models import predict, rows

CHECKS = [rows.Column("age", rows.Kind.INT, True), rows.Column("sex", rows.Kind.BYTES, True, frozenset({"F", "M"}))]


def _tiny_model(path: Path) -> Path:
    """serialized tf.Example -> sigmoid((age - 50) / 10) + 0.1 for "M", as `probabilities` [batch, 1]."""

    class Model(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name=predict.INPUT)])
        def serve(self, serialized):
            parsed = tf.io.parse_example(
                serialized,
                {"age": tf.io.FixedLenFeature([], tf.int64), "sex": tf.io.FixedLenFeature([], tf.string)},
            )
            age = tf.cast(parsed["age"], tf.float32)
            bump = tf.where(parsed["sex"] == b"M", 0.1, 0.0)
            return {predict.OUTPUT: tf.expand_dims(tf.sigmoid((age - 50.0) / 10.0) * 0.9 + bump, 1)}

    model = Model()
    tf.saved_model.save(model, str(path), signatures={predict.SIGNATURE: model.serve})
    return path


def test_rows_are_scored_and_written_with_probability_and_prediction(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,age,sex\n1,50,F\n2,90,M\n3,20,F\n")
    header, cells, examples = predict.read_examples(source, CHECKS)
    probabilities = predict.score(_tiny_model(tmp_path / "model"), examples)
    assert [round(p, 4) for p in probabilities] == [0.45, round(0.9 * 0.982014 + 0.1, 4), round(0.9 * 0.047426, 4)]
    out = tmp_path / "out" / "scored.csv"
    predict.write(out, header, cells, probabilities, threshold=0.5)
    lines = out.read_text().splitlines()
    assert lines[0] == "id,age,sex,probability,prediction"
    assert lines[1] == "1,50,F,0.450000,0" and lines[2].endswith(",1") and lines[3].endswith(",0")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,age,sex\n")
    with pytest.raises(rows.RowError) as err:
        predict.read_examples(source, CHECKS)
    assert str(err.value) == f"{source}: no data rows"
