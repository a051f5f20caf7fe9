"""Publishing to Vertex AI Model Registry, against a fake of the SDK that records each request."""

import dataclasses

import pytest

from components import vertex_registry
from components.vertex_registry import Release, publish
from tests.fakes.aiplatform import FakeAiplatform

MODEL = "projects/p/locations/europe-west4/models/tfx-domains-fraud"
IMAGE = "europe-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest"


def _release(run: str = "tfx-domains-fraud-20261127030000", model_uri: str = "gs://b/pipeline-root/1/Trainer_1/model") -> Release:
    return Release(
        project="p",
        region="europe-west4",
        model_id="tfx-domains-fraud",
        model_uri=model_uri,
        serving_dir=f"{model_uri}/Format-Serving",
        serving_image=IMAGE,
        domain="fraud",
        pipeline_run=run,
        metric="auc_precision_recall",
        metric_value=0.93456789,
    )


def test_first_push_creates_the_model_under_the_domain_id_with_labels_and_aliases() -> None:
    api = FakeAiplatform()
    release = _release()
    published = publish(api, release)

    source = vertex_registry.source_digest(release.model_uri)
    assert api.requests == [
        ("ModelRegistry.list_versions", {"model": MODEL, "filter": f'labels.model_source="{source}"'}),
        (
            "Model.upload",
            {
                "model_id": "tfx-domains-fraud",
                "display_name": "tfx-domains-fraud",
                "artifact_uri": "gs://b/pipeline-root/1/Trainer_1/model/Format-Serving",
                "serving_container_image_uri": IMAGE,
                "is_default_version": True,
                "version_aliases": ["champion"],
                "version_description": "auc_precision_recall=0.934568; pipeline run tfx-domains-fraud-20261127030000; "
                "model gs://b/pipeline-root/1/Trainer_1/model",
                "labels": {
                    "domain": "fraud",
                    "pipeline_run": "tfx-domains-fraud-20261127030000",
                    "model_source": source,
                    "auc_precision_recall": "0_9346",
                },
                "project": "p",
                "location": "europe-west4",
                "sync": True,
            },
        ),
    ]
    assert published == vertex_registry.Published(MODEL, "1", uploaded=True)
    assert api.aliases(MODEL) == {"champion": "1", "default": "1"}


def test_next_push_is_a_new_version_and_the_old_champion_becomes_previous() -> None:
    api = FakeAiplatform()
    publish(api, _release())
    publish(api, _release(run="run-2", model_uri="gs://b/pipeline-root/2/Trainer_2/model"))
    api.requests.clear()

    published = publish(api, _release(run="run-3", model_uri="gs://b/pipeline-root/3/Trainer_3/model"))

    source = vertex_registry.source_digest("gs://b/pipeline-root/3/Trainer_3/model")
    assert [name for name, _ in api.requests] == [
        "ModelRegistry.list_versions",
        "ModelRegistry.get_version_info",
        "ModelRegistry.add_version_aliases",
        "Model.upload",
    ]
    assert api.requests[0][1]["filter"] == f'labels.model_source="{source}"'
    assert api.requests[1][1] == {"model": MODEL, "version": "champion"}
    assert api.requests[2][1] == {"model": MODEL, "new_aliases": ["previous"], "version": "2"}
    upload = api.requests[3][1]
    assert upload["parent_model"] == MODEL and "model_id" not in upload
    assert upload["labels"]["pipeline_run"] == "run-3" and upload["version_aliases"] == ["champion"]
    assert published == vertex_registry.Published(MODEL, "3", uploaded=True)
    assert api.aliases(MODEL) == {"champion": "3", "default": "3", "previous": "2"}


def test_a_retried_push_of_the_same_model_sends_no_change() -> None:
    api = FakeAiplatform()
    first = publish(api, _release())
    api.requests.clear()

    again = publish(api, _release())
    # A later run whose Trainer came from cache: same model artifact, another run id.
    cached = publish(api, _release(run="tfx-domains-fraud-20261128030000"))

    assert api.mutations() == []
    assert [name for name, _ in api.requests] == ["ModelRegistry.list_versions"] * 2
    assert again == cached == dataclasses.replace(first, uploaded=False)
    assert api.aliases(MODEL) == {"champion": "1", "default": "1"}


def test_labels_are_valid_vertex_label_values() -> None:
    labels = _release(run="Run 7/Nov.27").labels()
    assert labels["pipeline_run"] == "run_7_nov_27"
    assert all(len(v) <= 63 and set(v) <= set("abcdefghijklmnopqrstuvwxyz0123456789_-") for v in labels.values())
    assert vertex_registry.label_value("x" * 100) == "x" * 63


def test_serving_image_comes_from_the_multi_region_of_the_region() -> None:
    assert vertex_registry.serving_image("europe-west4") == IMAGE
    assert vertex_registry.serving_image("asia-northeast1").startswith("asia-docker.pkg.dev/")
    assert vertex_registry.serving_image("us-central1").startswith("us-docker.pkg.dev/")


def test_an_upload_that_failed_is_completed_by_the_retry() -> None:
    api = FakeAiplatform()
    publish(api, _release())
    upload = api.Model.upload

    def unavailable(**kwargs):
        raise ConnectionError("upload interrupted")

    api.Model.upload = unavailable
    release = _release(run="run-2", model_uri="gs://b/pipeline-root/2/Trainer_2/model")
    with pytest.raises(ConnectionError):
        publish(api, release)
    # In between, the champion is still the old version.
    assert api.aliases(MODEL) == {"champion": "1", "default": "1", "previous": "1"}

    api.Model.upload = upload
    assert publish(api, release).version_id == "2"
    assert api.aliases(MODEL) == {"champion": "2", "default": "2", "previous": "1"}
