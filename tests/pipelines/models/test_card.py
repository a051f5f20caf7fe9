"""The model card's content from a version's record and its lineage."""

from pathlib import Path

from components import edge_model
from pipelines import domains
from pipelines.models import card
from pipelines.models.lineage import Lineage, Step

SPEC = domains.get("healthcare")
INFO = {
    "published_at": "2026-11-27T10:00:00+00:00",
    "blessed": True,
    "metrics": {
        "overall": {"auc": 0.9, "example_count": 169.0},
        "sex=Female": {"auc": 0.7, "example_count": 30.0},
        "sex=Male": {"auc": 0.89, "example_count": 139.0},
    },
}
LINEAGE = Lineage(
    version=2,
    data_source="heart.csv",
    data_sha256="ab" * 32,
    staged_dir="inputs/healthcare/k",
    split_rows={"train": 751, "eval": 169},
    schema_file="data/healthcare/schema.pbtxt",
    steps=[Step("Trainer", "run-1", "2026-11-27T09:59:00+00:00", "pipelines/healthcare/Trainer/model/7")],
    blessed=True,
    code_revision="abc123",
    published_at=INFO["published_at"],
)


def test_card_holds_metrics_by_slice_thresholds_weak_slices_data_and_lineage(tmp_path: Path) -> None:
    version_dir = tmp_path / "2"
    version_dir.mkdir()
    md_path, html_path = card.write(version_dir, SPEC, INFO, LINEAGE)
    md = md_path.read_text()
    assert md.startswith("# Model card: healthcare, version 2\n")
    assert SPEC.description in md
    assert "| overall | 169 | 0.9000 | - | - | - | - |" in md
    assert "| sex=Female | 30 | 0.7000 |" in md
    assert f"overall auc >= {SPEC.thresholds.lower_bound}" in md and "blessed: yes" in md
    # 0.70 trails 0.90 by more than the allowed regression; 0.89 does not.
    assert "sex=Female: auc 0.7000 against 0.9000 overall (30 examples)" in md and "sex=Male: auc" not in md
    assert f"Source: heart.csv (sha256 {'ab' * 32})" in md and "Rows: train 751, eval 169" in md
    assert "data/README.md" in md and "code:      abc123" in md
    page = html_path.read_text()
    assert "<td>sex=Female</td><td>30</td><td>0.7000</td>" in page and "<h2>Lineage</h2>" in page


def test_card_without_lineage_or_metrics_says_so(tmp_path: Path) -> None:
    version_dir = tmp_path / "1"
    version_dir.mkdir()
    md = card.write(version_dir, SPEC, {}, None)[0].read_text()
    assert "No metrics were recorded at push time." in md and "Rows: not traced" in md


def test_card_describes_the_tflite_model_beside_the_version(tmp_path: Path) -> None:
    version_dir = tmp_path / "3"
    version_dir.mkdir()
    (version_dir / edge_model.TFLITE_FILE).write_bytes(b"\0" * 61234)
    edge = edge_model.EdgeModel(
        inputs=(edge_model.EdgeInput("speed", "float32"), edge_model.EdgeInput("lane", "int64", ("1", "0", "2"))),
        output="probabilities",
        signature="serving_default",
    )
    (version_dir / edge_model.DESCRIPTION_FILE).write_text(edge.to_json())
    md = card.write(version_dir, SPEC, INFO, None)[0].read_text()
    assert "## Edge model (TFLite)" in md and "`model.tflite` (61,234 bytes)" in md and "builtin operators only" in md
    assert "Transform is included: pass raw values" in md and "speed (float32), lane (int64)" in md
    assert "Categories seen in training: lane: 1, 0, 2." in md
    plain = tmp_path / "2"
    plain.mkdir()
    assert "Edge model" not in card.write(plain, SPEC, INFO, None)[0].read_text()


def test_card_of_a_version_the_store_cannot_trace_says_why_lineage_is_left_out(tmp_path: Path) -> None:
    version_dir = tmp_path / "1"
    version_dir.mkdir()
    (md, page), left_out = card.write_traced(version_dir, SPEC, tmp_path / "missing.sqlite")
    assert left_out == "version 1 records no model artifact: it was not pushed by this pipeline"
    assert md.is_file() and page.is_file()
