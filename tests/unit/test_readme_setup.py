"""The README's first two commands are what CI runs, and bootstrap.py finds its way on any Python."""

from __future__ import annotations

import importlib.util
import re
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block is not None
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines()[:2]]


def test_ci_runs_the_readme_commands_as_they_are() -> None:
    install, test = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install in ci
    assert test in ci
    assert ci[-1] == test, "the tests are CI's last step"


def _bootstrap() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "bootstrap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_without_ensurepip_the_venv_is_made_without_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Debian/Ubuntu without python3-venv: no ensurepip. The venv must still be made (pip comes next).
    bootstrap = _bootstrap()
    monkeypatch.setattr(bootstrap.importlib.util, "find_spec", lambda name: None)
    bootstrap.make_venv(tmp_path / ".venv")
    python = bootstrap.venv_python(tmp_path / ".venv")
    assert python.exists()
    assert bootstrap.works(python, "-c", "import sys; sys.exit(sys.prefix == sys.base_prefix)")
    assert not bootstrap.works(python, "-m", "pip", "--version")
    assert not bootstrap.works(tmp_path / "missing" / "python")


def test_a_failed_pip_download_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bootstrap = _bootstrap()
    monkeypatch.setattr(bootstrap, "INDEX", "http://127.0.0.1:9/simple")  # nothing listens on the discard port
    monkeypatch.setattr(bootstrap, "works", lambda *command: False)
    with pytest.raises(SystemExit) as stopped:
        bootstrap.bring_pip(tmp_path / ".venv")
    assert "sudo apt install python3-venv" in str(stopped.value.code)
