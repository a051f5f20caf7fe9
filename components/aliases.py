"""Aliases of a registry domain (`champion`, `previous`) and the TF Serving config that serves them.

Plain Python, no TFX (TF Serving's config proto only). The aliases live in `<registry>/<domain>/aliases.json` beside the
versions. Every change is read-modify-write under an exclusive lock (two pushes finishing
together must not both read the old champion) and lands by writing a temporary file and
`os.replace`, so a reader sees the old aliases or the new ones, never half a file.
`models.config` is rewritten the same way after each change, so a TF Serving that polls
it (`--model_config_file_poll_wait_seconds`) follows a promote or rollback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from google.protobuf import text_format
from tensorflow_serving.config import model_server_config_pb2

from components import registry

ALIASES_FILE = "aliases.json"
MODELS_CONFIG = "models.config"
CHAMPION = "champion"
PREVIOUS = "previous"
_LOCK_FILE = ".aliases.lock"


class AliasError(ValueError):
    """An alias change that cannot be made; the message says why."""


@dataclasses.dataclass(frozen=True)
class Change:
    """What an alias change did: each alias's version before and after (None: unset)."""

    before: dict[str, int]
    after: dict[str, int]

    def describe(self) -> str:
        moved = [
            f"{alias} {self.before.get(alias, '-')} -> {self.after.get(alias, '-')}"
            for alias in (CHAMPION, PREVIOUS)
            if self.before.get(alias) != self.after.get(alias)
        ]
        return "; ".join(moved) if moved else "no change"


def read(domain_dir: Path) -> dict[str, int]:
    """The domain's aliases, e.g. {"champion": 3, "previous": 2}; {} before the first push."""
    path = domain_dir / ALIASES_FILE
    return {k: int(v) for k, v in json.loads(path.read_text()).items()} if path.is_file() else {}


def promote(domain_dir: Path, version: int) -> Change:
    """Make `version` the champion; the champion it replaces becomes `previous`."""

    def move(aliases: dict[str, int]) -> dict[str, int]:
        if version not in registry.versions(domain_dir):
            raise AliasError(f"no version {version} in {domain_dir} (versions: {_listed(domain_dir)})")
        current = aliases.get(CHAMPION)
        if current == version:
            return aliases
        moved = {**aliases, CHAMPION: version}
        if current is not None:
            moved[PREVIOUS] = current
        return moved

    return _update(domain_dir, move)


def rollback(domain_dir: Path) -> Change:
    """Make `previous` the champion; `previous` steps back to the newest older version.

    Repeated rollbacks walk back through the history; `promote` undoes one.
    """

    def move(aliases: dict[str, int]) -> dict[str, int]:
        target = aliases.get(PREVIOUS)
        if target is None:
            raise AliasError(f"nothing to roll back to in {domain_dir}: no 'previous' version")
        older = [v for v in registry.versions(domain_dir) if v < target]
        moved = {CHAMPION: target}
        if older:
            moved[PREVIOUS] = older[-1]
        return moved

    return _update(domain_dir, move)


def models_config(model_name: str, base_path: Path, aliases: dict[str, int]) -> str:
    """TF Serving's `ModelServerConfig` as text: the labelled versions, each label on its version."""
    config = model_server_config_pb2.ModelServerConfig()
    model = config.model_config_list.config.add(name=model_name, base_path=str(base_path), model_platform="tensorflow")
    model.model_version_policy.specific.versions.extend(sorted(set(aliases.values()), reverse=True))
    for alias, version in sorted(aliases.items()):
        model.version_labels[alias] = version
    return text_format.MessageToString(config)


def _listed(domain_dir: Path) -> str:
    return ", ".join(map(str, registry.versions(domain_dir))) or "none"


@contextlib.contextmanager
def _locked(domain_dir: Path) -> Iterator[None]:
    domain_dir.mkdir(parents=True, exist_ok=True)
    with open(domain_dir / _LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _update(domain_dir: Path, move: Callable[[dict[str, int]], dict[str, int]]) -> Change:
    with _locked(domain_dir):
        before = read(domain_dir)
        after = move(dict(before))
        if after != before:
            _write_atomically(domain_dir / ALIASES_FILE, json.dumps(after, indent=2, sort_keys=True) + "\n")
            # TF Serving needs an absolute base path; the model is named after the domain.
            config = models_config(domain_dir.name, domain_dir.resolve(), after)
            _write_atomically(domain_dir / MODELS_CONFIG, config)
    return Change(before=before, after=after)


def _write_atomically(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        # mkstemp makes the file private; a model server running as another user must read it.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
