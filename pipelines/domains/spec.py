"""The declaration of a domain: everything the generic pipeline needs to know about it.

A `DomainSpec` is plain data (no TFX imports) so that preprocessing and training code,
which receive it through TFX `custom_config`, can rebuild it with `from_dict`.
"""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import Any, Mapping

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


class ProblemType(str, enum.Enum):
    BINARY_CLASSIFICATION = "binary_classification"


@dataclasses.dataclass(frozen=True)
class FeatureGroups:
    """Raw feature names by how they are transformed."""

    numeric: tuple[str, ...] = ()
    # Heavy-tailed, non-negative numbers (amounts, counts): log1p before scaling.
    log_numeric: tuple[str, ...] = ()
    categorical: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.numeric + self.log_numeric + self.categorical


@dataclasses.dataclass(frozen=True)
class Thresholds:
    """Evaluator gates on the primary metric (higher is better)."""

    metric: str
    lower_bound: float
    # A challenger may be at most this much worse than the latest blessed model.
    max_regression: float


@dataclasses.dataclass(frozen=True)
class TrainingBudget:
    max_epochs: int = 20
    batch_size: int = 256
    early_stopping_patience: int = 3
    learning_rate: float = 1e-3
    hidden_units: tuple[int, ...] = (64, 32)


@dataclasses.dataclass(frozen=True)
class DomainSpec:
    name: str
    description: str
    data_path: str  # relative to the repository root, or absolute
    label: str
    features: FeatureGroups
    thresholds: Thresholds
    problem_type: ProblemType = ProblemType.BINARY_CLASSIFICATION
    operating_threshold: float = 0.5
    slices: tuple[tuple[str, ...], ...] = ()
    budget: TrainingBudget = TrainingBudget()
    # Hash buckets of the train/eval split (CsvExampleGen hashes each row).
    split_buckets: tuple[int, int] = (4, 1)

    @property
    def schema_path(self) -> Path:
        return SCHEMA_DIR / f"{self.name}.pbtxt"

    @property
    def default_data(self) -> Path:
        path = Path(self.data_path)
        return path if path.is_absolute() else REPO_ROOT / path

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form, as carried in TFX `custom_config`."""
        out = dataclasses.asdict(self)
        out["problem_type"] = self.problem_type.value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "DomainSpec":
        return cls(
            name=data["name"],
            description=data["description"],
            data_path=data["data_path"],
            label=data["label"],
            features=FeatureGroups(**{k: tuple(v) for k, v in data["features"].items()}),
            thresholds=Thresholds(**data["thresholds"]),
            problem_type=ProblemType(data["problem_type"]),
            operating_threshold=data["operating_threshold"],
            slices=tuple(tuple(s) for s in data["slices"]),
            budget=TrainingBudget(
                **{**data["budget"], "hidden_units": tuple(data["budget"]["hidden_units"])}
            ),
            split_buckets=tuple(data["split_buckets"]),
        )
