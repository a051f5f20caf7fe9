"""What a run report shows, as plain data: filled from ML Metadata by `collect`, drawn by `html`."""

from __future__ import annotations

import dataclasses
import enum
import re

Point = tuple[float, float]


class NoRunError(LookupError):
    """The store has no such run (or no run at all) of the domain's pipeline."""


class Status(str, enum.Enum):
    PUSHED = "pushed"
    NOT_BLESSED = "not blessed"
    NOT_PUSHED = "blessed, not pushed"
    FAILED = "failed"


@dataclasses.dataclass(frozen=True)
class Step:
    """One component execution of the run."""

    node: str
    seconds: float
    state: str  # ML Metadata's execution state: COMPLETE, CACHED, FAILED, RUNNING...

    @property
    def cached(self) -> bool:
        return self.state == "CACHED"


@dataclasses.dataclass(frozen=True)
class FeatureStats:
    """One feature of one split, from TFDV's statistics."""

    name: str
    kind: str  # INT, FLOAT, STRING...
    missing: float  # fraction of examples without a value (an empty CSV cell)
    summary: str  # "mean 54.1 · sd 9.2 · 28..77" or "4 unique · top 'Male'"
    histogram: tuple[float, ...] = ()  # bucket counts, numeric features only


@dataclasses.dataclass(frozen=True)
class Anomaly:
    split: str
    column: str
    description: str


@dataclasses.dataclass(frozen=True)
class Curves:
    """TFMA's plot data for the overall slice of the candidate model."""

    roc: tuple[Point, ...]  # (false positive rate, recall)
    pr: tuple[Point, ...]  # (recall, precision)
    calibration: tuple[Point, ...]  # (mean prediction, observed positive rate) per non-empty bin
    confusion: tuple[float, float, float, float] | None  # tp, fp, fn, tn at the operating threshold
    threshold: float


@dataclasses.dataclass(frozen=True)
class Lineage:
    source_sha256: str | None  # the input file's, known only to the run that staged it
    staged_dir: str | None  # the directory CsvExampleGen read, keyed by the input's hash
    staged_sha256: str | None  # its data.csv's, while it still exists
    schema: str | None
    code_revision: str | None


@dataclasses.dataclass(frozen=True)
class RunReport:
    domain: str
    run_id: str
    status: Status
    reasons: tuple[str, ...]  # why not pushed: failed checks or the error
    pushed_version: int | None
    steps: tuple[Step, ...]
    rows: dict[str, int]
    features: dict[str, tuple[FeatureStats, ...]]  # split -> features
    anomalies: tuple[Anomaly, ...]
    gate_metric: str
    lower_bound: float
    metrics: dict[str, float]  # overall, candidate
    slice_metrics: dict[str, dict[str, float]]  # "sex=Male" -> metrics
    baseline_metrics: dict[str, float]  # overall, the previous blessed model's; empty on a first run
    curves: Curves | None
    lineage: Lineage

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


def safe_name(run_id: str) -> str:
    """`run_id` as a file name: anything but letters, digits, '.', '_' and '-' becomes '-'."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", run_id).strip(".-") or "run"
