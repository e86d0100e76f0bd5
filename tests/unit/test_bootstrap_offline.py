"""bootstrap.py --download makes a wheel folder for Windows and Linux; --offline installs from it alone.

The download needs the package index (as it does for a person preparing the folder); the offline
install runs with the network cut: in a network namespace of its own where the tests run as root
(CI does), else with pip pointed at a port where nothing listens.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = ROOT / "bootstrap.py"
HERE = f"{sys.version_info.major}.{sys.version_info.minor}"
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there


def _cut_off(command: list[str]) -> tuple[list[str], dict[str, str]]:
    """The command with no way to the network: its own network namespace, or proxies to nowhere."""
    env = {**os.environ, "PIP_INDEX_URL": f"{UNREACHABLE}/simple", "HTTP_PROXY": UNREACHABLE}
    env |= {"HTTPS_PROXY": UNREACHABLE, "http_proxy": UNREACHABLE, "https_proxy": UNREACHABLE}
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], capture_output=True).returncode == 0:
        return [unshare, "--net", *command], env
    return command, env


def _run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("carry") / "wheels"
    made = _run([sys.executable, str(BOOTSTRAP), "--download", str(folder), "--pdf"])
    assert made.returncode == 0, made.stdout + made.stderr
    return folder


def _manifest(folder: Path) -> dict[str, object]:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_folder_has_a_wheel_of_every_requirement_for_windows_and_linux(wheels: Path) -> None:
    manifest = _manifest(wheels)
    targets = manifest["targets"]
    assert isinstance(targets, list)
    assert {(t["platform"], t["python"]) for t in targets} == {
        (platform, python) for platform in ("win_amd64", "manylinux_x86_64") for python in ("3.11", "3.12", "3.13")
    }
    for target in targets:
        names = {re.split(r"-\d", name, maxsplit=1)[0].lower() for name in target["files"]}
        # The tool's own requirements and the pdf extra's, each as a wheel for this platform.
        assert {"pydantic_core", "pyyaml", "typer", "rich", "openpyxl", "ruamel_yaml", "weasyprint"} <= names
        for name in target["files"]:
            tag = name.removesuffix(".whl").split("-")[-1]
            assert tag == "any" or (tag == "win_amd64") == (target["platform"] == "win_amd64"), name
            if tag != "any":
                assert f"cp{target['python'].replace('.', '')}" in name or "abi3" in name, name


def test_the_sums_are_the_files(wheels: Path) -> None:
    files = _manifest(wheels)["files"]
    assert isinstance(files, dict)
    assert any(name.startswith("actionplan-") for name in files)
    assert any(name.startswith("pip-") for name in files)
    sums = (wheels / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sums == [f"{digest}  {name}" for name, digest in files.items()]
    assert (wheels / "bootstrap.py").read_bytes() == BOOTSTRAP.read_bytes()


def test_offline_install_with_the_network_cut(wheels: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "env"
    # A Python without ensurepip (stock Debian) makes a venv without pip: pip must come from the folder.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    script = wheels / "bootstrap.py"
    command, env = _cut_off([sys.executable, str(script), "--offline", str(wheels), "--pdf", "--venv", str(env_dir)])
    installed = _run(command, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "checked" in installed.stdout
    tool = env_dir / ("Scripts/actionplan.exe" if os.name == "nt" else "bin/actionplan")
    command, env = _cut_off([str(tool), "validate"])
    ran = _run(command, {**env, "ACTIONPLAN_LANG": "en"})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "ok: 50 items" in ran.stdout
    assert _run([str(env_dir / "bin" / "python"), "-c", "import weasyprint"]).returncode == 0


def test_a_changed_wheel_stops_the_install_before_anything_is_made(wheels: Path, tmp_path: Path) -> None:
    copy = tmp_path / "wheels"
    shutil.copytree(wheels, copy)
    victim = next(copy.glob("typer-*.whl"))
    victim.write_bytes(victim.read_bytes() + b"\0")
    env_dir = tmp_path / "env"
    refused = _run([sys.executable, str(BOOTSTRAP), "--offline", str(copy), "--venv", str(env_dir)])
    assert refused.returncode != 0
    assert victim.name in refused.stderr and "sha256" in refused.stderr
    assert not env_dir.exists()
    (copy / "stray-1.0-py3-none-any.whl").write_bytes(b"")
    victim.unlink()
    shutil.copy2(next(wheels.glob("typer-*.whl")), copy)
    refused = _run([sys.executable, str(BOOTSTRAP), "--offline", str(copy), "--venv", str(env_dir)])
    assert refused.returncode != 0 and "stray-1.0-py3-none-any.whl" in refused.stderr
    assert not env_dir.exists()


def test_help_prints_the_ways_to_install_and_installs_nothing(tmp_path: Path) -> None:
    shown = _run([sys.executable, str(BOOTSTRAP), "--help", "--venv", str(tmp_path / "env")])
    assert shown.returncode == 0
    for option in ("--offline", "--download", "--pdf", "--platform", "--python", "--test"):
        assert option in shown.stdout
    assert not (tmp_path / "env").exists()
    wrong = _run([sys.executable, str(BOOTSTRAP), "--platform", "win_amd64", "--venv", str(tmp_path / "env")])
    assert wrong.returncode == 2 and "--download" in wrong.stderr
    assert not (tmp_path / "env").exists()
