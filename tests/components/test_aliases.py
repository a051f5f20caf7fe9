import json
import threading
from pathlib import Path

import pytest
from google.protobuf import text_format
from tensorflow_serving.config import model_server_config_pb2

from components import aliases, registry


def _domain_with_versions(tmp_path: Path, count: int) -> Path:
    domain = tmp_path / "registry" / "healthcare"
    for i in range(1, count + 1):
        model = tmp_path / f"model{i}"
        (model / "variables").mkdir(parents=True)
        (model / "saved_model.pb").write_bytes(b"pb")
        registry.publish(model, domain)
    return domain


def test_no_aliases_before_the_first_promotion(tmp_path: Path) -> None:
    assert aliases.read(tmp_path / "nothing") == {}


def test_each_promotion_moves_the_champion_to_previous(tmp_path: Path) -> None:
    domain = _domain_with_versions(tmp_path, 3)
    first = aliases.promote(domain, 1)
    assert (first.before, first.after) == ({}, {"champion": 1})
    assert first.describe() == "champion - -> 1"
    second = aliases.promote(domain, 2)
    assert second.after == {"champion": 2, "previous": 1}
    assert second.describe() == "champion 1 -> 2; previous - -> 1"
    assert json.loads((domain / aliases.ALIASES_FILE).read_text()) == {"champion": 2, "previous": 1}


def test_promoting_the_champion_changes_nothing(tmp_path: Path) -> None:
    domain = _domain_with_versions(tmp_path, 2)
    aliases.promote(domain, 1)
    aliases.promote(domain, 2)
    change = aliases.promote(domain, 2)
    assert change.after == {"champion": 2, "previous": 1} and change.describe() == "no change"


def test_promoting_an_unknown_version_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    domain = _domain_with_versions(tmp_path, 2)
    aliases.promote(domain, 2)
    with pytest.raises(aliases.AliasError, match=r"no version 7 in .* \(versions: 1, 2\)"):
        aliases.promote(domain, 7)
    assert aliases.read(domain) == {"champion": 2}


def test_rollback_walks_back_through_the_versions(tmp_path: Path) -> None:
    domain = _domain_with_versions(tmp_path, 3)
    for version in (1, 2, 3):
        aliases.promote(domain, version)
    assert aliases.rollback(domain).describe() == "champion 3 -> 2; previous 2 -> 1"
    assert aliases.rollback(domain).after == {"champion": 1}
    with pytest.raises(aliases.AliasError, match="no 'previous' version"):
        aliases.rollback(domain)
    assert aliases.read(domain) == {"champion": 1}


def test_models_config_serves_the_labelled_versions_only(tmp_path: Path) -> None:
    domain = _domain_with_versions(tmp_path, 3)
    aliases.promote(domain, 2)
    aliases.promote(domain, 3)
    config = (domain / aliases.MODELS_CONFIG).read_text()
    assert config == (
        "model_config_list {\n"
        "  config {\n"
        '    name: "healthcare"\n'
        f'    base_path: "{domain.resolve()}"\n'
        '    model_platform: "tensorflow"\n'
        "    model_version_policy {\n"
        "      specific {\n"
        "        versions: 3\n"
        "        versions: 2\n"
        "      }\n"
        "    }\n"
        '    version_labels {\n      key: "champion"\n      value: 3\n    }\n'
        '    version_labels {\n      key: "previous"\n      value: 2\n    }\n'
        "  }\n"
        "}\n"
    )


def test_models_config_parses_as_tf_servings_own_proto(tmp_path: Path) -> None:
    domain = _domain_with_versions(tmp_path, 4)
    for version in (1, 4):
        aliases.promote(domain, version)
    config = text_format.Parse((domain / aliases.MODELS_CONFIG).read_text(), model_server_config_pb2.ModelServerConfig())
    (model,) = config.model_config_list.config
    assert list(model.model_version_policy.specific.versions) == [4, 1]
    assert dict(model.version_labels) == {"champion": 4, "previous": 1}


def test_concurrent_promotions_leave_a_consistent_pair_and_no_temporary_files(tmp_path: Path) -> None:
    domain = _domain_with_versions(tmp_path, 8)
    threads = [threading.Thread(target=aliases.promote, args=(domain, v)) for v in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = aliases.read(domain)
    assert final["champion"] in range(1, 9) and final["previous"] in range(1, 9)
    assert final["champion"] != final["previous"]
    assert sorted(p.name for p in domain.iterdir() if not p.name.isdigit()) == [
        ".aliases.lock",
        aliases.ALIASES_FILE,
        aliases.MODELS_CONFIG,
    ]
