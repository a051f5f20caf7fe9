"""Submit a compiled pipeline to Vertex AI Pipelines.

`api` is shaped like the `google.cloud.aiplatform` module (its `PipelineJob`); tests pass a fake.
"""

from __future__ import annotations

from typing import Any

from components.vertex_registry import label_value
from pipelines.vertex.settings import VertexSettings


def job_labels(domain: str, revision: str) -> dict[str, str]:
    """What a job in the console is filtered by: its domain and the code that compiled it."""
    return {"domain": label_value(domain), "git_revision": label_value(revision)}


def pipeline_job(api: Any, settings: VertexSettings, domain: str, display_name: str, template: str, revision: str) -> Any:
    """A PipelineJob of `template` (a local file or a gs:// URI), not yet submitted."""
    return api.PipelineJob(
        display_name=display_name,
        template_path=template,
        pipeline_root=settings.pipeline_root(domain),
        # Unchanged steps (same inputs, same code) are reused from earlier runs.
        enable_caching=True,
        labels=job_labels(domain, revision),
        project=settings.project,
        location=settings.region,
    )


def submit(
    api: Any, settings: VertexSettings, domain: str, display_name: str, template: str, revision: str, wait: bool = False
) -> str:
    """Start a run as the pipeline service account; with `wait`, return once it has finished."""
    job = pipeline_job(api, settings, domain, display_name, template, revision)
    job.submit(service_account=settings.service_account)
    if wait:
        job.wait()
    return job.resource_name
