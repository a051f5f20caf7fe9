"""In-process serving speed of a pushed model's `serving_default` signature.

The signature takes serialized raw `tf.Example`s and runs parsing, the Transform graph and
the network, so this is the cost a model server pays per request minus the network.
Inputs are prepared as tensors before the clock starts; a round's time ends when the
probabilities are back as numpy.
"""

from __future__ import annotations

import itertools
import math
import time
from pathlib import Path
from typing import Callable

import numpy as np
import tensorflow as tf

from bench.results import ServingResult
from components import serving_check
from components.model import SERVING_INPUT, SERVING_OUTPUT

Serve = Callable[..., dict[str, tf.Tensor]]


def load(model_dir: Path) -> Serve:
    """The SavedModel's serving signature, as a model server would call it."""
    return serving_check.load_signature(str(model_dir))


def _call(serve: Serve, batch: tf.Tensor) -> np.ndarray:
    return serve(**{SERVING_INPUT: batch})[SERVING_OUTPUT].numpy()


def predict(serve: Serve, records: list[bytes], batch_size: int = 1024) -> np.ndarray:
    """P(positive) for every record, in order."""
    out = [_call(serve, tf.constant(records[i : i + batch_size]))[:, 0] for i in range(0, len(records), batch_size)]
    return np.concatenate(out)


def batches(records: list[bytes], batch_size: int, count: int) -> list[tf.Tensor]:
    """`count` full batches cut from `records` repeated end to end (a small eval split is reused)."""
    stream = itertools.cycle(records)
    return [tf.constant(list(itertools.islice(stream, batch_size))) for _ in range(count)]


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (q in 0..100) of `values`."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def measure(
    serve: Serve,
    records: list[bytes],
    batch_size: int = 1024,
    examples_per_round: int = 50_000,
    rounds: int = 5,
    single_calls: int = 500,
    warmup: int = 50,
) -> ServingResult:
    """Best-of-`rounds` batched throughput, then p50/p99 latency of one-example calls."""
    prepared = batches(records, batch_size, max(1, examples_per_round // batch_size))
    _call(serve, prepared[0])
    throughputs = []
    for _ in range(rounds):
        started = time.perf_counter()
        for batch in prepared:
            _call(serve, batch)
        throughputs.append(len(prepared) * batch_size / (time.perf_counter() - started))
    singles = [tf.constant([record]) for record in itertools.islice(itertools.cycle(records), warmup + single_calls)]
    latencies = []
    for i, one in enumerate(singles):
        started = time.perf_counter()
        _call(serve, one)
        if i >= warmup:
            latencies.append((time.perf_counter() - started) * 1000)
    return ServingResult(
        batch_size=batch_size,
        examples_per_s=max(throughputs),
        rounds_examples_per_s=tuple(throughputs),
        single_p50_ms=percentile(latencies, 50),
        single_p99_ms=percentile(latencies, 99),
        single_calls=single_calls,
    )
