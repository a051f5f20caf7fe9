"""Scaling subsets: seeded, nested, in file order, header and columns untouched."""

from pathlib import Path

import pytest

from bench import subsets


def test_same_seed_same_rows_and_smaller_within_larger() -> None:
    small, large = subsets.kept_rows(1000, 0.1), subsets.kept_rows(1000, 0.5)
    assert small == subsets.kept_rows(1000, 0.1)
    assert len(small) == 100 and len(large) == 500
    assert set(small) <= set(large)
    assert small == sorted(small)
    assert subsets.kept_rows(1000, 0.1, seed=1) != small
    assert subsets.kept_rows(1000, 1.0) == list(range(1000))


@pytest.mark.parametrize("fraction", [0, -0.5, 1.5])
def test_fraction_out_of_range_is_refused(fraction: float) -> None:
    with pytest.raises(ValueError, match="not in"):
        subsets.kept_rows(10, fraction)


def test_subset_file_keeps_header_columns_and_order(tmp_path: Path) -> None:
    source = tmp_path / "data.csv"
    rows = [f'{i},{i * 0.5},"{i % 2}"' for i in range(200)]
    source.write_text('"Time","Amount","Class"\n' + "\n".join(rows))  # no newline after the last row
    target = tmp_path / "sub" / "data.csv"
    assert subsets.write_subset(source, target, 0.25) == 50
    header, *kept = target.read_text().splitlines()
    assert header == '"Time","Amount","Class"'
    assert len(kept) == 50 and set(kept) <= set(rows)
    assert kept == sorted(kept, key=rows.index)
    assert target.read_text().endswith("\n")
    assert subsets.count_rows(target) == 50
