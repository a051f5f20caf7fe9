"""Domain files: the built-in ones load, mistakes are named, user directories are searched."""

from pathlib import Path

import pytest

from pipelines import domains
from pipelines.domains import loader
from pipelines.domains.spec import Band, ClassWeights, LabelRule


@pytest.mark.parametrize("name", domains.names())
def test_builtin_domains_load_with_their_data_and_schema(name: str) -> None:
    spec = domains.get(name)
    assert spec.default_data.is_file() and spec.schema_path.is_file()
    assert spec.label_rule.source not in spec.features.all()


def _write(root: Path, name: str, text: str) -> Path:
    (root / name).mkdir(parents=True)
    (root / name / "domain.toml").write_text(text)
    return root


MINIMAL = '[data]\nfile = "d.csv"\n[label]\npositive_when = "y == 1"\n[features]\nnumeric = ["x"]\n'


def test_user_directory_adds_domains(tmp_path: Path) -> None:
    _write(tmp_path, "toy", MINIMAL)
    assert "toy" in domains.names([tmp_path])
    spec = domains.get("toy", [tmp_path])
    assert (spec.label, spec.default_data) == ("y", tmp_path / "toy" / "d.csv")
    with pytest.raises(domains.UnknownDomainError, match="unknown domain 'toy'"):
        domains.get("toy")


@pytest.mark.parametrize(
    "text, message",
    [
        (MINIMAL.replace('positive_when = "y == 1"', 'positive_when = "y"'), "label.positive_when: label rule 'y'"),
        (MINIMAL.replace('file = "d.csv"\n', ""), "missing key data.file"),
        (MINIMAL + '[evaluation]\nmetric = "accuracy"\n', "evaluation.metric 'accuracy' is not one of auc"),
        (MINIMAL.replace('numeric = ["x"]', 'numeric = ["x", "y"]'), "the label column 'y' is also listed as a feature"),
        (MINIMAL + "[[", "not valid TOML"),
        (MINIMAL + '[export]\ntflite = "yes"\n', "export.tflite must be true or false, not 'yes'"),
        (MINIMAL + "[export]\nonnx = true\n", "[export] has unknown key(s) onnx (known: tflite)"),
        ('export = "tflite"\n' + MINIMAL, "[export] must be a table"),
        (MINIMAL + '[training]\nclass_weights = "sqrt"\n', "training.class_weights 'sqrt' is not one of balanced, none"),
    ],
)
def test_mistakes_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path, "bad", text)
    with pytest.raises(domains.DomainFileError) as err:
        domains.get("bad", [tmp_path])
    assert str(err.value).startswith(str(tmp_path / "bad" / "domain.toml"))
    assert message in str(err.value)


def test_export_is_opt_in_and_survives_the_trip_through_custom_config(tmp_path: Path) -> None:
    _write(tmp_path, "plain", MINIMAL)
    _write(tmp_path, "edge", MINIMAL + "[export]\ntflite = true\n")
    assert not domains.get("plain", [tmp_path]).export.tflite
    edge = domains.get("edge", [tmp_path])
    assert edge.export.tflite and loader.from_dict(edge.to_dict()).export.tflite


def test_label_rule_and_band() -> None:
    rule = LabelRule.parse("num > 0")
    assert (rule("0"), rule("2"), str(rule)) == (0, 1, "num > 0")
    assert LabelRule.parse('site == "Hungary"')("Hungary") == 1
    with pytest.raises(ValueError, match="non-numeric value 'x'"):
        rule("x")
    band = Band("age_band", "age", (40.0, 60.0))
    assert [band(v) for v in ("39", "40", "59.9", "60", "")] == ["<40", "40-60", "40-60", ">=60", ""]


def test_class_weights_default_to_balanced_and_survive_the_trip_through_custom_config(tmp_path: Path) -> None:
    _write(tmp_path, "plain", MINIMAL)
    _write(tmp_path, "rare", MINIMAL + '[training]\nclass_weights = "none"\n')
    assert domains.get("plain", [tmp_path]).budget.class_weights is ClassWeights.BALANCED
    rare = domains.get("rare", [tmp_path])
    assert loader.from_dict(rare.to_dict()).budget.class_weights is ClassWeights.NONE
