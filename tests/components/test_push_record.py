import subprocess
from pathlib import Path

from components import push_record


def test_metrics_by_slice_keeps_scalars_and_names_slices() -> None:
    slicing_metrics = [
        ((), {"": {"": {"auc": {"doubleValue": 0.91}, "auc_diff": {"doubleValue": -0.01}, "example_count": {"doubleValue": 180.0}}}}),
        ((("sex", b"Male"),), {"": {"": {"auc": {"boundedValue": {"value": 0.88}}, "plot": {"arrayValue": {}}}}}),
        ((("dataset", "Cleveland"), ("age_band", 2)), {"": {"": {"auc": {"doubleValue": 0.8}}}}),
    ]
    assert push_record.metrics_by_slice(slicing_metrics) == {
        "overall": {"auc": 0.91, "example_count": 180.0},
        "sex=Male": {"auc": 0.88},
        "dataset=Cleveland, age_band=2": {"auc": 0.8},
    }


def test_code_revision_is_head_and_flags_local_changes(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "a.py").write_text("x = 1\n")
    git("add", "a.py")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one")
    head = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert push_record.code_revision(tmp_path) == head
    (tmp_path / "a.py").write_text("x = 2\n")
    assert push_record.code_revision(tmp_path) == f"{head}-dirty"


def test_code_revision_outside_git_is_none(tmp_path: Path) -> None:
    assert push_record.code_revision(tmp_path) is None
