"""A journal in a plan folder is data from outside: reading never acts on it, recovery follows only ours.

The attacks of issue #18: a planted `.actionplan-journal.json` was replayed by every command
that read the plan (validate wrote ../victim, installed .git/hooks/post-checkout, pulled any
absolute path into the plan), `diff OTHER` replayed the other folder's, and a journal that was
not JSON made every command exit 3.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from actionplan import files
from support import MINIMAL, Run

SECRET = "the secret of another user\n"
TEMP = ".{name}.k2m9q4xz.commit.tmp"


def snapshot(root: Path) -> dict[str, Any]:
    """Every file and link under ``root`` (hidden ones too) with its bytes or its link target."""
    found: dict[str, Any] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = ("link", os.readlink(path))
        elif path.is_file() and path.suffix != ".lock":
            found[key] = path.read_bytes()
    return found


def v1(*entries: dict[str, Any], state: str = "replace", version: int = 1) -> bytes:
    document = {"format": "actionplan-journal", "version": version, "state": state, "files": list(entries)}
    return json.dumps(document).encode()


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """tmp_path/plan (the minimal plan) beside tmp_path/victim (someone else's files)."""
    shutil.copytree(MINIMAL, tmp_path / "plan")
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "plan" / "payload").write_text("evil\n", encoding="utf-8")
    return tmp_path


def _plant(world: Path, case: str) -> None:
    """Lay one hostile journal (and what it needs) into world/plan."""
    plan = world / "plan"
    journal = plan / files.JOURNAL
    temp = TEMP.format(name="plan.yaml")
    if case == "old-shape-outside":  # the report's own
        journal.write_text('{"replace":[{"tmp":"payload","target":"../victim/secret.txt"}]}')
    elif case == "absolute-source":
        journal.write_text(json.dumps({"replace": [{"tmp": str(world / "victim" / "secret.txt"), "target": "x"}]}))
    elif case == "not-json":
        journal.write_bytes(b"{not json\xff")
    elif case == "empty-object":
        journal.write_text("{}")
    elif case == "wrong-types":
        journal.write_bytes(v1({"target": ["plan.yaml"], "new": 3, "undo": None}))
    elif case == "files-not-a-list":
        journal.write_bytes(v1().replace(b"[]", b'"plan.yaml"'))
    elif case == "other-version":
        (plan / temp).write_text("evil\n")
        journal.write_bytes(v1({"target": "plan.yaml", "new": temp, "undo": None}, version=2))
    elif case == "dot-dot":
        (world / TEMP.format(name="secret.txt")).write_text("evil\n")
        entry = {"target": "../victim/secret.txt", "new": "../" + TEMP.format(name="secret.txt"), "undo": None}
        journal.write_bytes(v1(entry))
    elif case == "git-hook":
        hooks = plan / ".git" / "hooks"
        hooks.mkdir(parents=True)
        (hooks / TEMP.format(name="post-checkout")).write_text("#!/bin/sh\necho owned\n")
        entry = {"target": ".git/hooks/post-checkout", "new": ".git/hooks/" + TEMP.format(name="post-checkout")}
        journal.write_bytes(v1(entry | {"undo": None}))
    elif case == "linked-folder":
        (plan / "out").symlink_to(world / "victim")
        (world / "victim" / TEMP.format(name="secret.txt")).write_text("evil\n")
        entry = {"target": "out/secret.txt", "new": "out/" + TEMP.format(name="secret.txt"), "undo": None}
        journal.write_bytes(v1(entry))
    elif case == "linked-temp":
        (plan / temp).symlink_to(world / "victim" / "secret.txt")
        journal.write_bytes(v1({"target": "plan.yaml", "new": temp, "undo": None}))
    elif case == "foreign-temp-name":
        journal.write_bytes(v1({"target": "plan.yaml", "new": "payload", "undo": None}))
    elif case == "linked-journal":
        (world / "victim" / "journal.json").write_bytes(v1({"target": "plan.yaml", "new": temp, "undo": None}))
        journal.symlink_to(world / "victim" / "journal.json")
    elif case == "target-a-folder":
        (plan / TEMP.format(name="items")).write_text("evil\n")
        journal.write_bytes(v1({"target": "items", "new": TEMP.format(name="items"), "undo": None}))
    elif case == "huge":
        journal.write_bytes(b" " * (files.JOURNAL_MAX_BYTES + 1))
    else:
        raise AssertionError(case)


