"""The generic `preprocessing_fn`: a domain's spec decides what happens to each column.

Transformed features keep their raw names. Numeric features are imputed (where the
schema allows gaps) and z-scored, heavy-tailed ones go through log1p first, categorical
ones become vocabulary indices with one out-of-vocabulary bucket. A column that may be
missing also yields `<name>__missing`, since the absence of a value often carries signal.
"""

from __future__ import annotations

from typing import Any, Mapping

import tensorflow as tf
import tensorflow_transform as tft

from pipelines.domains import loader

LABEL_COUNTS_VOCAB = "label_counts"
MISSING_SUFFIX = "__missing"
# One bucket for every unseen category: the TFLite export relies on it (an unseen value is
# index len(vocabulary)), since it re-expresses the lookup with builtin ops.
OOV_BUCKETS = 1
Tensor = tf.Tensor | tf.SparseTensor


def vocab_name(feature: str) -> str:
    return f"vocab_{feature}"


def _to_dense(x: Tensor, default: Any) -> tf.Tensor:
    """A [batch, 1] dense tensor; a SparseTensor (optional column) gets `default` where empty."""
    if not isinstance(x, tf.SparseTensor):
        return x
    shaped = tf.SparseTensor(x.indices, x.values, [x.dense_shape[0], 1])
    return tf.sparse.to_dense(shaped, default_value=default)


def _is_missing(x: tf.SparseTensor) -> tf.Tensor:
    present = tf.sparse.to_dense(
        tf.SparseTensor(x.indices, tf.ones_like(x.values, tf.float32), [x.dense_shape[0], 1])
    )
    return 1.0 - present


def _numeric(x: Tensor, log: bool) -> tf.Tensor:
    if isinstance(x, tf.SparseTensor):
        values = tf.cast(x.values, tf.float32)
        # Impute with the mean of the values that are present in the training data.
        x = tf.SparseTensor(x.indices, values, x.dense_shape)
        dense = _to_dense(x, default=tf.cast(tft.mean(values), tf.float32))
    else:
        dense = tf.cast(x, tf.float32)
    if log:
        dense = tf.math.log1p(tf.maximum(dense, 0.0))
    return tft.scale_to_z_score(dense)


def _categorical(x: Tensor, name: str) -> tf.Tensor:
    # Integer codes (e.g. chest-pain type 1-4) are categories too: vocabulary works on strings.
    if x.dtype != tf.string and isinstance(x, tf.SparseTensor):
        x = tf.SparseTensor(x.indices, tf.strings.as_string(x.values), x.dense_shape)
    elif x.dtype != tf.string:
        x = tf.strings.as_string(x)
    dense = _to_dense(x, default="")
    return tft.compute_and_apply_vocabulary(dense, num_oov_buckets=OOV_BUCKETS, vocab_filename=vocab_name(name))


def preprocessing_fn(inputs: Mapping[str, Tensor], custom_config: Mapping[str, Any]) -> dict[str, tf.Tensor]:
    """TFT entry point; `custom_config["domain"]` is `DomainSpec.to_dict()`."""
    spec = loader.from_dict(custom_config["domain"])
    groups = spec.features
    outputs: dict[str, tf.Tensor] = {}
    for name in groups.numeric + groups.log_numeric:
        outputs[name] = _numeric(inputs[name], log=name in groups.log_numeric)
    for name in groups.categorical:
        outputs[name] = _categorical(inputs[name], name)
    for name in groups.all():
        if isinstance(inputs[name], tf.SparseTensor):
            outputs[name + MISSING_SUFFIX] = _is_missing(inputs[name])

    label = tf.cast(_to_dense(inputs[spec.label], default=0), tf.int64)
    # Class counts, read back by the trainer to weight the rare class.
    tft.vocabulary(tf.strings.as_string(label), vocab_filename=LABEL_COUNTS_VOCAB, store_frequency=True)
    outputs[spec.label] = label
    return outputs
