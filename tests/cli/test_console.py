"""Output that survives any console: cp932 (Japanese Windows), a closed pipe, a full disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

Done = subprocess.CompletedProcess[bytes]
_MAIN = "import sys; from actionplan.cli import main; sys.argv[0] = 'actionplan'; main()"

COMMANDS = [
    ["validate"],
    ["list", "--format", "csv"],
    ["list", "--format", "table"],
    ["report", "2020"],
    ["report", "2020", "--format", "csv"],
    ["report", "2020", "--format", "markdown"],
    ["report", "2020", "--format", "html"],
    ["report", "2020", "--format", "json"],
    ["show", "1-2-4"],
    ["tree"],
    ["glossary"],
    ["export", "--format", "csv"],
    ["roadmap"],
    ["schema"],
]


def _run(args: list[str], encoding: str, lang: str = "en", stdout: int | IO[bytes] = subprocess.PIPE) -> Done:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "ACTIONPLAN_LANG": lang}
    env.pop("ACTIONPLAN_PLAN", None)
    return subprocess.run(
        [sys.executable, "-c", _MAIN, *args], stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=60
    )


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_prints_on_a_cp932_console(args: list[str]) -> None:
    done = _run(args, "cp932", lang="ja")
    assert done.returncode == 0, done.stderr.decode("cp932", "replace")
    # Documents that declare UTF-8 (HTML, JSON) stay UTF-8 in a file or pipe; the rest is cp932, strictly.
    document = args[0] in ("roadmap", "schema") or args[-1] in ("html", "json")
    text = done.stdout.decode("utf-8" if document else "cp932")
    assert not done.stdout.startswith(b"\xef\xbb\xbf"), "a UTF-8 BOM on a cp932 stream"
    assert text.strip()
    done.stderr.decode("cp932")


def test_characters_cp932_lacks_become_look_alikes_or_a_visible_mark() -> None:
    done = _run(["report", "2020"], "cp932", lang="ja")
    first = done.stdout.decode("cp932").splitlines()[0]
    assert first == "令和2年度（2020年度） 進捗状況表 ― 杉並区情報化アクションプラン【庁内限り】"
    ascii_run = _run(["report", "2020"], "ascii", lang="ja")
    assert ascii_run.returncode == 0
    assert ascii_run.stdout.decode("ascii").splitlines()[0].startswith("??2??")


def test_the_bom_goes_to_utf8_streams_and_files_only(tmp_path: Path) -> None:
    assert _run(["list", "--format", "csv"], "utf-8").stdout.startswith(b"\xef\xbb\xbf")
    assert not _run(["list", "--format", "csv"], "cp932").stdout.startswith(b"\xef\xbb\xbf")
    out = tmp_path / "x.csv"
    assert _run(["list", "--format", "csv", "-o", str(out)], "cp932").returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("args", [["report", "2020", "--format", "json"], ["roadmap"], ["list"]], ids=" ".join)
def test_a_closed_pipe_is_quiet(args: list[str]) -> None:
    env = {**os.environ, "ACTIONPLAN_LANG": "en"}
    process = subprocess.Popen(
        [sys.executable, "-c", _MAIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["list"], ["roadmap"], ["validate"], ["list", "--help"]], ids=" ".join)
def test_a_full_disk_is_a_write_error_not_a_bug(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = _run(args, "utf-8", stdout=full)
    assert done.returncode == 1
    assert done.stderr.decode() == "actionplan: error: cannot write the output: no space left on the disk\n"
