"""Install actionplan into ./.venv with the Python that runs this script, on any machine.

    python3 bootstrap.py                     # pip install .              into .venv
    python3 bootstrap.py --pdf               # pip install '.[pdf]'       (report --format pdf too)
    python3 bootstrap.py --test              # pip install -e '.[test]'   (the tests and their tools)
    python3 bootstrap.py --download DIR      # a folder of wheels to carry to a closed-network PC
    py bootstrap.py --offline DIR            # install from that folder alone, never the network

Why a script: a stock Debian/Ubuntu python3 refuses `pip install` outside a virtual environment
(PEP 668, "externally-managed-environment") and often lacks ensurepip (the python3-venv
package), so `python3 -m venv .venv` fails there. This script makes the virtual environment
with pip where Python can, else without pip and then brings pip in from PyPI (checked against
the index's sha256) or, offline, from the wheel folder; python.org, pyenv and Windows Pythons
take the first, ordinary path. Nothing is installed outside the environment. Standard library only.

The wheel folder (--download) holds the actionplan wheel, every dependency's wheels for each
platform and Python named, a pip wheel, this script, manifest.json (what was downloaded for which
platform and Python, with each file's sha256) and SHA256SUMS (the same sums for `sha256sum -c`).
--offline checks every file against the manifest before it installs anything, and installs with
pip's --no-index, so the network is never asked.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "actionplan-wheels/1"
SUMS = "SHA256SUMS"
# What a ward's PCs and servers run: Windows 64-bit and Linux x86_64 with glibc 2.28 or later,
# CPython 3.11 to 3.13. pip takes --platform tags literally, so the Linux name lists every
# manylinux tag such a machine accepts (most wheels are built for an older glibc).
PLATFORMS = {
    "win_amd64": ("win_amd64",),
    "manylinux_x86_64": (
        "manylinux_2_28_x86_64",
        "manylinux_2_17_x86_64",
        "manylinux2014_x86_64",
        "manylinux_2_12_x86_64",
        "manylinux2010_x86_64",
        "manylinux_2_5_x86_64",
        "manylinux1_x86_64",
    ),
}
PYTHONS = ("3.11", "3.12", "3.13")


def venv_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def works(*command: str | Path) -> bool:
    try:
        return subprocess.run([str(c) for c in command], capture_output=True).returncode == 0
    except OSError:  # the program is not there (yet)
        return False


def make_venv(env: Path) -> None:
    if works(venv_python(env), "-c", "import sys; sys.exit(sys.prefix == sys.base_prefix)"):
        return
    print(f"creating {env}", flush=True)
    # Debian/Ubuntu without python3-venv have no ensurepip: a venv without pip, then pip from elsewhere.
    if importlib.util.find_spec("ensurepip") is not None:
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(env)
            return
        except (subprocess.CalledProcessError, OSError, SystemExit):
            print("ensurepip failed; making the environment without it", flush=True)
    venv.EnvBuilder(with_pip=False, clear=True).create(env)


def bring_pip(env: Path, wheels: Path | None = None) -> None:
    """pip into the environment: already there, from the wheel folder (offline), or from PyPI."""
    if works(venv_python(env), "-m", "pip", "--version"):
        return
    try:
        if wheels is not None:
            found = sorted(wheels.glob("pip-*-py3-none-any.whl"))
            if not found:
                sys.exit(f"bootstrap: {wheels} holds no pip wheel; make the folder again with --download")
            install_pip_wheel(env, found[-1])
            return
        print(f"this Python has no ensurepip; fetching pip from {INDEX}", flush=True)
        fetch_pip(env)
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as exc:
        sys.exit(
            f"bootstrap: could not bring pip into {env}: {exc}\n"
            "Install Python's venv support (Debian/Ubuntu: sudo apt install python3-venv) and run this again."
        )


def fetch_pip(env: Path) -> None:
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
        install_pip_wheel(env, wheel)


def install_pip_wheel(env: Path, wheel: Path) -> None:
    # A pip wheel can run itself: this installs pip into the venv from the file given.
    subprocess.run([str(venv_python(env)), f"{wheel}/pip", "install", "-q", "--no-index", str(wheel)], check=True)


def pip(env: Path) -> list[str]:
    return [str(venv_python(env)), "-m", "pip", "--disable-pip-version-check"]


def install(env: Path, test: bool, pdf: bool) -> int:
    make_venv(env)
    bring_pip(env)
    extras = ",".join(name for name, wanted in (("test", test), ("pdf", pdf)) if wanted)
    target = f".[{extras}]" if extras else "."
    target_args = ["-e", target] if test else [target]
    print(f"installing actionplan{f' [{extras}]' if extras else ''} into {env}", flush=True)
    return subprocess.run([*pip(env), "install", "-q", *target_args], cwd=ROOT).returncode


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(env: Path, folder: Path, platforms: list[str], pythons: list[str], pdf: bool) -> int:
    """Fill FOLDER with every wheel an offline install needs, for each platform and Python."""
    make_venv(env)
    bring_pip(env)
    folder.mkdir(parents=True, exist_ok=True)
    run = [*pip(env)]
    with tempfile.TemporaryDirectory() as scratch:
        built = Path(scratch) / "built"
        print("building the actionplan wheel", flush=True)
        subprocess.run([*run, "wheel", "-q", "--no-deps", "-w", str(built), str(ROOT)], check=True)
        project = next(built.glob("actionplan-*.whl"))
        shutil.copy2(project, folder / project.name)
        subprocess.run(
            [*run, "download", "-q", "--no-deps", "--only-binary=:all:", "-d", str(folder), "pip"], check=True
        )
        requirement = f"actionplan[pdf] @ {project.as_uri()}" if pdf else f"actionplan @ {project.as_uri()}"
        targets = []
        for platform in platforms:
            for python in pythons:
                print(f"downloading for {platform}, Python {python}", flush=True)
                target = Path(scratch) / f"{platform}-{python}"
                tags = [arg for tag in PLATFORMS.get(platform, (platform,)) for arg in ("--platform", tag)]
                command = [*run, "download", "-q", "--only-binary=:all:", *tags, "--python-version", python]
                command += ["--implementation", "cp", "-d", str(target), requirement]
                if subprocess.run(command).returncode != 0:
                    print(f"bootstrap: no complete set of wheels for {platform}, Python {python}", file=sys.stderr)
                    return 1
                names = sorted(p.name for p in target.iterdir() if p.name != project.name)
                for name in names:
                    shutil.copy2(target / name, folder / name)
                targets.append({"platform": platform, "python": python, "files": names})
    version = project.name.split("-")[1]
    write_manifest(folder, version, pdf, targets)
    shutil.copy2(Path(__file__).resolve(), folder / "bootstrap.py")
    print(f"wrote {folder}: {len(list(folder.glob('*.whl')))} wheels, {MANIFEST} and {SUMS}", flush=True)
    print(f"on the closed-network PC: py {folder.name}{os.sep}bootstrap.py --offline {folder.name}", flush=True)
    return 0


def write_manifest(folder: Path, version: str, pdf: bool, targets: list[dict[str, object]]) -> None:
    files = {p.name: sha256(p) for p in sorted(folder.glob("*.whl"))}
    manifest = {
        "format": MANIFEST_FORMAT,
        "project": "actionplan",
        "version": version,
        "extras": ["pdf"] if pdf else [],
        "targets": targets,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sums = "".join(f"{digest}  {name}\n" for name, digest in files.items())
    (folder / SUMS).write_text(sums, encoding="utf-8", newline="\n")


def check_folder(folder: Path) -> dict[str, object]:
    """The folder's manifest, after every wheel in it was checked against it; exits on any mismatch."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        sys.exit(f"bootstrap: {folder / MANIFEST} cannot be read ({exc}); make the folder with --download")
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        sys.exit(f"bootstrap: {folder / MANIFEST} is not a manifest written by bootstrap.py --download")
    files = manifest.get("files")
    if not isinstance(files, dict):
        sys.exit(f"bootstrap: {folder / MANIFEST} lists no files")
    unlisted = sorted(p.name for p in folder.glob("*.whl") if p.name not in files)
    if unlisted:
        sys.exit(f"bootstrap: {folder} holds wheels the manifest does not list: {', '.join(unlisted)}")
    for name, digest in files.items():
        path = folder / name
        if not re.fullmatch(r"[\w.+-]+\.whl", name) or not path.is_file():
            sys.exit(f"bootstrap: {path} is missing")
        if sha256(path) != digest:
            sys.exit(f"bootstrap: {path} does not match its sha256 in {MANIFEST}; nothing installed")
    print(f"checked {len(files)} wheels against {MANIFEST}", flush=True)
    return manifest


