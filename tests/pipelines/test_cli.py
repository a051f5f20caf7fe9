"""The real CLI, as a user calls it: `python -m pipelines ...`."""

import os
import subprocess
import sys
from pathlib import Path

from pipelines import domains

REPO = Path(__file__).resolve().parents[2]


def user_env() -> dict[str, str]:
    """As a user's shell: none of the variables the test session set for TensorFlow."""
    return {k: v for k, v in os.environ.items() if k not in ("TF_USE_LEGACY_KERAS", "TF_CPP_MIN_LOG_LEVEL")}


def cli(*args: str, cwd: Path = REPO, timeout: float = 1200) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args], cwd=cwd, env=user_env(), capture_output=True, text=True, timeout=timeout
    )


def test_help_lists_the_commands() -> None:
    result = cli("run", "--help")
    assert result.returncode == 0
    assert "--domain" in result.stdout and "--data" in result.stdout and "--output-dir" in result.stdout


def test_unknown_domain_is_a_clear_error(tmp_path: Path) -> None:
    result = cli("run", "--domain", "weather", "--output-dir", str(tmp_path))
    assert result.returncode == 2
    known = ", ".join(domains.names())
    assert result.stderr.strip() == f"error: unknown domain 'weather' (known domains: {known})"
    assert not (tmp_path / "registry").exists()


def test_missing_data_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    result = cli("run", "--domain", "fraud", "--data", str(missing), "--output-dir", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: data file not found: {missing}"
    assert not (tmp_path / "out" / "registry").exists()
