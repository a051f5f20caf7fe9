"""`python -m pipelines models list|show|promote|rollback|predict|lineage|card`: the local registry.

Reads `<output-dir>/registry/<domain>/` (versions, `aliases.json`) and, for lineage,
`<output-dir>/metadata/<domain>.sqlite`. TensorFlow is imported only by the actions
that load a model or read ML Metadata, so listing and moving aliases answer at once.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from components import aliases, registry
from pipelines import domains
from pipelines.config import OutputLayout
from pipelines.models.rows import RowError

LIST_METRICS = ("auc", "auc_precision_recall", "precision", "recall", "example_count")


class VersionError(ValueError):
    """A version or alias that the registry does not hold."""


# Errors that are the user's to fix: printed as one line, exit code 2.
USER_ERRORS = (VersionError, aliases.AliasError, RowError, domains.UnknownDomainError, domains.DomainFileError)


def add_commands(commands: Any) -> None:
    """Add `models` and its actions to the CLI's subparsers."""
    models = commands.add_parser("models", help="list, inspect, promote, roll back and use registry versions")
    actions = models.add_subparsers(dest="action", required=True)
    list_ = actions.add_parser("list", help="versions with time, eval metrics, blessing and aliases")
    show = actions.add_parser("show", help="one version: source, metrics overall and by slice, aliases")
    show.add_argument("version", help="a version number or an alias (champion, previous)")
    promote = actions.add_parser("promote", help="make a version the champion (the old champion becomes previous)")
    promote.add_argument("version", type=int)
    rollback = actions.add_parser("rollback", help="make the previous version the champion again")
    predict = actions.add_parser("predict", help="score a CSV of raw rows with a version (default: champion)")
    predict.add_argument("--version", default=aliases.CHAMPION, help="a version number or an alias (default: champion)")
    predict.add_argument("--input", type=Path, required=True, help="a CSV with the domain's feature columns")
    predict.add_argument("--output", type=Path, required=True, help="the input columns plus probability, prediction")
    lineage = actions.add_parser("lineage", help="the data, splits, schema, runs and evaluation behind a version")
    lineage.add_argument("--version", default=aliases.CHAMPION, help="a version number or an alias (default: champion)")
    card = actions.add_parser("card", help="write model_card.md and model_card.html beside a version")
    card.add_argument("--version", default=aliases.CHAMPION, help="a version number or an alias (default: champion)")
    for parser in (list_, show, promote, rollback, predict, lineage, card):
        parser.add_argument("--domain", required=True, help="a domain name (see `domains`)")
        parser.add_argument("--output-dir", type=Path, default=Path("artifacts"), help="default: ./artifacts")


def resolve(domain_dir: Path, text: str) -> int:
    """A version number or alias -> a published version."""
    published = registry.versions(domain_dir)
    if text.isdigit():
        version = int(text)
    elif (version := aliases.read(domain_dir).get(text)) is None:
        raise VersionError(f"no alias {text!r} in {domain_dir} (aliases: {', '.join(aliases.read(domain_dir)) or 'none'})")
    if version not in published:
        listed = ", ".join(map(str, published)) or "none"
        raise VersionError(f"no version {version} in {domain_dir} (versions: {listed})")
    return version


def _labels(domain_dir: Path) -> dict[int, list[str]]:
    by_version: dict[int, list[str]] = {}
    for alias, version in sorted(aliases.read(domain_dir).items()):
        by_version.setdefault(version, []).append(alias)
    return by_version


def _metric(values: dict[str, float], name: str) -> str:
    if name not in values:
        return "-"
    return f"{values[name]:.0f}" if name == "example_count" else f"{values[name]:.4f}"


