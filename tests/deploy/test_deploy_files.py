"""deploy/: the image, the build and the settings agree with each other and with the code.

Docker and Cloud Build cannot run offline; what can be checked here is that the image puts
the code where the compiled pipeline looks for it, and that the build uploads templates and
creates schedules where the commands expect them.
"""

import re
from pathlib import Path

import tfx
import yaml

from pipelines.vertex.config import IMAGE_SOURCE_DIR
from pipelines.vertex.settings import DEFAULT_FILE

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _instructions() -> list[tuple[str, str]]:
    lines = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text()).splitlines()
    return [tuple(line.split(None, 1)) for line in lines if line.strip() and not line.startswith("#")]


def test_image_is_tfx_release_of_the_locked_version_with_the_project_where_the_spec_looks() -> None:
    instructions = _instructions()
    assert instructions[0] == ("FROM", f"gcr.io/tfx-oss-public/tfx:{tfx.__version__}")
    env = dict(pair.split("=", 1) for value in (v for k, v in instructions if k == "ENV") for pair in value.split())
    assert env["TF_USE_LEGACY_KERAS"] == "1"
    assert env["PYTHONPATH"] == IMAGE_SOURCE_DIR
    assert ("WORKDIR", IMAGE_SOURCE_DIR) in instructions
    copies = [v for k, v in instructions if k == "COPY"]
    assert copies == ["requirements.lock ./", "pipelines/ pipelines/", "components/ components/", "data/ data/"]
    assert ("RUN", "python -m pip install --no-cache-dir -r requirements.lock") in instructions


def test_build_tests_before_pushing_and_schedules_the_uploaded_templates() -> None:
    build = yaml.safe_load((DEPLOY / "cloudbuild.yaml").read_text())
    steps = {step["id"]: step for step in build["steps"]}
    assert list(steps) == ["build", "test", "push", "compile", "upload-templates", "schedules"]
    settings = yaml.safe_load(DEFAULT_FILE.read_text())
    subs = build["substitutions"]
    assert subs["_REGION"] == settings["region"]
    assert subs["_BUCKET"] == settings["bucket"].replace("{project}", "${PROJECT_ID}")
    # settings.template_uri(domain) is <bucket>/templates/<domain>.json: where the build puts them.
    assert 'gcloud storage cp build/*.json "${_BUCKET}/templates/"' in steps["upload-templates"]["args"][-1]
    assert '--output "build/$$domain.json"' in steps["compile"]["args"][-1]
    assert '--template "${_BUCKET}/templates/$$domain.json"' in steps["schedules"]["args"][-1]
    assert steps["compile"]["name"] == steps["schedules"]["name"] == "${_IMAGE}:${SHORT_SHA}"
    # The image holds no deploy/: the commands must be told where the checkout's settings are.
    assert all("--settings deploy/vertex.yaml" in steps[s]["args"][-1] for s in ("compile", "schedules"))
