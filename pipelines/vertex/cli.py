"""`python -m pipelines compile|submit|schedule`: the pipeline on Vertex AI Pipelines.

The entry point of the Google Cloud commands: the only place that reads the environment
(GOOGLE_CLOUD_PROJECT) and git, and that imports the Vertex AI SDK.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path
from typing import Any, Callable

from pipelines import domains
from pipelines.vertex.config import BeamRunner
from pipelines.vertex.schedules import ScheduleNotFound
from pipelines.vertex.settings import DEFAULT_FILE, OVERRIDABLE, SettingsError, VertexSettings, load

# Errors that are the user's to fix: printed as one line, exit code 2.
USER_ERRORS = (SettingsError, ScheduleNotFound, domains.UnknownDomainError)
SCHEDULE_ACTIONS = ("create", "list", "pause", "resume", "delete")


def add_commands(commands: Any) -> None:
    """Add the Google Cloud subcommands to the CLI's subparsers."""
    compile_ = commands.add_parser("compile", help="compile a domain's pipeline to a Vertex AI pipeline spec (offline)")
    _common(compile_)
    compile_.add_argument("--target", choices=["vertex"], default="vertex", help="the orchestrator (default: vertex)")
    compile_.add_argument("--output", type=Path, required=True, help="the pipeline spec to write (.json)")
    _pipeline_options(compile_)

    submit = commands.add_parser("submit", help="run a domain's pipeline once on Vertex AI Pipelines")
    _common(submit)
    _template_options(submit)
    submit.add_argument("--wait", action="store_true", help="return when the run has finished")

    schedule = commands.add_parser("schedule", help="manage a domain's Vertex AI pipeline schedule")
    actions = schedule.add_subparsers(dest="action", required=True)
    for action in SCHEDULE_ACTIONS:
        parser = actions.add_parser(action, help=f"{action} the domain's schedule")
        _common(parser)
        if action == "create":
            _template_options(parser)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--domain", required=True, help=f"one of: {', '.join(domains.names())}")
    parser.add_argument("--settings", type=Path, default=DEFAULT_FILE, help="default: deploy/vertex.yaml")
    for key in OVERRIDABLE:
        parser.add_argument(f"--{key.replace('_', '-')}", help=f"overrides '{key}' of the settings file")


def _pipeline_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--beam-runner",
        choices=[r.value for r in BeamRunner],
        default=BeamRunner.DIRECT.value,
        help="where the Beam steps run: in the step's container (default) or on Dataflow",
    )
    parser.add_argument("--data-root", help="gs:// directory of the input CSVs; default: <bucket>/data/<domain>")


def _template_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--template", help="a compiled spec (file or gs://); default: compile one now")
    parser.add_argument("--revision", help="the git revision to label the runs with; default: this checkout's")
    _pipeline_options(parser)


def _settings(args: argparse.Namespace) -> VertexSettings:
    overrides = {key: getattr(args, key) for key in OVERRIDABLE}
    overrides["project"] = overrides["project"] or os.environ.get("GOOGLE_CLOUD_PROJECT")
    return load(args.settings, overrides)


def _compile(args: argparse.Namespace, settings: VertexSettings, output: Path) -> Path:
    # Imported only now: TFX takes ~20 s to import, and bad arguments are answered before.
    from pipelines.vertex.config import vertex_config
    from pipelines.vertex.runner import compile_pipeline

    spec = domains.get(args.domain)
    config = vertex_config(spec.name, settings, BeamRunner(args.beam_runner), args.data_root)
    return compile_pipeline(spec, config, settings.image, output)


def _template(args: argparse.Namespace, settings: VertexSettings) -> str:
    if args.template:
        return args.template
    return str(_compile(args, settings, Path("artifacts") / "vertex" / f"{args.domain}.json"))


def _revision(args: argparse.Namespace) -> str:
    if args.revision:
        return args.revision

    def git(*command: str) -> str:
        return subprocess.run(["git", *command], capture_output=True, text=True, check=True).stdout.strip()

    try:
        revision = git("rev-parse", "--short=12", "HEAD")
        return revision + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.CalledProcessError):
        raise SettingsError("no git revision here: pass --revision") from None


def _display_name(domain: str) -> str:
    from pipelines.pipeline import pipeline_name

    return pipeline_name(domains.get(domain))


def _run_compile(args: argparse.Namespace) -> None:
    domains.get(args.domain)
    settings = _settings(args)
    output = _compile(args, settings, args.output)
    print(f"wrote {output}: {args.domain} for Vertex AI Pipelines, image {settings.image}, "
          f"Beam on {args.beam_runner}")


def _run_submit(args: argparse.Namespace) -> None:
    domains.get(args.domain)
    settings = _settings(args)
    revision = _revision(args)
    template = _template(args, settings)
    # Imported only now, after the arguments are checked: the SDK takes seconds to import.
    from google.cloud import aiplatform

    from pipelines.vertex import jobs

    name = jobs.submit(aiplatform, settings, args.domain, _display_name(args.domain), template, revision, args.wait)
    print(f"{'finished' if args.wait else 'submitted'}: {name}")


def _run_schedule(args: argparse.Namespace) -> None:
    domains.get(args.domain)
    settings = _settings(args)
    display_name = _display_name(args.domain)
    if args.action == "create":
        settings.schedule(args.domain)  # a domain without a cron is refused before compiling
        revision, template = _revision(args), _template(args, settings)
    from google.cloud import aiplatform

    from pipelines.vertex import schedules

    if args.action == "create":
        created = schedules.create(aiplatform, settings, args.domain, display_name, template, revision)
        print(f"created {created.name} [{created.state}] {created.cron!r}")
    elif args.action == "list":
        for found in schedules.list_schedules(aiplatform, settings, display_name):
            print(f"{found.name} [{found.state}] {found.cron!r}")
    else:
        action = {"pause": schedules.pause, "resume": schedules.resume, "delete": schedules.delete}[args.action]
        for changed in action(aiplatform, settings, display_name):
            print(f"{args.action}d {changed.name}")  # paused, resumed, deleted


HANDLERS: dict[str, Callable[[argparse.Namespace], None]] = {
    "compile": _run_compile,
    "submit": _run_submit,
    "schedule": _run_schedule,
}
