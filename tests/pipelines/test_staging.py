import gzip
import hashlib
import json
from pathlib import Path

import pytest

from pipelines import domains
from pipelines.domains import loader
from pipelines.staging import SOURCE_SUFFIX, DataFileError, stage

FRAUD = domains.get("fraud")
HEADER = ",".join(f'"{c}"' for c in ("Time", *[f"V{i}" for i in range(1, 29)], "Amount", "Class"))
ROW = ",".join(["0"] + ["0.5"] * 28 + ["12.5", '"0"'])


def _write(path: Path, text: str) -> Path:
    if path.suffix == ".gz":
        with gzip.open(path, "wt") as f:
            f.write(text)
    else:
        path.write_text(text)
    return path


def test_gzipped_quoted_header_is_staged_as_plain_csv(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv.gz", f"{HEADER}\n{ROW}\n")
    staged = stage(source, tmp_path / "inputs", FRAUD)
    lines = (staged.directory / "data.csv").read_text().splitlines()
    assert lines[0].split(",")[:2] == ["Time", "V1"] and lines[0].endswith("Amount,Class")
    assert lines[1] == ROW.replace('"0"', "0")
    assert staged.columns[-1] == "Class"


def test_unchanged_file_keeps_its_staged_path_and_mtime(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", f"{HEADER}\n{ROW}\n")
    first = stage(source, tmp_path / "inputs", FRAUD)
    mtime = (first.directory / "data.csv").stat().st_mtime_ns
    second = stage(source, tmp_path / "inputs", FRAUD)
    assert second.directory == first.directory
    assert (second.directory / "data.csv").stat().st_mtime_ns == mtime


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "is empty"),
        (f"{HEADER}\n", "has a header but no data rows"),
        (HEADER.replace(',"Amount"', "") + "\n" + ROW + "\n", r"lacks column\(s\) Amount"),
    ],
)
def test_unusable_files_are_refused_by_name(tmp_path: Path, text: str, message: str) -> None:
    source = _write(tmp_path / "bad.csv", text)
    with pytest.raises(DataFileError, match=message) as err:
        stage(source, tmp_path / "inputs", FRAUD)
    assert str(source) in str(err.value)
    assert not (tmp_path / "inputs").exists()


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=f"data file not found: {tmp_path / 'nope.csv'}"):
        stage(tmp_path / "nope.csv", tmp_path / "inputs", FRAUD)


HEART = loader.from_mapping(
    "heart",
    Path("unused"),
    {
        "data": {"file": "x.csv", "drop": ["id"]},
        "label": {"name": "disease", "positive_when": "num > 0"},
        "features": {"numeric": ["age"], "categorical": ["sex"]},
        "bands": {"age_band": {"column": "age", "edges": [40, 60]}},
    },
)


def test_label_is_derived_columns_dropped_and_bands_added(tmp_path: Path) -> None:
    source = _write(tmp_path / "h.csv", "id,age,sex,num\n1,39,Male,0\n2,40,Female,3\n3,,Male,1\n4,61,Male,0\n")
    lines = (stage(source, tmp_path / "inputs", HEART).directory / "data.csv").read_text().splitlines()
    assert lines == ["age,sex,age_band,disease", "39,Male,<40,0", "40,Female,40-60,1", ",Male,,1", "61,Male,>=60,0"]


@pytest.mark.parametrize(
    "row, message",
    [
        ("5,50,Male,", "line 2: label column 'num' is empty (label rule: num > 0)"),
        ("5,50,Male,many", "line 2: label column 'num' has non-numeric value 'many' (label rule: num > 0)"),
        ("5,fifty,Male,1", "line 2: column 'age' is not a number"),
        ("5,50,Male", "line 2: 3 fields where the header has 4"),
    ],
)
def test_bad_rows_are_refused_by_line_and_column(tmp_path: Path, row: str, message: str) -> None:
    source = _write(tmp_path / "h.csv", f"id,age,sex,num\n{row}\n")
    with pytest.raises(DataFileError) as err:
        stage(source, tmp_path / "inputs", HEART)
    assert str(err.value) == f"data file {source}, {message}"
    assert list((tmp_path / "inputs").iterdir()) == []


def test_the_source_file_and_its_sha256_are_recorded_beside_not_inside_the_staged_directory(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", f"{HEADER}\n{ROW}\n")
    staged = stage(source, tmp_path / "inputs", FRAUD)
    record = json.loads(Path(f"{staged.directory}{SOURCE_SUFFIX}").read_text())
    assert record == {"source": str(source), "sha256": hashlib.sha256(source.read_bytes()).hexdigest()}
    assert sorted(p.name for p in staged.directory.iterdir()) == ["data.csv"]
