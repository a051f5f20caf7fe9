"""Deterministic row subsets of a CSV, for the scaling series.

One seeded shuffle of the row numbers decides every subset: the first `fraction` of it is
kept, in the file's original order, so a smaller subset is contained in a larger one and
the same seed gives the same bytes on every machine. Columns and the header are untouched.
"""

from __future__ import annotations

import random
from pathlib import Path

SEED = 20150901


def kept_rows(total: int, fraction: float, seed: int = SEED) -> list[int]:
    """The row numbers (0-based, ascending) a `fraction` subset of `total` rows keeps."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction {fraction} is not in (0, 1]")
    order = list(range(total))
    random.Random(seed).shuffle(order)
    return sorted(order[: max(1, round(total * fraction))])


def count_rows(path: Path) -> int:
    """Data rows of a plain CSV (lines after the header)."""
    with path.open("rb") as f:
        return sum(1 for _ in f) - 1


def write_subset(source: Path, target: Path, fraction: float, seed: int = SEED) -> int:
    """Write the header and the kept rows of `source` (a plain CSV) to `target`; the number of rows."""
    with source.open("rb") as f:
        header, *rows = f.readlines()
    keep = kept_rows(len(rows), fraction, seed)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        f.write(header)
        f.writelines(rows[i] if rows[i].endswith(b"\n") else rows[i] + b"\n" for i in keep)
    return len(keep)
