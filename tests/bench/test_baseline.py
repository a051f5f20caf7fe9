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


def test_learns_the_rule_on_held_out_rows_for_every_seed() -> None:
    train, evaluate = _table(2000, 1), _table(500, 2)
    predictions = baseline.fit_predict(train, evaluate, "y", ("x",), ("colour",), seeds=(0, 1))
    assert list(predictions) == [0, 1]
    for values in predictions.values():
        assert values.shape == (500,)
        assert roc_auc_score(evaluate["y"], values) > 0.9


def test_row_order_does_not_change_the_model() -> None:
    # Above 10,000 rows the ensemble stops early on validation rows it picks by position.
    train, evaluate = _table(12_000, 3), _table(300, 4)
    shuffled = train.sample(frac=1, random_state=5).reset_index(drop=True)
    first = baseline.fit_predict(train, evaluate, "y", ("x",), ("colour",), seeds=(0,))[0]
    second = baseline.fit_predict(shuffled, evaluate, "y", ("x",), ("colour",), seeds=(0,))[0]
    np.testing.assert_array_equal(first, second)


def test_categories_are_codes_from_train_and_unseen_ones_are_missing() -> None:
    train = pd.DataFrame({"n": [1.0, 2.0, 3.0], "c": ["b", "a", None]})
    other = pd.DataFrame({"n": [4.0, np.nan], "c": ["a", "z"]})
    x_train, x_other, mask = baseline.encode(train, other, ("n",), ("c",))
    assert mask == [False, True]
    np.testing.assert_array_equal(x_train[:, 1], [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(x_other, [[4.0, 0.0], [np.nan, np.nan]])
