"""Every write of several files is all or none: a failure at any file, while writing or while
renaming into place, leaves every target as it was (files.commit_files, docs/recovery.md).

On Windows a file open in Excel cannot be replaced ("used by another process"): simulated by a
PermissionError from os.replace for one target, the second of the set.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from actionplan import files
from support import Run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def visible(folder: Path) -> dict[str, bytes]:
    """The files a user sees (no lock files; temp files and the journal would show as failures)."""
    return {k: v for k, v in snapshot(folder).items() if not k.endswith(".lock")}


def fail_replacing(monkeypatch: pytest.MonkeyPatch, nth: int, error: OSError) -> list[str]:
    """os.replace of a new file over its target fails from the ``nth`` target on; undo still works."""
    real = os.replace
    seen: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        name = os.fspath(src)
        if name.endswith(files.COMMIT_SUFFIX) and not name.endswith(files.UNDO_SUFFIX):
            seen.append(os.fspath(dst))
            if len(seen) >= nth:
                raise error
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return seen


SHARING_VIOLATION = PermissionError(errno.EACCES, "The process cannot access the file because it is being used")
FAILURES = {"sharing-violation": SHARING_VIOLATION, "disk-full": OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))}


@pytest.mark.parametrize("failure", FAILURES)
def test_export_failing_at_the_second_rename_leaves_every_file_as_it_was(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    out = tmp_path / "opendata"
    assert run("export", "-o", out, "--as-of", "2026-04-01").exit_code == 0
    (out / "notes.txt").write_text("the user's own file\n", encoding="utf-8")
    before = visible(out)
    seen = fail_replacing(monkeypatch, 2, FAILURES[failure])
    result = run("export", "-o", out, "--as-of", "2026-05-01")
    assert result.exit_code == 1, result.output
    assert "every file was put back as it was" in result.stderr and Path(seen[-1]).name in result.stderr
    assert "Traceback" not in result.output
    assert visible(out) == before  # the first file, replaced already, is back; no temp, no journal
    monkeypatch.undo()
    assert run("export", "-o", out, "--as-of", "2026-05-01").exit_code == 0
    assert visible(out) != before


def test_new_files_made_before_the_failure_are_removed(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "opendata"
    out.mkdir()
    fail_replacing(monkeypatch, 3, SHARING_VIOLATION)
    result = run("export", "-o", out)
    assert result.exit_code == 1, result.output
    assert list(out.iterdir()) == []


def test_survey_sheets_failing_at_a_rename_leave_the_folder_as_it_was(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sheets"
    assert run("progress", "sheets", "R2", "-o", out, "--format", "csv").exit_code == 0
    before = visible(out)
    for sheet in out.iterdir():
        sheet.write_bytes(sheet.read_bytes() + b"\r\n")  # the department's edits, say
    edited = visible(out)
    assert edited != before
    fail_replacing(monkeypatch, 2, SHARING_VIOLATION)
    result = run("progress", "sheets", "R2", "-o", out, "--format", "csv")
    assert result.exit_code == 1, result.output
    assert visible(out) == edited


def test_rename_department_failing_at_a_rename_changes_no_file(
    run: Run, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = visible(minimal)
    fail_replacing(monkeypatch, 2, SHARING_VIOLATION)
    result = run("rename-department", "防災課", "危機管理課", "--plan", minimal)
    assert result.exit_code == 1, result.output
    assert "every file was put back as it was" in result.stderr
    assert visible(minimal) == before
    monkeypatch.undo()
    assert run("validate", "--plan", minimal).exit_code == 0


def test_the_file_held_open_is_never_touched_by_the_undo(
    run: Run, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel holds items/1-1-3.yaml open: no rename onto it works, so the undo must not need one."""
    before = visible(minimal)
    real = os.replace
    blocked = minimal / "items" / "1-1-3.yaml"

    def replace(src: Any, dst: Any) -> None:
        if Path(os.fspath(dst)) == blocked:
            raise SHARING_VIOLATION
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = run("rename-department", "防災課", "危機管理課", "--plan", minimal)
    assert result.exit_code == 1, result.output
    assert "every file was put back as it was" in result.stderr and "1-1-3.yaml" in result.stderr
    assert visible(minimal) == before and not (minimal / files.JOURNAL).exists()


def test_a_file_that_cannot_be_put_back_either_leaves_a_journal_that_recover_discards(
    run: Run, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second file cannot be replaced, and the first, replaced already, cannot be put back (opened
    meanwhile): the user is told to run recover, readers report it, and recover --discard undoes."""
    before = visible(minimal)
    real = os.replace
    replaced: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        name = os.fspath(src)
        if name.endswith(files.UNDO_SUFFIX) or (name.endswith(files.COMMIT_SUFFIX) and replaced):
            raise SHARING_VIOLATION
        if name.endswith(files.COMMIT_SUFFIX):
            replaced.append(os.fspath(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = run("rename-department", "防災課", "危機管理課", "--plan", minimal)
    assert result.exit_code == 1, result.output
    assert "actionplan recover --plan" in result.stderr and "--discard" in result.stderr
    assert (minimal / files.JOURNAL).exists()
    validated = run("validate", "--plan", minimal)
    assert validated.exit_code == 1 and "unfinished-change" in validated.stdout
    monkeypatch.undo()  # the program holding the file was closed
    result = run("recover", "--plan", minimal, "--discard")
    assert result.exit_code == 0, result.output
    assert visible(minimal) == before


def test_write_files_refuses_a_name_that_leads_out_of_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "elsewhere").mkdir()
    out.mkdir()
    (out / "linked.csv").symlink_to(tmp_path / "elsewhere" / "victim.csv")
    for name in ("../escape.csv", "a/../../escape.csv", "/tmp/abs.csv", "sub/x.csv", "..", "linked.csv"):
        with pytest.raises(files.WriteError):
            files.write_files(out, {"ok.csv": b"1", name: b"2"})
    assert sorted(p.name for p in out.iterdir()) == ["linked.csv"]
    assert not (tmp_path / "escape.csv").exists() and not (tmp_path / "elsewhere" / "victim.csv").exists()


def test_init_into_an_empty_folder_failing_at_its_rename_keeps_the_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "my-plan"
    target.mkdir()

    def rename(src: Any, dst: Any) -> None:
        raise SHARING_VIOLATION

    monkeypatch.setattr(os, "rename", rename)
    result = run("init", target)
    assert result.exit_code == 1 and "nothing was created" in result.stderr, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["my-plan"] and list(target.iterdir()) == []


def test_an_export_killed_after_its_commit_point_is_finished_by_recover(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "opendata"
    assert run("export", "-o", out, "--as-of", "2026-04-01").exit_code == 0
    old = visible(out)
    fail_replacing(monkeypatch, 2, OSError(errno.EIO, "killed"))
    monkeypatch.setattr(files, "_undo", _killed)  # the process dies before it can undo
    assert run("export", "-o", out, "--as-of", "2026-05-01").exit_code != 0
    monkeypatch.undo()
    assert (out / files.JOURNAL).exists()
    result = run("recover", "--plan", out)
    assert result.exit_code == 0 and "files replaced" in result.stdout, result.output
    new = visible(out)
    assert new != old and not any(".tmp" in name or name == files.JOURNAL for name in new)
    assert all(new[name] != old[name] for name in ("datapackage.json",))


def _killed(*args: object) -> None:
    raise KeyboardInterrupt
