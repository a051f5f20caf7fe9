"""The real pipeline, run by the real CLI on a small slice of the fraud sample, then rerun."""

import gzip
import re
import itertools
from collections import Counter
from pathlib import Path

import pytest
from ml_metadata import metadata_store
from ml_metadata.proto import metadata_store_pb2

from pipelines.pipeline import ComponentId
from tests.pipelines.test_cli import cli

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
EXECUTED_NODES = {
    ComponentId.EXAMPLE_GEN,
    ComponentId.STATISTICS_GEN,
    ComponentId.SCHEMA_GEN,
    ComponentId.EXAMPLE_VALIDATOR,
    ComponentId.DATA_GATE,
    ComponentId.TRANSFORM,
    ComponentId.TRAINER,
    ComponentId.EVALUATOR,
    ComponentId.SERVING_CHECK,
    ComponentId.PUSHER,
}
# On a rerun the gate checks the data again, now for drift against the first run's span, and
# the Evaluator compares with the model the first run blessed; all else comes from cache, the
# serving check too (same model, same examples).
FROM_CACHE_ON_RERUN = EXECUTED_NODES - {ComponentId.DATA_GATE, ComponentId.EVALUATOR, ComponentId.PUSHER}


def _small_sample(path: Path, normal_rows: int = 3000) -> Path:
    with gzip.open(REPO / "data/fraud/creditcard_sample.csv.gz", "rt") as f:
        header, *rows = f.readlines()
    normal = itertools.islice((r for r in rows if r.rstrip().endswith('"0"')), normal_rows)
    fraud = [r for r in rows if r.rstrip().endswith('"1"')]
    path.write_text(header + "".join(sorted([*normal, *fraud], key=rows.index)))
    return path


def _states_by_node(metadata: Path) -> dict[str, Counter]:
    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = str(metadata)
    store = metadata_store.MetadataStore(config)
    states: dict[str, Counter] = {}
    for context in store.get_contexts_by_type("node"):
        node = context.name.split(".", 1)[1]
        states[node] = Counter(
            metadata_store_pb2.Execution.State.Name(e.last_known_state) for e in store.get_executions_by_context(context.id)
        )
    return states


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("e2e")
    data = _small_sample(tmp / "fraud_small.csv")
    out = tmp / "artifacts"
    first = cli("run", "--domain", "fraud", "--data", str(data), "--output-dir", str(out), cwd=tmp)
    states_after_first = _states_by_node(out / "metadata" / "fraud.sqlite")
    second = cli("run", "--domain", "fraud", "--data", str(data), "--output-dir", str(out), cwd=tmp)
    return out, first, states_after_first, second


def test_first_run_executes_each_component_once_and_pushes_version_1(runs) -> None:
    out, first, states, _ = runs
    assert first.returncode == 0, first.stderr[-3000:]
    for node in EXECUTED_NODES:
        assert states[node] == Counter({"COMPLETE": 1}), node
        assert f"[fraud] {node:<28} finished in" in first.stdout
    assert (out / "registry" / "fraud" / "1" / "saved_model.pb").is_file()
    assert f"pushed:    version 1 -> {out / 'registry' / 'fraud' / '1'}" in first.stdout
    assert "rows:      train " in first.stdout and "anomalies: none" in first.stdout
    assert "auc_precision_recall 0." in first.stdout and "blessed:   yes" in first.stdout
    assert "serving:   ok (512 examples, max |diff| " in first.stdout


def test_rerun_on_unchanged_inputs_comes_from_cache_and_pushes_nothing_new(runs) -> None:
    out, _, _, second = runs
    assert second.returncode == 0, second.stderr[-3000:]
    states = _states_by_node(out / "metadata" / "fraud.sqlite")
    for node in FROM_CACHE_ON_RERUN:
        assert states[node] == Counter({"COMPLETE": 1, "CACHED": 1}), node
        assert re.search(rf"\[fraud\] {node} +finished in +[0-9.]+s \(cached\)", second.stdout), node
    assert states[ComponentId.DATA_GATE] == Counter({"COMPLETE": 2})
    # The same model is not published twice.
    assert sorted(p.name for p in (out / "registry" / "fraud").iterdir() if p.name.isdigit()) == ["1"]
    assert f"pushed:    version 1 -> {out / 'registry' / 'fraud' / '1'}" in second.stdout
    assert "serving:   ok (512 examples, max |diff| " in second.stdout