def format_list(domain_dir: Path) -> str:
    """One line per version, newest first."""
    labels = _labels(domain_dir)
    rows = [("version", "published", *LIST_METRICS, "blessed", "aliases")]
    for version in reversed(registry.versions(domain_dir)):
        info = registry.version_info(domain_dir / str(version))
        overall = info.get("metrics", {}).get("overall", {})
        metrics = [_metric(overall, name) for name in LIST_METRICS]
        blessed = {True: "yes", False: "no"}.get(info.get("blessed"), "-")
        rows.append((str(version), info.get("published_at", "-"), *metrics, blessed, ", ".join(labels.get(version, []))))
    if len(rows) == 1:
        return f"no versions in {domain_dir}"
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def format_show(domain_dir: Path, version: int) -> str:
    info = registry.version_info(domain_dir / str(version))
    metrics = info.pop("metrics", {})
    lines = [f"version {version}: {domain_dir / str(version)}"]
    lines.append(f"  aliases:  {', '.join(_labels(domain_dir).get(version, [])) or '-'}")
    lines += [f"  {key}: {json.dumps(value) if not isinstance(value, str) else value}" for key, value in sorted(info.items())]
    if metrics:
        lines.append("  metrics:")
        for name, values in sorted(metrics.items(), key=lambda kv: (kv[0] != "overall", kv[0])):
            shown = ", ".join(f"{m} {v:.4f}" for m, v in sorted(values.items()))
            lines.append(f"    {name:<28} {shown}")
    return "\n".join(lines)


def _domain_dir(args: argparse.Namespace) -> Path:
    name = domains.get(args.domain, args.domains_dir).name
    return OutputLayout(args.output_dir.resolve()).registry_dir(name)


def _models(args: argparse.Namespace) -> None:
    domain_dir = _domain_dir(args)
    if args.action == "list":
        print(format_list(domain_dir))
    elif args.action == "show":
        print(format_show(domain_dir, resolve(domain_dir, args.version)))
    elif args.action == "promote":
        print(f"{args.domain}: {aliases.promote(domain_dir, args.version).describe()}")
    elif args.action == "rollback":
        print(f"{args.domain}: {aliases.rollback(domain_dir).describe()}")
    elif args.action == "predict":
        _predict(args, domain_dir)
    elif args.action == "lineage":
        _lineage(args, domain_dir)
    elif args.action == "card":
        _card(args, domain_dir)


def _predict(args: argparse.Namespace, domain_dir: Path) -> None:
    from pipelines import progress
    from pipelines.models import predict, rows

    progress.quiet()
    spec = domains.get(args.domain, args.domains_dir)
    version = resolve(domain_dir, args.version)
    checks = rows.columns(rows.load_schema(spec.schema_path), spec.features.all())
    header, cells, examples = predict.read_examples(args.input, checks)
    probabilities = predict.score(domain_dir / str(version), examples)
    predict.write(args.output, header, cells, probabilities, spec.operating_threshold)
    positive = sum(p >= spec.operating_threshold for p in probabilities)
    print(
        f"{args.domain} version {version}: scored {len(probabilities)} rows, {positive} at or above "
        f"{spec.operating_threshold} -> {args.output}"
    )


def _lineage(args: argparse.Namespace, domain_dir: Path) -> None:
    from pipelines import progress
    from pipelines.models import lineage

    progress.quiet()
    version = resolve(domain_dir, args.version)
    metadata = OutputLayout(args.output_dir.resolve()).metadata_path(domain_dir.name)
    try:
        traced = lineage.trace(metadata, version, registry.version_info(domain_dir / str(version)))
    except lineage.LineageError as err:
        raise VersionError(str(err)) from None
    print(lineage.format_lineage(traced))


def _card(args: argparse.Namespace, domain_dir: Path) -> None:
    from pipelines import progress
    from pipelines.models import card

    progress.quiet()
    spec = domains.get(args.domain, args.domains_dir)
    version = resolve(domain_dir, args.version)
    metadata = OutputLayout(args.output_dir.resolve()).metadata_path(domain_dir.name)
    paths, left_out = card.write_traced(domain_dir / str(version), spec, metadata)
    if left_out:
        print(f"lineage left out: {left_out}")
    for path in paths:
        print(f"wrote {path}")


HANDLERS = {"models": _models}
