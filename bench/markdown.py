"""BENCHMARKS.md's generated block: rendered from the results' JSON form, spliced between two markers.

The harness owns only the text between `BEGIN` and `END`; everything around it (the
hand-written history and analysis) is kept byte for byte. A file without the markers gets
the block appended.
"""

from __future__ import annotations

from typing import Any, Mapping

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
GIB = 2**30


class MarkerError(ValueError):
    """The markers are present but not as one BEGIN followed by one END."""


def replace_block(text: str, block: str) -> str:
    """`text` with the part between the markers (markers included) replaced by `block` wrapped in them."""
    wrapped = f"{BEGIN}\n{block.strip()}\n{END}"
    begins, ends = text.count(BEGIN), text.count(END)
    if begins == ends == 0:
        return f"{text.rstrip()}\n\n{wrapped}\n" if text.strip() else f"{wrapped}\n"
    start, stop = text.find(BEGIN), text.find(END)
    if begins != 1 or ends != 1 or stop < start:
        raise MarkerError(f"expected one {BEGIN} before one {END}, found {begins} and {ends}")
    return text[:start] + wrapped + text[stop + len(END) :]


def _s(seconds: float) -> str:
    return f"{seconds:,.1f} s"


def _gib(n_bytes: float) -> str:
    return f"{n_bytes / GIB:.2f} GiB"


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _rows(case: Mapping[str, Any]) -> str:
    rows = case["rows"]
    return " / ".join(f"{rows[split]:,}" for split in ("train", "eval") if split in rows)


def _machine(results: Mapping[str, Any]) -> str:
    m = results["machine"]
    versions = ", ".join(f"{name} {version}" for name, version in m["versions"].items())
    return (
        f"Measured {m['date']} with `{results['command']}` on {m['cpu']}, {m['cores']} cores, "
        f"{m['ram_bytes'] / GIB:.1f} GiB RAM ({m['os']}); {versions}."
    )


def _phases(run: Mapping[str, Any]) -> str:
    return f"{run['startup_s']:.0f} + {run['pipeline_s']:.0f} + {run['after_s']:.0f}"


def _runs_table(cases: list[Mapping[str, Any]]) -> list[str]:
    header = [
        "case", "data", "rows (train / eval)", "cold", "start + pipeline + report", "peak memory",
        "rerun", "start + pipeline + report", "rerun / cold (pipeline)", "other load",
    ]
    rows = []
    for case in cases:
        cold, rerun = case["cold"], case["rerun"]
        rows.append(
            [
                f"`{case['name']}`",
                case["data"],
                _rows(case),
                _s(cold["wall_s"]),
                _phases(cold),
                _gib(cold["peak_rss_bytes"]),
                _s(rerun["wall_s"]),
                _phases(rerun),
                f"{_pct(rerun['wall_s'] / cold['wall_s'])} ({_pct(rerun['pipeline_s'] / cold['pipeline_s'])})",
                _pct(cold["others_cpu_share"]),
            ]
        )
    return _table(header, rows)


def _serving_table(cases: list[Mapping[str, Any]]) -> list[str]:
    header = [
        "case", "batched (examples/s)", "one example p50 / p99", "metric", "ours (Evaluator)",
        "GBDT baseline (seeds)", "gap",
        "scikit-learn's value: ours / GBDT",
    ]
    rows = []
    for case in cases:
        serving, quality = case["serving"], case["quality"]
        rows.append(
            [
                f"`{case['name']}`",
                f"{serving['examples_per_s']:,.0f} (batch {serving['batch_size']})",
                f"{serving['single_p50_ms']:.2f} / {serving['single_p99_ms']:.2f} ms",
                quality["metric"],
                f"{quality['ours']:.4f}",
                f"{quality['gbdt']:.4f} ({min(quality['gbdt_by_seed']):.3f}-{max(quality['gbdt_by_seed']):.3f})",
                f"{quality['gap']:+.4f}",
                f"{quality['ours_exact']:.4f} / {quality['gbdt_exact']:.4f}",
            ]
        )
    return _table(header, rows)


