"""One run of the real CLI (`python -m pipelines run`) as a user starts it, measured from outside.

The wall time is the whole process's, split by the CLI's own lines: before its first line
(`[domain] data ...`: Python, imports, staging), the pipeline (its `wall time:`, summary
included), and after it (the run report, exit). Each component's time comes from its ML
Metadata execution (create to last update), with its state: COMPLETE, or CACHED on a rerun.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from pathlib import Path

from bench import process
from pipelines.config import OutputLayout
from pipelines.domains.spec import DomainSpec
from pipelines.pipeline import ComponentId, pipeline_name
from pipelines.report import collect

_WALL_TIME = re.compile(r"^  wall time: ([0-9.]+)s$")


class RunFailedError(RuntimeError):
    """The CLI exited with an error; the message ends with the tail of its output."""


@dataclasses.dataclass(frozen=True)
class Step:
    seconds: float
    state: str


@dataclasses.dataclass(frozen=True)
class PipelineRun:
    measure: process.ProcessMeasure
    startup_s: float  # until the CLI's first line: interpreter, imports, staging
    pipeline_s: float  # the CLI's own `wall time:`
    after_s: float  # from the `wall time:` line to exit: the run report
    steps: dict[str, Step]  # component -> its execution, in start order; resolvers (~0 s) left out
    examples_uri: str  # ExampleGen's output: the split TFRecords


def command(domain: str, output_dir: Path, data: Path | None) -> list[str]:
    """The CLI command line the harness runs."""
    args = [sys.executable, "-m", "pipelines", "run", "--domain", domain, "--output-dir", str(output_dir)]
    return args + (["--data", str(data)] if data is not None else [])


def phases(domain: str, lines: tuple[tuple[float, str], ...], wall_s: float) -> tuple[float, float, float]:
    """(startup, pipeline, after) seconds from the CLI's timed output lines."""
    first = next((at for at, line in lines if line.startswith(f"[{domain}] data ")), None)
    summary = next(((at, m) for at, line in lines if (m := _WALL_TIME.match(line))), None)
    if first is None or summary is None:
        raise ValueError("the CLI's output lacks its first line or its 'wall time:' line")
    at, match = summary
    return first, float(match.group(1)), wall_s - at


def run(spec: DomainSpec, output_dir: Path, data: Path | None, log_path: Path, cwd: Path) -> PipelineRun:
    """Run the domain's pipeline once into `output_dir` and read its newest run back from ML Metadata."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # lines must arrive when printed to be timed
    measure = process.run(command(spec.name, output_dir, data), log_path, cwd=cwd, env=env)
    if measure.returncode != 0:
        tail = "\n".join(line for _, line in measure.lines[-15:])
        raise RunFailedError(f"{spec.name}: the CLI exited with {measure.returncode} (log: {log_path})\n{tail}")
    startup, pipeline, after = phases(spec.name, measure.lines, measure.wall_s)
    record = collect.runs(collect.open_store(OutputLayout(output_dir).metadata_path(spec.name)), pipeline_name(spec))[-1]
    steps = {s.node: Step(s.seconds, s.state) for s in collect.steps(record) if s.node not in collect.RESOLVERS}
    (examples,) = record.outputs[ComponentId.EXAMPLE_GEN]["examples"]
    return PipelineRun(measure, startup, pipeline, after, steps, examples.uri)
