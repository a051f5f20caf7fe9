"""A model card per registry version: `model_card.md` and `model_card.html` beside the model.

`python -m pipelines run` writes it when it pushes a version; `models card` rewrites it.
Rendered from a plain template rather than Google's model-card-toolkit: its releases pin
dependencies this stack cannot share (see README, "Working with the model registry"), and
the few sections below need nothing but the domain, `version_info.json`, the lineage and,
when the version has one, the description of its TFLite model.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from components import edge_model, registry
from components.edge_model import EdgeModel
from pipelines.domains.spec import DomainSpec
from pipelines.models.lineage import Lineage, LineageError, format_lineage, trace

MARKDOWN = "model_card.md"
HTML = "model_card.html"
CARD_METRICS = ("example_count", "auc", "auc_precision_recall", "precision", "recall", "calibration")


def _table(metrics: dict[str, dict[str, float]]) -> list[list[str]]:
    rows = [["slice", *CARD_METRICS]]
    for name, values in sorted(metrics.items(), key=lambda kv: (kv[0] != "overall", kv[0])):
        rows.append([name, *(_cell(values, m) for m in CARD_METRICS)])
    return rows


def _cell(values: dict[str, float], name: str) -> str:
    if name not in values:
        return "-"
    return f"{values[name]:.0f}" if name == "example_count" else f"{values[name]:.4f}"


def _weak_slices(spec: DomainSpec, metrics: dict[str, dict[str, float]]) -> list[str]:
    """Slices whose gate metric trails the overall value by more than the allowed regression."""
    gate = spec.thresholds.metric
    overall = metrics.get("overall", {}).get(gate)
    if overall is None:
        return []
    return [
        f"{name}: {gate} {values[gate]:.4f} against {overall:.4f} overall ({values.get('example_count', 0):.0f} examples)"
        for name, values in sorted(metrics.items())
        if name != "overall" and gate in values and values[gate] < overall - spec.thresholds.max_regression
    ]


def _edge(edge: EdgeModel, size: int) -> list[str]:
    inputs = ", ".join(f"{i.name} ({i.dtype})" for i in edge.inputs)
    categories = "; ".join(f"{i.name}: {', '.join(i.categories)}" for i in edge.inputs if i.categories)
    return [
        f"`{edge_model.TFLITE_FILE}` ({size:,} bytes): the same model for an embedded TFLite runtime, TFLite builtin "
        "operators only (no Flex delegate), signature "
        f"`{edge.signature}`; `{edge_model.DESCRIPTION_FILE}` describes it for callers.",
        "Transform is included: pass raw values, one tensor of shape [batch] per feature (allocated for a batch of 1; "
        f"resize the inputs for more): {inputs}. Output `{edge.output}`: float32 [batch, 1], the probability "
        "`serving_default` gives for the same row.",
        f"Categories seen in training: {categories or 'none'}. Any other value is scored as unseen, as the SavedModel "
        "scores it; a missing value cannot be expressed, so every feature must be sent.",
    ]


def sections(
    spec: DomainSpec,
    version: int,
    info: dict[str, Any],
    lineage: Lineage | None,
    edge: tuple[EdgeModel, int] | None = None,
) -> list[tuple[str, list[str] | list[list[str]]]]:
    """The card as (title, paragraphs) or (title, table rows) sections, shared by both renderings.

    `edge` is the version's TFLite model and its size in bytes, if it has one.
    """
    metrics = info.get("metrics", {})
    thresholds = spec.thresholds
    weak = _weak_slices(spec, metrics)
    parts: list[tuple[str, list[str] | list[list[str]]]] = [
        ("Model", [f"Domain `{spec.name}`, registry version {version}, published {info.get('published_at', '?')}.", spec.description]),
        (
            "Intended use",
            [
                f"Binary classification of `{spec.label}` (positive when `{spec.label_rule}`) from "
                f"{', '.join(spec.features.all())}, scored in batch (`python -m pipelines models predict`) or "
                "served by TF Serving (`serving_default`: serialized raw tf.Example in, `probabilities` out).",
                "A decision aid to be reviewed by a person; not validated for use outside the population and "
                "sources the data describes.",
            ],
        ),
        (
            "Data",
            [
                f"Source: {lineage.data_source if lineage and lineage.data_source else spec.default_data.name}"
                + (f" (sha256 {lineage.data_sha256})" if lineage and lineage.data_sha256 else ""),
                "Rows: " + (", ".join(f"{s} {n:,}" for s, n in lineage.split_rows.items()) if lineage else "not traced"),
                "Origin, licence and attribution: data/README.md in the project repository.",
            ],
        ),
        ("Metrics (eval split, by slice)", _table(metrics) if metrics else ["No metrics were recorded at push time."]),
        (
            "Thresholds",
            [
                f"Blessed only if overall {thresholds.metric} >= {thresholds.lower_bound} and it is at most "
                f"{thresholds.max_regression} below the latest blessed model; blessed: {'yes' if info.get('blessed') else 'not recorded'}.",
                f"Operating threshold: predict positive at probability >= {spec.operating_threshold}.",
            ],
        ),
        (
            "Limitations",
            [
                "Slices are gated only overall; these trail the overall value by more than the allowed regression: "
                + ("; ".join(weak) if weak else "none."),
                "Small slices give noisy metrics: read them with their example counts.",
            ],
        ),
        ("Lineage", [format_lineage(lineage)] if lineage else [f"code revision {info.get('code_revision', 'not recorded')}"]),
    ]
    if edge:
        parts.insert(2, ("Edge model (TFLite)", _edge(*edge)))
    return parts


def markdown(title: str, parts: list[tuple[str, Any]]) -> str:
    lines = [f"# {title}", ""]
    for heading, body in parts:
        lines += [f"## {heading}", ""]
        if body and isinstance(body[0], list):
            lines.append("| " + " | ".join(body[0]) + " |")
            lines.append("|" + " --- |" * len(body[0]))
            lines += ["| " + " | ".join(row) + " |" for row in body[1:]]
        else:
            lines += [f"```\n{p}\n```" if "\n" in p else p for p in body]
        lines.append("")
    return "\n".join(lines)


def to_html(title: str, parts: list[tuple[str, Any]]) -> str:
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"]
    out.append(f"<h1>{html.escape(title)}</h1>")
    for heading, body in parts:
        out.append(f"<h2>{html.escape(heading)}</h2>")
        if body and isinstance(body[0], list):
            out.append("<table border='1'>")
            out.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in body[0]) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in body[1:]]
            out.append("</table>")
        else:
            out += [f"<pre>{html.escape(p)}</pre>" if "\n" in p else f"<p>{html.escape(p)}</p>" for p in body]
    out.append("</body></html>\n")
    return "\n".join(out)


def write(version_dir: Path, spec: DomainSpec, info: dict[str, Any], lineage: Lineage | None) -> tuple[Path, Path]:
    """Write both renderings into `version_dir`; return their paths."""
    title = f"Model card: {spec.name}, version {version_dir.name}"
    parts = sections(spec, int(version_dir.name), info, lineage, edge_model.read(version_dir))
    md, page = version_dir / MARKDOWN, version_dir / HTML
    md.write_text(markdown(title, parts))
    page.write_text(to_html(title, parts))
    return md, page


def write_traced(version_dir: Path, spec: DomainSpec, metadata_path: Path) -> tuple[tuple[Path, Path], str | None]:
    """Trace the version through ML Metadata and write its card; also why lineage was left out, if it was.

    A card without lineage still says what the model is for and how it scored, so a version
    that cannot be traced (pushed by hand, store moved) still gets one.
    """
    info = registry.version_info(version_dir)
    try:
        traced, left_out = trace(metadata_path, int(version_dir.name), info), None
    except LineageError as err:
        traced, left_out = None, str(err)
    return write(version_dir, spec, info, traced), left_out
