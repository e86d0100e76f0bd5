"""One writer, one policy, for every command that writes (actionplan.files; README "Output files")."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import actionplan
from actionplan import files
from actionplan.loader import embedded_plan_dir

PACKAGE = Path(actionplan.__file__).resolve().parent


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as stream:
            into.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_is_written_to_and_stays_a_fifo(run: Callable[..., Result], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    result = run("list", "-o", fifo)
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and "1-1-1" in received[0].decode("utf-8")


def test_a_character_device_is_written_to_and_never_replaced(run: Callable[..., Result], tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (AttributeError, PermissionError, OSError):
        pytest.skip("creating a device node needs root on Linux")
    result = run("list", "-o", device)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_dev_full_fails_with_a_clear_message_and_exit_1(run: Callable[..., Result]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = run("list", "-o", "/dev/full")
    assert result.exit_code == 1
    assert "no space left on the disk" in result.stderr
    assert "Traceback" not in result.output
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_symlink_is_followed_and_stays_a_link(run: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = run("list", "--format", "csv", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "1-1-1" in target.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the mode is kept


def test_dash_is_standard_output(run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["list"], ["schema"], ["roadmap"]):
        result = run(*args, "-o", "-")
        assert result.exit_code == 0, result.output
        assert result.stdout.strip()
    result = run("progress", "sheets", "2019", "--dept", "防災課", "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "1-1-1" in result.stdout
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def _package_targets(tmp_path: Path) -> list[list[str | Path]]:
    plan_file = embedded_plan_dir() / "items" / "1-1-1.yaml"
    link = tmp_path / "innocent.json"
    link.symlink_to(PACKAGE / "x.json")
    return [
        ["schema", "-o", plan_file],
        ["schema", "-o", PACKAGE / "item.schema.json"],
        ["schema", "-o", link],
        ["list", "-o", PACKAGE / "list.txt"],
        ["roadmap", "-o", embedded_plan_dir() / "roadmap.html"],
        ["export", "-o", PACKAGE / "opendata"],
        ["init", embedded_plan_dir() / "progress"],
        ["init", PACKAGE / "myplan"],
        ["progress", "sheets", "2019", "-o", embedded_plan_dir() / "sheets"],
        ["progress", "set", "1-1-1", "2019", "--status", "予定どおり", "--plan", embedded_plan_dir()],
        ["progress", "migrate", "--plan", embedded_plan_dir()],
        ["rename-department", "防災課", "防災部"],
        ["init", "--next", PACKAGE / "next", "--period", "2022-2024"],
    ]


def test_the_package_and_the_embedded_plan_are_refused_for_every_command(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    before = {p: p.read_bytes() for p in embedded_plan_dir().rglob("*") if p.is_file()}
    package_before = sorted(PACKAGE.rglob("*"))
    for args in _package_targets(tmp_path):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "never written to" in result.stderr, args
    assert {p: p.read_bytes() for p in embedded_plan_dir().rglob("*") if p.is_file()} == before
    assert sorted(PACKAGE.rglob("*")) == package_before


def test_a_directory_or_a_folder_under_a_file_is_a_failed_write(run: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for target in (tmp_path, tmp_path / "a-file" / "such" / "file.txt"):
        result = run("list", "-o", target)
        assert result.exit_code == 1
        assert "actionplan: error:" in result.stderr
    assert run("list", "-o", tmp_path / "no" / "such" / "file.txt").exit_code == 0  # missing folders are made


# --- init: all or nothing ----------------------------------------------------------------------


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    real = files._write_all
    count = 0

    def write_all(fd: int, data: bytes) -> None:
        nonlocal count
        count += 1
        if count > writes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)

    monkeypatch.setattr(files, "_write_all", write_all)


def test_init_on_a_full_disk_leaves_nothing_and_a_retry_works(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "my-plan"
    _disk_full_after(monkeypatch, 10)
    result = run("init", target)
    assert result.exit_code == 1
    assert "no space left on the disk" in result.stderr and "nothing was created" in result.stderr
    assert "[(" not in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # no half-copied plan, no temp folder
    monkeypatch.undo()
    result = run("init", target)
    assert result.exit_code == 0, result.output
    assert run("validate", "--plan", target).exit_code == 0
    assert (target / "progress").is_dir()


def test_export_on_a_full_disk_writes_no_file(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "opendata"
    _disk_full_after(monkeypatch, 2)
    result = run("export", "-o", out)
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert list(out.iterdir()) == []
