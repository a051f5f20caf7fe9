"""Domains are directories holding `domain.toml`, `schema.pbtxt` and usually the data.

They are found in the project's `data/` directory and in any extra directories the entry
point passes (`--domains-dir`, or the `TFX_DOMAINS_DIR` environment variable); a user's
domain with the same name as a built-in one takes precedence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from pipelines.domains.loader import DomainFileError, load
from pipelines.domains.spec import DOMAIN_FILE, DomainSpec

__all__ = ["BUILTIN_DIR", "DomainFileError", "DomainSpec", "UnknownDomainError", "discover", "get", "names"]

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "data"


class UnknownDomainError(KeyError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(name)
        self.known = known

    def __str__(self) -> str:
        return f"unknown domain {self.args[0]!r} (known domains: {', '.join(self.known)})"


def discover(extra_dirs: Iterable[Path] = ()) -> dict[str, Path]:
    """Domain name -> its directory, built-in ones first, then overridden by `extra_dirs`."""
    found: dict[str, Path] = {}
    for root in [BUILTIN_DIR, *extra_dirs]:
        for domain_file in sorted(Path(root).glob(f"*/{DOMAIN_FILE}")):
            found[domain_file.parent.name] = domain_file.parent
    return found


def names(extra_dirs: Iterable[Path] = ()) -> list[str]:
    return sorted(discover(extra_dirs))


def get(name: str, extra_dirs: Iterable[Path] = ()) -> DomainSpec:
    found = discover(extra_dirs)
    if name not in found:
        raise UnknownDomainError(name, sorted(found))
    return load(found[name])
