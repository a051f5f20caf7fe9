"""The parts of `evaluation` that read TFMA's output, on hand-made metrics and buckets."""

from __future__ import annotations

import math

import pytest

from pipelines.report import evaluation
from pipelines.report.evaluation import calibration_points


def _bucket(low: float, n: float, predictions: float, labels: float) -> dict:
    return {"lowerThresholdInclusive": low, "numWeightedExamples": n, "totalWeightedRefinedPrediction": predictions, "totalWeightedLabel": labels}


def test_calibration_sums_fine_buckets_into_bins_before_the_ratio() -> None:
    buckets = [
        {"upperThresholdExclusive": 0.0, "numWeightedExamples": 0.0},  # TFMA's (-inf, 0) bucket, empty
        _bucket(0.101, 1, 0.101, 0),
        _bucket(0.199, 3, 0.597, 1),
        _bucket(0.95, 2, 1.9, 2),
    ]
    points = calibration_points(buckets, bins=10)
    assert len(points) == 2
    assert points[0] == pytest.approx((0.698 / 4, 0.25))
    assert points[1] == pytest.approx((0.95, 1.0))


def test_calibration_puts_the_top_edge_in_the_last_bin() -> None:
    assert calibration_points([_bucket(1.0, 1, 1.0, 1)], bins=4) == ((1.0, 1.0),)


def test_an_undefined_metric_tfma_writes_as_the_string_nan_becomes_a_float_nan() -> None:
    # A slice without positives: TFMA has no precision for it and stores "NaN".
    by_output = {"": {"": {"precision": {"doubleValue": "NaN"}, "auc": {"boundedValue": {"value": 0.75}}}}}
    values = evaluation._values(by_output)
    assert math.isnan(values["precision"]) and values["auc"] == 0.75