def offline(env: Path, folder: Path, pdf: bool) -> int:
    """Install from FOLDER alone: pip sees no index and no configuration, only the checked wheels."""
    manifest = check_folder(folder)
    extras = manifest.get("extras")
    if pdf and not (isinstance(extras, list) and "pdf" in extras):
        sys.exit(f"bootstrap: {folder} was made without --pdf; make it again with --download DIR --pdf")
    os.environ["PIP_CONFIG_FILE"] = os.devnull  # no index, proxy or find-links from a pip.conf
    os.environ["PIP_NO_INDEX"] = "1"
    make_venv(env)
    bring_pip(env, folder)
    target = "actionplan[pdf]" if pdf else "actionplan"
    print(f"installing {target} {manifest.get('version')} into {env} from {folder}", flush=True)
    command = [*pip(env), "install", "-q", "--no-index", "--only-binary=:all:", "--find-links", str(folder)]
    return subprocess.run([*command, f"{target}=={manifest.get('version')}"]).returncode


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="bootstrap.py",
        description="Install actionplan into a virtual environment (.venv beside this script), online or offline.",
        epilog=(
            "examples:\n"
            "  python3 bootstrap.py                        install the tool\n"
            "  python3 bootstrap.py --pdf                  with report --format pdf\n"
            "  python3 bootstrap.py --test                 with the tests and their tools (editable)\n"
            "  python3 bootstrap.py --download wheels      a wheel folder for Windows and Linux, Python 3.11-3.13\n"
            "  py wheels\\bootstrap.py --offline wheels     install from the folder alone (closed network)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mode = parse.add_mutually_exclusive_group()
    mode.add_argument("--test", action="store_true", help="install editable, with the test tools")
    mode.add_argument("--download", metavar="DIR", type=Path, help="fill DIR with wheels for an offline install")
    mode.add_argument("--offline", metavar="DIR", type=Path, help="install from DIR alone (made by --download)")
    parse.add_argument("--pdf", action="store_true", help="also the pdf extra (WeasyPrint, for report --format pdf)")
    parse.add_argument(
        "--platform",
        action="append",
        metavar="TAG",
        help=f"with --download: {' or '.join(PLATFORMS)} or a wheel platform tag, repeatable (default: both)",
    )
    parse.add_argument(
        "--python",
        action="append",
        metavar="X.Y",
        help=f"with --download: a CPython version, repeatable (default: {' '.join(PYTHONS)})",
    )
    parse.add_argument(
        "--venv", metavar="DIR", type=Path, default=ROOT / ".venv", help="the environment (default: .venv here)"
    )
    return parse


def main(argv: list[str]) -> int:
    parse = parser()
    args = parse.parse_args(argv)
    if (args.platform or args.python) and args.download is None:
        parse.error("--platform and --python go with --download")
    env = args.venv.resolve()
    if args.download is not None:
        return download(
            env, args.download.resolve(), args.platform or list(PLATFORMS), args.python or list(PYTHONS), args.pdf
        )
    if args.offline is not None:
        return offline(env, args.offline.resolve(), args.pdf)
    return install(env, args.test, args.pdf)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
