"""`python -m pipelines new-domain`: draft a domain (file, data, schema) from one CSV.

Feature types come from TFDV statistics of the file: strings are categorical unless
nearly every value is distinct (an identifier, dropped), numbers are numeric, and
non-negative heavy-tailed numbers (max far above the median) get log1p. The result is a
draft for the user to review, never a silent guess: everything it decided is in the file.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import tensorflow_data_validation as tfdv
from tensorflow_metadata.proto.v0 import statistics_pb2

from pipelines import schema
from pipelines.domains import loader
from pipelines.domains.spec import DOMAIN_FILE, LabelRule
from pipelines.staging import stage

NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_HEAVY_TAIL_RATIO = 20.0  # max / median above which a non-negative column gets log1p


class NewDomainError(ValueError):
    pass


def _median(feature: statistics_pb2.FeatureNameStatistics) -> float:
    for histogram in feature.num_stats.histograms:
        if histogram.type == statistics_pb2.Histogram.QUANTILES and histogram.buckets:
            return histogram.buckets[len(histogram.buckets) // 2].low_value
    return feature.num_stats.mean


def classify(stats: statistics_pb2.DatasetFeatureStatistics, label: str) -> dict[str, list[str]]:
    """Column name -> group ("numeric", "log_numeric", "categorical", "drop")."""
    groups: dict[str, list[str]] = {"numeric": [], "log_numeric": [], "categorical": [], "drop": []}
    for feature in stats.features:
        name = feature.path.step[0]
        if name == label:
            continue
        if feature.type == statistics_pb2.FeatureNameStatistics.STRING:
            distinct = feature.string_stats.unique / max(stats.num_examples, 1)
            groups["drop" if distinct > 0.5 else "categorical"].append(name)
        elif name.lower() == "id" or name.lower().endswith("_id"):
            groups["drop"].append(name)
        else:
            num = feature.num_stats
            median = _median(feature)
            heavy = num.min >= 0 and median > 0 and num.max / median > _HEAVY_TAIL_RATIO
            groups["log_numeric" if heavy else "numeric"].append(name)
    return groups


def default_rule(stats: statistics_pb2.DatasetFeatureStatistics, label: str) -> str:
    """`label == 1` for a 0/1 column; otherwise the user must say what is positive."""
    feature = next((f for f in stats.features if f.path.step[0] == label), None)
    if feature is None:
        raise NewDomainError(f"label column {label!r} is not in the file")
    is_int = feature.type == statistics_pb2.FeatureNameStatistics.INT
    if is_int and feature.num_stats.min >= 0 and feature.num_stats.max <= 1:
        return f"{label} == 1"
    raise NewDomainError(f"label column {label!r} is not 0/1: pass --positive-when, e.g. '{label} > 0'")


def render(description: str, data_file: str, rule: str, groups: dict[str, list[str]]) -> str:
    """The domain file, with every inferred decision visible and commented."""
    lists = {key: json.dumps(sorted(value)) for key, value in groups.items()}
    rule_source = LabelRule.parse(rule).source
    return f"""# Drafted by `python -m pipelines new-domain`: review every line, then run it.
description = {json.dumps(description)}

[data]
file = {json.dumps(data_file)}
drop = {lists["drop"]}  # identifiers: (nearly) one value per row
split_buckets = [4, 1]  # train, eval
# split_by = "some_id"  # keep rows sharing this value in the same split

[label]
name = {json.dumps(rule_source)}
positive_when = {json.dumps(rule)}

[features]
numeric = {lists["numeric"]}
log_numeric = {lists["log_numeric"]}  # non-negative, heavy-tailed: log1p first
categorical = {lists["categorical"]}

[evaluation]
metric = "auc"  # or "auc_precision_recall" when positives are rare
lower_bound = 0.5  # raise it once you know what a useful model reaches
max_regression = 0.01
operating_threshold = 0.5
slices = []  # e.g. [["region"]]

[training]
max_epochs = 20
batch_size = 256
early_stopping_patience = 3
class_weights = "balanced"  # or "none" when positives are rare and judged by AUC-PR
"""


def create(name: str, csv_path: Path, label: str, positive_when: str | None, domains_dir: Path) -> Path:
    """Write `<domains_dir>/<name>/` with the data, `domain.toml` and `schema.pbtxt`."""
    if not NAME.match(name):
        raise NewDomainError(f"domain name {name!r} must be lower-case letters, digits and _ (starting with a letter)")
    if not csv_path.is_file():
        raise NewDomainError(f"data file not found: {csv_path}")
    directory = domains_dir / name
    if (directory / DOMAIN_FILE).exists():
        raise NewDomainError(f"domain {name!r} already exists at {directory}")
    stats = tfdv.generate_statistics_from_csv(str(csv_path)).datasets[0]
    rule = positive_when or default_rule(stats, label)
    try:
        LabelRule.parse(rule)
    except ValueError as err:
        raise NewDomainError(str(err)) from None
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(csv_path, directory / csv_path.name)
    (directory / DOMAIN_FILE).write_text(render(f"Domain drafted from {csv_path.name}.", csv_path.name, rule, classify(stats, label)))
    spec = loader.load(directory)
    with tempfile.TemporaryDirectory() as tmp:
        staged = stage(spec.default_data, Path(tmp), spec)
        schema.write(schema.infer(spec, staged.directory / "data.csv"), spec.schema_path)
    return directory
