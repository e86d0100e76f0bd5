"""validate never writes: on a read-only plan, a plan with answers, and one with a journal left behind.

CI runs validate on a checkout; it must leave every byte, every time stamp and every folder as it
found them (no lock file, no temporary file, no journal replayed). Run as root the permissions
alone would not show a write, so the time stamps (nanoseconds) and folder listings are compared too.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from actionplan import files
from actionplan.loader import embedded_plan_dir
from support import PROGRESS_PLAN, Run

TEMP = ".plan.yaml.k2m9q4xz.commit.tmp"


def state(root: Path) -> dict[str, tuple[int, int, bytes | None]]:
    """Every file and folder under root (hidden ones too): mode, mtime in ns, and a file's bytes."""
    found: dict[str, tuple[int, int, bytes | None]] = {}
    for path in [root, *sorted(root.rglob("*"))]:
        info = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
        found[path.relative_to(root).as_posix()] = (info.st_mode, info.st_mtime_ns, data)
    return found


def read_only(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    root.chmod(0o555)


def journal(root: Path) -> None:
    """A well-formed journal of a change that died after its commit point: plan.yaml's new text waiting."""
    (root / TEMP).write_bytes((root / "plan.yaml").read_bytes() + b"# the new text\n")
    entry = {"target": "plan.yaml", "new": TEMP, "undo": None}
    document = {"format": "actionplan-journal", "version": 1, "state": "replace", "files": [entry]}
    (root / files.JOURNAL).write_text(json.dumps(document), encoding="utf-8")


@pytest.fixture
def copied(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    source, planted = request.param
    root = tmp_path / "plan"
    shutil.copytree(source, root)
    if planted:
        journal(root)
    read_only(root)
    yield root
    for path in [root, *root.rglob("*")]:  # let pytest remove it
        path.chmod(stat.S_IRWXU)


CASES = [(embedded_plan_dir(), False), (PROGRESS_PLAN, False), (PROGRESS_PLAN, True)]


@pytest.mark.parametrize("copied", CASES, ids=["embedded", "answers", "journal"], indirect=True)
def test_validate_changes_nothing(run: Run, copied: Path) -> None:
    planted = (copied / files.JOURNAL).exists()
    before = state(copied)
    for output in ("text", "json", "github"):
        result = run("validate", "--plan", copied, "--format", output)
        assert result.exit_code == (1 if planted else 0), result.output
        assert "Traceback" not in result.output
    assert state(copied) == before
    assert os.access(copied, os.W_OK) is (os.geteuid() == 0)  # the copy is read-only to anyone but root
