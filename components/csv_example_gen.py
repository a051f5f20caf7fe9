"""The executor of the pipeline's CsvExampleGen: CSV parsed by Arrow, same examples, same splits.

TFX's own executor parses every line and builds every feature in Python on the one Beam
worker: 93.9 s of a 237.8 s pipeline on the 284,807-row fraud data, 43.1 s with this one
(BENCHMARKS.md). This one
reads blocks of rows with Arrow and encodes them in C++ (`components.csv_records`); the
splitting, the output files and the artifact are TFX's (`BaseExampleGenExecutor`), so the
component keeps its id, inputs, outputs and cache. It runs wherever Beam does (the files are
opened through Beam's file systems), so on Dataflow too, and reads `.gz` files, which TFX's
executor does not.
"""

from __future__ import annotations

import contextlib
import gzip
import os
from typing import Any, BinaryIO, Iterator

import apache_beam as beam
import pyarrow as pa
import tensorflow as tf
from apache_beam.io.filesystems import FileSystems
from tfx.components.example_gen.base_example_gen_executor import BaseExampleGenExecutor
from tfx.types import standard_component_specs

from components import csv_records


@contextlib.contextmanager
def _open(path: str) -> Iterator[BinaryIO]:
    """The file's bytes, gunzipped when it is named `.gz` (as TFX's own executor reads it).

    Python's gzip rather than Beam's: Beam's CompressedFile has `closed` as a method, which
    Arrow takes for a closed file.
    """
    with FileSystems.open(path, compression_type="uncompressed") as raw:
        yield gzip.GzipFile(fileobj=raw) if path.endswith(".gz") else raw


def _header(path: str) -> list[str]:
    with _open(path) as file:
        return csv_records.header(file)


def _blocks(path: str) -> Iterator[pa.RecordBatch]:
    with _open(path) as file:
        yield from csv_records.read_blocks(file)


def _same_header(paths: list[str], pattern: str) -> None:
    headers = [_header(path) for path in paths]
    if any(h != headers[0] for h in headers):
        raise RuntimeError(f"Files in same split {pattern} have different header.")


class _MergeTypes(beam.CombineFn):
    """Column types over every block, widened as CsvExampleGen widens them."""

    def create_accumulator(self) -> dict:
        return {}

    def add_input(self, types: dict, block: Any) -> dict:
        return csv_records.column_types(block, types)

    def merge_accumulators(self, many: Any) -> dict:
        return csv_records.merge_types(list(many))

    def extract_output(self, types: dict) -> dict:
        return types


@beam.typehints.with_input_types(beam.Pipeline)
@beam.typehints.with_output_types(tf.train.Example)
class _CsvToExample(beam.PTransform):
    """The CSV files of one input split -> tf.Examples (column types over all of them first)."""

    def __init__(self, exec_properties: dict[str, Any], split_pattern: str):
        self._pattern = os.path.join(exec_properties[standard_component_specs.INPUT_BASE_KEY], split_pattern)

    def expand(self, pipeline: beam.Pipeline) -> beam.PCollection:
        paths = [m.path for m in FileSystems.match([self._pattern])[0].metadata_list]
        if not paths:
            raise RuntimeError(f"Split pattern {self._pattern} does not match any files.")
        _same_header(paths, self._pattern)
        blocks = pipeline | "Files" >> beam.Create(sorted(paths)) | "ReadBlocks" >> beam.FlatMap(_blocks)
        types = beam.pvalue.AsSingleton(blocks | "InferColumnTypes" >> beam.CombineGlobally(_MergeTypes()))
        return blocks | "ToTFExample" >> beam.FlatMap(csv_records.examples, types)


class Executor(BaseExampleGenExecutor):
    """CsvExampleGen's executor contract, with `_CsvToExample` as the input transform."""

    def GetInputSourceToExamplePTransform(self) -> beam.PTransform:
        return _CsvToExample
