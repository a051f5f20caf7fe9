"""VertexRegistryPusher: registers a blessed model in Vertex AI Model Registry.

The TFX interface only: it unpacks the artifacts and hands a `Release` to
`components.vertex_registry`, where the logic lives.
"""

from tfx.dsl.component.experimental.annotations import InputArtifact, OutputArtifact, Parameter
from tfx.dsl.component.experimental.decorators import component
from tfx.types.standard_artifacts import InfraBlessing, Model, ModelBlessing, ModelEvaluation, PushedModel
from tfx.utils import path_utils

from components import vertex_registry


def overall_metric(evaluation_uri: str, name: str) -> float:
    """The value of metric `name` on the whole eval split, as the Evaluator wrote it."""
    import tensorflow_model_analysis as tfma

    for slice_key, by_output in tfma.load_eval_result(evaluation_uri).slicing_metrics:
        if slice_key == ():
            value = by_output[""][""][name]
            return value["doubleValue"] if "doubleValue" in value else value["boundedValue"]["value"]
    raise ValueError(f"no overall slice in the evaluation at {evaluation_uri}")


@component
def VertexRegistryPusher(
    model: InputArtifact[Model],
    model_blessing: InputArtifact[ModelBlessing],
    evaluation: InputArtifact[ModelEvaluation],
    infra_blessing: InputArtifact[InfraBlessing],
    pushed_model: OutputArtifact[PushedModel],
    project: Parameter[str],
    region: Parameter[str],
    model_id: Parameter[str],
    serving_image: Parameter[str],
    domain: Parameter[str],
    metric: Parameter[str],
    pipeline_run: Parameter[str],
) -> None:
    """Register `model` as the champion version of `model_id` if the Evaluator's `model_blessing`
    and the serving check's `infra_blessing` both bless it."""
    if model_blessing.get_int_custom_property("blessed") != 1 or infra_blessing.get_int_custom_property("blessed") != 1:
        pushed_model.set_int_custom_property("pushed", 0)
        return
    # Imported here: the SDK takes seconds to import, and only this step on Vertex needs it.
    from google.cloud import aiplatform

    release = vertex_registry.Release(
        project=project,
        region=region,
        model_id=model_id,
        model_uri=model.uri,
        serving_dir=path_utils.serving_model_path(model.uri, path_utils.is_old_model_artifact(model)),
        serving_image=serving_image,
        domain=domain,
        pipeline_run=pipeline_run,
        metric=metric,
        metric_value=overall_metric(evaluation.uri, metric),
    )
    published = vertex_registry.publish(aiplatform, release)
    pushed_model.set_int_custom_property("pushed", 1)
    pushed_model.set_string_custom_property("pushed_destination", f"{published.model_name}@{published.version_id}")
    pushed_model.set_int_custom_property("pushed_version", int(published.version_id))
