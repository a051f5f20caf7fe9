"""`python -m pipelines models ...` on a registry of tiny fake versions, in process."""

import json
from pathlib import Path

import pytest

from components import aliases, registry
from pipelines.cli import main
from pipelines.models.cli import resolve, VersionError


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output dir whose healthcare registry holds versions 1-3, 3 the champion; 2 records metrics."""
    domain = tmp_path / "artifacts" / "registry" / "healthcare"
    for i in range(1, 4):
        model = tmp_path / f"model{i}"
        (model / "variables").mkdir(parents=True)
        (model / "saved_model.pb").write_bytes(b"pb")
        info = {"blessed": True, "metrics": {"overall": {"auc": 0.9 + i / 100, "example_count": 169.0}, "sex=Male": {"auc": 0.8}}}
        registry.publish(model, domain, info if i == 2 else None)
        aliases.promote(domain, i)
    return tmp_path / "artifacts"


def _models(out: Path, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["models", *args, "--domain", "healthcare", "--output-dir", str(out)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_versions_newest_first_with_metrics_blessing_and_aliases(out: Path, capsys) -> None:
    code, stdout, _ = _models(out, capsys, "list")
    assert code == 0
    header, third, second, first = stdout.splitlines()
    assert header.split() == ["version", "published", "auc", "auc_precision_recall", "precision", "recall", "example_count", "blessed", "aliases"]
    assert third.split()[0] == "3" and third.endswith("champion")
    assert second.split()[2:] == ["0.9200", "-", "-", "-", "169", "yes", "previous"]
    assert first.split()[0] == "1" and first.split()[-1] == "-"


def test_show_resolves_an_alias_and_prints_metrics_by_slice(out: Path, capsys) -> None:
    code, stdout, _ = _models(out, capsys, "show", "previous")
    assert code == 0
    assert stdout.startswith(f"version 2: {out.resolve() / 'registry' / 'healthcare' / '2'}\n  aliases:  previous\n")
    assert "    overall                      auc 0.9200, example_count 169.0000\n    sex=Male" in stdout


def test_rollback_then_promote_say_what_moved_and_rewrite_models_config(out: Path, capsys) -> None:
    assert _models(out, capsys, "rollback")[1] == "healthcare: champion 3 -> 2; previous 2 -> 1\n"
    domain = out / "registry" / "healthcare"
    assert json.loads((domain / aliases.ALIASES_FILE).read_text()) == {"champion": 2, "previous": 1}
    assert 'key: "champion"\n      value: 2' in (domain / aliases.MODELS_CONFIG).read_text()
    assert _models(out, capsys, "promote", "3")[1] == "healthcare: champion 2 -> 3; previous 1 -> 2\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("promote", "9"), "no version 9 in {domain} (versions: 1, 2, 3)"),
        (("show", "staging"), "no alias 'staging' in {domain} (aliases: champion, previous)"),
    ],
)
def test_an_unknown_version_or_alias_is_a_one_line_error(out: Path, capsys, args, error) -> None:
    code, _, stderr = _models(out, capsys, *args)
    assert code == 2
    assert stderr == f"error: {error.format(domain=out.resolve() / 'registry' / 'healthcare')}\n"


def test_resolve_refuses_a_number_that_was_never_published(out: Path) -> None:
    with pytest.raises(VersionError, match="no version 4"):
        resolve(out / "registry" / "healthcare", "4")
    assert resolve(out / "registry" / "healthcare", "champion") == 3


def test_list_on_an_empty_registry_says_so(tmp_path: Path, capsys) -> None:
    code, stdout, _ = _models(tmp_path, capsys, "list")
    assert code == 0 and stdout.startswith("no versions in ")
