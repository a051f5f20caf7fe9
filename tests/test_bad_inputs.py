"""Bad input never reaches the registry: each case runs the real CLI on a file made from the
real healthcare data, after good runs have pushed versions, and must end with exit code 2,
one line naming the column or the file, no new Trainer execution and the registry unchanged."""

import csv
import hashlib
import io
from pathlib import Path
from typing import Callable

import pytest
from ml_metadata import metadata_store
from ml_metadata.proto import metadata_store_pb2

from pipelines.pipeline import ComponentId
from tests.pipelines.test_cli import cli
from tests.scenarios import HealthcareRuns

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "data" / "healthcare" / "heart_disease_uci.csv"
Rows = list[list[str]]


def _rows() -> Rows:
    return list(csv.reader(io.StringIO(SOURCE.read_text())))


def _csv(rows: Rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _edit_column(name: str, change: Callable[[int, str], str]) -> bytes:
    rows = _rows()
    at = rows[0].index(name)
    for i, row in enumerate(rows[1:]):
        row[at] = change(i, row[at])
    return _csv(rows)


def _drop_column(name: str) -> bytes:
    rows = _rows()
    at = rows[0].index(name)
    return _csv([row[:at] + row[at + 1 :] for row in rows])


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "missing column": (lambda: _drop_column("chol"), "lacks column(s) chol"),
    "missing label column": (lambda: _drop_column("num"), "lacks column(s) num"),
    "empty file": (lambda: b"", "is empty"),
    "header only": (lambda: _csv(_rows()[:1]), "has a header but no data rows"),
    "label with an invalid value": (
        lambda: _edit_column("num", lambda i, v: "severe" if i == 7 else v),
        "line 9: label column 'num' has non-numeric value 'severe'",
    ),
    "non-UTF-8 bytes": (lambda: _csv(_rows()).replace(b"Cleveland", b"Cl\xe9veland", 1), "is not UTF-8 text"),
    "truncated last row": (lambda: _csv(_rows())[:-40], "fields where the header has 16"),
    "wrong delimiter": (lambda: _csv(_rows()).replace(b",", b";"), "lacks column(s)"),
    "extra unexpected column": (
        lambda: _csv([row + (["insurer"] if i == 0 else ["acme"]) for i, row in enumerate(_rows())]),
        'column "insurer"',
    ),
    "numeric column with text": (
        lambda: _edit_column("chol", lambda i, v: "high" if i % 50 == 0 else v),
        'column "chol"',
    ),
    "unseen category": (
        lambda: _edit_column("cp", lambda i, v: "crushing" if i % 40 == 0 else v),
        'column "cp" (train): Examples contain values missing from the schema: crushing',
    ),
    "column mostly empty": (lambda: _edit_column("thalch", lambda i, v: "" if i % 10 else v), 'column "thalch"'),
    "drifted span": (
        lambda: _edit_column("cp", lambda i, v: "asymptomatic" if i % 3 else v),
        'column "cp" (train): The Linfty distance between current and previous',
    ),
    "label with a single class": (
        lambda: _edit_column("num", lambda i, v: "0"),
        'column "heart_disease" (eval): the label has a single class (0)',
    ),
}


def _registry_digest(registry: Path) -> dict[str, str]:
    return {
        str(p.relative_to(registry)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(registry.rglob("*"))
        if p.is_file()
    }


def _trainer_executions(metadata: Path) -> int:
    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = str(metadata)
    store = metadata_store.MetadataStore(config)
    context = store.get_context_by_type_and_name("node", f"tfx-domains-healthcare.{ComponentId.TRAINER}")
    return len(store.get_executions_by_context(context.id))


@pytest.fixture(scope="module")
def pushed(healthcare: HealthcareRuns) -> Path:
    """The output of the session's good healthcare runs: versions 1 and 2 published."""
    assert (healthcare.out / "registry" / "healthcare" / "2" / "saved_model.pb").is_file()
    return healthcare.out


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_and_the_registry_is_untouched(pushed: Path, tmp_path: Path, case: str) -> None:
    make, expected = CASES[case]
    data = tmp_path / "patients.csv"
    data.write_bytes(make())
    registry = pushed / "registry"
    before = _registry_digest(registry)
    trainers = _trainer_executions(pushed / "metadata" / "healthcare.sqlite")

    result = cli("run", "--domain", "healthcare", "--data", str(data), "--output-dir", str(pushed), cwd=tmp_path)

    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    print(f"{case}: {line}")  # `pytest -rP` lists each case's message
    assert line.startswith("error: ") and expected in line and (str(data) in line or '"' in line)
    assert _registry_digest(registry) == before
    assert _trainer_executions(pushed / "metadata" / "healthcare.sqlite") == trainers
