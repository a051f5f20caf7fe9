"""One line per component as it starts and finishes, from the TFX runners' own log records.

Both local orchestrators log `Component X is running.` / `node X is finished.` around each
node and `A cached execution N is used.` when the launcher reuses a result; everything else
they log goes to the run's log file, so the terminal shows progress, not noise.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from pathlib import Path
from typing import TextIO

from absl import logging as absl_logging

_START = re.compile(r"^(?:Component|node) (\S+) is running\.$")
_FINISH = re.compile(r"^(?:Component|node) (\S+) is finished\.$")
_CACHED = re.compile(r"^A cached execution \d+ is used\.$")


class ProgressHandler(logging.Handler):
    def __init__(self, prefix: str, stream: TextIO = sys.stdout) -> None:
        super().__init__(level=logging.INFO)
        self.prefix = prefix
        self.stream = stream
        self.started: dict[str, float] = {}
        self.cached: set[str] = set()
        self.durations: dict[str, float] = {}
        self._current: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if match := _START.match(message):
            node = self._current = match.group(1)
            self.started[node] = time.monotonic()
            self._print(f"{node:<28} started")
        elif match := _FINISH.match(message):
            node = match.group(1)
            self.durations[node] = time.monotonic() - self.started.get(node, time.monotonic())
            note = " (cached)" if node in self.cached else ""
            self._print(f"{node:<28} finished in {self.durations[node]:6.1f}s{note}")
        elif _CACHED.match(message) and self._current:
            self.cached.add(self._current)

    def _print(self, line: str) -> None:
        print(f"[{self.prefix}] {line}", file=self.stream, flush=True)


def capture(log_path: Path, progress: ProgressHandler) -> None:
    """Send every log record to `log_path` and the progress lines to the terminal."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    file_handler = logging.FileHandler(log_path, mode="w")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(file_handler)
    root.addHandler(progress)
    root.setLevel(logging.INFO)
    for name in ("absl", "tensorflow"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = True
    # TF's SavedModel writer silences absl and then restores absl's *verbosity*, not the
    # logger level, so the verbosity itself must say INFO or the progress lines stop.
    absl_logging.set_verbosity(absl_logging.INFO)
    logging.captureWarnings(True)


def quiet() -> None:
    """For commands that print only their result: TF, absl and Beam say nothing below ERROR."""
    for name in ("", "absl", "tensorflow", "apache_beam"):
        logging.getLogger(name).setLevel(logging.ERROR)
    absl_logging.set_verbosity(absl_logging.ERROR)
