"""Names and paths from the command line cannot reach outside the output directory, and
every error is one line (plus a hint), never a bare traceback unless `--debug`."""

from pathlib import Path

import pytest

from components import aliases, registry
from pipelines import domains
from pipelines.cli import main


def _main(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output dir whose healthcare registry holds version 1, the champion."""
    model = tmp_path / "model"
    (model / "variables").mkdir(parents=True)
    (model / "saved_model.pb").write_bytes(b"pb")
    domain = tmp_path / "artifacts" / "registry" / "healthcare"
    registry.publish(model, domain)
    aliases.promote(domain, 1)
    return tmp_path / "artifacts"


@pytest.mark.parametrize("name", ["../fraud", "fraud/../healthcare", "..", "/etc", "fraud\x00"])
def test_a_domain_name_is_one_of_the_known_names_never_a_path(tmp_path: Path, capsys, name: str) -> None:
    code, err = _main(capsys, "run", "--domain", name, "--output-dir", str(tmp_path / "out"))
    assert code == 2
    assert err == f"error: unknown domain {name!r} (known domains: {', '.join(domains.names())})\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("version", ["../1", "1/../../healthcare", "-1", "0"])
def test_a_version_is_a_published_number_or_an_alias_never_a_path(out: Path, capsys, version: str) -> None:
    code, err = _main(capsys, "models", "show", version, "--domain", "healthcare", "--output-dir", str(out))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: no ")
    assert version.strip("-") in err or "alias" in err


def test_an_unknown_run_id_is_refused_before_any_file_is_written(out: Path, capsys) -> None:
    code, err = _main(capsys, "report", "--domain", "healthcare", "--run", "../../escape", "--output-dir", str(out))
    assert code == 2 and err.count("\n") == 1
    assert not (out / "reports").exists() and not (out.parent / "escape.html").exists()


def test_an_output_dir_that_is_a_file_is_refused(tmp_path: Path, capsys) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    code, err = _main(capsys, "run", "--domain", "healthcare", "--output-dir", str(target))
    assert (code, err) == (2, f"error: --output-dir {target} is a file, not a directory\n")
    assert target.read_text() == "mine"


def test_an_output_dir_inside_the_domain_data_is_refused(capsys) -> None:
    inside = domains.BUILTIN_DIR / "healthcare" / "artifacts"
    code, err = _main(capsys, "run", "--domain", "healthcare", "--output-dir", str(inside))
    assert code == 2 and err.startswith(f"error: --output-dir {inside} is inside the project's domain data")
    assert not inside.exists()


def test_an_unexpected_failure_is_one_line_with_a_hint_and_the_traceback_behind_debug(out: Path, capsys) -> None:
    (out / "registry" / "healthcare" / aliases.ALIASES_FILE).write_text("{not json")
    code, err = _main(capsys, "models", "list", "--domain", "healthcare", "--output-dir", str(out))
    assert code == 1
    assert err.startswith("error: JSONDecodeError: ") and err.endswith("(--debug shows the traceback)\n")
    assert err.count("\n") == 1
    with pytest.raises(ValueError):
        main(["--debug", "models", "list", "--domain", "healthcare", "--output-dir", str(out)])
