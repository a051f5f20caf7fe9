"""The gate metric by TFMA and by scikit-learn: the same ranking quality, two estimators."""

import numpy as np
import pytest

from bench import quality


def test_tfma_scores_each_named_set_and_agrees_with_scikit_learn_on_spread_out_predictions() -> None:
    rng = np.random.default_rng(0)
    labels = (rng.random(2000) < 0.2).astype(int)
    good = np.clip(0.3 * labels + rng.random(2000) * 0.7, 0, 1)
    noise = rng.random(2000)
    values = quality.tfma_values("auc", labels, {"good": good, "noise": noise})
    assert values.keys() == {"good", "noise"}
    assert values["good"] == pytest.approx(quality.exact("auc", labels, good), abs=0.01)
    assert values["noise"] == pytest.approx(quality.exact("auc", labels, noise), abs=0.01)


def test_perfect_ranking_scores_one() -> None:
    labels, predictions = np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.8, 0.9])
    assert quality.exact("auc_precision_recall", labels, predictions) == pytest.approx(1.0)
    assert quality.exact("auc", labels, predictions) == pytest.approx(1.0)