CASES = [
    "old-shape-outside", "absolute-source", "not-json", "empty-object", "wrong-types", "files-not-a-list",
    "other-version", "dot-dot", "git-hook", "linked-folder", "linked-temp", "foreign-temp-name",
    "linked-journal", "target-a-folder", "huge",
]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_a_journal_actionplan_did_not_write_is_a_problem_and_never_followed(run: Run, world: Path, case: str) -> None:
    _plant(world, case)
    plan = world / "plan"
    before = snapshot(world)
    result = run("validate", "--plan", plan, "--format", "json")
    assert result.exit_code == 1, result.output
    codes = [p["code"] for p in json.loads(result.stdout)["problems"]]
    assert codes == ["journal-invalid"], codes
    writers = [["recover"], ["progress", "set", "1-1-3", "R2", "--status", "遅れ"]]
    writers.append(["rename-department", "防災課", "危機管理課"])
    for writer in writers:
        result = run(*writer, "--plan", plan)
        assert result.exit_code == 1 and "recover --plan" in result.stderr, result.output
    assert snapshot(world) == before  # not one byte anywhere
    result = run("recover", "--plan", plan, "--discard")
    assert result.exit_code == 0, result.output
    after = snapshot(world)
    gone = set(before) - set(after)
    temps = {f"plan/{TEMP.format(name=name)}" for name in ("plan.yaml", "items")}
    assert gone <= {f"plan/{files.JOURNAL}", *temps}, gone
    assert f"plan/{files.JOURNAL}" in gone
    assert (world / "victim" / "secret.txt").read_text(encoding="utf-8") == SECRET
    assert not (plan / ".git" / "hooks" / "post-checkout").exists()
    assert run("validate", "--plan", plan).exit_code == 0


def _unfinished(world: Path) -> None:
    """A well-formed journal of a change that died after its commit point: plan.yaml's new text waiting."""
    plan = world / "plan"
    temp = TEMP.format(name="plan.yaml")
    (plan / temp).write_bytes((plan / "plan.yaml").read_bytes() + b"# the new text\n")
    (plan / files.JOURNAL).write_bytes(v1({"target": "plan.yaml", "new": temp, "undo": None}))


READERS = [
    ["validate"], ["validate", "--format", "github"], ["list"], ["show", "1-1-3"], ["tree"], ["report", "R2"],
    ["roadmap"], ["export"], ["export", "--format", "json", "--allow-problems"], ["schema"], ["glossary"],
    ["log", "1-1-3"],
]  # fmt: skip


@pytest.mark.parametrize("command", READERS, ids=[" ".join(c) for c in READERS])
def test_commands_that_read_never_act_on_a_journal(run: Run, world: Path, command: list[str]) -> None:
    _unfinished(world)
    before = snapshot(world)
    result = run(*command, "--plan", world / "plan")
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert snapshot(world) == before


def test_diff_never_acts_on_the_other_folders_journal(run: Run, world: Path) -> None:
    other = world / "other"
    shutil.copytree(MINIMAL, other)
    (other / "payload").write_text("evil\n", encoding="utf-8")
    (other / files.JOURNAL).write_text('{"replace":[{"tmp":"payload","target":"../victim/secret.txt"}]}')
    _unfinished(world)
    before = snapshot(world)
    result = run("diff", other, world / "plan", "--plan", world / "plan")
    assert result.exit_code in (0, 1), result.output
    assert snapshot(world) == before


def test_recover_finishes_a_journal_of_ours_and_readers_then_see_the_new_files(run: Run, world: Path) -> None:
    _unfinished(world)
    plan = world / "plan"
    result = run("validate", "--plan", plan, "--format", "json")
    assert [p["code"] for p in json.loads(result.stdout)["problems"]] == ["unfinished-change"]
    result = run("recover", "--plan", plan)
    assert result.exit_code == 0 and "1 file replaced" in result.stdout, result.output
    assert (plan / "plan.yaml").read_bytes().endswith(b"# the new text\n")
    assert not (plan / files.JOURNAL).exists() and not list(plan.glob("*.tmp"))


def test_the_embedded_plan_is_never_recovered(run: Run, embedded: Path) -> None:
    before = snapshot(embedded)
    result = run("recover", "--plan", embedded, "--discard")
    assert result.exit_code == 1 and "embedded plan" in result.stderr
    assert snapshot(embedded) == before


def test_recover_without_plan_takes_the_current_folder_or_asks_for_one(
    run: Run, world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: without --plan it tried the embedded plan and refused it (exit 1: 「never written to」)."""
    _unfinished(world)
    monkeypatch.chdir(world / "victim")  # neither a plan nor a journal
    result = run("recover")
    assert result.exit_code == 2 and "--plan DIR" in result.stderr and "embedded" not in result.stderr, result.output
    assert (world / "plan" / files.JOURNAL).exists()
    monkeypatch.chdir(world / "plan")
    result = run("recover")
    assert result.exit_code == 0 and "1 file replaced" in result.stdout, result.output
    assert not (world / "plan" / files.JOURNAL).exists()
    export = world / "export"  # an output folder: a journal but no plan.yaml
    export.mkdir()
    (export / files.JOURNAL).write_text("not ours", encoding="utf-8")
    monkeypatch.chdir(export)
    result = run("recover", "--discard")
    assert result.exit_code == 0 and not (export / files.JOURNAL).exists(), result.output
