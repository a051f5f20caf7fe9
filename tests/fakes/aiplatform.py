"""A stand-in for the `google.cloud.aiplatform` module: records every request, keeps a little state.

Only the calls this project makes exist; anything else fails with AttributeError, so a new call
shows up in the tests instead of passing silently. Requests are recorded as
`(method, kwargs)` in `FakeAiplatform.requests`, in the order they were made.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any

from google.api_core.exceptions import NotFound


@dataclasses.dataclass
class Version:
    version_id: str
    labels: dict[str, str]
    version_aliases: list[str]


class FakeAiplatform:
    """`api` for `components.vertex_registry`, `pipelines.vertex.jobs` and `pipelines.vertex.schedules`."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.models: dict[str, list[Version]] = {}  # model resource name -> versions
        self.schedules: list[FakeSchedule] = []
        self.ModelRegistry = _model_registry(self)
        self.Model = _model(self)
        self.PipelineJob = _pipeline_job(self)
        self.PipelineJobSchedule = _pipeline_job_schedule(self)

    def mutations(self) -> list[tuple[str, dict[str, Any]]]:
        """The requests that change something in the project."""
        reads = {"ModelRegistry.list_versions", "ModelRegistry.get_version_info", "PipelineJobSchedule.list"}
        return [r for r in self.requests if r[0] not in reads]

    def aliases(self, model_name: str) -> dict[str, str]:
        return {alias: v.version_id for v in self.models.get(model_name, []) for alias in v.version_aliases}


def _model_registry(fake: FakeAiplatform) -> type:
    class ModelRegistry:
        def __init__(self, model: str, project: str, location: str) -> None:
            self.name = model

        def _versions(self) -> list[Version]:
            if self.name not in fake.models:
                raise NotFound(f"model {self.name}")
            return fake.models[self.name]

        def list_versions(self, filter: str) -> list[Version]:
            fake.requests.append(("ModelRegistry.list_versions", {"model": self.name, "filter": filter}))
            key, value = re.fullmatch(r'labels\.([a-z0-9_-]+)="([^"]*)"', filter).groups()
            return [v for v in self._versions() if v.labels.get(key) == value]

        def get_version_info(self, version: str) -> Version:
            fake.requests.append(("ModelRegistry.get_version_info", {"model": self.name, "version": version}))
            for v in self._versions():
                if version == v.version_id or version in v.version_aliases:
                    return v
            raise NotFound(f"{self.name}@{version}")

        def add_version_aliases(self, new_aliases: list[str], version: str) -> None:
            fake.requests.append(
                ("ModelRegistry.add_version_aliases", {"model": self.name, "new_aliases": new_aliases, "version": version})
            )
            _assign(self._versions(), new_aliases, version)

    return ModelRegistry


def _assign(versions: list[Version], aliases: list[str], version_id: str) -> None:
    """Vertex semantics: an alias is on one version at a time, assigning it moves it."""
    for v in versions:
        v.version_aliases = [a for a in v.version_aliases if a not in aliases]
        if v.version_id == version_id:
            v.version_aliases += aliases


def _model(fake: FakeAiplatform) -> type:
    class Model:
        def __init__(self, resource_name: str, version_id: str) -> None:
            self.resource_name = resource_name
            self.version_id = version_id

        @classmethod
        def upload(cls, **kwargs: Any) -> "Model":
            fake.requests.append(("Model.upload", kwargs))
            if "parent_model" in kwargs:
                name = kwargs["parent_model"]
                if name not in fake.models:
                    raise NotFound(name)
            else:
                name = f"projects/{kwargs['project']}/locations/{kwargs['location']}/models/{kwargs['model_id']}"
                assert name not in fake.models, "model_id of an existing model"
            versions = fake.models.setdefault(name, [])
            new = Version(str(len(versions) + 1), dict(kwargs["labels"]), [])
            versions.append(new)
            _assign(versions, [*kwargs["version_aliases"], *(["default"] if kwargs["is_default_version"] else [])], new.version_id)
            return cls(name, new.version_id)

    return Model


def _pipeline_job(fake: FakeAiplatform) -> type:
    class PipelineJob:
        def __init__(self, **kwargs: Any) -> None:
            fake.requests.append(("PipelineJob", kwargs))
            self.resource_name = f"projects/{kwargs['project']}/locations/{kwargs['location']}/pipelineJobs/job-1"
            self.kwargs = kwargs

        def submit(self, **kwargs: Any) -> None:
            fake.requests.append(("PipelineJob.submit", kwargs))

        def wait(self) -> None:
            fake.requests.append(("PipelineJob.wait", {}))

    return PipelineJob


class State(enum.Enum):
    """The part of `gca_schedule.Schedule.State` used here."""

    ACTIVE = 1
    PAUSED = 2


class FakeSchedule:
    def __init__(self, fake: FakeAiplatform, pipeline_job: Any, display_name: str, project: str, location: str) -> None:
        self._fake = fake
        self.pipeline_job = pipeline_job
        self.display_name = display_name
        self.resource_name = f"projects/{project}/locations/{location}/schedules/{len(fake.schedules) + 1}"
        self.cron = ""
        self.state = State.ACTIVE

    def create(self, **kwargs: Any) -> None:
        self._fake.requests.append(("PipelineJobSchedule.create", {"display_name": self.display_name, **kwargs}))
        self.cron = kwargs["cron"]
        self._fake.schedules.append(self)

    def pause(self) -> None:
        self._fake.requests.append(("PipelineJobSchedule.pause", {"name": self.resource_name}))
        self.state = State.PAUSED

    def resume(self) -> None:
        self._fake.requests.append(("PipelineJobSchedule.resume", {"name": self.resource_name}))
        self.state = State.ACTIVE

    def delete(self) -> None:
        self._fake.requests.append(("PipelineJobSchedule.delete", {"name": self.resource_name}))
        self._fake.schedules.remove(self)


def _pipeline_job_schedule(fake: FakeAiplatform) -> type:
    class PipelineJobSchedule:
        def __new__(cls, pipeline_job: Any, display_name: str, project: str, location: str) -> FakeSchedule:  # type: ignore[misc]
            fake.requests.append(
                ("PipelineJobSchedule", {"display_name": display_name, "project": project, "location": location})
            )
            return FakeSchedule(fake, pipeline_job, display_name, project, location)

        @staticmethod
        def list(filter: str, project: str, location: str) -> list[FakeSchedule]:
            fake.requests.append(("PipelineJobSchedule.list", {"filter": filter, "project": project, "location": location}))
            name = re.fullmatch(r'display_name="([^"]*)"', filter).group(1)
            return [s for s in fake.schedules if s.display_name == name]

    return PipelineJobSchedule
