"""Batch prediction: score a CSV with a registry version's `serving_default` signature.

Each row is checked against the domain's curated schema (`pipelines.models.rows`) and sent
as the serialized raw `tf.Example` the pipeline's own Evaluator sends, so the SavedModel
applies the same Transform graph it was trained with.
"""

from __future__ import annotations

import csv
from pathlib import Path

import tensorflow as tf

from pipelines.models import rows

SIGNATURE = "serving_default"
INPUT = "examples"
OUTPUT = "probabilities"
BATCH = 512


def to_example(features: dict[str, list[rows.Value]]) -> bytes:
    """A serialized tf.Example; a feature with no value is left out (a gap the model imputes)."""
    example = tf.train.Example()
    for name, values in features.items():
        if not values:
            continue
        feature = example.features.feature[name]
        if isinstance(values[0], bytes):
            feature.bytes_list.value.extend(values)
        elif isinstance(values[0], int):
            feature.int64_list.value.extend(values)
        else:
            feature.float_list.value.extend(values)
    return example.SerializeToString()


def read_examples(path: Path, checks: list[rows.Column]) -> tuple[list[str], list[list[str]], list[bytes]]:
    """The CSV's header, its rows and one serialized example per row; RowError on a bad row."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = [name.strip() for name in next(reader, [])]
        cells = [(reader.line_num, row) for row in reader if row]
    if not cells:
        raise rows.RowError(f"{path}: no data rows")
    examples = [to_example(typed) for typed in rows.typed_rows(header, cells, checks, str(path))]
    return header, [row for _, row in cells], examples


def score(model_dir: Path, examples: list[bytes]) -> list[float]:
    """P(positive) for each serialized example, from the SavedModel's serving signature."""
    serve = tf.saved_model.load(str(model_dir)).signatures[SIGNATURE]
    probabilities: list[float] = []
    for start in range(0, len(examples), BATCH):
        batch = tf.constant(examples[start : start + BATCH])
        probabilities.extend(float(p) for p in serve(**{INPUT: batch})[OUTPUT].numpy()[:, 0])
    return probabilities


def write(path: Path, header: list[str], cells: list[list[str]], probabilities: list[float], threshold: float) -> None:
    """The input columns plus `probability` and `prediction` (1 at or above the operating threshold)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([*header, "probability", "prediction"])
        for row, p in zip(cells, probabilities):
            writer.writerow([*row, f"{p:.6f}", int(p >= threshold)])
