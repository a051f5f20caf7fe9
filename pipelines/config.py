"""Where and how a pipeline runs: everything `create_pipeline` needs besides the domain."""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path


class Orchestrator(str, enum.Enum):
    LOCAL = "local"  # tfx LocalDagRunner: components one after another, in process
    BEAM = "beam"  # tfx BeamDagRunner: the DAG itself is a Beam pipeline


# Measured on a 20k-row sample (see BENCHMARKS.md): the in-memory DirectRunner beats
# multi_processing, whose worker start-up and pickling cost more than 20k rows save.
LOCAL_BEAM_ARGS: tuple[str, ...] = ("--direct_running_mode=in_memory", "--direct_num_workers=1")


@dataclasses.dataclass(frozen=True)
class VertexRegistry:
    """Push target: each blessed model becomes a version of the domain's Vertex AI Model Registry model."""

    project: str
    region: str
    serving_image: str  # the prediction container the registered versions are served with
    pipeline_run: str  # the run id labelled on each version (a placeholder Vertex fills in at run time)


@dataclasses.dataclass(frozen=True)
class RunnerConfig:
    pipeline_root: str
    data_root: str  # the directory CsvExampleGen reads (one staged CSV)
    registry_dir: str | None  # the domain's directory in the local registry; None with `vertex_registry`
    metadata_path: str | None = None  # SQLite ML Metadata; None when the orchestrator owns it
    beam_args: tuple[str, ...] = LOCAL_BEAM_ARGS
    enable_cache: bool = True
    # The user looked at the drift and accepts this span; recorded with the gate's execution.
    accept_drift: bool = False
    # Where the components find the domain directories (their curated schemas); None: this
    # checkout's. In a container image the source lives elsewhere than where it was compiled.
    domains_dir: str | None = None
    vertex_registry: VertexRegistry | None = None  # push there instead of `registry_dir`


@dataclasses.dataclass(frozen=True)
class OutputLayout:
    """The layout of the local output directory (default `./artifacts/`)."""

    root: Path

    def pipeline_root(self, domain: str) -> Path:
        return self.root / "pipelines" / domain

    def metadata_path(self, domain: str) -> Path:
        return self.root / "metadata" / f"{domain}.sqlite"

    def inputs_dir(self, domain: str) -> Path:
        return self.root / "inputs" / domain

    def registry_dir(self, domain: str) -> Path:
        return self.root / "registry" / domain

    def log_path(self, domain: str) -> Path:
        return self.root / "logs" / f"{domain}.log"


def local_config(
    layout: OutputLayout,
    domain: str,
    data_root: Path,
    beam_args: tuple[str, ...] = LOCAL_BEAM_ARGS,
    accept_drift: bool = False,
) -> RunnerConfig:
    return RunnerConfig(
        pipeline_root=str(layout.pipeline_root(domain)),
        data_root=str(data_root),
        registry_dir=str(layout.registry_dir(domain)),
        metadata_path=str(layout.metadata_path(domain)),
        beam_args=beam_args,
        accept_drift=accept_drift,
    )
