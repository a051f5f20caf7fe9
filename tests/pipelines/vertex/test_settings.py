"""deploy/vertex.yaml and its flags: placeholders filled in, overrides win, bad values refused by name."""

import re
from pathlib import Path

import pytest

from pipelines import domains
from pipelines.vertex.settings import SettingsError, VertexSettings, load


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vertex.yaml"
    path.write_text(text)
    return path


BASE = """
region: europe-west4
bucket: "gs://{project}-tfx-domains"
image: "{region}-docker.pkg.dev/{project}/tfx-domains/pipeline:latest"
service_account: "tfx-pipelines@{project}.iam.gserviceaccount.com"
dataflow: {machine_type: n1-standard-4, max_num_workers: 8}
"""


def test_committed_file_names_what_deploy_readme_creates(settings: VertexSettings) -> None:
    assert settings.bucket == "gs://test-project-tfx-domains"
    assert settings.image == "europe-west4-docker.pkg.dev/test-project/tfx-domains/pipeline:latest"
    assert settings.service_account == "tfx-pipelines@test-project.iam.gserviceaccount.com"
    assert settings.pipeline_root("fraud") == "gs://test-project-tfx-domains/pipeline_root/fraud"
    assert settings.data_root("fraud") == "gs://test-project-tfx-domains/data/fraud"
    assert settings.template_uri("fraud") == "gs://test-project-tfx-domains/templates/fraud.json"


@pytest.mark.parametrize("domain", domains.names())
def test_every_domain_has_a_schedule_with_an_explicit_time_zone(settings: VertexSettings, domain: str) -> None:
    assert settings.schedule(domain).startswith(("TZ=", "CRON_TZ="))


def test_flags_override_the_file_before_placeholders_are_filled(tmp_path: Path) -> None:
    settings = load(_file(tmp_path, BASE), {"project": "p", "region": "us-central1", "image": None})
    assert settings.image == "us-central1-docker.pkg.dev/p/tfx-domains/pipeline:latest"
    assert settings.region == "us-central1"


def test_per_domain_data_root_and_schedule(tmp_path: Path) -> None:
    text = BASE + 'domains:\n  fraud:\n    schedule: "TZ=Europe/Paris 30 2 * * 1"\n    data_root: gs://elsewhere/fraud\n'
    settings = load(_file(tmp_path, text), {"project": "p"})
    assert settings.data_root("fraud") == "gs://elsewhere/fraud"
    assert settings.schedule("fraud") == "TZ=Europe/Paris 30 2 * * 1"


@pytest.mark.parametrize(
    ("text", "overrides", "message"),
    [
        (BASE, {}, "no Google Cloud project: pass --project or set GOOGLE_CLOUD_PROJECT"),
        (BASE, {"project": "p", "bucket": "/local/dir"}, "bucket must be a gs:// URI, not '/local/dir'"),
        (BASE.replace("{region}-docker", "{zone}-docker"), {"project": "p"}, "image: unknown placeholder 'zone'"),
        (
            BASE + "domains:\n  fraud:\n    schedule: '0 3 * * *'\n",
            {"project": "p"},
            "domain 'fraud': schedule '0 3 * * *' must start with its time zone",
        ),
    ],
)
def test_unusable_settings_are_refused_by_name(tmp_path: Path, text: str, overrides: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(message)):
        load(_file(tmp_path, text), overrides)


def test_a_domain_without_schedule_is_refused_when_scheduled(tmp_path: Path) -> None:
    settings = load(_file(tmp_path, BASE), {"project": "p"})
    with pytest.raises(SettingsError, match="no schedule for domain 'fraud'"):
        settings.schedule("fraud")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="settings file not found: .*nope.yaml"):
        load(tmp_path / "nope.yaml", {"project": "p"})
