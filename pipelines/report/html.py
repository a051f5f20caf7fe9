"""A `RunReport` as one self-contained HTML page: inline CSS and SVG, no scripts, no network."""

from __future__ import annotations

from html import escape

from pipelines.report import svg
from pipelines.report.model import RunReport, Status

SECTIONS = ("status", "timeline", "data", "model", "slices", "comparison", "lineage")
COMPARED = ("example_count", "auc", "auc_precision_recall", "precision", "recall", "calibration")

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:0 16px 40px;color:#111827}
h1{font-size:20px;margin:18px 0 6px}h2{font-size:16px;margin:26px 0 8px;border-bottom:1px solid #e5e7eb}
.banner{padding:12px 16px;border-radius:6px;font-size:16px;color:#fff}
.pushed{background:#15803d}.not-blessed,.failed{background:#b91c1c}.blessed-not-pushed{background:#b45309}
.banner ul{margin:6px 0 0;font-size:14px}table{border-collapse:collapse;margin:6px 0}
td,th{padding:3px 10px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:middle}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.low{color:#b91c1c;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:14px}.charts figure{margin:0}figcaption{font-size:12px;color:#4b5563}
code{font-size:12px;word-break:break-all}.muted{color:#6b7280}
"""


def render(report: RunReport) -> str:
    """The whole page for `report`."""
    title = f"{report.domain} run {report.run_id}"
    body = [
        f"<h1>{escape(title)}</h1>",
        _status(report),
        _timeline(report),
        _data(report),
        _model(report),
        _slices(report),
        _comparison(report),
        _lineage(report),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>{''.join(body)}</body></html>"
    )


def headline(report: RunReport) -> str:
    """One line: what the run ended with."""
    gate = report.metrics.get(report.gate_metric)
    metric = f" ({report.gate_metric} {gate:.4f})" if gate is not None else ""
    if report.status is Status.PUSHED:
        return f"pushed version {report.pushed_version}{metric}"
    reasons = "; ".join(report.reasons)
    return f"{report.status.value}{metric}" + (f": {reasons}" if reasons else "")


def _section(name: str, heading: str, content: str) -> str:
    return f'<section id="{name}"><h2>{escape(heading)}</h2>{content}</section>'


def _status(report: RunReport) -> str:
    css = report.status.value.replace(",", "").replace(" ", "-")
    reasons = "".join(f"<li>{escape(r)}</li>" for r in report.reasons)
    lead = escape(headline(report).split(": ", 1)[0] if reasons else headline(report))
    return f'<section id="status" class="banner {css}"><strong>{lead}</strong>{f"<ul>{reasons}</ul>" if reasons else ""}</section>'


def _timeline(report: RunReport) -> str:
    if not report.steps:
        return _section("timeline", "Components", "<p>No component ran.</p>")
    items = [
        svg.Bar(
            label=step.node,
            value=step.seconds,
            text=f"{step.seconds:.1f}s" + (" cached" if step.cached else "" if step.state == "COMPLETE" else f" {step.state.lower()}"),
            highlight=step.state == "FAILED",
            muted=step.cached,
        )
        for step in report.steps
    ]
    note = f'<p class="muted">{len(report.steps)} components, {report.seconds:.1f}s in all; grey bars were served from cache.</p>'
    return _section("timeline", "Components", svg.bars(items) + note)


def _data(report: RunReport) -> str:
    rows = ", ".join(f"{split} {n:,}" for split, n in report.rows.items()) or "no statistics"
    parts = [f"<p>Rows: {escape(rows)}.</p>"]
    if report.anomalies:
        table = "".join(
            f"<tr><td>{escape(a.split)}</td><td>{escape(a.column)}</td><td>{escape(a.description)}</td></tr>"
            for a in report.anomalies
        )
        parts.append(f"<h3>Anomalies against the schema</h3><table><tr><th>split</th><th>column</th><th>finding</th></tr>{table}</table>")
    elif report.rows:
        parts.append("<p>No anomalies against the schema.</p>")
    split = "train" if "train" in report.features else next(iter(report.features), None)
    if split:
        body = "".join(
            f"<tr><td>{escape(f.name)}</td><td>{escape(f.kind)}</td><td class=\"n\">{f.missing:.1%}</td>"
            f"<td>{escape(f.summary)}</td><td>{svg.sparkline(f.histogram)}</td></tr>"
            for f in report.features[split]
        )
        parts.append(
            f"<h3>Features ({escape(split)} split, from TFDV statistics)</h3><table><tr><th>feature</th><th>type</th>"
            f'<th class="n">empty</th><th>summary</th><th>histogram</th></tr>{body}</table>'
        )
    return _section("data", "Data", "".join(parts))


def _model(report: RunReport) -> str:
    curves = report.curves
    if curves is None:
        return _section("model", "Model", "<p>No evaluation: the run stopped before the Evaluator.</p>")
    charts = [
        ("ROC", svg.curve([("candidate", curves.roc)], "false positive rate", "recall", diagonal=True)),
        ("Precision-recall", svg.curve([("candidate", curves.pr)], "recall", "precision")),
        ("Calibration (per prediction bucket)", svg.curve([("candidate", curves.calibration)], "mean prediction", "observed rate", diagonal=True)),
    ]
    if curves.confusion:
        charts.append((f"Confusion matrix at threshold {curves.threshold:g}", svg.confusion(*curves.confusion)))
    figures = "".join(f"<figure>{chart}<figcaption>{escape(name)}</figcaption></figure>" for name, chart in charts)
    shown = ", ".join(f"{name} {report.metrics[name]:.4f}" for name in COMPARED if name in report.metrics)
    return _section("model", "Model (eval split, overall)", f"<p>{escape(shown)}</p><div class=\"charts\">{figures}</div>")


def _slices(report: RunReport) -> str:
    if not report.slice_metrics:
        return _section("slices", "Metrics by slice", "<p>No slice metrics.</p>")
    gate, bound = report.gate_metric, report.lower_bound
    names = sorted(report.slice_metrics)
    items = []
    rows = []
    for name in names:
        values = report.slice_metrics[name]
        value = values.get(gate, float("nan"))
        low = value < bound
        items.append(svg.Bar(name, max(value, 0.0), f"{value:.3f} (n={values.get('example_count', 0):.0f})", highlight=low))
        cells = "".join(f'<td class="n">{values.get(m, float("nan")):.3f}</td>' for m in COMPARED[1:])
        rows.append(f'<tr><td{" class=low" if low else ""}>{escape(name)}</td><td class="n">{values.get("example_count", 0):.0f}</td>{cells}</tr>')
    chart = svg.bars(items, reference=bound, reference_label=f"lower bound {bound:g}")
    head = "".join(f'<th class="n">{m}</th>' for m in ("n", *COMPARED[1:]))
    note = f'<p class="muted">Red: {escape(gate)} below the domain\'s lower bound {bound:g} (the gate applies overall; slices are reported).</p>'
    return _section("slices", f"Metrics by slice ({gate})", chart + note + f"<table><tr><th>slice</th>{head}</tr>{''.join(rows)}</table>")


def _comparison(report: RunReport) -> str:
    if not report.baseline_metrics:
        return _section("comparison", "Against the previous champion", "<p>No blessed baseline: this model was judged on the lower bound alone.</p>")
    rows = "".join(
        f'<tr><td>{name}</td><td class="n">{report.baseline_metrics[name]:.4f}</td><td class="n">{report.metrics.get(name, float("nan")):.4f}</td>'
        f'<td class="n">{report.metrics.get(name, float("nan")) - report.baseline_metrics[name]:+.4f}</td></tr>'
        for name in COMPARED
        if name in report.baseline_metrics
    )
    table = f'<table><tr><th>metric</th><th class="n">champion</th><th class="n">candidate</th><th class="n">change</th></tr>{rows}</table>'
    return _section("comparison", "Against the previous champion (TFMA baseline)", table)


def _lineage(report: RunReport) -> str:
    lineage = report.lineage
    items = [
        ("input file sha256", lineage.source_sha256),
        ("staged input", lineage.staged_dir),
        ("staged data.csv sha256", lineage.staged_sha256),
        ("schema", lineage.schema),
        ("code revision", lineage.code_revision),
    ]
    rows = "".join(f"<tr><th>{name}</th><td><code>{escape(value)}</code></td></tr>" for name, value in items if value)
    return _section("lineage", "Lineage", f"<table>{rows}</table>")
