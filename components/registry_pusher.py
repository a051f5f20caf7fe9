"""RegistryPusher: pushes a blessed model into the local versioned registry.

The stock TFX Pusher names filesystem versions by timestamp; users of a registry expect
1, 2, 3. The logic lives in `components.registry`, `components.aliases` and
`components.push_record`; this is only the TFX interface.
"""

from pathlib import Path

from tfx.dsl.component.experimental.annotations import InputArtifact, OutputArtifact, Parameter
from tfx.dsl.component.experimental.decorators import component
from tfx.types.standard_artifacts import InfraBlessing, Model, ModelBlessing, ModelEvaluation, PushedModel
from tfx.utils import path_utils

from components import aliases, push_record, registry


@component
def RegistryPusher(
    model: InputArtifact[Model],
    model_blessing: InputArtifact[ModelBlessing],
    evaluation: InputArtifact[ModelEvaluation],
    infra_blessing: InputArtifact[InfraBlessing],
    pushed_model: OutputArtifact[PushedModel],
    registry_dir: Parameter[str],
) -> None:
    """Publish `model` as the next version under `registry_dir`, and make it the champion,
    if the Evaluator's `model_blessing` and the serving check's `infra_blessing` both bless it."""
    blessed = model_blessing.get_int_custom_property("blessed") == 1
    if not blessed or infra_blessing.get_int_custom_property("blessed") != 1:
        pushed_model.set_int_custom_property("pushed", 0)
        return
    import tensorflow_model_analysis as tfma

    serving_dir = path_utils.serving_model_path(model.uri, path_utils.is_old_model_artifact(model))
    info = {
        "model_artifact_id": model.id,
        "blessing_uri": model_blessing.uri,
        "infra_blessing_uri": infra_blessing.uri,
        "evaluation_uri": evaluation.uri,
        "blessed": blessed,
        "metrics": push_record.metrics_by_slice(tfma.load_eval_result(evaluation.uri).slicing_metrics),
        "code_revision": push_record.code_revision(Path(__file__).parent),
    }
    # A rerun whose Trainer came from cache re-blesses the same model: publishing is
    # idempotent on the model's URI, so it keeps its version instead of taking a new one,
    # and the aliases (perhaps rolled back since) are left as they are.
    version_dir, published = registry.publish(Path(serving_dir), Path(registry_dir), info)
    if published:
        aliases.promote(Path(registry_dir), int(version_dir.name))
    pushed_model.set_int_custom_property("pushed", 1)
    pushed_model.set_string_custom_property("pushed_destination", str(version_dir))
    pushed_model.set_int_custom_property("pushed_version", int(version_dir.name))
