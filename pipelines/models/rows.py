"""Raw CSV rows checked against a domain's curated schema and typed for a `tf.Example`.

Plain Python (the schema proto only, no TensorFlow): batch prediction refuses a row the
pipeline would have flagged, instead of scoring a value the model never saw, and says
where: file line and column.
"""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import Iterable, Iterator, Union

from google.protobuf import text_format
from tensorflow_metadata.proto.v0 import schema_pb2

Value = Union[int, float, bytes]


class RowError(ValueError):
    """A row that violates the schema; the message names the line and the column."""


class Kind(str, enum.Enum):
    INT = "int"
    FLOAT = "float"
    BYTES = "bytes"


@dataclasses.dataclass(frozen=True)
class Column:
    """What the schema allows in one feature column."""

    name: str
    kind: Kind
    required: bool  # schema presence min_fraction 1.0: an empty cell is refused
    allowed: frozenset[str] | None = None  # a string or boolean domain
    low: float | None = None
    high: float | None = None

    def parse(self, text: str, where: str) -> list[Value]:
        """The cell as the feature's value list; [] for an allowed gap."""
        text = text.strip()
        if text == "":
            if self.required:
                raise RowError(f"{where}: column {self.name!r} is empty but required by the schema")
            return []
        if self.kind is Kind.BYTES:
            if self.allowed is not None and text not in self.allowed:
                raise RowError(
                    f"{where}: column {self.name!r} has {text!r}, not one of {', '.join(sorted(self.allowed))}"
                )
            return [text.encode()]
        try:
            number = float(text)
        except ValueError:
            raise RowError(f"{where}: column {self.name!r} has {text!r}, not a number") from None
        if self.kind is Kind.INT and not number.is_integer():
            raise RowError(f"{where}: column {self.name!r} has {text!r}, not an integer")
        if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
            raise RowError(f"{where}: column {self.name!r} has {text}, outside [{self.low}, {self.high}]")
        return [int(number) if self.kind is Kind.INT else number]


_KINDS = {schema_pb2.INT: Kind.INT, schema_pb2.FLOAT: Kind.FLOAT, schema_pb2.BYTES: Kind.BYTES}


def load_schema(path: Path) -> schema_pb2.Schema:
    return text_format.Parse(path.read_text(), schema_pb2.Schema())


def columns(schema: schema_pb2.Schema, features: Iterable[str]) -> list[Column]:
    """The checks for each of `features` (the model's raw inputs), read from `schema`."""
    by_name = {f.name: f for f in schema.feature}
    domains = {d.name: d for d in schema.string_domain}
    result = []
    for name in features:
        feature = by_name[name]
        allowed, low, high = None, None, None
        if feature.HasField("domain"):
            allowed = frozenset(domains[feature.domain].value)
        elif feature.HasField("string_domain"):
            allowed = frozenset(feature.string_domain.value)
        elif feature.HasField("bool_domain") and feature.bool_domain.true_value:
            allowed = frozenset({feature.bool_domain.true_value, feature.bool_domain.false_value})
        elif feature.HasField("int_domain"):
            low = feature.int_domain.min if feature.int_domain.HasField("min") else None
            high = feature.int_domain.max if feature.int_domain.HasField("max") else None
        elif feature.HasField("float_domain"):
            low = feature.float_domain.min if feature.float_domain.HasField("min") else None
            high = feature.float_domain.max if feature.float_domain.HasField("max") else None
        required = feature.presence.min_fraction >= 1.0
        result.append(Column(name, _KINDS[feature.type], required, allowed, low, high))
    return result


def typed_rows(
    header: list[str], rows: Iterable[tuple[int, list[str]]], checks: list[Column], source: str
) -> Iterator[dict[str, list[Value]]]:
    """Each (line number, cells) row as feature -> values; RowError at the first violation."""
    missing = [c.name for c in checks if c.name not in header]
    if missing:
        raise RowError(f"{source}, line 1: missing required column(s) {', '.join(missing)}")
    at = {c.name: header.index(c.name) for c in checks}
    for line, cells in rows:
        where = f"{source}, line {line}"
        if len(cells) != len(header):
            raise RowError(f"{where}: {len(cells)} fields where the header has {len(header)}")
        yield {c.name: c.parse(cells[at[c.name]], where) for c in checks}
