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
    thalch.num_stats.common_stats.tot_num_values = 1  # of 10 rows
    with pytest.raises(data_gate.DataValidationError, match=r'column "thalch" \(train\): has values in 10% of rows, the schema expects at least 85%'):
        data_gate.check({}, {"train": stats}, "y", schema)
