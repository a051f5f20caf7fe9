"""The reference model: scikit-learn's HistGradientBoostingClassifier on the pipeline's own split.

A gradient-boosted tree ensemble is the usual strong baseline on tabular data; if the
pipeline's network scores below it on the same rows, the gap is worth explaining. Three
choices keep the comparison fair and repeatable:

- balanced class weights, the ensemble's best setting here (the Trainer's default; the fraud
  domain trains unweighted): with default weights, on the full fraud data (0.17% positives)
  the ensemble's early stopping ends after about 10 trees and its AUC-PR swings between 0.37
  and 0.59 with the seed; balanced, it is 0.67-0.69;
- the train rows in one canonical order: ExampleGen's shards come back in any order, and the
  validation rows early stopping holds out are drawn by position;
- several seeds (each holds out different validation rows), so one lucky draw is not the
  baseline.

Categorical columns are given as ordinal codes learned on the train split (a value unseen in
training becomes missing), so the trees split on categories, not on a made-up order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

SEEDS = (0, 1, 2, 3, 4)


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


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows sorted by every column (gaps last): the same table gives the same order, however it was read."""
    return frame.sort_values(list(frame.columns), na_position="last", kind="mergesort").reset_index(drop=True)


def fit_predict(
    train: pd.DataFrame,
    evaluate: pd.DataFrame,
    label: str,
    numeric: tuple[str, ...],
    categorical: tuple[str, ...],
    seeds: tuple[int, ...] = SEEDS,
) -> dict[int, np.ndarray]:
    """Train once per seed on `train`; for each seed, P(label = 1) for each row of `evaluate`."""
    ordered = canonical(train)
    x_train, x_eval, mask = encode(ordered, evaluate, numeric, categorical)
    y_train = ordered[label].to_numpy().astype(int)
    predictions = {}
    for seed in seeds:
        model = HistGradientBoostingClassifier(
            categorical_features=mask if any(mask) else None, class_weight="balanced", random_state=seed
        )
        predictions[seed] = model.fit(x_train, y_train).predict_proba(x_eval)[:, 1]
    return predictions
