"""The measurements as plain data, and their JSON file (`bench/results/latest.json`).

Paths to the run's own output directories are left out: they were temporary and name the
machine. The markdown and the plot are rendered from the JSON form, so either can be
redrawn from a committed results file without measuring again.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the renderer and its tests need no TensorFlow
    from bench.pipeline_runs import PipelineRun


@dataclasses.dataclass(frozen=True)
class RunNumbers:
    wall_s: float  # the CLI process, start to exit
    startup_s: float  # until its first line: interpreter, imports, staging
    pipeline_s: float  # the CLI's own `wall time:`
    after_s: float  # from then to exit: the run report
    peak_rss_bytes: int
    cpu_s: float
    others_cpu_share: float  # of the machine's cores, used by other processes meanwhile
    steps: dict[str, dict[str, Any]]  # component -> {"seconds", "state"}

    @classmethod
    def of(cls, run: PipelineRun) -> "RunNumbers":
        m = run.measure
        steps = {node: dataclasses.asdict(step) for node, step in run.steps.items()}
        return cls(
            wall_s=round(m.wall_s, 2),
            startup_s=round(run.startup_s, 2),
            pipeline_s=run.pipeline_s,
            after_s=round(run.after_s, 2),
            peak_rss_bytes=m.peak_rss_bytes,
            cpu_s=round(m.cpu_s, 2),
            others_cpu_share=round(m.others_cpu_share, 3),
            steps=steps,
        )


@dataclasses.dataclass(frozen=True)
class ServingResult:
    batch_size: int
    examples_per_s: float  # best round
    rounds_examples_per_s: tuple[float, ...]
    single_p50_ms: float
    single_p99_ms: float
    single_calls: int


@dataclasses.dataclass(frozen=True)
class Quality:
    metric: str  # the domain's gate metric
    ours: float  # the Evaluator's (TFMA), overall
    gbdt: float  # the baseline's, by TFMA, mean over its seeds
    gbdt_by_seed: tuple[float, ...]
    ours_recomputed: float  # the pushed model's served predictions, by TFMA: equals `ours` unless serving differs
    ours_exact: float  # scikit-learn's estimator, both models (the baseline's: mean over seeds)
    gbdt_exact: float

    @property
    def gap(self) -> float:
        return self.ours - self.gbdt


@dataclasses.dataclass(frozen=True)
class Case:
    """One domain on one input: a cold run, and for a full case the rerun, serving and quality."""

    name: str
    domain: str
    data: str  # repo-relative, or a description of the subset
    rows: dict[str, int]  # split -> examples
    cold: RunNumbers
    rerun: RunNumbers | None = None
    serving: ServingResult | None = None
    quality: Quality | None = None


@dataclasses.dataclass(frozen=True)
class ScalingPoint:
    fraction: float
    input_rows: int
    case: str  # the name of the `Case` measured on this subset


@dataclasses.dataclass(frozen=True)
class Results:
    command: str
    machine: dict[str, Any]
    cases: list[Case]
    scaling: list[ScalingPoint]
    scaling_source: str | None = None
    scaling_seed: int | None = None


def to_json(results: Results) -> dict[str, Any]:
    """The JSON form, with each gap written out next to its two values."""
    data = dataclasses.asdict(results)
    for case, raw in zip(results.cases, data["cases"]):
        if case.quality is not None:
            raw["quality"]["gap"] = case.quality.gap
    return data


def write(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_json(results), indent=2) + "\n")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())
