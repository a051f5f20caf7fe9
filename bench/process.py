"""Run a command and measure it as a whole: wall time, peak memory of its process tree, CPU.

TFX and Beam may start helper processes, so the peak is that of the sum over the command and
all its descendants, sampled every `interval` seconds (a peak shorter than that can be missed).
The machine's busy CPU time over the same span, minus the command's own, says how much other
work shared the cores while it was measured.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import subprocess
import threading
import time
from pathlib import Path
from typing import Sequence

import psutil

SAMPLE_INTERVAL_S = 0.2


@dataclasses.dataclass(frozen=True)
class ProcessMeasure:
    returncode: int
    wall_s: float
    peak_rss_bytes: int  # sum of resident memory over the process tree, highest sample
    cpu_s: float  # user + system time of the command and the descendants it waited for
    machine_busy_s: float  # CPU time every process on the machine used meanwhile
    cores: int
    lines: tuple[tuple[float, str], ...] = ()  # output lines, each with when it arrived (s after start)

    @property
    def others_cpu_share(self) -> float:
        """The share of the machine's cores other processes kept busy during the run."""
        if self.wall_s <= 0:
            return 0.0
        return min(max((self.machine_busy_s - self.cpu_s) / (self.wall_s * self.cores), 0.0), 1.0)


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants (0 once it is gone)."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue
    return total


class PeakSampler:
    """Samples `tree_rss(pid)` on a thread until stopped; keeps the highest value."""

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL_S) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _machine_busy_s() -> float:
    # Guest time is already inside user; steal is time the hypervisor gave to other machines.
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + times.irq + times.softirq


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(
    command: Sequence[str],
    log_path: Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    interval: float = SAMPLE_INTERVAL_S,
) -> ProcessMeasure:
    """Run `command` to completion, its stdout and stderr into `log_path`, and measure it.

    Each output line is kept with the time it arrived, so phases of the command can be timed
    from its own messages (the command should not buffer its output: PYTHONUNBUFFERED=1).
    One command at a time: the CPU time is this process's waited-for children's, so commands
    run concurrently from the same process would be counted together.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    cpu_before, busy_before = _children_cpu_s(), _machine_busy_s()
    lines = []
    with log_path.open("w") as log:
        started = time.monotonic()
        process = subprocess.Popen(
            list(command), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
        )
        with PeakSampler(process.pid, interval) as sampler:
            assert process.stdout is not None
            for line in process.stdout:
                at = time.monotonic() - started
                lines.append((at, line.rstrip("\n")))
                log.write(f"{at:9.3f} {line}")
            returncode = process.wait()
        wall = time.monotonic() - started
    return ProcessMeasure(
        returncode=returncode,
        wall_s=wall,
        peak_rss_bytes=sampler.peak,
        cpu_s=_children_cpu_s() - cpu_before,
        machine_busy_s=_machine_busy_s() - busy_before,
        cores=os.cpu_count() or 1,
        lines=tuple(lines),
    )
