"""RegistryPusher: pushes a blessed model into the local versioned registry.

The stock TFX Pusher names filesystem versions by timestamp; users of a registry expect
1, 2, 3. The logic lives in `components.registry`; this is only the TFX interface.
"""

from pathlib import Path

from tfx import v1 as tfx
from tfx.types.standard_artifacts import Model, ModelBlessing, PushedModel
from tfx.utils import path_utils

from components import registry

OutputArtifact = tfx.dsl.components.OutputArtifact
InputArtifact = tfx.dsl.components.InputArtifact
Parameter = tfx.dsl.components.Parameter


@tfx.dsl.components.component
def RegistryPusher(
    model: InputArtifact[Model],
    model_blessing: InputArtifact[ModelBlessing],
    pushed_model: OutputArtifact[PushedModel],
    registry_dir: Parameter[str],
) -> None:
    """Publish `model` as the next version under `registry_dir` if `model_blessing` blesses it."""
    blessed = model_blessing.get_int_custom_property("blessed") == 1
    if not blessed:
        pushed_model.set_int_custom_property("pushed", 0)
        return
    serving_dir = path_utils.serving_model_path(model.uri, path_utils.is_old_model_artifact(model))
    # A rerun whose Trainer came from cache re-blesses the same model: publishing is
    # idempotent on the model's URI, so it keeps its version instead of taking a new one.
    version_dir, _ = registry.publish(
        Path(serving_dir), Path(registry_dir), {"model_artifact_id": model.id, "blessing_uri": model_blessing.uri}
    )
    pushed_model.set_int_custom_property("pushed", 1)
    pushed_model.set_string_custom_property("pushed_destination", str(version_dir))
    pushed_model.set_int_custom_property("pushed_version", int(version_dir.name))
