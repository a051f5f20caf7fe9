"""Schedules: the exact requests to Vertex AI, against a fake of the SDK that keeps schedules."""

import pytest

from pipelines.vertex import schedules
from pipelines.vertex.settings import VertexSettings
from tests.fakes.aiplatform import FakeAiplatform, State

NAME = "tfx-domains-fraud"
SA = "tfx-pipelines@test-project.iam.gserviceaccount.com"


def _create(api: FakeAiplatform, settings: VertexSettings, revision: str = "rev1") -> schedules.ScheduleInfo:
    return schedules.create(api, settings, "fraud", NAME, "gs://test-project-tfx-domains/templates/fraud.json", revision)


def test_create_schedules_the_template_on_the_domain_cron_one_run_at_a_time(settings: VertexSettings) -> None:
    api = FakeAiplatform()
    created = _create(api, settings)

    assert api.requests == [
        ("PipelineJobSchedule.list", {"filter": f'display_name="{NAME}"', "project": "test-project", "location": "europe-west4"}),
        (
            "PipelineJob",
            {
                "display_name": NAME,
                "template_path": "gs://test-project-tfx-domains/templates/fraud.json",
                "pipeline_root": "gs://test-project-tfx-domains/pipeline_root/fraud",
                "enable_caching": True,
                "labels": {"domain": "fraud", "git_revision": "rev1"},
                "project": "test-project",
                "location": "europe-west4",
            },
        ),
        ("PipelineJobSchedule", {"display_name": NAME, "project": "test-project", "location": "europe-west4"}),
        (
            "PipelineJobSchedule.create",
            {
                "display_name": NAME,
                "cron": "TZ=Etc/UTC 0 3 * * *",
                "max_concurrent_run_count": 1,
                "allow_queueing": False,
                "service_account": SA,
            },
        ),
    ]
    assert created == schedules.ScheduleInfo(
        "projects/test-project/locations/europe-west4/schedules/1", NAME, "TZ=Etc/UTC 0 3 * * *", "ACTIVE"
    )


def test_create_again_replaces_the_schedule_and_keeps_it_paused(settings: VertexSettings) -> None:
    api = FakeAiplatform()
    _create(api, settings)
    schedules.pause(api, settings, NAME)
    api.requests.clear()

    created = _create(api, settings, revision="rev2")

    assert [name for name, _ in api.mutations()] == [
        "PipelineJob",
        "PipelineJobSchedule",
        "PipelineJobSchedule.create",
        "PipelineJobSchedule.pause",
        "PipelineJobSchedule.delete",
    ]
    assert api.mutations()[-1][1] == {"name": "projects/test-project/locations/europe-west4/schedules/1"}
    assert [(s.resource_name, s.state) for s in api.schedules] == [(created.name, State.PAUSED)]
    assert api.schedules[0].pipeline_job.kwargs["labels"]["git_revision"] == "rev2"


@pytest.mark.parametrize(("action", "state"), [(schedules.pause, State.PAUSED), (schedules.resume, State.ACTIVE)])
def test_pause_and_resume_act_on_the_domain_schedule(settings: VertexSettings, action, state: State) -> None:
    api = FakeAiplatform()
    created = _create(api, settings)
    api.requests.clear()

    changed = action(api, settings, NAME)

    verb = action.__name__
    assert api.mutations() == [(f"PipelineJobSchedule.{verb}", {"name": created.name})]
    assert [c.name for c in changed] == [created.name]
    assert api.schedules[0].state == state


def test_delete_and_list(settings: VertexSettings) -> None:
    api = FakeAiplatform()
    created = _create(api, settings)
    assert schedules.list_schedules(api, settings, NAME) == [created]
    schedules.delete(api, settings, NAME)
    assert schedules.list_schedules(api, settings, NAME) == []


@pytest.mark.parametrize("action", [schedules.pause, schedules.resume, schedules.delete])
def test_acting_on_a_missing_schedule_is_a_clear_error_and_sends_nothing(settings: VertexSettings, action) -> None:
    api = FakeAiplatform()
    with pytest.raises(schedules.ScheduleNotFound) as err:
        action(api, settings, NAME)
    assert str(err.value) == f"no Vertex AI schedule named '{NAME}' in test-project/europe-west4"
    assert api.mutations() == []
