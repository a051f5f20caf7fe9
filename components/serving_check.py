"""Before a push: the candidate SavedModel must serve, from a fresh process, what was evaluated.

TFX's InfraValidator starts TF Serving in Docker and sends it requests; there is no Docker
here, so this check does what matters of it without one. A new Python process, which imports
only TensorFlow and NumPy (as a model server has neither TFX nor TFT, nor anything the Trainer
left in memory), loads the SavedModel with `tf.saved_model.load`, calls its `serving_default`
signature on serialized raw `tf.Example`s from the eval split, and hands back the output.
The model is refused if it cannot be loaded or called, if the output is not one value per
example in the shape the signature declares ([n] or [n, 1]), if a value is not finite or not a
probability in [0, 1], or if it disagrees with the Evaluator's predictions.

Agreement with the Evaluator: TFMA keeps aggregates only, not per-example predictions. The mean
of a bounded sample (`MAX_EXAMPLES`) set against the whole split's mean would need a
statistical tolerance too loose to catch anything (or would fail at random), so instead the
caller recomputes the Evaluator's predictions for the same examples, per example, by loading
the model the way the Evaluator (TFMA) loads it, and this module compares the two. Both sides
run the same float32 graph on the same inputs, so they agree to about 1e-7; `TOLERANCE` (1e-5
absolute, on probabilities) leaves room for kernel-level reordering between processes and is
far below any difference that changes a decision.

No TFX here: the pipeline's component is `components.serving_check_component`, and
`python -m components.serving_check` is the fresh process.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import tensorflow as tf

SIGNATURE = "serving_default"
MAX_EXAMPLES = 512
TOLERANCE = 1e-5
TIMEOUT_SECONDS = 600
_MODULE = "components.serving_check"
_ROOT = Path(__file__).resolve().parents[1]  # the directory that holds `components/`

Shape = tuple[int | None, ...] | None  # None: the signature declares no rank
Signature = Callable[..., dict[str, tf.Tensor]]


class ServingError(RuntimeError):
    """The model cannot be loaded or called as a model server would; the message says why."""


@dataclasses.dataclass(frozen=True)
class Scores:
    """What `serving_default` returned for a batch, as returned (not yet flattened)."""

    output: str  # the signature's one output
    declared: Shape  # the output's shape as the signature declares it
    values: np.ndarray


@dataclasses.dataclass(frozen=True)
class Verdict:
    blessed: bool
    reason: str  # why not blessed; empty when blessed
    examples: int
    max_abs_diff: float | None  # from the Evaluator's predictions; None when not compared

    def __str__(self) -> str:
        if not self.blessed:
            return f"FAILED: {self.reason}"
        return f"ok ({self.examples} examples, max |diff| {self.max_abs_diff:.1g})"


def read_examples(files: Sequence[str], limit: int = MAX_EXAMPLES) -> list[bytes]:
    """The first `limit` serialized records of `files` (TFRecord, gzipped when named `.gz`), in order."""
    examples: list[bytes] = []
    for path in files:
        if len(examples) >= limit:
            break
        records = tf.data.TFRecordDataset(path, compression_type="GZIP" if path.endswith(".gz") else "")
        examples.extend(record.numpy() for record in records.take(limit - len(examples)))
    return examples


def load_signature(model_dir: str) -> Signature:
    """`serving_default` of the SavedModel at `model_dir`, loaded as a model server loads it."""
    try:
        model = tf.saved_model.load(model_dir)
    except (OSError, ValueError, tf.errors.OpError) as err:
        raise ServingError(f"cannot load a SavedModel from {model_dir}: {_first_line(err)}") from None
    if SIGNATURE not in model.signatures:
        found = ", ".join(sorted(model.signatures)) or "none"
        raise ServingError(f"the SavedModel at {model_dir} has no {SIGNATURE} signature (signatures: {found})")
    return model.signatures[SIGNATURE]


def score(signature: Signature, serialized: Sequence[bytes]) -> Scores:
    """Call `signature` on one batch of serialized tf.Examples, as the Evaluator and TF Serving do."""
    _, inputs = signature.structured_input_signature
    strings = [name for name, spec in inputs.items() if spec.dtype == tf.string]
    if len(inputs) != 1 or not strings:
        taken = ", ".join(f"{name}: {spec.dtype.name}" for name, spec in sorted(inputs.items())) or "nothing"
        raise ServingError(f"{SIGNATURE} takes ({taken}); it must take one string tensor of serialized tf.Examples")
    outputs = signature.structured_outputs
    if len(outputs) != 1:
        raise ServingError(
            f"{SIGNATURE} returns {len(outputs)} outputs ({', '.join(sorted(outputs))}); "
            "the Evaluator scores a model with exactly one"
        )
    [(output, spec)] = outputs.items()
    try:
        values = signature(**{strings[0]: tf.constant(list(serialized), dtype=tf.string)})[output].numpy()
    except (tf.errors.OpError, ValueError, TypeError) as err:
        raise ServingError(f"{SIGNATURE} failed on {len(serialized)} eval examples: {_first_line(err)}") from None
    declared = None if spec.shape.rank is None else tuple(spec.shape.as_list())
    return Scores(output=output, declared=declared, values=values)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def score_in_fresh_process(model_dir: str, serialized: Sequence[bytes], timeout: float = TIMEOUT_SECONDS) -> Scores:
    """`load_signature` then `score`, in a new Python process (`python -m components.serving_check`)."""
    with tempfile.TemporaryDirectory(prefix="serving-check-") as tmp:
        examples, result = Path(tmp) / "examples.tfrecord", Path(tmp) / "scores.json"
        with tf.io.TFRecordWriter(str(examples)) as writer:
            for record in serialized:
                writer.write(record)
        paths = [str(_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "TF_CPP_MIN_LOG_LEVEL": "2"}
        command = [sys.executable, "-m", _MODULE, "--model", model_dir, "--examples", str(examples), "--output", str(result)]
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ServingError(f"the model did not answer within {timeout:g}s in a fresh process") from None
        if not result.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise ServingError(f"the fresh process serving the model exited with code {done.returncode}: {last}")
        return read_answer(result)


def read_answer(path: Path) -> Scores:
    """The scores `main` wrote to `path`; ServingError with its reason when it could not score."""
    answer = json.loads(path.read_text())
    if "error" in answer:
        raise ServingError(answer["error"])
    declared = None if answer["declared"] is None else tuple(answer["declared"])
    return Scores(output=answer["output"], declared=declared, values=np.asarray(answer["values"], dtype=np.float64))


def _fits(shape: Sequence[int | None], pattern: Sequence[int | None]) -> bool:
    return len(shape) == len(pattern) and all(a is None or b is None or a == b for a, b in zip(shape, pattern))


def _shown(shape: Sequence[int | None]) -> str:
    return "[" + ", ".join("None" if d is None else str(d) for d in shape) + "]"


def problem(scores: Scores, n: int) -> str | None:
    """The first reason `scores` for `n` examples are not one probability per example, or None."""
    one_each = [(n,), (n, 1)]
    if scores.declared is not None and not any(_fits(scores.declared, p) for p in one_each):
        return (
            f"{SIGNATURE} declares output '{scores.output}' of shape {_shown(scores.declared)}; "
            "one probability per example needs [n] or [n, 1]"
        )
    actual = scores.values.shape
    if not any(_fits(actual, p) for p in one_each) or (scores.declared is not None and not _fits(actual, scores.declared)):
        declared = f" (declared {_shown(scores.declared)})" if scores.declared is not None else ""
        return f"{SIGNATURE} returned output '{scores.output}' of shape {_shown(actual)}{declared} for {n} examples"
    values = scores.values.reshape(-1).astype(np.float64)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        return f"{bad.size} of {n} predictions are not finite (example {bad[0]}: {values[bad[0]]})"
    bad = np.flatnonzero((values < 0) | (values > 1))
    if bad.size:
        return f"{bad.size} of {n} predictions are outside [0, 1] (example {bad[0]}: {values[bad[0]]:.6g})"
    return None


def agreement(served: np.ndarray, evaluated: np.ndarray, tolerance: float = TOLERANCE) -> Verdict:
    """Blessed if every served prediction is within `tolerance` of the evaluated one for the same example."""
    served, evaluated = served.reshape(-1).astype(np.float64), evaluated.reshape(-1).astype(np.float64)
    if served.shape != evaluated.shape or not served.size:
        return Verdict(False, f"{served.size} served predictions against {evaluated.size} evaluated ones", served.size, None)
    diff = np.abs(served - evaluated)
    diff[~np.isfinite(diff)] = np.inf  # a NaN on either side is as far off as can be
    worst = int(np.argmax(diff))
    largest = float(diff[worst])
    if largest > tolerance:
        reason = (
            f"predictions served from a fresh process differ from the Evaluator's by up to {largest:.3g} "
            f"(example {worst}: {served[worst]:.7g} served, {evaluated[worst]:.7g} evaluated), above the tolerance {tolerance:g}"
        )
        return Verdict(False, reason, served.size, largest)
    return Verdict(True, "", served.size, largest)


def verify(
    model_dir: str,
    serialized: Sequence[bytes],
    as_evaluated: Callable[[str], Signature],
    tolerance: float = TOLERANCE,
    timeout: float = TIMEOUT_SECONDS,
) -> Verdict:
    """The whole check: serve `serialized` from a fresh process, check the output, then compare it
    per example with `as_evaluated(model_dir)`, the signature as the Evaluator loads it."""
    n = len(serialized)
    if not n:
        return Verdict(False, "the eval split has no examples to send", 0, None)
    try:
        served = score_in_fresh_process(model_dir, serialized, timeout)
    except ServingError as err:
        return Verdict(False, str(err), n, None)
    if found := problem(served, n):
        return Verdict(False, found, n, None)
    return agreement(served.values, score(as_evaluated(model_dir), serialized).values, tolerance)


def main(argv: Sequence[str] | None = None) -> int:
    """The fresh process: score `--examples` with `--model`; write the output or the error to `--output`."""
    parser = argparse.ArgumentParser(prog=f"python -m {_MODULE}", description=main.__doc__)
    parser.add_argument("--model", required=True, help="SavedModel directory")
    parser.add_argument("--examples", required=True, help="uncompressed TFRecord of serialized tf.Examples")
    parser.add_argument("--output", required=True, help="JSON file to write")
    args = parser.parse_args(argv)
    try:
        scores = score(load_signature(args.model), read_examples([args.examples], limit=sys.maxsize))
        answer = {"output": scores.output, "declared": scores.declared, "values": scores.values.tolist()}
    except ServingError as err:
        answer = {"error": str(err)}
    Path(args.output).write_text(json.dumps(answer))  # NaN and Infinity survive: json writes and reads them
    return 0


if __name__ == "__main__":
    sys.exit(main())
