"""The process-tree sampler on a real tree: a parent whose two children each hold memory."""

import sys
import textwrap
from pathlib import Path

from bench import process

MIB = 2**20
CHILD = "import time; block = bytearray(80 * 2**20); block[::4096] = b'x' * len(block[::4096]); time.sleep(1.5)"
PARENT = textwrap.dedent(
    f"""
    import subprocess, sys
    children = [subprocess.Popen([sys.executable, "-c", {CHILD!r}]) for _ in range(2)]
    print("started", len(children), flush=True)
    sys.exit(max(child.wait() for child in children))
    """
)


def test_peak_counts_the_children_and_the_log_holds_the_output(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    measured = process.run([sys.executable, "-c", PARENT], log, interval=0.05)
    assert measured.returncode == 0
    ((at, line),) = measured.lines
    assert line == "started 2" and 0 < at <= measured.wall_s
    assert log.read_text().split() == [f"{at:.3f}", "started", "2"]
    # Each child touched 80 MiB; no single process of the tree holds 160 MiB.
    assert measured.peak_rss_bytes > 160 * MIB
    assert 0.0 <= measured.others_cpu_share <= 1.0
    assert measured.wall_s > 0


def test_exit_code_is_reported(tmp_path: Path) -> None:
    measured = process.run([sys.executable, "-c", "import sys; sys.exit(3)"], tmp_path / "run.log")
    assert measured.returncode == 3


def test_a_finished_process_has_no_memory(tmp_path: Path) -> None:
    import subprocess

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert process.tree_rss(child.pid) == 0


def test_others_share_is_what_the_command_did_not_use() -> None:
    measured = process.ProcessMeasure(0, wall_s=10.0, peak_rss_bytes=0, cpu_s=5.0, machine_busy_s=15.0, cores=2)
    assert measured.others_cpu_share == 0.5
