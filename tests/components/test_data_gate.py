import pytest
from tensorflow_metadata.proto.v0 import anomalies_pb2, schema_pb2, statistics_pb2

from components import data_gate


SCHEMA = schema_pb2.Schema()


def _anomalies(column: str, kind: str, text: str) -> anomalies_pb2.Anomalies:
    anomalies = anomalies_pb2.Anomalies()
    info = anomalies.anomaly_info[column]
    info.reason.add(type=anomalies_pb2.AnomalyInfo.Type.Value(kind), description=text + ".")
    return anomalies


def _stats(label: str, low: float, high: float) -> statistics_pb2.DatasetFeatureStatistics:
    stats = statistics_pb2.DatasetFeatureStatistics(num_examples=10)
    feature = stats.features.add()
    feature.path.step.append(label)
    feature.num_stats.min, feature.num_stats.max = low, high
    return stats


def test_anomalies_fail_with_one_readable_part_per_problem() -> None:
    anomalies = {"train": _anomalies("Amount", "FLOAT_TYPE_STRING_NOT_FLOAT", "Expected FLOAT, found STRING")}
    with pytest.raises(data_gate.DataValidationError) as err:
        data_gate.check(anomalies, {"train": _stats("y", 0, 1)}, "y", SCHEMA)
    assert str(err.value) == 'column "Amount" (train): Expected FLOAT, found STRING'


def test_single_class_label_fails() -> None:
    with pytest.raises(data_gate.DataValidationError, match=r'column "y" \(eval\): the label has a single class \(1\)'):
        data_gate.check({}, {"train": _stats("y", 0, 1), "eval": _stats("y", 1, 1)}, "y", SCHEMA)


def test_relaxed_checks_pass_but_are_returned() -> None:
    anomalies = {"eval": _anomalies("chol", "FEATURE_TYPE_LOW_FRACTION_PRESENT", "Low presence")}
    relaxed = data_gate.check(anomalies, {"eval": _stats("y", 0, 1)}, "y", SCHEMA, relax=["chol:FEATURE_TYPE_LOW_FRACTION_PRESENT"])
    assert [(p.column, p.kind) for p in relaxed] == [("chol", "FEATURE_TYPE_LOW_FRACTION_PRESENT")]
    with pytest.raises(data_gate.DataValidationError):
        data_gate.check(anomalies, {"eval": _stats("y", 0, 1)}, "y", SCHEMA, relax=["chol:SCHEMA_NEW_COLUMN"])


def test_a_gappy_column_gone_mostly_empty_fails() -> None:
    schema = schema_pb2.Schema()
    schema.feature.add(name="thalch").presence.min_fraction = 0.85
    stats = _stats("y", 0, 1)
    thalch = stats.features.add()
    thalch.path.step.append("thalch")
    thalch.num_stats.common_stats.num_non_missing = 10  # CsvExampleGen writes an empty cell as present
    thalch.num_stats.common_stats.tot_num_values = 1  # of 10 rows
    with pytest.raises(data_gate.DataValidationError, match=r'column "thalch" \(train\): has values in 10% of rows, the schema expects at least 85%'):
        data_gate.check({}, {"train": stats}, "y", schema)


def test_drift_counts_only_comparator_anomalies_and_can_be_accepted() -> None:
    found = _anomalies("cp", "COMPARATOR_L_INFTY_HIGH", "The Linfty distance between current and previous is 0.4")
    found.anomaly_info["age"].reason.add(type=anomalies_pb2.AnomalyInfo.FEATURE_TYPE_LOW_FRACTION_PRESENT, description="x")
    drift = data_gate.drift_problems(found, accepted=False)
    assert [(p.column, p.kind) for p in drift] == [("cp", "DRIFT")]
    with pytest.raises(data_gate.DataValidationError, match=r'column "cp" \(train\): The Linfty distance'):
        data_gate.check({}, {"train": _stats("y", 0, 1)}, "y", SCHEMA, drift=drift)
    accepted = data_gate.drift_problems(found, accepted=True)
    assert data_gate.check({}, {"train": _stats("y", 0, 1)}, "y", SCHEMA, drift=accepted) == accepted


def test_drift_comparators_by_feature_kind() -> None:
    schema = schema_pb2.Schema()
    schema.feature.add(name="cp")
    schema.feature.add(name="age")
    compared = data_gate.with_drift_comparators(schema, ["cp"], ["age"], linf=0.1, jsd=0.2)
    assert compared.feature[0].drift_comparator.infinity_norm.threshold == 0.1
    assert compared.feature[1].drift_comparator.jensen_shannon_divergence.threshold == 0.2
    assert not schema.feature[0].HasField("drift_comparator")
