"""The GBDT baseline on a small synthetic table where both a number and a category matter."""

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from bench import baseline


def _table(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    colour = rng.choice(["red", "green", "blue"], size=n)
    label = ((x > 0.5) | (colour == "red")).astype(int)
    x[::17] = np.nan  # gaps, as CsvExampleGen leaves them
    return pd.DataFrame({"x": x, "colour": np.where(np.arange(n) % 23 == 0, None, colour), "y": label})


def test_learns_the_rule_on_held_out_rows() -> None:
    train, evaluate = _table(2000, 1), _table(500, 2)
    predictions = baseline.fit_predict(train, evaluate, "y", ("x",), ("colour",))
    assert predictions.shape == (500,)
    assert roc_auc_score(evaluate["y"], predictions) > 0.9


def test_categories_are_codes_from_train_and_unseen_ones_are_missing() -> None:
    train = pd.DataFrame({"n": [1.0, 2.0, 3.0], "c": ["b", "a", None]})
    other = pd.DataFrame({"n": [4.0, np.nan], "c": ["a", "z"]})
    x_train, x_other, mask = baseline.encode(train, other, ("n",), ("c",))
    assert mask == [False, True]
    np.testing.assert_array_equal(x_train[:, 1], [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(x_other, [[4.0, 0.0], [np.nan, np.nan]])
