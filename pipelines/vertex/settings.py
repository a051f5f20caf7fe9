"""Google Cloud settings of the Vertex AI commands: `deploy/vertex.yaml`, overridden by flags.

Plain data, no TFX and no Google client. String values may name `{project}`, `{region}` and
`{bucket}`, so that one committed file serves any project the commands are pointed at.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Mapping

import yaml

from pipelines.domains import BUILTIN_DIR

DEFAULT_FILE = BUILTIN_DIR.parent / "deploy" / "vertex.yaml"
OVERRIDABLE = ("project", "region", "bucket", "image", "service_account")


class SettingsError(ValueError):
    """Settings that cannot work: printed as one line by the CLI."""


@dataclasses.dataclass(frozen=True)
class Dataflow:
    machine_type: str
    max_num_workers: int


@dataclasses.dataclass(frozen=True)
class DomainDeployment:
    schedule: str | None = None  # cron, with its time zone: "TZ=Etc/UTC 0 3 * * *"
    data_root: str | None = None  # default: <bucket>/data/<domain>


@dataclasses.dataclass(frozen=True)
class VertexSettings:
    project: str
    region: str
    bucket: str  # gs://...: pipeline roots, input data, Dataflow temp files, compiled templates
    image: str  # the pipeline image (deploy/Dockerfile), also the Dataflow workers' container
    service_account: str  # runs the pipeline jobs and the Dataflow workers
    dataflow: Dataflow
    domains: Mapping[str, DomainDeployment] = dataclasses.field(default_factory=dict)

    def pipeline_root(self, domain: str) -> str:
        return f"{self.bucket}/pipeline_root/{domain}"

    def data_root(self, domain: str) -> str:
        return self.domains.get(domain, DomainDeployment()).data_root or f"{self.bucket}/data/{domain}"

    @property
    def temp_location(self) -> str:
        return f"{self.bucket}/tmp"

    def template_uri(self, domain: str) -> str:
        return f"{self.bucket}/templates/{domain}.json"

    def schedule(self, domain: str) -> str:
        cron = self.domains.get(domain, DomainDeployment()).schedule
        if not cron:
            raise SettingsError(f"no schedule for domain {domain!r} under 'domains:' in the settings file")
        return cron


def load(path: Path = DEFAULT_FILE, overrides: Mapping[str, str | None] | None = None) -> VertexSettings:
    """Read `path`, apply the non-None `overrides`, fill in the placeholders and check the result."""
    try:
        raw: dict[str, Any] = yaml.safe_load(path.read_text()) or {}
    except FileNotFoundError:
        raise SettingsError(f"settings file not found: {path}") from None
    values = {key: str(raw.get(key) or "") for key in OVERRIDABLE}
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    if not values["project"]:
        raise SettingsError("no Google Cloud project: pass --project or set GOOGLE_CLOUD_PROJECT")
    for key in ("bucket", "image", "service_account"):
        try:
            values[key] = values[key].format(**values)
        except KeyError as err:
            raise SettingsError(f"{key}: unknown placeholder {err} in {values[key]!r}") from None
    empty = [key for key in OVERRIDABLE if not values[key]]
    if empty:
        raise SettingsError(f"missing settings: {', '.join(empty)} (in {path} or as flags)")
    if not values["bucket"].startswith("gs://"):
        raise SettingsError(f"bucket must be a gs:// URI, not {values['bucket']!r}")
    domains = {name: DomainDeployment(**(entry or {})) for name, entry in (raw.get("domains") or {}).items()}
    for name, deployment in domains.items():
        if deployment.schedule and not deployment.schedule.startswith(("TZ=", "CRON_TZ=")):
            raise SettingsError(f"domain {name!r}: schedule {deployment.schedule!r} must start with its time zone, "
                                "e.g. 'TZ=Etc/UTC 0 3 * * *'")
    return VertexSettings(
        **{key: values[key].rstrip("/") if key == "bucket" else values[key] for key in OVERRIDABLE},
        dataflow=Dataflow(**raw.get("dataflow", {})),
        domains=domains,
    )
