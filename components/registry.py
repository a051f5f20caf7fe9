"""The local model registry: `<registry>/<domain>/<version>/` in TF Serving's layout.

Plain Python, no TFX. Versions are integers increasing by one per push. A version
directory is published atomically: the model is copied aside, then renamed into place,
so a reader never sees a version without its `saved_model.pb`, and two concurrent
pushes cannot take the same number (the rename of the loser fails and it tries the next).
Each version holds `VERSION_INFO` (where the model came from), which makes a push
idempotent: the same source model is never published twice.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

STAGING_PREFIX = ".staging-"
VERSION_INFO = "version_info.json"


def versions(domain_dir: Path) -> list[int]:
    """Published versions, oldest first."""
    if not domain_dir.is_dir():
        return []
    return sorted(int(p.name) for p in domain_dir.iterdir() if p.name.isdigit() and p.is_dir())


def version_info(version_dir: Path) -> dict[str, Any]:
    path = version_dir / VERSION_INFO
    return json.loads(path.read_text()) if path.is_file() else {}


def find_source(domain_dir: Path, source: str) -> Path | None:
    """The version already published from `source`, if any."""
    for version in versions(domain_dir):
        if version_info(domain_dir / str(version)).get("source") == source:
            return domain_dir / str(version)
    return None


def publish(saved_model_dir: Path, domain_dir: Path, info: dict[str, Any] | None = None) -> tuple[Path, bool]:
    """Publish a SavedModel as the next version; return (version dir, newly published).

    `info` is stored beside the model; its `source` (defaults to `saved_model_dir`)
    identifies the model, and a source that is already published is not copied again.
    """
    if not (saved_model_dir / "saved_model.pb").is_file():
        raise FileNotFoundError(f"no saved_model.pb in {saved_model_dir}: refusing to publish")
    info = {"source": str(saved_model_dir), **(info or {})}
    if existing := find_source(domain_dir, info["source"]):
        return existing, False
    domain_dir.mkdir(parents=True, exist_ok=True)
    staging = domain_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
    shutil.copytree(saved_model_dir, staging)
    info["published_at"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    (staging / VERSION_INFO).write_text(json.dumps(info, indent=2, sort_keys=True) + "\n")
    try:
        while True:
            target = domain_dir / str((versions(domain_dir) or [0])[-1] + 1)
            try:
                os.rename(staging, target)
                return target, True
            except OSError:
                if not target.exists():
                    raise
                # Another push took this number between listing and rename: take the next.
    finally:
        if staging.exists():
            shutil.rmtree(staging)
