"""One run of the real CLI (`python -m pipelines run`) as a user starts it, measured from outside.

The wall time is the whole process's (importing TFX included), the pipeline's own is the
`wall time:` line of the CLI's summary, and each component's comes from its ML Metadata
execution (create to last update), with its state: COMPLETE, or CACHED on a rerun.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

from bench import process
from pipelines.config import OutputLayout
from pipelines.domains.spec import DomainSpec
from pipelines.pipeline import ComponentId, pipeline_name
from pipelines.report import collect

_WALL_TIME = re.compile(r"^  wall time: ([0-9.]+)s$", re.MULTILINE)


class RunFailedError(RuntimeError):
    """The CLI exited with an error; the message ends with the tail of its output."""


@dataclasses.dataclass(frozen=True)
class Step:
    seconds: float
    state: str


@dataclasses.dataclass(frozen=True)
class PipelineRun:
    measure: process.ProcessMeasure
    pipeline_s: float  # the CLI's own `wall time:` (no interpreter start, no imports)
    steps: dict[str, Step]  # component -> its execution, in start order; resolvers (~0 s) left out
    examples_uri: str  # ExampleGen's output: the split TFRecords


def command(domain: str, output_dir: Path, data: Path | None) -> list[str]:
    """The CLI command line the harness runs."""
    args = [sys.executable, "-m", "pipelines", "run", "--domain", domain, "--output-dir", str(output_dir)]
    return args + (["--data", str(data)] if data is not None else [])


def pipeline_seconds(output: str) -> float:
    """The pipeline wall time the CLI prints in its summary."""
    match = _WALL_TIME.search(output)
    if match is None:
        raise ValueError("the CLI's output has no 'wall time:' line")
    return float(match.group(1))


def run(spec: DomainSpec, output_dir: Path, data: Path | None, log_path: Path, cwd: Path) -> PipelineRun:
    """Run the domain's pipeline once into `output_dir` and read its newest run back from ML Metadata."""
    measure = process.run(command(spec.name, output_dir, data), log_path, cwd=cwd)
    output = log_path.read_text(errors="replace")
    if measure.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise RunFailedError(f"{spec.name}: the CLI exited with {measure.returncode} (log: {log_path})\n{tail}")
    record = collect.runs(collect.open_store(OutputLayout(output_dir).metadata_path(spec.name)), pipeline_name(spec))[-1]
    steps = {s.node: Step(s.seconds, s.state) for s in collect.steps(record) if s.node not in collect.RESOLVERS}
    (examples,) = record.outputs[ComponentId.EXAMPLE_GEN]["examples"]
    return PipelineRun(measure, pipeline_seconds(output), steps, examples.uri)
