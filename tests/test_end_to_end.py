"""The real pipeline, run by the real CLI on a small slice of the fraud sample: killed with
SIGKILL in the middle of the Trainer, rerun to completion, then rerun on unchanged inputs."""

import gzip
import itertools
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from ml_metadata import metadata_store
from ml_metadata.proto import metadata_store_pb2

from pipelines.pipeline import ComponentId
from tests.pipelines.test_cli import REPO, cli, user_env

pytestmark = pytest.mark.slow
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
UPSTREAM_OF_TRAINER = {
    ComponentId.EXAMPLE_GEN,
    ComponentId.STATISTICS_GEN,
    ComponentId.SCHEMA_GEN,
    ComponentId.EXAMPLE_VALIDATOR,
    ComponentId.TRANSFORM,
}
# On a rerun the gate checks the data again, now for drift against the first run's span, and
# the pusher finds the model already published; all else comes from cache, the Evaluator too
# (the model the first run blessed is the candidate itself, never its own baseline).
FROM_CACHE_ON_RERUN = EXECUTED_NODES - {ComponentId.DATA_GATE, ComponentId.PUSHER}


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


def _killed_in_trainer(args: list[str], cwd: Path, seconds_into_training: float = 3.0) -> str:
    """Run the CLI, SIGKILL its whole process group a few seconds after the Trainer starts."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines", *args], cwd=cwd, env=user_env(), stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if re.match(rf"\[fraud\] {ComponentId.TRAINER} +started", line):
                time.sleep(seconds_into_training)
                break
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        lines.append(process.stdout.read())
        process.wait()
    return "".join(lines)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("e2e")
    data = _small_sample(tmp / "fraud_small.csv")
    out = tmp / "artifacts"
    command = ["run", "--domain", "fraud", "--data", str(data), "--output-dir", str(out)]
    killed = _killed_in_trainer(command, cwd=tmp)
    states_after_kill = _states_by_node(out / "metadata" / "fraud.sqlite")
    registry = out / "registry" / "fraud"
    registry_after_kill = sorted(p.name for p in registry.iterdir()) if registry.exists() else []
    first = cli(*command, cwd=tmp)
    states_after_first = _states_by_node(out / "metadata" / "fraud.sqlite")
    second = cli(*command, cwd=tmp)
    return out, (killed, states_after_kill, registry_after_kill), first, states_after_first, second


def test_a_run_killed_in_the_middle_of_the_trainer_leaves_no_version(runs) -> None:
    _, (killed, states, registry), *_ = runs
    assert re.search(rf"\[fraud\] {ComponentId.TRAINER} +started", killed), killed
    assert not re.search(rf"\[fraud\] {ComponentId.TRAINER} +finished", killed), killed
    for node in UPSTREAM_OF_TRAINER:
        assert states[node] == Counter({"COMPLETE": 1}), node
    assert states[ComponentId.TRAINER] == Counter({"RUNNING": 1})
    assert ComponentId.PUSHER not in states
    assert registry == []


def test_rerunning_the_killed_command_reuses_the_upstream_and_pushes_version_1(runs) -> None:
    out, _, first, states, _ = runs
    assert first.returncode == 0, first.stderr[-3000:]
    for node in UPSTREAM_OF_TRAINER:
        assert states[node] == Counter({"COMPLETE": 1, "CACHED": 1}), node
        assert re.search(rf"\[fraud\] {node} +finished in +[0-9.]+s \(cached\)", first.stdout), node
    assert states[ComponentId.TRAINER] == Counter({"RUNNING": 1, "COMPLETE": 1})
    for node in EXECUTED_NODES - UPSTREAM_OF_TRAINER - {ComponentId.TRAINER, ComponentId.DATA_GATE}:
        assert states[node] == Counter({"COMPLETE": 1}), node
    for node in EXECUTED_NODES:
        assert f"[fraud] {node:<28} finished in" in first.stdout
    assert (out / "registry" / "fraud" / "1" / "saved_model.pb").is_file()
    assert f"pushed:    version 1 -> {out / 'registry' / 'fraud' / '1'}" in first.stdout
    assert "rows:      train " in first.stdout and "anomalies: none" in first.stdout
    assert "auc_precision_recall 0." in first.stdout and "blessed:   yes" in first.stdout
    assert "serving:   ok (512 examples, max |diff| " in first.stdout


def test_rerun_on_unchanged_inputs_comes_from_cache_and_pushes_nothing_new(runs) -> None:
    out, *_, second = runs
    assert second.returncode == 0, second.stderr[-3000:]
    states = _states_by_node(out / "metadata" / "fraud.sqlite")
    for node in FROM_CACHE_ON_RERUN:
        assert states[node] - Counter({"RUNNING": 1}) == Counter(
            {"COMPLETE": 1, "CACHED": 2 if node in UPSTREAM_OF_TRAINER else 1}
        ), node
        assert re.search(rf"\[fraud\] {node} +finished in +[0-9.]+s \(cached\)", second.stdout), node
    assert states[ComponentId.DATA_GATE] == Counter({"COMPLETE": 3})
    # The same model is not published twice.
    assert sorted(p.name for p in (out / "registry" / "fraud").iterdir() if p.name.isdigit()) == ["1"]
    assert f"pushed:    version 1 -> {out / 'registry' / 'fraud' / '1'}" in second.stdout
    assert "serving:   ok (512 examples, max |diff| " in second.stdout
