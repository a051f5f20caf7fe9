"""The Google Cloud commands, as a user calls them; only `compile` can succeed offline."""

import json
import os
from pathlib import Path

import pytest

from pipelines import domains
from tests.pipelines.test_cli import cli

pytestmark = pytest.mark.skipif("GOOGLE_CLOUD_PROJECT" in os.environ, reason="the errors tested assume no project is set")


def test_compile_writes_the_pipeline_spec(tmp_path: Path) -> None:
    domain = domains.names()[0]
    out = tmp_path / "spec.json"
    result = cli("compile", "--domain", domain, "--target", "vertex", "--output", str(out), "--project", "p",
                 "--beam-runner", "dataflow")
    assert result.returncode == 0, result.stderr[-3000:]
    job = json.loads(out.read_text())
    assert job["pipelineSpec"]["pipelineInfo"]["name"] == f"tfx-domains-{domain.replace('_', '-')}"
    assert "--runner=DataflowRunner" in json.dumps(job)
    assert result.stdout.startswith(f"wrote {out}: {domain} for Vertex AI Pipelines")


@pytest.mark.parametrize(
    "command",
    [
        ["compile", "--domain", "fraud", "--output", "x.json"],
        ["submit", "--domain", "fraud"],
        ["schedule", "list", "--domain", "fraud"],
    ],
)
def test_no_project_is_a_clear_error(command: list[str], tmp_path: Path) -> None:
    result = cli(*command, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: no Google Cloud project: pass --project or set GOOGLE_CLOUD_PROJECT"
    assert not list(tmp_path.iterdir())


def test_unknown_domain_is_a_clear_error() -> None:
    result = cli("schedule", "pause", "--domain", "weather", "--project", "p")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: unknown domain 'weather'")
