"""`python -m pipelines report|runs`: a run's HTML report, regenerated from ML Metadata; the list of runs.

Also `after_run`, which `python -m pipelines run` calls when a run ends, however it ends.
The entry point of the report: the only place here that reads git.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path
from typing import Any, Callable

from pipelines import domains
from pipelines.config import OutputLayout
from pipelines.report.model import NoRunError

USER_ERRORS = (NoRunError, domains.UnknownDomainError, domains.DomainFileError)


def reports_dir(layout: OutputLayout) -> Path:
    return layout.root / "reports"


def add_commands(commands: Any) -> None:
    """Add the `report` and `runs` subcommands to the CLI's subparsers."""
    report = commands.add_parser("report", help="(re)write a run's HTML report from ML Metadata")
    report.add_argument("--domain", required=True, help="a domain name (see `domains`)")
    report.add_argument("--run", help="a run id (see `runs`); default: the newest run")
    report.add_argument("--output-dir", type=Path, default=Path("artifacts"), help="the run's output directory; default: ./artifacts")
    runs = commands.add_parser("runs", help="list a domain's past runs: status, duration, metric")
    runs.add_argument("--domain", required=True, help="a domain name (see `domains`)")
    runs.add_argument("--output-dir", type=Path, default=Path("artifacts"), help="default: ./artifacts")


def code_revision() -> str | None:
    """This checkout's `git rev-parse HEAD`, or None outside a git checkout."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True, cwd=Path(__file__).parent)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip() or None


def after_run(
    spec: domains.DomainSpec,
    layout: OutputLayout,
    source_sha256: str,
    durations: dict[str, float],
    since: float,
    error: BaseException | None = None,
) -> str:
    """Write the report of the run that just ended; the CLI's last line, `report: <path>`.

    A report that cannot be written is said so on that line rather than raised: it must
    never hide the run's own outcome (a push, or the error being re-raised).
    """
    from pipelines.report import collect, writer

    reason = f"{type(error).__name__}: {error}" if error is not None else None
    try:
        report = collect.report(
            spec,
            layout.metadata_path(spec.name),
            error=reason,
            source_sha256=source_sha256,
            code_revision=code_revision(),
            durations=durations,
            since=since,
        )
        return f"report: {writer.write(report, reports_dir(layout))}"
    except Exception as err:  # noqa: BLE001 - see the docstring
        return f"report: not written ({type(err).__name__}: {err})"


def _report(args: argparse.Namespace) -> None:
    from pipelines import progress
    from pipelines.report import collect, html, writer

    progress.quiet()
    spec = domains.get(args.domain, args.domains_dir)
    layout = OutputLayout(args.output_dir.resolve())
    # No code revision: today's checkout need not be the one that ran, and the store does not say.
    report = collect.report(spec, layout.metadata_path(spec.name), run_id=args.run)
    print(html.headline(report))
    print(f"report: {writer.write(report, reports_dir(layout))}")


def _runs(args: argparse.Namespace) -> None:
    from pipelines import progress
    from pipelines.pipeline import pipeline_name
    from pipelines.report import collect

    progress.quiet()
    spec = domains.get(args.domain, args.domains_dir)
    metric = spec.thresholds.metric
    store = collect.open_store(OutputLayout(args.output_dir.resolve()).metadata_path(spec.name))
    print(f"{'run':<28}  {'status':<20}  {'duration':>8}  {metric}")
    for record in collect.runs(store, pipeline_name(spec)):
        status, seconds, value = collect.overview(record, metric)
        shown = f"{value:.4f}" if value is not None else "-"
        print(f"{record.run_id:<28}  {status.value:<20}  {seconds:7.1f}s  {shown}")


HANDLERS: dict[str, Callable[[argparse.Namespace], None]] = {"report": _report, "runs": _runs}
