"""Vertex AI Model Registry: each blessed model becomes a new version of one model per domain.

Plain Python, no TFX. `publish` talks to the registry only through `api`, an object shaped
like the `google.cloud.aiplatform` module (its `Model.upload` and `ModelRegistry`), so tests
pass a fake that records every request.

Aliases: the newest blessed version holds `champion` (and `default`, which endpoints and batch
predictions use when no version is named); the version it replaced holds `previous`, the
rollback target. Vertex keeps an alias on one version at a time, so assigning one moves it.

Idempotent: each version is labelled with a digest of the model artifact's URI, and a model
that is already registered is not uploaded again. A retried pusher step, or a later run whose
Trainer came from cache, leaves the registry as it is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Any, Mapping

from google.api_core.exceptions import NotFound

CHAMPION = "champion"
PREVIOUS = "previous"
SOURCE_LABEL = "model_source"

# The newest Vertex AI prebuilt TensorFlow prediction image: TF 2.15. There is none for 2.16,
# which trains here; TF Serving loads a newer SavedModel as long as it uses no op added since.
SERVING_IMAGE = "{multi_region}-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest"


def serving_image(region: str) -> str:
    """The prebuilt serving image from the multi-region (us, europe, asia) of `region`."""
    prefix = region.split("-", 1)[0]
    return SERVING_IMAGE.format(multi_region=prefix if prefix in ("europe", "asia") else "us")


def label_value(text: str) -> str:
    """`text` as a Vertex label value: lowercase letters, digits, `-` and `_`, at most 63 characters."""
    return re.sub(r"[^a-z0-9_-]", "_", text.lower())[:63]


def source_digest(model_uri: str) -> str:
    """A label-sized identity for a model artifact (its URI is unique per Trainer execution)."""
    return hashlib.sha256(model_uri.encode()).hexdigest()[:32]


@dataclasses.dataclass(frozen=True)
class Release:
    """A blessed model and what to record about it."""

    project: str
    region: str
    model_id: str  # the registry model of the domain, `tfx-domains-<domain>`
    model_uri: str  # the Trainer's model artifact: identifies the release
    serving_dir: str  # the SavedModel directory inside it
    serving_image: str
    domain: str
    pipeline_run: str
    metric: str
    metric_value: float

    @property
    def model_name(self) -> str:
        return f"projects/{self.project}/locations/{self.region}/models/{self.model_id}"

    def labels(self) -> dict[str, str]:
        # Label values cannot hold a dot: 0.9664 is recorded as 0_9664 (exact value in the description).
        return {
            "domain": label_value(self.domain),
            "pipeline_run": label_value(self.pipeline_run),
            SOURCE_LABEL: source_digest(self.model_uri),
            label_value(self.metric): label_value(f"{self.metric_value:.4f}"),
        }

    def description(self) -> str:
        return f"{self.metric}={self.metric_value:.6f}; pipeline run {self.pipeline_run}; model {self.model_uri}"


@dataclasses.dataclass(frozen=True)
class Published:
    model_name: str
    version_id: str
    uploaded: bool  # False: the model was already registered, nothing was sent


def publish(api: Any, release: Release) -> Published:
    """Register `release` as the new champion version, unless it is registered already."""
    registry = api.ModelRegistry(model=release.model_name, project=release.project, location=release.region)
    try:
        existing = registry.list_versions(filter=f'labels.{SOURCE_LABEL}="{source_digest(release.model_uri)}"')
        model_exists = True
    except NotFound:
        existing, model_exists = [], False
    if existing:
        return Published(release.model_name, existing[0].version_id, uploaded=False)
    if model_exists:
        # Before the upload, so that a failure in between leaves the champion in place; a
        # retry repeats this harmlessly.
        champion = _version_with_alias(registry, CHAMPION)
        if champion is not None:
            registry.add_version_aliases(new_aliases=[PREVIOUS], version=champion)
    uploaded = api.Model.upload(
        **_placement(release, model_exists),
        display_name=release.model_id,
        artifact_uri=release.serving_dir,
        serving_container_image_uri=release.serving_image,
        is_default_version=True,
        version_aliases=[CHAMPION],
        version_description=release.description(),
        labels=release.labels(),
        project=release.project,
        location=release.region,
        sync=True,
    )
    return Published(release.model_name, uploaded.version_id, uploaded=True)


def _placement(release: Release, model_exists: bool) -> Mapping[str, str]:
    """A new version of the existing model, or its first version under the domain's fixed id."""
    return {"parent_model": release.model_name} if model_exists else {"model_id": release.model_id}


def _version_with_alias(registry: Any, alias: str) -> str | None:
    try:
        return registry.get_version_info(alias).version_id
    except NotFound:
        return None
