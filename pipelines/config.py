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
class RunnerConfig:
    pipeline_root: str
    data_root: str  # the directory CsvExampleGen reads (one staged CSV)
    registry_dir: str  # the domain's directory in the local registry
    metadata_path: str | None = None  # SQLite ML Metadata; None when the orchestrator owns it
    beam_args: tuple[str, ...] = LOCAL_BEAM_ARGS
    enable_cache: bool = True


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


def local_config(layout: OutputLayout, domain: str, data_root: Path, beam_args: tuple[str, ...] = LOCAL_BEAM_ARGS) -> RunnerConfig:
    return RunnerConfig(
        pipeline_root=str(layout.pipeline_root(domain)),
        data_root=str(data_root),
        registry_dir=str(layout.registry_dir(domain)),
        metadata_path=str(layout.metadata_path(domain)),
        beam_args=beam_args,
    )