def _components_table(cases: list[Mapping[str, Any]]) -> list[str]:
    nodes = list(dict.fromkeys(node for case in cases for node in case["cold"]["steps"]))
    rows = []
    for case in cases:
        steps = case["cold"]["steps"]
        cells = [f"{steps[n]['seconds']:.1f}" if n in steps else "" for n in nodes]
        rerun = case["rerun"]
        executed = (
            ", ".join(f"{n} {s['seconds']:.1f}" for n, s in rerun["steps"].items() if s["state"] != "CACHED") or "none"
            if rerun
            else ""
        )
        rows.append([f"`{case['name']}`", *cells, f"{sum(s['seconds'] for s in steps.values()):.1f}", executed])
    return _table(["case", *nodes, "sum", "rerun: not from cache"], rows)


def _scaling(results: Mapping[str, Any], cases: Mapping[str, Mapping[str, Any]], plot: str | None) -> list[str]:
    points = sorted(results["scaling"], key=lambda p: p["fraction"])
    lines = [
        "",
        f"### Scaling: `{cases[points[0]['case']]['domain']}` on subsets of the full data",
        "",
        f"Rows drawn from `{results['scaling_source']}` with seed {results['scaling_seed']} (each subset "
        "contains the smaller ones), all columns kept; one cold run each.",
        "",
    ]
    rows = []
    for point in points:
        cold = cases[point["case"]]["cold"]
        rows.append(
            [
                _pct(point["fraction"]),
                f"{point['input_rows']:,}",
                _s(cold["wall_s"]),
                _s(cold["pipeline_s"]),
                _gib(cold["peak_rss_bytes"]),
                f"{cold['pipeline_s'] / point['input_rows'] * 10_000:.2f} s",
                _pct(cold["others_cpu_share"]),
            ]
        )
    header = ["share", "input rows", "cold", "pipeline", "peak memory", "pipeline per 10k rows", "other load"]
    lines += _table(header, rows)
    if len(points) > 1:
        first, last = points[0], points[-1]
        c0, c1 = cases[first["case"]]["cold"], cases[last["case"]]["cold"]
        lines += [
            "",
            f"From {_pct(first['fraction'])} to {_pct(last['fraction'])}: "
            f"data ×{last['input_rows'] / first['input_rows']:.1f}, "
            f"pipeline time ×{c1['pipeline_s'] / c0['pipeline_s']:.1f}, cold time ×{c1['wall_s'] / c0['wall_s']:.1f}, "
            f"peak memory ×{c1['peak_rss_bytes'] / c0['peak_rss_bytes']:.1f}.",
        ]
    if plot:
        lines += ["", f"![Time per component, cold run, per data size]({plot})"]
    return lines


def render(results: Mapping[str, Any], json_link: str, plot_link: str | None) -> str:
    """The generated block (without markers) for `results` in its JSON form."""
    cases = {case["name"]: case for case in results["cases"]}
    full = [case for case in results["cases"] if case["rerun"]]
    lines = [
        "## Every domain end to end (generated by `make bench`)",
        "",
        _machine(results) + f" Raw numbers: [{json_link}]({json_link}).",
        "",
        "**cold**: `python -m pipelines run` as a subprocess into a fresh output directory, start to exit; "
        "**start + pipeline + report**: the same seconds split at the CLI's first line (Python, imports, staging "
        "the input) and at its `wall time:` line (the pipeline and the summary; then the run report and exit); "
        "**peak memory**: resident "
        "memory of the process and all its descendants, summed, sampled every 0.2 s; **rerun**: the same command "
        "again, same input, same output directory; **other load**: the share of the machine's cores that other "
        "processes used during the cold run (the machine is shared).",
        "",
    ]
    if full:
        lines += [
            *_runs_table(full),
            "",
            "Serving: the pushed model's `serving_default` loaded in process, fed the eval split's serialized "
            "`tf.Example`s (best of 5 rounds of about 50,000), then 500 calls of one example after 50 warm-up "
            "calls. Quality: the gate metric on the eval split; the baseline is scikit-learn's "
            "`HistGradientBoostingClassifier` (balanced class weights, its best setting here, otherwise defaults) "
            "trained on the same train split, scored by TFMA (`analyze_raw_data`, the Evaluator's metric "
            "settings): the mean of 5 seeds, their range in brackets. scikit-learn's exact ROC-AUC or average "
            "precision of both models is beside it.",
            "",
            *_serving_table(full),
            "",
        ]
    lines += [
        "### Time per component, cold run (seconds, from ML Metadata)",
        "",
        *_components_table(list(cases.values())),
    ]
    if results["scaling"]:
        lines += _scaling(results, cases, plot_link)
    return "\n".join(lines)
