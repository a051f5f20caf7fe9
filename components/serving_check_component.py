"""ServingCheck: the TFX interface of `components.serving_check`, between the Evaluator and the Pusher.

It writes an `InfraBlessing`, as TFX's InfraValidator does: custom property `blessed` 1 or 0,
`examples` (how many were sent), `max_abs_diff` (from the Evaluator's predictions, once
compared) and, when not blessed, `reason`. The pushers refuse a model it did not bless.
"""

import os

import tensorflow as tf
from absl import logging
from tfx.dsl.component.experimental.annotations import InputArtifact, OutputArtifact, Parameter
from tfx.dsl.component.experimental.decorators import component
from tfx.types import artifact_utils
from tfx.types.standard_artifacts import Examples, InfraBlessing, Model
from tfx.utils import path_utils

from components import serving_check


EVAL_SPLIT = "eval"  # the split the Evaluator scores


def as_the_evaluator_loads_it(model_dir: str) -> serving_check.Signature:
    """`serving_default` of the model loaded by TFMA's own loader, as the Evaluator's executor calls it."""
    import tensorflow_model_analysis as tfma

    config = tfma.EvalConfig(model_specs=[tfma.ModelSpec(signature_name=serving_check.SIGNATURE)])
    shared = tfma.default_eval_shared_model(eval_saved_model_path=model_dir, eval_config=config)
    return shared.model_loader.construct_fn().signatures[serving_check.SIGNATURE]


@component
def ServingCheck(
    model: InputArtifact[Model],
    examples: InputArtifact[Examples],
    blessing: OutputArtifact[InfraBlessing],
    max_examples: Parameter[int],
    tolerance: Parameter[float],
    timeout_seconds: Parameter[int],
) -> None:
    """Serve up to `max_examples` eval examples from `model` in a fresh process and bless it if the
    output is one finite probability per example, within `tolerance` of the Evaluator's."""
    split_dir = artifact_utils.get_split_uri([examples], EVAL_SPLIT)
    serialized = serving_check.read_examples(sorted(tf.io.gfile.glob(os.path.join(split_dir, "*"))), max_examples)
    serving_dir = path_utils.serving_model_path(model.uri, path_utils.is_old_model_artifact(model))
    verdict = serving_check.verify(serving_dir, serialized, as_the_evaluator_loads_it, tolerance, timeout_seconds)
    blessing.set_int_custom_property("blessed", int(verdict.blessed))
    blessing.set_int_custom_property("examples", verdict.examples)
    if verdict.max_abs_diff is not None:
        blessing.set_float_custom_property("max_abs_diff", verdict.max_abs_diff)
    if not verdict.blessed:
        blessing.set_string_custom_property("reason", verdict.reason)
    logging.info("serving check of %s: %s", serving_dir, verdict)
