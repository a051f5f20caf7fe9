"""The Arrow executor writes what TFX's CsvExampleGen executor writes: same examples, same splits."""

from __future__ import annotations

import collections
import gzip
from pathlib import Path

import pytest
import tensorflow as tf
from tfx.components.example_gen.csv_example_gen import executor as tfx_csv
from tfx.proto import example_gen_pb2
from tfx.types import standard_artifacts, standard_component_specs
from tfx.utils import proto_utils

from components import csv_example_gen
from pipelines import domains
from pipelines.pipeline import split_config
from pipelines.staging import stage

EDGE_CASES = (
    "id,amount,code,note,empty,mixed,label\n"
    '1,10,A,"two\nlines",,1,0\n'
    "2,2.5,NA,nan,,2.5,1\n"
    "\n"
    '3,,"",null,,x,0\n'
    '4,-7,b,"a, comma",,-1e+05,1\n'
)


def _run(executor_class: type, input_dir: Path, out: Path, split: example_gen_pb2.SplitConfig) -> standard_artifacts.Examples:
    examples = standard_artifacts.Examples()
    examples.uri = str(out)
    properties = {
        standard_component_specs.INPUT_BASE_KEY: str(input_dir),
        standard_component_specs.INPUT_CONFIG_KEY: proto_utils.proto_to_json(
            example_gen_pb2.Input(splits=[example_gen_pb2.Input.Split(name="single_split", pattern="*")])
        ),
        standard_component_specs.OUTPUT_CONFIG_KEY: proto_utils.proto_to_json(example_gen_pb2.Output(split_config=split)),
    }
    executor_class().Do({}, {standard_component_specs.EXAMPLES_KEY: [examples]}, properties)
    return examples


def _split_contents(examples: standard_artifacts.Examples) -> dict[str, collections.Counter]:
    contents = {}
    for split_dir in sorted(Path(examples.uri).iterdir()):
        files = [str(p) for p in split_dir.iterdir()]
        records = tf.data.TFRecordDataset(files, compression_type="GZIP").as_numpy_iterator()
        contents[split_dir.name] = collections.Counter(
            tf.train.Example.FromString(r).SerializeToString(deterministic=True) for r in records
        )
    return contents


def _assert_same_as_tfx(input_dir: Path, tmp_path: Path, split: example_gen_pb2.SplitConfig) -> dict:
    ours = _split_contents(_run(csv_example_gen.Executor, input_dir, tmp_path / "ours", split))
    theirs = _split_contents(_run(tfx_csv.Executor, input_dir, tmp_path / "tfx", split))
    assert ours.keys() == theirs.keys() == {"Split-train", "Split-eval"}
    for name in ours:
        assert ours[name] == theirs[name], name
    return ours


def test_edge_cases_match_csv_example_gen(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "data.csv").write_text(EDGE_CASES)
    (tmp_path / "in_gz").mkdir()
    with gzip.open(tmp_path / "in_gz" / "data.csv.gz", "wt") as f:
        f.write(EDGE_CASES)
    split = example_gen_pb2.SplitConfig(
        splits=[
            example_gen_pb2.SplitConfig.Split(name="train", hash_buckets=1),
            example_gen_pb2.SplitConfig.Split(name="eval", hash_buckets=1),
        ]
    )
    contents = _assert_same_as_tfx(tmp_path / "in", tmp_path, split)
    # TFX's executor cannot read a gzipped file (its header check reads raw bytes); this one can.
    assert _split_contents(_run(csv_example_gen.Executor, tmp_path / "in_gz", tmp_path / "gz", split)) == contents
    rows = [tf.train.Example.FromString(r) for split in contents.values() for r in split.elements()]
    assert len(rows) == 4
    by_id = {r.features.feature["id"].int64_list.value[0]: r.features.feature for r in rows}
    assert by_id[1]["note"].bytes_list.value == [b"two\nlines"]
    assert by_id[2]["code"].bytes_list.value == [b"NA"]  # only an empty cell is missing
    assert by_id[3]["amount"].WhichOneof("kind") == "float_list" and not by_id[3]["amount"].float_list.value
    assert by_id[4]["mixed"].bytes_list.value == [b"-1e+05"]  # one text cell makes the column STRING
    assert by_id[1]["empty"].WhichOneof("kind") is None  # a column without any value


@pytest.mark.slow
@pytest.mark.parametrize("domain", domains.names())
def test_every_domain_matches_csv_example_gen(domain: str, tmp_path: Path) -> None:
    spec = domains.get(domain)
    staged = stage(spec.default_data, tmp_path / "inputs", spec)
    _assert_same_as_tfx(staged.directory, tmp_path, split_config(spec))
