"""The TFMA-style metrics agree with scikit-learn's exact ones where both are well defined."""

import numpy as np
import pytest

from bench import quality


@pytest.mark.parametrize("metric", ["auc", "auc_precision_recall"])
def test_tfma_style_is_close_to_exact(metric: str) -> None:
    rng = np.random.default_rng(0)
    labels = (rng.random(5000) < 0.1).astype(int)
    predictions = np.clip(0.3 * labels + rng.random(5000) * 0.7, 0, 1)
    assert quality.tfma_style(metric, labels, predictions) == pytest.approx(quality.exact(metric, labels, predictions), abs=0.02)


def test_perfect_ranking_scores_one() -> None:
    labels, predictions = np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.8, 0.9])
    assert quality.tfma_style("auc", labels, predictions) == pytest.approx(1.0)
    assert quality.exact("auc_precision_recall", labels, predictions) == pytest.approx(1.0)
