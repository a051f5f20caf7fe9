"""What `model.tflite` takes and returns, as recorded beside it in `model.tflite.json`.

Plain data, no TensorFlow: the model card reads it, and an embedded caller can feed the
interpreter from it (names, types, known categories) without inspecting the flatbuffer.
`components.edge_export` writes both files.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

TFLITE_FILE = "model.tflite"
DESCRIPTION_FILE = "model.tflite.json"


@dataclasses.dataclass(frozen=True)
class EdgeInput:
    """One raw feature: a tensor of shape [batch] of `dtype` (float32, int64 or string)."""

    name: str
    dtype: str
    # For a categorical feature, the values seen in training; any other value is scored as
    # the out-of-vocabulary category, as the SavedModel scores it.
    categories: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class EdgeModel:
    inputs: tuple[EdgeInput, ...]
    output: str
    signature: str

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "EdgeModel":
        data = json.loads(text)
        inputs = tuple(EdgeInput(i["name"], i["dtype"], tuple(i["categories"])) for i in data["inputs"])
        return cls(inputs=inputs, output=data["output"], signature=data["signature"])


def read(model_dir: Path) -> tuple[EdgeModel, int] | None:
    """The description and the file size in bytes of the TFLite model in `model_dir`, if it has one."""
    tflite, description = model_dir / TFLITE_FILE, model_dir / DESCRIPTION_FILE
    if not (tflite.is_file() and description.is_file()):
        return None
    return EdgeModel.from_json(description.read_text()), tflite.stat().st_size
