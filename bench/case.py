"""Measure one domain on one input: cold run, cached rerun, serving, and quality against the baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from bench import baseline, pipeline_runs, quality, serving, splits
from bench.results import Case, Quality, RunNumbers
from pipelines import summary
from pipelines.config import OutputLayout
from pipelines.domains.spec import DomainSpec
from pipelines.pipeline import pipeline_name

Say = Callable[[str], None]


def _compare(
    spec: DomainSpec, examples_uri: str, eval_records: list[bytes], evaluator_value: float, serve: serving.Serve
) -> Quality:
    """The gate metric of the pushed model and of the GBDT baseline on the same eval rows."""
    columns = splits.column_types(spec.schema_path)
    wanted = {name: columns[name] for name in (*spec.features.all(), spec.label)}
    train, evaluate = (splits.frame(examples_uri, split, wanted) for split in ("train", "eval"))
    numeric = spec.features.numeric + spec.features.log_numeric
    gbdt = baseline.fit_predict(train, evaluate, spec.label, numeric, spec.features.categorical)
    ours = serving.predict(serve, eval_records)
    labels = evaluate[spec.label].to_numpy().astype(np.int64)
    metric = spec.thresholds.metric
    by_tfma = quality.tfma_values(metric, labels, {"ours": ours, **{f"gbdt-{seed}": p for seed, p in gbdt.items()}})
    gbdt_values = tuple(by_tfma[f"gbdt-{seed}"] for seed in gbdt)
    return Quality(
        metric=metric,
        ours=evaluator_value,
        gbdt=float(np.mean(gbdt_values)),
        gbdt_by_seed=gbdt_values,
        ours_recomputed=by_tfma["ours"],
        ours_exact=quality.exact(metric, labels, ours),
        gbdt_exact=float(np.mean([quality.exact(metric, labels, p) for p in gbdt.values()])),
    )


def measure(
    spec: DomainSpec, name: str, data: Path | None, data_label: str, work: Path, repo: Path, full: bool, say: Say
) -> Case:
    """Run `spec` on `data` (None: its own) into a fresh `work/name`; `full` adds rerun, serving, quality."""
    out = work / name
    say(f"{name}: cold run")
    cold = pipeline_runs.run(spec, out, data, work / f"{name}.cold.log", repo)
    peak = cold.measure.peak_rss_bytes / 2**30
    say(f"{name}: cold {cold.measure.wall_s:.1f}s (pipeline {cold.pipeline_s:.1f}s), peak {peak:.2f} GiB")
    result = summary.read(OutputLayout(out).metadata_path(spec.name), pipeline_name(spec))
    if not full:
        return Case(name, spec.name, data_label, result.rows, RunNumbers.of(cold))
    say(f"{name}: cached rerun")
    rerun = pipeline_runs.run(spec, out, data, work / f"{name}.rerun.log", repo)
    say(f"{name}: rerun {rerun.measure.wall_s:.1f}s (pipeline {rerun.pipeline_s:.1f}s)")
    if result.pushed_path is None:
        raise pipeline_runs.RunFailedError(f"{name}: the cold run pushed no model, so there is nothing to serve")
    serve = serving.load(Path(result.pushed_path))
    say(f"{name}: serving")
    eval_records = splits.records(cold.examples_uri, "eval")
    speed = serving.measure(serve, eval_records)
    say(f"{name}: {speed.examples_per_s:,.0f} examples/s batched, p50 {speed.single_p50_ms:.2f} ms single")
    say(f"{name}: GBDT baseline")
    compared = _compare(spec, cold.examples_uri, eval_records, result.metrics[spec.thresholds.metric], serve)
    say(f"{name}: {compared.metric} ours {compared.ours:.4f}, GBDT {compared.gbdt:.4f}")
    return Case(name, spec.name, data_label, result.rows, RunNumbers.of(cold), RunNumbers.of(rerun), speed, compared)
