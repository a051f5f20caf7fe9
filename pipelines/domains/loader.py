"""Read a domain file (`<domains dir>/<name>/domain.toml`) into a `DomainSpec`.

Every mistake in a domain file is reported with the file and the key at fault.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Mapping

import tomli

from pipelines.domains.spec import (
    DOMAIN_FILE,
    Band,
    ClassWeights,
    DomainSpec,
    ExportOptions,
    FeatureGroups,
    LabelRule,
    Thresholds,
    TrainingBudget,
)

# TFMA metric name -> the TFMA metric class that produces it.
GATEABLE_METRICS = {"auc": "AUC", "auc_precision_recall": "AUCPrecisionRecall"}


class DomainFileError(ValueError):
    """A domain file that cannot be used; the message names the file and the key."""


def load(domain_dir: Path) -> DomainSpec:
    path = domain_dir / DOMAIN_FILE
    try:
        config = tomli.loads(path.read_text(encoding="utf-8"))
    except tomli.TOMLDecodeError as err:
        raise DomainFileError(f"{path}: not valid TOML: {err}") from None
    return from_mapping(domain_dir.name, domain_dir.resolve(), config)


def from_dict(data: Mapping[str, Any]) -> DomainSpec:
    """Inverse of `DomainSpec.to_dict`."""
    return from_mapping(data["name"], Path(data["directory"]), data["config"])


def from_mapping(name: str, directory: Path, config: Mapping[str, Any]) -> DomainSpec:
    where = directory / DOMAIN_FILE

    def section(key: str) -> Mapping[str, Any]:
        value = config.get(key, {})
        if not isinstance(value, Mapping):
            raise DomainFileError(f"{where}: [{key}] must be a table")
        return value

    def required(table: Mapping[str, Any], key: str, table_name: str) -> Any:
        if key not in table:
            raise DomainFileError(f"{where}: missing key {table_name}.{key}")
        return table[key]

    def export_options() -> ExportOptions:
        table = section("export")
        known = {field.name for field in dataclasses.fields(ExportOptions)}
        if unknown := sorted(set(table) - known):
            raise DomainFileError(f"{where}: [export] has unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        for key, value in table.items():
            # TOML has booleans: a string "yes" or a 1 is a mistake, not a truthy value.
            if not isinstance(value, bool):
                raise DomainFileError(f"{where}: export.{key} must be true or false, not {value!r}")
        return ExportOptions(**table)

    def training_budget() -> TrainingBudget:
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in section("training").items()}
        if "class_weights" in values:
            try:
                values["class_weights"] = ClassWeights(values["class_weights"])
            except ValueError:
                choices = ", ".join(c.value for c in ClassWeights)
                raise DomainFileError(
                    f"{where}: training.class_weights {values['class_weights']!r} is not one of {choices}"
                ) from None
        return TrainingBudget(**values)

    data, label, features = section("data"), section("label"), section("features")
    evaluation = section("evaluation")
    try:
        rule = LabelRule.parse(required(label, "positive_when", "label"))
    except ValueError as err:
        raise DomainFileError(f"{where}: label.positive_when: {err}") from None
    metric = evaluation.get("metric", "auc")
    if metric not in GATEABLE_METRICS:
        raise DomainFileError(f"{where}: evaluation.metric {metric!r} is not one of {', '.join(GATEABLE_METRICS)}")
    groups = FeatureGroups(**{k: tuple(v) for k, v in features.items()})
    if not groups.all():
        raise DomainFileError(f"{where}: [features] lists no feature")
    label_name = label.get("name", rule.source)
    if label_name in groups.all() or rule.source in groups.all():
        raise DomainFileError(f"{where}: the label column {rule.source!r} is also listed as a feature")
    return DomainSpec(
        name=name,
        description=config.get("description", ""),
        directory=directory,
        data_file=required(data, "file", "data"),
        label=label_name,
        label_rule=rule,
        features=groups,
        thresholds=Thresholds(
            metric=metric,
            lower_bound=float(evaluation.get("lower_bound", 0.5)),
            max_regression=float(evaluation.get("max_regression", 0.01)),
        ),
        operating_threshold=float(evaluation.get("operating_threshold", 0.5)),
        slices=tuple(tuple(s) for s in evaluation.get("slices", [])),
        budget=training_budget(),
        split_buckets=tuple(data.get("split_buckets", (4, 1))),
        split_by=data.get("split_by"),
        drop=tuple(data.get("drop", ())),
        bands=tuple(
            Band(name=band_name, source=band["column"], edges=tuple(float(e) for e in band["edges"]))
            for band_name, band in section("bands").items()
        ),
        relax=tuple(section("validation").get("relax", ())),
        drift_linf=float(section("validation").get("drift_linf", 0.1)),
        drift_jsd=float(section("validation").get("drift_jsd", 0.1)),
        export=export_options(),
        source=config,
    )
