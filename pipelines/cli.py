"""`python -m pipelines`: run a domain's pipeline locally or on Vertex AI; list or draft domains and schemas."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from components.data_gate import DataValidationError
from pipelines import domains
from pipelines.config import LOCAL_BEAM_ARGS, Orchestrator, OutputLayout, local_config
from pipelines.models import cli as models_cli
from pipelines.report import cli as report_cli
from pipelines.staging import DataFileError, stage
from pipelines.vertex import cli as vertex_cli

SUMMARY_METRICS = ["example_count", "auc", "auc_precision_recall", "precision", "recall", "calibration"]
DOMAINS_DIR_ENV = "TFX_DOMAINS_DIR"


class CliError(Exception):
    """A user error: printed as one line, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected failure")
    parser.add_argument(
        "--domains-dir",
        type=Path,
        action="append",
        default=[],
        help=f"an extra directory of domains (repeatable; also ${DOMAINS_DIR_ENV}); the project's data/ is always searched",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run a domain's pipeline locally end to end")
    run.add_argument("--domain", required=True, help="a domain name (see `domains`)")
    run.add_argument("--data", type=Path, help="input CSV (plain or .gz); default: the domain's own data")
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

    # Also accepted after `run`, where users look for it; SUPPRESS keeps a top-level --debug.
    run.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of a failure")
    run.add_argument(
        "--accept-drift",
        action="store_true",
        help="train on data that drifted from the last span that passed (recorded with the run)",
    )

    commands.add_parser("domains", help="list the domains with their data and label")

    new = commands.add_parser("new-domain", help="draft a domain (file, data, schema) from a CSV, for review")
    new.add_argument("name", help="lower-case letters, digits and _")
    new.add_argument("--csv", type=Path, required=True, help="a plain CSV with a header")
    new.add_argument("--label", required=True, help="the label column")
    new.add_argument("--positive-when", help="label rule, e.g. 'num > 0'; default '<label> == 1' for 0/1 labels")
    new.add_argument("--dir", type=Path, help="where to create it; default: the first --domains-dir, else data/")

    schema = commands.add_parser("schema", help="draft a domain's schema from data for review")
    schema.add_argument("--domain", required=True, help="a domain name (see `domains`)")
    schema.add_argument("--data", type=Path, help="input CSV; default: the domain's own data")
    schema.add_argument("--output", type=Path, help="default: overwrite the domain's schema.pbtxt")

    vertex_cli.add_commands(commands)
    report_cli.add_commands(commands)
    models_cli.add_commands(commands)
    return parser


def _spec(name: str, extra_dirs: list[Path]) -> domains.DomainSpec:
    try:
        return domains.get(name, extra_dirs)
    except (domains.UnknownDomainError, domains.DomainFileError) as err:
        raise CliError(str(err)) from None


def output_layout(output_dir: Path) -> OutputLayout:
    """The output directory, refused early when it cannot hold a run's artifacts."""
    root = output_dir.resolve()
    if root.exists() and not root.is_dir():
        raise CliError(f"--output-dir {output_dir} is a file, not a directory")
    if root == domains.BUILTIN_DIR or domains.BUILTIN_DIR in root.parents:
        raise CliError(f"--output-dir {output_dir} is inside the project's domain data ({domains.BUILTIN_DIR}); pick another directory")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CliError(f"--output-dir {output_dir} cannot be created: {err.strerror}") from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise CliError(f"--output-dir {output_dir} is not writable")
    return OutputLayout(root)


def _run(args: argparse.Namespace) -> None:
    spec = _spec(args.domain, args.domains_dir)
    layout = output_layout(args.output_dir)
    try:
        staged = stage((args.data or spec.default_data).resolve(), layout.inputs_dir(spec.name), spec)
    except DataFileError as err:
        raise CliError(str(err)) from None
    # Imported only now, so that bad arguments are answered without loading TensorFlow (~20 s).
    from pipelines import local_runner, progress, summary
    from pipelines.pipeline import pipeline_name

    beam_args = tuple(shlex.split(args.beam_args)) if args.beam_args is not None else LOCAL_BEAM_ARGS
    config = local_config(layout, spec.name, staged.directory, beam_args, args.accept_drift)
    log_path = layout.log_path(spec.name)
    tracker = progress.ProgressHandler(spec.name)
    progress.capture(log_path, tracker)
    print(f"[{spec.name}] data {staged.source} (sha256 {staged.sha256[:12]}), log {log_path}", flush=True)
    started, since = time.monotonic(), time.time()
    try:
        local_runner.run(spec, config, Orchestrator(args.orchestrator))
    except Exception as err:
        # A refused or failed run gets its report too, then its one-line reason.
        print(report_cli.after_run(spec, layout, staged.sha256, tracker.durations, since, err), flush=True)
        if isinstance(err, DataValidationError):
            raise CliError(f"data file {staged.source} failed validation, nothing was trained: {err}") from None
        if args.debug:
            raise
        last_line = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        raise CliError(f"the pipeline failed: {last_line} (full log: {log_path}; --debug shows the traceback)") from None
    result = summary.read(layout.metadata_path(spec.name), pipeline_name(spec))
    print(summary.format_summary(result, SUMMARY_METRICS, spec.thresholds.metric))
    if result.pushed_path:
        print(_write_card(spec, layout, Path(result.pushed_path)), flush=True)
    print(f"  wall time: {time.monotonic() - started:.1f}s")
    print(report_cli.after_run(spec, layout, staged.sha256, tracker.durations, since))
    if failed := summary.failed_nodes(result):
        pushed = f"; version {result.pushed_version} was pushed without it" if result.pushed_version else ""
        raise CliError(
            f"the pipeline failed: {', '.join(failed)} failed, the Evaluator had no baseline to compare with"
            f"{pushed} (full log: {log_path})"
        )


def _write_card(spec: domains.DomainSpec, layout: OutputLayout, version_dir: Path) -> str:
    """Write the model card of the version the run pushed; the summary's `card:` line.

    Like the report, a card that cannot be written is said so on that line rather than
    raised: the version is published either way, and `models card` can write it later.
    """
    from pipelines.models import card

    try:
        (md, page), left_out = card.write_traced(version_dir, spec, layout.metadata_path(spec.name))
    except Exception as err:  # noqa: BLE001 - see the docstring
        return f"  card:      not written ({type(err).__name__}: {err})"
    return f"  card:      {md}, {page.name}" + (f" (lineage left out: {left_out})" if left_out else "")


def _domains(args: argparse.Namespace) -> None:
    rows = [("domain", "label", "data")]
    for name in domains.names(args.domains_dir):
        spec = _spec(name, args.domains_dir)
        rows.append((name, str(spec.label_rule), str(spec.default_data)))
    width = [max(len(row[i]) for row in rows) for i in range(2)]
    for row in rows:
        print(f"{row[0]:<{width[0]}}  {row[1]:<{width[1]}}  {row[2]}")


def _new_domain(args: argparse.Namespace) -> None:
    from pipelines import new_domain, progress

    progress.quiet()
    target_root = args.dir or (args.domains_dir[0] if args.domains_dir else domains.BUILTIN_DIR)
    try:
        directory = new_domain.create(args.name, args.csv.resolve(), args.label, args.positive_when, target_root)
    except (new_domain.NewDomainError, DataFileError, domains.DomainFileError) as err:
        raise CliError(str(err)) from None
    print(f"wrote {directory}/domain.toml and schema.pbtxt: review both, then run it with")
    hint = f" --domains-dir {target_root}" if target_root != domains.BUILTIN_DIR else ""
    print(f"  python -m pipelines{hint} run --domain {args.name}")


def _schema(args: argparse.Namespace) -> None:
    import tempfile

    from pipelines import progress, schema

    progress.quiet()
    spec = _spec(args.domain, args.domains_dir)
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
    if os.environ.get(DOMAINS_DIR_ENV):
        args.domains_dir = [*args.domains_dir, *map(Path, os.environ[DOMAINS_DIR_ENV].split(os.pathsep))]
    commands = {
        "run": _run,
        "domains": _domains,
        "new-domain": _new_domain,
        "schema": _schema,
        **vertex_cli.HANDLERS,
        **report_cli.HANDLERS,
        **models_cli.HANDLERS,
    }
    try:
        commands[args.command](args)
    except (CliError, *vertex_cli.USER_ERRORS, *report_cli.USER_ERRORS, *models_cli.USER_ERRORS) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 - one line for the user; the traceback behind --debug
        if args.debug:
            raise
        reason = " ".join(str(err).split())
        reason = reason if len(reason) <= 300 else reason[:297] + "..."
        print(f"error: {type(err).__name__}: {reason} (--debug shows the traceback)", file=sys.stderr)
        return 1
    return 0
