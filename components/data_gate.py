"""What stops a run before Transform: anomalies, a column gone empty, a label with one class.

Plain Python over TFDV protos (no TFX), so it is tested directly. TFX's ExampleValidator
only records anomalies and the run goes on to train; the gate turns them into a failure
with one readable line per problem. A domain may relax a check on purpose
(`[validation] relax = ["column:ANOMALY_TYPE"]` in its domain.toml); a relaxed anomaly is
still reported, as relaxed, never dropped silently.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Mapping

from tensorflow_metadata.proto.v0 import anomalies_pb2, schema_pb2, statistics_pb2

DATASET = "(dataset)"  # the column name used for anomalies about the whole split


class DataValidationError(RuntimeError):
    """The data failed validation; the message lists every problem, one per `; `."""


@dataclasses.dataclass(frozen=True)
class Problem:
    split: str
    column: str
    kind: str  # TFDV anomaly type name, or LABEL_SINGLE_CLASS
    text: str

    def __str__(self) -> str:
        return f'column "{self.column}" ({self.split}): {self.text}'


def _type_names(info: anomalies_pb2.AnomalyInfo) -> list[str]:
    names = [anomalies_pb2.AnomalyInfo.Type.Name(reason.type) for reason in info.reason]
    return names or [anomalies_pb2.AnomalyInfo.Type.Name(info.type)]


def anomaly_problems(anomalies_by_split: Mapping[str, anomalies_pb2.Anomalies]) -> list[Problem]:
    problems = []
    for split, anomalies in sorted(anomalies_by_split.items()):
        infos = sorted(anomalies.anomaly_info.items())
        if anomalies.HasField("dataset_anomaly_info"):
            infos.append((DATASET, anomalies.dataset_anomaly_info))
        for column, info in infos:
            reasons = list(info.reason) or [info]
            for kind, reason in zip(_type_names(info), reasons):
                text = (reason.description or reason.short_description).strip().rstrip(".")
                problems.append(Problem(split, column, kind, text))
    return problems


def label_problems(stats_by_split: Mapping[str, statistics_pb2.DatasetFeatureStatistics], label: str) -> list[Problem]:
    """A binary label must take both values in every split, or nothing can be learnt or measured."""
    problems = []
    for split, stats in sorted(stats_by_split.items()):
        feature = next((f for f in stats.features if f.path.step and f.path.step[0] == label), None)
        if feature is None:
            continue  # a missing label column is reported by the validator as an anomaly
        num = feature.num_stats
        if num.min == num.max:
            problems.append(
                Problem(split, label, "LABEL_SINGLE_CLASS", f"the label has a single class ({num.min:g}) in {stats.num_examples} rows")
            )
    return problems


def _common(feature: statistics_pb2.FeatureNameStatistics) -> statistics_pb2.CommonStatistics:
    return feature.num_stats.common_stats if feature.HasField("num_stats") else feature.string_stats.common_stats


def value_share(common: statistics_pb2.CommonStatistics, num_examples: int) -> float:
    """The share of rows where a one-value-per-row column has a value.

    CsvExampleGen writes an empty cell as a feature with no value, which TFDV counts as
    present (`num_non_missing`); the values it saw (`tot_num_values`) count the filled cells.
    """
    if not num_examples:
        return 1.0
    return min(common.num_non_missing, common.tot_num_values) / num_examples


def emptiness_problems(
    stats_by_split: Mapping[str, statistics_pb2.DatasetFeatureStatistics], schema: schema_pb2.Schema
) -> list[Problem]:
    """A column allowed to have gaps must still have values in `presence.min_fraction` of rows.

    The schema's presence check alone would let a column that went empty through: see `value_share`.
    """
    bounds = {f.name: f.presence.min_fraction for f in schema.feature if 0 < f.presence.min_fraction < 1}
    problems = []
    for split, stats in sorted(stats_by_split.items()):
        for feature in stats.features:
            name = feature.path.step[0] if feature.path.step else ""
            if name in bounds and stats.num_examples:
                filled = value_share(_common(feature), stats.num_examples)
                if filled < bounds[name]:
                    problems.append(
                        Problem(split, name, "MOSTLY_EMPTY", f"has values in {filled:.0%} of rows, the schema expects at least {bounds[name]:.0%}")
                    )
    return problems


def with_drift_comparators(
    schema: schema_pb2.Schema, categorical: Iterable[str], numeric: Iterable[str], linf: float, jsd: float
) -> schema_pb2.Schema:
    """A copy of `schema` that TFDV compares against a previous span: L-infinity distance
    for categorical columns, Jensen-Shannon divergence for numeric ones."""
    compared = schema_pb2.Schema()
    compared.CopyFrom(schema)
    thresholds = {**{name: ("infinity_norm", linf) for name in categorical}, **{name: ("jensen_shannon_divergence", jsd) for name in numeric}}
    for feature in compared.feature:
        if feature.name in thresholds:
            kind, threshold = thresholds[feature.name]
            getattr(feature.drift_comparator, kind).threshold = threshold
    return compared


def drift_problems(drift: anomalies_pb2.Anomalies, accepted: bool) -> list[Problem]:
    """Drift against the previous span's data; accepted drift is reported, never fatal."""
    kind = "DRIFT_ACCEPTED" if accepted else "DRIFT"
    # TFDV re-runs the schema checks too; those are the ExampleValidator's to report.
    compared = [p for p in anomaly_problems({"train": drift}) if p.kind.startswith("COMPARATOR_")]
    return [Problem("train", p.column, kind, p.text) for p in compared]


def split_relaxed(problems: Iterable[Problem], relax: Iterable[str]) -> tuple[list[Problem], list[Problem]]:
    """(blocking, relaxed) according to `column:KIND` entries."""
    allowed = set(relax)
    blocking, relaxed = [], []
    for problem in problems:
        (relaxed if f"{problem.column}:{problem.kind}" in allowed else blocking).append(problem)
    return blocking, relaxed


def check(
    anomalies_by_split: Mapping[str, anomalies_pb2.Anomalies],
    stats_by_split: Mapping[str, statistics_pb2.DatasetFeatureStatistics],
    label: str,
    schema: schema_pb2.Schema,
    relax: Iterable[str] = (),
    drift: list[Problem] = (),
) -> list[Problem]:
    """Raise DataValidationError on any blocking problem; return the relaxed and accepted ones."""
    problems = (
        anomaly_problems(anomalies_by_split)
        + emptiness_problems(stats_by_split, schema)
        + label_problems(stats_by_split, label)
    )
    blocking, relaxed = split_relaxed(problems, relax)
    accepted = [p for p in drift if p.kind == "DRIFT_ACCEPTED"]
    blocking += [p for p in drift if p.kind == "DRIFT"]
    relaxed += accepted
    if blocking:
        raise DataValidationError("; ".join(str(p) for p in blocking))
    return relaxed
