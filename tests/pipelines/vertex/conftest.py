import pytest

from pipelines.vertex import settings as vertex_settings


@pytest.fixture
def settings() -> vertex_settings.VertexSettings:
    """The committed deploy/vertex.yaml, pointed at a project as the CLI's --project would."""
    return vertex_settings.load(overrides={"project": "test-project"})
