"""Submitting a run: the exact PipelineJob request, against a fake of the Vertex AI SDK."""

from pipelines.vertex import jobs
from pipelines.vertex.settings import VertexSettings
from tests.fakes.aiplatform import FakeAiplatform


def test_submit_creates_a_cached_labelled_job_run_by_the_pipeline_service_account(settings: VertexSettings) -> None:
    api = FakeAiplatform()
    name = jobs.submit(api, settings, "fraud", "tfx-domains-fraud", "gs://b/templates/fraud.json", "0123abcd4567")

    assert api.requests == [
        (
            "PipelineJob",
            {
                "display_name": "tfx-domains-fraud",
                "template_path": "gs://b/templates/fraud.json",
                "pipeline_root": "gs://test-project-tfx-domains/pipeline_root/fraud",
                "enable_caching": True,
                "labels": {"domain": "fraud", "git_revision": "0123abcd4567"},
                "project": "test-project",
                "location": "europe-west4",
            },
        ),
        ("PipelineJob.submit", {"service_account": "tfx-pipelines@test-project.iam.gserviceaccount.com"}),
    ]
    assert name == "projects/test-project/locations/europe-west4/pipelineJobs/job-1"


def test_submit_with_wait_waits_for_the_run(settings: VertexSettings) -> None:
    api = FakeAiplatform()
    jobs.submit(api, settings, "fraud", "tfx-domains-fraud", "fraud.json", "abc-dirty", wait=True)
    assert [name for name, _ in api.requests] == ["PipelineJob", "PipelineJob.submit", "PipelineJob.wait"]


def test_revision_label_is_a_valid_label_value() -> None:
    assert jobs.job_labels("fraud", "Release/1.2") == {"domain": "fraud", "git_revision": "release_1_2"}
