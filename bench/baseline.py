"""The reference model: scikit-learn's HistGradientBoostingClassifier on the pipeline's own split.

A gradient-boosted tree ensemble with default settings is the usual strong baseline on
tabular data; if the pipeline's network scores below it on the same rows, the gap is
worth explaining. Categorical columns are given as ordinal codes learned on the train split
(a value unseen in training becomes missing), so the trees split on categories, not on a
made-up order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

SEED = 0


def encode(
    train: pd.DataFrame, other: pd.DataFrame, numeric: tuple[str, ...], categorical: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, list[bool]]:
    """Feature matrices for both frames (numeric as is, categorical as train-derived codes) and the categorical mask."""
    columns_train, columns_other = [], []
    for name in numeric:
        columns_train.append(train[name].to_numpy(dtype=np.float64))
        columns_other.append(other[name].to_numpy(dtype=np.float64))
    for name in categorical:
        categories = sorted(train[name].dropna().unique())
        code = {value: float(i) for i, value in enumerate(categories)}
        columns_train.append(train[name].map(code).to_numpy(dtype=np.float64))
        columns_other.append(other[name].map(code).to_numpy(dtype=np.float64))
    mask = [False] * len(numeric) + [True] * len(categorical)
    return np.column_stack(columns_train), np.column_stack(columns_other), mask


def fit_predict(
    train: pd.DataFrame,
    evaluate: pd.DataFrame,
    label: str,
    numeric: tuple[str, ...],
    categorical: tuple[str, ...],
    seed: int = SEED,
) -> np.ndarray:
    """Train on `train`, return P(label = 1) for each row of `evaluate`."""
    x_train, x_eval, mask = encode(train, evaluate, numeric, categorical)
    model = HistGradientBoostingClassifier(categorical_features=mask if any(mask) else None, random_state=seed)
    model.fit(x_train, train[label].to_numpy().astype(int))
    return model.predict_proba(x_eval)[:, 1]
