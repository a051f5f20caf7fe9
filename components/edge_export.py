"""The trained model and its Transform step as one TFLite model, for embedded callers.

Written by the Trainer beside the SavedModel when the domain opts in (`[export] tflite =
true`), so the registry publishes it with the version. The caller passes raw values, one
tensor of shape [batch] per feature, and gets the probability the SavedModel's
`serving_default` gives for the same row; no TensorFlow, no tf.Example, no Flex delegate.

The numeric part of Transform (log1p, z-score with the constants Transform computed) runs
from the Transform graph itself (`transform_features_layer`). Its vocabulary lookups do not convert: TFT turns
integer categories into strings (`AsString`) and hashes unseen values into the
out-of-vocabulary bucket (`StringToHashBucketFast`), and TFLite has no builtin for either.
So each categorical feature is looked up here instead, against the same vocabulary file,
with the same result: the value's position in the file, or the vocabulary size (the one
OOV bucket, `components.preprocessing.OOV_BUCKETS`) for a value not in it. The converter
then drops the Transform graph's own lookups, whose outputs nothing reads.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import tempfile
from typing import Any, Iterator, Mapping

import tensorflow as tf
import tensorflow_transform as tft

from components.edge_model import DESCRIPTION_FILE, TFLITE_FILE, EdgeInput, EdgeModel
from components.preprocessing import vocab_name

# The name the converter gives the signature of the one function it converts.
SIGNATURE = "serving_default"
# Categories are compared as these types; a float category has no exact string form.
_CATEGORY_DTYPES = (tf.string, tf.int64)


class EdgeExportError(ValueError):
    """The model cannot be exported for TFLite; the message names the feature or operator at fault."""


def raw_inputs(raw_feature_spec: Mapping[str, Any], features: tuple[str, ...], categorical: tuple[str, ...]) -> list[tf.TensorSpec]:
    """One [batch] tensor per raw feature, in the domain's order.

    Only required single values are supported: an optional column would need the caller
    to say "missing", and a plain tensor has no way to.
    """
    specs = []
    for name in features:
        spec = raw_feature_spec[name]
        if not isinstance(spec, tf.io.FixedLenFeature) or list(spec.shape) != [1]:
            kind = f"FixedLenFeature of shape {list(spec.shape)}" if isinstance(spec, tf.io.FixedLenFeature) else type(spec).__name__
            raise EdgeExportError(
                f"feature {name!r} is {kind}: the TFLite export takes only features the schema requires "
                "with exactly one value per row"
            )
        if name in categorical and spec.dtype not in _CATEGORY_DTYPES:
            raise EdgeExportError(f"categorical feature {name!r} is {spec.dtype.name}: only string and integer categories export")
        specs.append(tf.TensorSpec([None], spec.dtype, name=name))
    return specs


def _lookup(values: tf.Tensor, keys: tf.Tensor) -> tf.Tensor:
    """[batch, 1] values -> their index in `keys`, or len(keys) when absent (builtin TFLite ops only).

    One comparison per vocabulary entry: nothing for the few categories a vehicle-side model
    sees; a vocabulary of many thousands would want TFLite's hash-table ops instead.
    """
    matches = tf.equal(tf.expand_dims(values, -1), keys)
    index = tf.argmax(tf.cast(matches, tf.int32), axis=-1, output_type=tf.int64)
    return tf.where(tf.reduce_any(matches, axis=-1), index, tf.size(keys, out_type=tf.int64))


class _EdgeModule(tf.Module):
    """Raw feature tensors -> Transform -> model; tracks both so the converter can freeze them."""

    def __init__(
        self,
        model: tf.keras.Model,
        tf_transform_output: tft.TFTransformOutput,
        inputs: list[tf.TensorSpec],
        vocabularies: dict[str, tf.Tensor],
        output: str,
    ) -> None:
        super().__init__()
        self.model = model
        self.tft_layer = tf_transform_output.transform_features_layer()
        input_names = list(model.input_names)

        @tf.function(input_signature=inputs)
        def edge(*values: tf.Tensor) -> dict[str, tf.Tensor]:
            raw = {spec.name: tf.expand_dims(value, -1) for spec, value in zip(inputs, values)}
            transformed = dict(self.tft_layer(raw))
            for name, keys in vocabularies.items():
                transformed[name] = _lookup(raw[name], keys)
            return {output: self.model({name: transformed[name] for name in input_names})}

        self.edge = edge


@contextlib.contextmanager
def _native_stderr_to_log() -> Iterator[None]:
    """Send what C++ writes to stderr meanwhile to the log instead.

    The converter's native warnings ("Ignored output_format", ...) ignore Python logging and
    TF_CPP_MIN_LOG_LEVEL; without this they land between the CLI's progress lines.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            if text := captured.read().decode(errors="replace").strip():
                logging.info("TFLite converter: %s", text)


def _convert(module: _EdgeModule) -> bytes:
    converter = tf.lite.TFLiteConverter.from_concrete_functions([module.edge.get_concrete_function()], module)
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
    try:
        with _native_stderr_to_log():
            return converter.convert()
    except Exception as err:  # noqa: BLE001 - the converter's ConverterError is not public API
        unsupported = re.search(r"TF Select ops: (.+)", str(err))
        reason = f"no TFLite builtin for {unsupported.group(1)}" if unsupported else str(err).strip().splitlines()[-1]
        raise EdgeExportError(f"the model and its Transform step do not convert to TFLite builtins: {reason}") from err


def export(
    model: tf.keras.Model,
    tf_transform_output: tft.TFTransformOutput,
    features: tuple[str, ...],
    categorical: tuple[str, ...],
    output: str,
    model_dir: str,
) -> EdgeModel:
    """Write `model.tflite` and `model.tflite.json` into `model_dir` (local or gs://)."""
    raw_spec = tf_transform_output.raw_feature_spec()
    inputs = raw_inputs(raw_spec, features, categorical)
    categories = {name: [v.decode() for v in tf_transform_output.vocabulary_by_name(vocab_name(name))] for name in categorical}
    # Integer categories were turned into strings by Transform; the file holds their decimal form.
    vocabularies = {
        name: tf.constant([int(v) for v in values] if raw_spec[name].dtype == tf.int64 else values, raw_spec[name].dtype)
        for name, values in categories.items()
    }
    flatbuffer = _convert(_EdgeModule(model, tf_transform_output, inputs, vocabularies, output))
    description = EdgeModel(
        inputs=tuple(EdgeInput(s.name, s.dtype.name, tuple(categories.get(s.name, ()))) for s in inputs),
        output=output,
        signature=SIGNATURE,
    )
    with tf.io.gfile.GFile(os.path.join(model_dir, TFLITE_FILE), "wb") as f:
        f.write(flatbuffer)
    with tf.io.gfile.GFile(os.path.join(model_dir, DESCRIPTION_FILE), "w") as f:
        f.write(description.to_json())
    return description
