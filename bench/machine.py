"""What the numbers were measured on: CPU, cores, memory, the library versions, the date."""

from __future__ import annotations

import datetime
import os
import platform
from importlib import metadata
from pathlib import Path

import psutil

VERSIONED = ("tfx", "tensorflow", "apache-beam", "tensorflow-model-analysis", "scikit-learn")


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The first `model name` of /proc/cpuinfo, else what `platform` knows."""
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                return value.strip()
    return platform.processor() or platform.machine()


def describe() -> dict[str, object]:
    """The machine and software behind a set of measurements, as JSON-ready data."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": os.cpu_count() or 1,
        "ram_bytes": psutil.virtual_memory().total,
        "os": f"{platform.system()} {platform.machine()}",
        "versions": {"python": platform.python_version(), **{name: metadata.version(name) for name in VERSIONED}},
    }
