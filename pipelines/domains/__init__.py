"""The explicit registry of domains. Adding a domain is adding a spec here, plus its data."""

from __future__ import annotations

from pipelines.domains.fraud import FRAUD
from pipelines.domains.spec import DomainSpec

__all__ = ["DomainSpec", "UnknownDomainError", "get", "names"]

_REGISTRY: dict[str, DomainSpec] = {spec.name: spec for spec in (FRAUD,)}


class UnknownDomainError(KeyError):
    def __str__(self) -> str:
        return f"unknown domain {self.args[0]!r} (known domains: {', '.join(names())})"


def names() -> list[str]:
    return sorted(_REGISTRY)


def get(name: str) -> DomainSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownDomainError(name) from None
