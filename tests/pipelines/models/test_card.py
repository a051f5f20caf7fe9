"""The model card's content from a version's record and its lineage."""

from pathlib import Path

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
