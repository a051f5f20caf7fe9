"""The Evaluator's TFMA output as report data: metrics by slice, the baseline's, curves, failed checks."""

from __future__ import annotations

import math
from typing import Any

import tensorflow_model_analysis as tfma

from pipelines.report.model import Curves
from tensorflow_model_analysis.proto import validation_result_pb2

CALIBRATION_BINS = 10


def _slice_name(slice_key: tuple) -> str:
    return ", ".join(f"{c}={v.decode() if isinstance(v, bytes) else v}" for c, v in slice_key)


def _values(by_output: dict[str, Any]) -> dict[str, float]:
    # float(): TFMA writes an undefined value (precision of a slice without positives) as "NaN".
    values = {}
    for name, value in by_output.get("", {}).get("", {}).items():
        if "doubleValue" in value:
            values[name] = float(value["doubleValue"])
        elif "boundedValue" in value:
            values[name] = float(value["boundedValue"]["value"])
    return values


def _curves(plots: dict[str, Any], threshold: float) -> Curves:
    """ROC, PR and the confusion matrix from TFMA's ConfusionMatrixPlot; calibration from its CalibrationPlot."""
    matrices = plots.get("confusionMatrixAtThresholds", {}).get("matrices", [])
    roc = tuple((m.get("falsePositiveRate", 0.0), m.get("recall", 0.0)) for m in matrices)
    pr = tuple((m.get("recall", 0.0), m["precision"]) for m in matrices if _finite(m.get("precision")))
    confusion = None
    if matrices:
        at = min(matrices, key=lambda m: abs(m.get("threshold", 0.0) - threshold))
        confusion = tuple(at.get(k, 0.0) for k in ("truePositives", "falsePositives", "falseNegatives", "trueNegatives"))
    calibration = calibration_points(plots.get("calibrationHistogramBuckets", {}).get("buckets", []))
    return Curves(roc=tuple(sorted(roc)), pr=tuple(sorted(pr)), calibration=calibration, confusion=confusion, threshold=threshold)


def calibration_points(buckets: list[dict[str, Any]], bins: int = CALIBRATION_BINS) -> tuple[tuple[float, float], ...]:
    """(mean prediction, observed positive rate) per non-empty bin of predictions.

    TFMA's CalibrationPlot has 10,000 buckets; on a few hundred eval rows most hold one
    example, so its totals are summed into `bins` equal-width bins before taking ratios.
    """
    sums = [[0.0, 0.0, 0.0] for _ in range(bins)]  # examples, predictions, labels
    for bucket in buckets:
        count = bucket.get("numWeightedExamples", 0.0)
        if count <= 0:
            continue
        low = bucket.get("lowerThresholdInclusive", 0.0)
        at = min(max(int((low if _finite(low) else 0.0) * bins), 0), bins - 1)
        sums[at][0] += count
        sums[at][1] += bucket.get("totalWeightedRefinedPrediction", 0.0)
        sums[at][2] += bucket.get("totalWeightedLabel", 0.0)
    return tuple((pred / n, label / n) for n, pred, label in sums if n > 0)


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def candidate(uri: str) -> tuple[tfma.EvalResult, str | None]:
    """TFMA's result for the candidate model and the baseline's model name (None on a first run).

    With a baseline TFMA keys everything by model name ('candidate', 'baseline'); without, by ''.
    """
    result = tfma.load_eval_result(uri)
    specs = result.config.model_specs
    baseline = next((s.name for s in specs if s.is_baseline), None)
    if baseline is None:
        return result, None
    return tfma.load_eval_result(uri, model_name=next(s.name for s in specs if not s.is_baseline)), baseline


def describe_failure(failure: validation_result_pb2.ValidationFailure, overall: dict[str, float]) -> str:
    """A failed Evaluator check in words, with both values for a regression."""
    name, value = failure.metric_key.name, failure.metric_value.double_value.value
    threshold = failure.metric_threshold
    if failure.metric_key.is_diff:
        allowed = threshold.change_threshold.absolute.value
        candidate_value = overall.get(name, float("nan"))
        return (
            f"{name} {candidate_value:.4f} is {-value:.4f} below the champion's {candidate_value - value:.4f} "
            f"on the same eval data (at most {-allowed:.4f} allowed)"
        )
    return f"{name} {value:.4f} is below the lower bound {threshold.value_threshold.lower_bound.value:.4f}"


def metrics_and_failures(uri: str) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Candidate metrics by slice ("" = overall) and the failed checks, in words."""
    result, _ = candidate(uri)
    metrics = {_slice_name(key): _values(by_output) for key, by_output in result.slicing_metrics}
    validation = tfma.load_validation_result(uri)
    overall_values = metrics.get("", {})
    failed = [
        describe_failure(f, overall_values) for per_slice in validation.metric_validations_per_slice for f in per_slice.failures
    ]
    return metrics, failed


def read(uri: str, threshold: float) -> tuple[dict[str, dict[str, float]], dict[str, float], Curves | None, list[str]]:
    """Candidate metrics by slice ("" = overall), the baseline's overall metrics, the overall curves, failed checks."""
    result, baseline = candidate(uri)
    metrics, failed = metrics_and_failures(uri)
    baseline_metrics: dict[str, float] = {}
    if baseline is not None:
        previous = tfma.load_eval_result(uri, model_name=baseline)
        baseline_metrics = next((_values(m) for key, m in previous.slicing_metrics if key == ()), {})
    overall_plots = next((p.get("", {}).get("", {}) for key, p in result.plots if key == ()), None)
    curves = _curves(overall_plots, threshold) if overall_plots else None
    return metrics, baseline_metrics, curves, failed


def overall(uri: str, metric: str) -> float | None:
    """The candidate's overall value of `metric`."""
    result, _ = candidate(uri)
    return next((_values(m).get(metric) for key, m in result.slicing_metrics if key == ()), None)
