"""Serving measurements with a stand-in signature: counts and shapes, never speed."""

import numpy as np
import tensorflow as tf

from bench import serving
from components.model import SERVING_INPUT, SERVING_OUTPUT


class CountingSignature:
    """Returns each example's length as its "probability"; remembers the batch sizes it saw."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def __call__(self, **inputs: tf.Tensor) -> dict[str, tf.Tensor]:
        (batch,) = inputs.values()
        assert list(inputs) == [SERVING_INPUT]
        self.sizes.append(int(batch.shape[0]))
        return {SERVING_OUTPUT: tf.cast(tf.strings.length(batch), tf.float32)[:, None]}


def test_small_splits_are_cycled_into_full_batches() -> None:
    batches = serving.batches([b"a", b"bb", b"ccc"], batch_size=4, count=2)
    assert [b.numpy().tolist() for b in batches] == [[b"a", b"bb", b"ccc", b"a"], [b"bb", b"ccc", b"a", b"bb"]]


def test_predict_keeps_order_across_batches() -> None:
    records = [b"x" * n for n in range(1, 8)]
    np.testing.assert_array_equal(serving.predict(CountingSignature(), records, batch_size=3), np.arange(1, 8))


def test_measure_runs_the_rounds_and_the_single_calls() -> None:
    signature = CountingSignature()
    result = serving.measure(
        signature, [b"ab", b"c"], batch_size=8, examples_per_round=32, rounds=3, single_calls=20, warmup=5
    )
    assert signature.sizes == [8] * (1 + 3 * 4) + [1] * 25
    assert len(result.rounds_examples_per_s) == 3 and result.examples_per_s == max(result.rounds_examples_per_s)
    assert 0 < result.single_p50_ms <= result.single_p99_ms and result.single_calls == 20


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert serving.percentile(values, 50) == 50.0
    assert serving.percentile(values, 99) == 99.0
    assert serving.percentile([3.0], 99) == 3.0
