"""`python -m pipelines`: run a domain's pipeline locally, draft its schema, or run it on Vertex AI."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from pipelines import domains
from pipelines.config import LOCAL_BEAM_ARGS, Orchestrator, OutputLayout, local_config
from pipelines.staging import DataFileError, stage
from pipelines.vertex import cli as vertex_cli

SUMMARY_METRICS = ["example_count", "auc", "auc_precision_recall", "precision", "recall", "calibration"]


class CliError(Exception):
    """A user error: printed as one line, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run a domain's pipeline locally end to end")
    run.add_argument("--domain", required=True, help=f"one of: {', '.join(domains.names())}")
    run.add_argument("--data", type=Path, help="input CSV (plain or .gz); default: the domain's sample")
    run.add_argument("--output-dir", type=Path, default=Path("artifacts"), help="default: ./artifacts")
    run.add_argument(
        "--orchestrator",
        choices=[o.value for o in Orchestrator],
        default=Orchestrator.LOCAL.value,
        help="TFX LocalDagRunner (default, faster here) or BeamDagRunner",
    )
    run.add_argument(
        "--beam-args",
        help=f"Beam pipeline arguments, replacing the default {' '.join(LOCAL_BEAM_ARGS)!r}",
    )

    schema = commands.add_parser("schema", help="draft a domain's schema from data for review")
    schema.add_argument("--domain", required=True, help=f"one of: {', '.join(domains.names())}")
    schema.add_argument("--data", type=Path, help="input CSV; default: the domain's sample")
    schema.add_argument("--output", type=Path, help="default: overwrite the domain's committed schema")

    vertex_cli.add_commands(commands)
    return parser


def _spec(name: str) -> domains.DomainSpec:
    try:
        return domains.get(name)
    except domains.UnknownDomainError as err:
        raise CliError(str(err)) from None


def _run(args: argparse.Namespace) -> None:
    spec = _spec(args.domain)
    layout = OutputLayout(args.output_dir.resolve())
    try:
        staged = stage((args.data or spec.default_data).resolve(), layout.inputs_dir(spec.name), spec)
    except DataFileError as err:
        raise CliError(str(err)) from None
    # Imported only now, so that bad arguments are answered without loading TensorFlow (~20 s).
    from pipelines import local_runner, progress, summary
    from pipelines.pipeline import pipeline_name

    beam_args = tuple(shlex.split(args.beam_args)) if args.beam_args is not None else LOCAL_BEAM_ARGS
    config = local_config(layout, spec.name, staged.directory, beam_args)
    log_path = layout.log_path(spec.name)
    tracker = progress.ProgressHandler(spec.name)
    progress.capture(log_path, tracker)
    print(f"[{spec.name}] data {staged.source} (sha256 {staged.sha256[:12]}), log {log_path}", flush=True)
    started = time.monotonic()
    local_runner.run(spec, config, Orchestrator(args.orchestrator))
    result = summary.read(layout.metadata_path(spec.name), pipeline_name(spec))
    print(summary.format_summary(result, SUMMARY_METRICS))
    print(f"  wall time: {time.monotonic() - started:.1f}s")


def _schema(args: argparse.Namespace) -> None:
    import tempfile

    from pipelines import schema

    spec = _spec(args.domain)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            staged = stage((args.data or spec.default_data).resolve(), Path(tmp), spec)
        except DataFileError as err:
            raise CliError(str(err)) from None
        inferred = schema.infer(spec, staged.directory / "data.csv")
    target = args.output or spec.schema_path
    schema.write(inferred, target)
    print(f"wrote {target}: review it, then commit")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        {"run": _run, "schema": _schema, **vertex_cli.HANDLERS}[args.command](args)
    except (CliError, *vertex_cli.USER_ERRORS) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
