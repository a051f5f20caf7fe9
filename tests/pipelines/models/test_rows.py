"""Batch-prediction rows against the real healthcare schema: typed values, or an error naming line and column."""

import pytest

from pipelines import domains
from pipelines.models import rows

SPEC = domains.get("healthcare")
CHECKS = rows.columns(rows.load_schema(SPEC.schema_path), SPEC.features.all())
HEADER = "id,age,sex,dataset,cp,trestbps,chol,fbs,restecg,thalch,exang,oldpeak,slope,ca,thal,num".split(",")
GOOD = "1,63,Male,Cleveland,typical angina,145,233,TRUE,lv hypertrophy,150,FALSE,2.3,downsloping,,fixed defect,0"


def _typed(*lines: str) -> list[dict]:
    return list(rows.typed_rows(HEADER, [(i + 2, line.split(",")) for i, line in enumerate(lines)], CHECKS, "in.csv"))


def test_a_good_row_is_typed_by_the_schema_and_a_gap_is_left_out() -> None:
    (typed,) = _typed(GOOD)
    assert typed["age"] == [63] and isinstance(typed["age"][0], int)
    assert typed["oldpeak"] == [2.3]
    assert typed["sex"] == [b"Male"] and typed["fbs"] == [b"TRUE"]
    assert typed["ca"] == []  # ca may be missing (presence 0.2): the model imputes it
    assert "id" not in typed and "num" not in typed  # not model inputs


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("dataset", "Atlantis", "in.csv, line 3: column 'dataset' has 'Atlantis', not one of Cleveland, Hungary, Switzerland, VA Long Beach"),
        ("age", "sixty", "in.csv, line 3: column 'age' has 'sixty', not a number"),
        ("age", "63.5", "in.csv, line 3: column 'age' has '63.5', not an integer"),
        ("age", "", "in.csv, line 3: column 'age' is empty but required by the schema"),
        ("fbs", "yes", "in.csv, line 3: column 'fbs' has 'yes', not one of FALSE, TRUE"),
    ],
)
def test_a_row_violating_the_schema_is_refused_naming_line_and_column(column: str, value: str, message: str) -> None:
    bad = GOOD.split(",")
    bad[HEADER.index(column)] = value
    with pytest.raises(rows.RowError) as err:
        _typed(GOOD, ",".join(bad))
    assert str(err.value) == message


def test_a_missing_feature_column_is_refused() -> None:
    header = [h for h in HEADER if h not in ("thal", "cp")]
    with pytest.raises(rows.RowError, match=r"^in.csv, line 1: missing required column\(s\) cp, thal$"):
        list(rows.typed_rows(header, [], CHECKS, "in.csv"))


def test_a_ragged_row_is_refused() -> None:
    with pytest.raises(rows.RowError, match=r"^in.csv, line 2: 15 fields where the header has 16$"):
        _typed(GOOD.rsplit(",", 1)[0])
