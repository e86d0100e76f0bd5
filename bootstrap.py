"""Install actionplan into ./.venv with the Python that runs this script, on any machine.

    python3 bootstrap.py          # pip install .              into .venv
    python3 bootstrap.py --test   # pip install -e '.[test]'   into .venv (the tests and their tools)

Why a script: a stock Debian/Ubuntu python3 refuses `pip install` outside a virtual environment
(PEP 668, "externally-managed-environment") and often lacks ensurepip (the python3-venv
package), so `python3 -m venv .venv` fails there. This script makes the virtual environment
with pip where Python can, else without pip and then brings pip in from PyPI (checked against
the index's sha256); python.org, pyenv and Windows Pythons take the first, ordinary path.
Nothing is installed outside .venv. Standard library only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def works(*command: str | Path) -> bool:
    try:
        return subprocess.run([str(c) for c in command], capture_output=True).returncode == 0
    except OSError:  # the program is not there (yet)
        return False


def make_venv() -> None:
    if works(venv_python(), "-c", "import sys; sys.exit(sys.prefix == sys.base_prefix)"):
        return
    print(f"creating {VENV}", flush=True)
    # Debian/Ubuntu without python3-venv have no ensurepip: a venv without pip, then pip from PyPI.
    if importlib.util.find_spec("ensurepip") is not None:
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
            return
        except (subprocess.CalledProcessError, OSError, SystemExit):
            print("ensurepip failed; making the environment without it", flush=True)
    venv.EnvBuilder(with_pip=False, clear=True).create(VENV)


def bring_pip() -> None:
    if works(venv_python(), "-m", "pip", "--version"):
        return
    print(f"this Python has no ensurepip; fetching pip from {INDEX}", flush=True)
    try:
        fetch_pip()
    except (OSError, ValueError, KeyError) as exc:
        sys.exit(
            f"bootstrap: could not bring pip into {VENV}: {exc}\n"
            "Install Python's venv support (Debian/Ubuntu: sudo apt install python3-venv) and run this again."
        )


def fetch_pip() -> None:
    request = urllib.request.Request(f"{INDEX}/pip/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    wheels = [f for f in files if f["filename"].endswith("-py3-none-any.whl") and not f.get("yanked")]
    newest = max(wheels, key=lambda f: tuple(int(p) for p in f["filename"].split("-")[1].split(".") if p.isdigit()))
    with urllib.request.urlopen(newest["url"], timeout=120) as response:
        data = response.read()
    if hashlib.sha256(data).hexdigest() != newest["hashes"]["sha256"]:
        sys.exit(f"bootstrap: {newest['filename']} does not match the index's sha256; nothing installed")
    with tempfile.TemporaryDirectory() as scratch:
        wheel = Path(scratch) / newest["filename"]
        wheel.write_bytes(data)
        # A pip wheel can run itself: this installs pip into the venv from the file just checked.
        subprocess.run([str(venv_python()), f"{wheel}/pip", "install", "-q", "--no-index", str(wheel)], check=True)


def main(argv: list[str]) -> int:
    test = "--test" in argv
    make_venv()
    bring_pip()
    target = ["-e", ".[test]"] if test else ["."]
    print(f"installing actionplan into {VENV}" + (" with the test tools" if test else ""), flush=True)
    pip = [str(venv_python()), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    return subprocess.run([*pip, *target], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
