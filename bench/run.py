"""`python -m bench` (`make bench`): measure every domain, write the JSON, the plot and BENCHMARKS.md's block.

For each domain, on its own data: a cold run of the real CLI, a rerun from cache, serving
speed of the pushed model, and its gate metric against a GBDT baseline. Then the scaling
series: the fraud domain on growing subsets of the full data set (`make data`), a cold run
each; the 100% point also gets the rerun, serving and quality. Runs go one at a time.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import machine, markdown, results, subsets
from bench.case import measure
from bench.pipeline_runs import RunFailedError
from pipelines import domains, progress

REPO = Path(__file__).resolve().parents[1]
SCALING_DOMAIN = "fraud"
SCALING_SOURCE = Path("data/fraud/full/creditcard.csv")  # written by `make data`
FRACTIONS = (0.1, 0.5, 1.0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--domains",
        nargs="*",
        metavar="DOMAIN",
        help="default: every domain; none (`--domains` alone): only the scaling series",
    )
    parser.add_argument(
        "--scaling",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"the {SCALING_DOMAIN} series on {SCALING_SOURCE}",
    )
    parser.add_argument("--fractions", nargs="+", type=float, default=list(FRACTIONS), help="scaling subset sizes")
    parser.add_argument("--work-dir", type=Path, help="where runs write (default: a new temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the runs' output directories")
    parser.add_argument("--results-dir", type=Path, default=REPO / "bench" / "results", help="default: bench/results")
    parser.add_argument("--markdown", type=Path, default=REPO / "BENCHMARKS.md", help="default: BENCHMARKS.md")
    parser.add_argument(
        "--render-only", action="store_true", help="redraw the plot and the markdown from the results JSON; measure nothing"
    )
    return parser


def _say(message: str) -> None:
    print(f"bench {time.strftime('%H:%M:%S')} {message}", flush=True)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return path.name


def _measure(args: argparse.Namespace, command: str, work: Path) -> results.Results:
    names = domains.names() if args.domains is None else args.domains
    specs = {name: domains.get(name) for name in [*names, SCALING_DOMAIN]}
    cases = []
    for name in names:
        spec = specs[name]
        cases.append(measure(spec, name, None, f"`{_relative(spec.default_data)}`", work, REPO, full=True, say=_say))
        if not args.keep:
            shutil.rmtree(work / name)
    points = []
    source = REPO / SCALING_SOURCE
    for fraction in sorted(args.fractions) if args.scaling else []:
        name = f"{SCALING_DOMAIN}-{fraction * 100:g}pct"
        if fraction == 1:
            data, rows = source, subsets.count_rows(source)
        else:
            data = work / f"{name}.csv"
            rows = subsets.write_subset(source, data, fraction)
        label = f"{rows:,} rows of `{SCALING_SOURCE}`" if fraction < 1 else f"`{SCALING_SOURCE}`"
        cases.append(measure(specs[SCALING_DOMAIN], name, data, label, work, REPO, full=fraction == 1, say=_say))
        points.append(results.ScalingPoint(fraction, rows, name))
        if not args.keep:
            shutil.rmtree(work / name)
            if data != source:
                data.unlink()
    return results.Results(
        command=command,
        machine=machine.describe(),
        cases=cases,
        scaling=points,
        scaling_source=str(SCALING_SOURCE) if points else None,
        scaling_seed=subsets.SEED if points else None,
    )


def _publish(data: dict[str, Any], results_dir: Path, markdown_path: Path) -> None:
    """The plot (if there is a scaling series) and the markdown block, from the results' JSON form."""
    link_base = markdown_path.resolve().parent
    plot_link = None
    if data["scaling"]:
        from bench import plot

        png = results_dir / f"{SCALING_DOMAIN}_scaling.png"
        plot.scaling_png(data, png)
        plot_link = os.path.relpath(png.resolve(), link_base)
    json_link = os.path.relpath((results_dir / "latest.json").resolve(), link_base)
    block = markdown.render(data, json_link, plot_link)
    text = markdown_path.read_text() if markdown_path.exists() else ""
    markdown_path.write_text(markdown.replace_block(text, block))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    progress.quiet()  # TF and TFMA warnings would bury the harness's own lines
    json_path = args.results_dir / "latest.json"
    if args.render_only:
        _publish(results.load(json_path), args.results_dir, args.markdown)
        print(f"wrote {args.markdown} from {json_path}")
        return 0
    unknown = sorted(set(args.domains or []) - set(domains.names()))
    if unknown:
        print(f"error: unknown domain(s) {', '.join(unknown)} (known: {', '.join(domains.names())})", file=sys.stderr)
        return 2
    if args.scaling and not (REPO / SCALING_SOURCE).is_file():
        print(f"error: {SCALING_SOURCE} is missing: run `make data` (or pass --no-scaling)", file=sys.stderr)
        return 2
    if args.scaling and not all(0 < f <= 1 for f in args.fractions):
        print(f"error: --fractions must be in (0, 1], got {args.fractions}", file=sys.stderr)
        return 2
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="tfx-bench-"))
    _say(f"runs write to {work}")
    try:
        measured = _measure(args, " ".join(["python -m bench", *map(shlex.quote, argv)]), work.resolve())
    except RunFailedError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    results.write(measured, json_path)
    _publish(results.to_json(measured), args.results_dir, args.markdown)
    if not args.keep and args.work_dir is None:
        shutil.rmtree(work, ignore_errors=True)
    _say(f"wrote {json_path} and {args.markdown}")
    return 0
