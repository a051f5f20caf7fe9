"""The gate metrics computed the way TFMA computes them, so the baseline is scored like the Evaluator.

TFMA's `AUC` and `AUCPrecisionRecall` are Keras-style: 10,000 thresholds, Riemann sums with
interpolation. scikit-learn's exact `roc_auc_score` / `average_precision_score` differ a little
from that on rare positives, so both are recorded; the comparison uses the TFMA-style value.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf
from sklearn.metrics import average_precision_score, roc_auc_score

NUM_THRESHOLDS = 10_000
_CURVE = {"auc": "ROC", "auc_precision_recall": "PR"}


def tfma_style(metric: str, labels: np.ndarray, predictions: np.ndarray) -> float:
    """`metric` (a domain's gate metric name) as TFMA's default configuration computes it."""
    auc = tf.keras.metrics.AUC(num_thresholds=NUM_THRESHOLDS, curve=_CURVE[metric], summation_method="interpolation")
    auc.update_state(labels.astype(np.float32), predictions.astype(np.float32))
    return float(auc.result().numpy())


def exact(metric: str, labels: np.ndarray, predictions: np.ndarray) -> float:
    """`metric` by scikit-learn: ROC-AUC, or average precision for the area under the PR curve."""
    score = roc_auc_score if _CURVE[metric] == "ROC" else average_precision_score
    return float(score(labels, predictions))
