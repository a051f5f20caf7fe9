"""scripts/setup-env refuses clearly when no Python 3.10 can be found (and touches nothing)."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    any(Path(d, "python3.10").exists() for d in ("/usr/bin", "/bin")), reason="this machine has a system Python 3.10"
)
def test_setup_without_python_310_fails_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "setup-env", tmp_path / "scripts" / "setup-env")
    shutil.copy(REPO / "requirements.lock", tmp_path / "requirements.lock")
    (tmp_path / ".venv").mkdir()
    result = subprocess.run(
        ["bash", "scripts/setup-env"],
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: Python 3.10 not found (TFX 1.16 needs 3.10): install it (e.g. 'pyenv install 3.10') "
        "or set PYTHON310=/path/to/python3.10"
    ]
    assert (tmp_path / ".venv").is_dir()  # an existing environment is not removed first


def test_lock_pins_every_package_with_hashes() -> None:
    lines = (REPO / "requirements.lock").read_text().splitlines()
    pins = [line for line in lines if line and not line.startswith((" ", "#"))]
    assert pins and all("==" in pin and pin.endswith("\\") for pin in pins)
    names = {pin.split("==")[0] for pin in pins}
    assert {"tfx", "tensorflow", "tf-keras", "apache-beam", "dill", "pip", "uv", "pytest"} <= names
    assert "tfx==1.16.0 \\" in pins and "apache-beam==2.60.0 \\" in pins
