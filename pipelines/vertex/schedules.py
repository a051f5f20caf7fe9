"""Vertex AI pipeline schedules: one per domain, found by its display name (the pipeline's name).

`api` is shaped like the `google.cloud.aiplatform` module (its `PipelineJob` and
`PipelineJobSchedule`); tests pass a fake that records each request.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from pipelines.vertex import jobs
from pipelines.vertex.settings import VertexSettings


class ScheduleNotFound(LookupError):
    def __str__(self) -> str:
        return f"no Vertex AI schedule named {self.args[0]!r} in {self.args[1]}/{self.args[2]}"


@dataclasses.dataclass(frozen=True)
class ScheduleInfo:
    name: str  # the resource name
    display_name: str
    cron: str
    state: str


def find(api: Any, settings: VertexSettings, display_name: str) -> list[Any]:
    return api.PipelineJobSchedule.list(
        filter=f'display_name="{display_name}"', project=settings.project, location=settings.region
    )


def create(
    api: Any, settings: VertexSettings, domain: str, display_name: str, template: str, revision: str
) -> ScheduleInfo:
    """Schedule `template` on the domain's cron, replacing the domain's previous schedule.

    A schedule keeps the pipeline spec it was created with, and the API updates only its
    timing, so a new spec needs a new schedule. The new one is created before the old one
    is deleted (never a moment without), and stays paused if the old one was.
    """
    previous = find(api, settings, display_name)
    job = jobs.pipeline_job(api, settings, domain, display_name, template, revision)
    schedule = api.PipelineJobSchedule(
        pipeline_job=job, display_name=display_name, project=settings.project, location=settings.region
    )
    schedule.create(
        cron=settings.schedule(domain),
        # One run at a time; a run due while the last one is still going is skipped, not queued.
        max_concurrent_run_count=1,
        allow_queueing=False,
        service_account=settings.service_account,
    )
    if any(_state(old) == "PAUSED" for old in previous):
        schedule.pause()
    for old in previous:
        old.delete()
    return info(schedule)


def pause(api: Any, settings: VertexSettings, display_name: str) -> list[ScheduleInfo]:
    return _each(api, settings, display_name, lambda schedule: schedule.pause())


def resume(api: Any, settings: VertexSettings, display_name: str) -> list[ScheduleInfo]:
    return _each(api, settings, display_name, lambda schedule: schedule.resume())


def delete(api: Any, settings: VertexSettings, display_name: str) -> list[ScheduleInfo]:
    return _each(api, settings, display_name, lambda schedule: schedule.delete())


def list_schedules(api: Any, settings: VertexSettings, display_name: str) -> list[ScheduleInfo]:
    return [info(schedule) for schedule in find(api, settings, display_name)]


def info(schedule: Any) -> ScheduleInfo:
    return ScheduleInfo(schedule.resource_name, schedule.display_name, schedule.cron, _state(schedule))


def _state(schedule: Any) -> str:
    return schedule.state.name


def _each(
    api: Any, settings: VertexSettings, display_name: str, action: Callable[[Any], None]
) -> list[ScheduleInfo]:
    found = find(api, settings, display_name)
    if not found:
        raise ScheduleNotFound(display_name, settings.project, settings.region)
    described = [info(schedule) for schedule in found]
    for schedule in found:
        action(schedule)
    return described
