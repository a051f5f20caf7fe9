"""The registry as a user drives it: two real healthcare runs through the CLI (the session's
`healthcare` scenario), each writing its version's model card as it pushes, then list, show,
lineage, predict, card and rollback on their versions."""

import hashlib
import json
from pathlib import Path

import pytest

from tests.pipelines.test_cli import REPO, cli
from tests.scenarios import HealthcareRuns

pytestmark = pytest.mark.slow
DATA = REPO / "data" / "healthcare" / "heart_disease_uci.csv"


@pytest.fixture(scope="module")
def out(healthcare: HealthcareRuns) -> Path:
    return healthcare.out


def test_each_push_writes_its_model_card(healthcare: HealthcareRuns) -> None:
    for version, result in enumerate(healthcare.results, start=1):
        card = healthcare.out.resolve() / "registry" / "healthcare" / str(version) / "model_card.md"
        assert f"\n  card:      {card}, model_card.html\n" in result.stdout, result.stdout[-3000:]


def _models(out: Path, *args: str) -> str:
    result = cli("models", *args, "--domain", "healthcare", "--output-dir", str(out), cwd=out.parent)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_second_push_is_champion_and_list_shows_both_with_metrics(out: Path) -> None:
    registry = out / "registry" / "healthcare"
    assert json.loads((registry / "aliases.json").read_text()) == {"champion": 2, "previous": 1}
    header, second, first = _models(out, "list").splitlines()
    assert second.split()[0] == "2" and second.split()[-2:] == ["yes", "champion"]
    assert first.split()[0] == "1" and first.split()[-2:] == ["yes", "previous"]
    assert float(second.split()[2]) > 0.8  # overall auc, recorded at push time
    assert "    sex=Female" in _models(out, "show", "champion")


def test_each_push_wrote_its_card_with_metrics_and_lineage(out: Path) -> None:
    for version, data in ((1, DATA), (2, (out.parent / "heart_changed.csv").resolve())):
        version_dir = out / "registry" / "healthcare" / str(version)
        md = (version_dir / "model_card.md").read_text()
        assert md.startswith(f"# Model card: healthcare, version {version}\n")
        assert "| overall |" in md and f"  data:      {data}\n" in md
        assert "<h2>Lineage</h2>" in (version_dir / "model_card.html").read_text()
        # healthcare does not opt into the TFLite export.
        assert "Edge model" not in md and not (version_dir / "model.tflite").exists()


def test_lineage_names_the_data_file_and_its_sha256(out: Path) -> None:
    text = _models(out, "lineage", "--version", "1")
    assert f"  data:      {DATA}\n" in text
    assert f"  sha256:    {hashlib.sha256(DATA.read_bytes()).hexdigest()}\n" in text
    assert "  rows:      train " in text and "  blessed:   yes" in text
    for node in ("CsvExampleGen", "ImportSchemaGen", "Transform", "Trainer", "Evaluator"):
        assert f"    {node} " in text


def test_predict_scores_rows_and_refuses_a_bad_one(out: Path, tmp_path: Path) -> None:
    header, *rows = DATA.read_text().splitlines()
    good = tmp_path / "rows.csv"
    good.write_text("\n".join([header, *rows[:20]]) + "\n")
    assert "scored 20 rows" in _models(out, "predict", "--input", str(good), "--output", str(tmp_path / "scored.csv"))
    scored = (tmp_path / "scored.csv").read_text().splitlines()
    assert scored[0] == header + ",probability,prediction" and len(scored) == 21
    assert all(0.0 <= float(line.split(",")[-2]) <= 1.0 for line in scored[1:])
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([header, rows[0], rows[1].replace("Cleveland", "Atlantis")]) + "\n")
    result = cli("models", "predict", "--domain", "healthcare", "--output-dir", str(out), "--input", str(bad), "--output", str(tmp_path / "x.csv"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {bad}, line 3: column 'dataset' has 'Atlantis', not one of")


def test_card_then_rollback_serves_version_1_again(out: Path) -> None:
    assert "model_card.html" in _models(out, "card")
    assert "## Metrics (eval split, by slice)" in (out / "registry" / "healthcare" / "2" / "model_card.md").read_text()
    assert _models(out, "rollback") == "healthcare: champion 2 -> 1; previous 1 -> -\n"
    config = (out / "registry" / "healthcare" / "models.config").read_text()
    assert 'key: "champion"\n      value: 1' in config and "versions: 2" not in config
