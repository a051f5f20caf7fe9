"""The gate metric of any predictions, computed by TFMA itself, so the baseline is scored as the Evaluator scores.

TFMA's `AUC` and `AUCPrecisionRecall` sum over 10,000 fixed thresholds; on rare positives
with predictions bunched near 0 and 1 that differs a lot from scikit-learn's exact
`roc_auc_score` / `average_precision_score` (and from Keras's AUC, which also does not match
it there). So the comparison runs TFMA's `analyze_raw_data` on (label, prediction) pairs, and
scikit-learn's value is recorded beside it as a second opinion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import tensorflow_model_analysis as tfma
from sklearn.metrics import average_precision_score, roc_auc_score

from pipelines.domains.loader import GATEABLE_METRICS


def tfma_values(metric: str, labels: np.ndarray, predictions: dict[str, np.ndarray]) -> dict[str, float]:
    """`metric` (a domain's gate metric name) of each named set of predictions, as TFMA computes it
    with the Evaluator's settings; one TFMA run, a slice per name."""
    frame = pd.DataFrame(
        {
            "label": np.tile(labels.astype(np.int64), len(predictions)),
            "prediction": np.concatenate(list(predictions.values())).astype(np.float32),
            "model": np.repeat(list(predictions), len(labels)),
        }
    )
    config = tfma.EvalConfig(
        model_specs=[tfma.ModelSpec(label_key="label", prediction_key="prediction")],
        metrics_specs=[tfma.MetricsSpec(metrics=[tfma.MetricConfig(class_name=GATEABLE_METRICS[metric])])],
        slicing_specs=[tfma.SlicingSpec(feature_keys=["model"])],
    )
    with np.errstate(divide="ignore", invalid="ignore"):  # TFMA's PR sum divides by empty buckets, then skips them
        result = tfma.analyze_raw_data(frame, config)
    values = {}
    for slice_key, by_output in result.slicing_metrics:
        ((_, name),) = slice_key
        values[name.decode() if isinstance(name, bytes) else name] = float(by_output[""][""][metric]["doubleValue"])
    return values


def exact(metric: str, labels: np.ndarray, predictions: np.ndarray) -> float:
    """`metric` by scikit-learn: ROC-AUC, or average precision for the area under the PR curve."""
    score = roc_auc_score if metric == "auc" else average_precision_score
    return float(score(labels, predictions))
