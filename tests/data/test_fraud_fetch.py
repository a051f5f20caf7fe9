"""`make data`'s fraud step: `Time` written as integer literals, an older published copy normalized in place."""

import hashlib
import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("fraud_fetch", REPO / "data" / "fraud" / "fetch.py")
fetch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fetch)

PUBLISHED = '"Time","V1","Class"\n0,-1.5,"0"\n1e+05,0.25,"1"\n172792,2.0,"0"\n'
NORMALIZED = '"Time","V1","Class"\n0,-1.5,"0"\n100000,0.25,"1"\n172792,2.0,"0"\n'


def test_exponent_notation_becomes_an_integer_and_nothing_else_changes(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(PUBLISHED)
    assert fetch.normalize_time(tmp_path / "in.csv", tmp_path / "out.csv") == 1
    assert (tmp_path / "out.csv").read_text() == NORMALIZED


def test_a_fractional_time_is_refused_by_line(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text('"Time","V1"\n0,1.0\n12.5,2.0\n')
    with pytest.raises(SystemExit, match="line 3: Time '12.5' is not a whole number"):
        fetch.normalize_time(tmp_path / "in.csv", tmp_path / "out.csv")


def test_a_published_copy_is_normalized_in_place_without_downloading(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "full" / "creditcard.csv"
    target.parent.mkdir()
    target.write_text(PUBLISHED)
    monkeypatch.setattr(fetch, "SHA256", hashlib.sha256(PUBLISHED.encode()).hexdigest())
    monkeypatch.setattr(fetch, "NORMALIZED_SHA256", hashlib.sha256(NORMALIZED.encode()).hexdigest())
    monkeypatch.setattr(fetch.subprocess, "run", lambda *a, **k: pytest.fail("downloaded"))
    assert fetch.fetch_full(target) == target
    assert target.read_text() == NORMALIZED
    assert sorted(p.name for p in target.parent.iterdir()) == ["creditcard.csv"]
    fetch.fetch_full(target)  # now already normalized: untouched
    assert target.read_text() == NORMALIZED
