import threading
from pathlib import Path

import pytest

from components import registry


def _saved_model(tmp_path: Path, name: str) -> Path:
    model = tmp_path / name
    (model / "variables").mkdir(parents=True)
    (model / "saved_model.pb").write_bytes(name.encode())
    return model


def test_versions_increase_by_one_and_keep_the_model(tmp_path: Path) -> None:
    domain = tmp_path / "registry" / "fraud"
    first, new_first = registry.publish(_saved_model(tmp_path, "a"), domain)
    second, new_second = registry.publish(_saved_model(tmp_path, "b"), domain)
    assert (first.name, second.name) == ("1", "2")
    assert new_first and new_second
    assert (second / "saved_model.pb").read_bytes() == b"b"
    assert registry.version_info(second)["source"] == str(tmp_path / "b")
    assert registry.versions(domain) == [1, 2]


def test_publishing_the_same_source_again_keeps_its_version(tmp_path: Path) -> None:
    domain = tmp_path / "fraud"
    model = _saved_model(tmp_path, "a")
    assert registry.publish(model, domain) == (domain / "1", True)
    assert registry.publish(model, domain) == (domain / "1", False)
    assert registry.versions(domain) == [1]


def test_refuses_a_directory_without_saved_model(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no saved_model.pb"):
        registry.publish(tmp_path / "empty", tmp_path / "fraud")
    assert registry.versions(tmp_path / "fraud") == []


def test_concurrent_pushes_get_distinct_complete_versions(tmp_path: Path) -> None:
    domain = tmp_path / "fraud"
    models = [_saved_model(tmp_path, f"m{i}") for i in range(8)]
    threads = [threading.Thread(target=registry.publish, args=(m, domain)) for m in models]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert registry.versions(domain) == list(range(1, 9))
    contents = {(domain / str(v) / "saved_model.pb").read_bytes() for v in range(1, 9)}
    assert contents == {f"m{i}".encode() for i in range(8)}
    assert not [p for p in domain.iterdir() if p.name.startswith(registry.STAGING_PREFIX)]


def test_everything_beside_the_saved_model_is_published_with_it(tmp_path: Path) -> None:
    model = _saved_model(tmp_path, "a")
    (model / "model.tflite").write_bytes(b"tflite")
    (model / "assets").mkdir()
    (model / "assets" / "vocab_scenario").write_text("merge\n")
    version, _ = registry.publish(model, tmp_path / "av")
    assert (version / "model.tflite").read_bytes() == b"tflite"
    assert (version / "assets" / "vocab_scenario").read_text() == "merge\n"
