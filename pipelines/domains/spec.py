"""The declaration of a domain: everything the generic pipeline needs to know about it.

A `DomainSpec` is plain data (no TFX imports). It is read from a domain file
(`pipelines.domains.loader`) and travels to the preprocessing and training code inside
TFX `custom_config` as the same mapping it was read from (`to_dict`, `loader.from_dict`).
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
import operator
import re
from pathlib import Path
from typing import Any, Callable, Mapping

DOMAIN_FILE = "domain.toml"
SCHEMA_FILE = "schema.pbtxt"


class ProblemType(str, enum.Enum):
    BINARY_CLASSIFICATION = "binary_classification"


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
_RULE = re.compile(r"^\s*(\w+)\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*$")


@dataclasses.dataclass(frozen=True)
class LabelRule:
    """`<column> <op> <value>`: the row is positive (1) when it holds, else 0."""

    source: str
    op: str
    value: float | str

    @classmethod
    def parse(cls, text: str) -> "LabelRule":
        match = _RULE.match(text)
        if not match:
            raise ValueError(f"label rule {text!r} is not of the form '<column> <op> <value>', e.g. 'num > 0'")
        source, op, raw = match.groups()
        if raw[:1] in "'\"" and raw[-1:] == raw[:1]:
            return cls(source, op, raw[1:-1])
        try:
            return cls(source, op, float(raw))
        except ValueError:
            raise ValueError(f"label rule {text!r}: {raw!r} is neither a number nor a quoted string") from None

    def __call__(self, raw: str) -> int:
        """0 or 1 for a raw CSV cell; ValueError when the cell cannot be judged."""
        if raw.strip() == "":
            raise ValueError("is empty")
        cell: float | str = raw
        if isinstance(self.value, float):
            try:
                cell = float(raw)
            except ValueError:
                raise ValueError(f"has non-numeric value {raw!r}") from None
        return int(_OPERATORS[self.op](cell, self.value))

    def __str__(self) -> str:
        value = repr(self.value) if isinstance(self.value, str) else f"{self.value:g}"
        return f"{self.source} {self.op} {value}"


@dataclasses.dataclass(frozen=True)
class Band:
    """A derived string column bucketing a numeric one, for slicing (e.g. age bands)."""

    name: str
    source: str
    edges: tuple[float, ...]

    def labels(self) -> list[str]:
        edges = [f"{e:g}" for e in self.edges]
        return [f"<{edges[0]}"] + [f"{a}-{b}" for a, b in zip(edges, edges[1:])] + [f">={edges[-1]}"]

    def __call__(self, raw: str) -> str:
        if raw.strip() == "":
            return ""
        return self.labels()[bisect.bisect_right(self.edges, float(raw))]


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


class ClassWeights(str, enum.Enum):
    """How the Trainer weights the classes."""

    BALANCED = "balanced"  # n / (2 * n_class): each class weighs as much in total
    NONE = "none"  # every example weighs 1; for a rare class judged by AUC-PR (BENCHMARKS.md)


@dataclasses.dataclass(frozen=True)
class TrainingBudget:
    max_epochs: int = 20
    batch_size: int = 256
    early_stopping_patience: int = 3
    learning_rate: float = 1e-3
    hidden_units: tuple[int, ...] = (64, 32)
    class_weights: ClassWeights = ClassWeights.BALANCED


@dataclasses.dataclass(frozen=True)
class ExportOptions:
    """Formats the Trainer writes beside the SavedModel, each opted into per domain."""

    # `model.tflite`: the model plus its Transform step for embedded callers that cannot
    # run TensorFlow (`components.edge_export`).
    tflite: bool = False


@dataclasses.dataclass(frozen=True)
class DomainSpec:
    name: str
    description: str
    directory: Path  # holds the domain file, its schema and (usually) its data
    data_file: str  # relative to `directory`, or absolute
    label: str
    label_rule: LabelRule
    features: FeatureGroups
    thresholds: Thresholds
    problem_type: ProblemType = ProblemType.BINARY_CLASSIFICATION
    operating_threshold: float = 0.5
    slices: tuple[tuple[str, ...], ...] = ()
    budget: TrainingBudget = TrainingBudget()
    # Hash buckets of the train/eval split.
    split_buckets: tuple[int, int] = (4, 1)
    # Hash this column instead of the whole row, so that related rows (an episode, a
    # patient) land in the same split and eval never sees the neighbours of train rows.
    split_by: str | None = None
    drop: tuple[str, ...] = ()
    bands: tuple[Band, ...] = ()
    # Validation checks this domain relaxes on purpose, as `column:ANOMALY_TYPE`.
    relax: tuple[str, ...] = ()
    # Drift against the previous span that passed: L-infinity distance for categorical
    # columns, Jensen-Shannon divergence for numeric ones; above it, the run stops.
    drift_linf: float = 0.1
    drift_jsd: float = 0.1
    export: ExportOptions = ExportOptions()
    # The mapping this spec was read from, carried to TFX code in `custom_config`.
    source: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def schema_path(self) -> Path:
        return self.directory / SCHEMA_FILE

    @property
    def default_data(self) -> Path:
        return self.directory / self.data_file

    def required_columns(self) -> tuple[str, ...]:
        """Columns the input file must have."""
        extra = [self.label_rule.source, *(b.source for b in self.bands)]
        if self.split_by:
            extra.append(self.split_by)
        return tuple(dict.fromkeys([*self.features.all(), *extra]))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form, as carried in TFX `custom_config`."""
        return {"name": self.name, "directory": str(self.directory), "config": dict(self.source)}
