"""What a local push records beside the model in `version_info.json`, besides where it came from.

Plain Python, no TFX: the evaluation's metrics by slice, as TFMA's `load_eval_result` gives
them, and the code revision the model was trained with.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, Iterable

OVERALL = "overall"
# TFMA's change against the baseline model: the gate already judged it; the record keeps the candidate's values.
DIFF_SUFFIX = "_diff"


def slice_name(slice_key: tuple) -> str:
    """`(("sex", b"Male"),)` -> "sex=Male"; the empty key is the overall slice."""
    if not slice_key:
        return OVERALL
    return ", ".join(f"{column}={value.decode() if isinstance(value, bytes) else value}" for column, value in slice_key)


def metrics_by_slice(slicing_metrics: Iterable[tuple[tuple, dict[str, Any]]]) -> dict[str, dict[str, float]]:
    """Scalar metrics of the candidate model per slice; plots, non-scalars and diffs are left out."""
    metrics: dict[str, dict[str, float]] = {}
    for slice_key, by_output in slicing_metrics:
        values = metrics.setdefault(slice_name(slice_key), {})
        for name, value in by_output.get("", {}).get("", {}).items():
            if name.endswith(DIFF_SUFFIX):
                continue
            if "doubleValue" in value:
                values[name] = float(value["doubleValue"])
            elif "boundedValue" in value:
                values[name] = float(value["boundedValue"]["value"])
    return metrics


def code_revision(source_dir: Path) -> str | None:
    """`git rev-parse HEAD` of the checkout holding `source_dir` (+ "-dirty" with local changes); None outside git."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(source_dir), *args], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()

    try:
        head = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}-dirty" if dirty else head
