"""Doors that used to break a plan or crash (issue #18): each refused with a message, the plan intact.

- `init PLAN/progress [--next]` made a plan inside the plan (exit 0, the old plan then invalid);
- `report -o PLAN/progress/2020.yaml` replaced the answers file without the lock;
- rename A → B, then B → A left an invalid plan; `rename-department X ''` exited 3;
- a read-only plan folder or a lock file that is a symbolic link made rename exit 3;
- a progress write racing a rename stored answers under the old name, and a change on disk
  during a rename was reported as a bug in actionplan.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from actionplan import loader, rename
from actionplan.model import Answer
from actionplan.progress import store
from support import Run


def contents(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix != ".lock"
    }


@pytest.mark.parametrize(
    "command",
    [
        ["init", "{plan}/progress"],
        ["init", "{plan}/items/next"],
        ["init", "{plan}/progress/next", "--next", "--period", "R4-R6", "--plan", "{plan}"],
        ["report", "R2", "--plan", "{plan}", "--format", "csv", "-o", "{plan}/progress/2020.yaml"],
        ["list", "--plan", "{plan}", "-o", "{plan}/plan.yaml"],
        ["list", "--plan", "{plan}", "-o", "{plan}/glossary.yaml"],
        ["list", "--plan", "{plan}", "-o", "{plan}/items/1-1-9.yaml"],
        ["export", "--plan", "{plan}", "-o", "{plan}/progress"],
        ["progress", "sheets", "R2", "--plan", "{plan}", "-o", "{plan}/items"],
        ["list", "--plan", "{plan}", "-o", "{link}"],
    ],
    ids=lambda c: " ".join(c[:2]) + " " + c[-1].rsplit("}", 1)[-1],
)
def test_outputs_never_land_on_the_plans_own_files(run: Run, minimal: Path, command: list[str]) -> None:
    (minimal / "progress").mkdir()
    assert run("progress", "set", "1-1-3", "R2", "--status", "遅れ", "--plan", minimal).exit_code == 0
    link = minimal.parent / "out.yaml"
    link.symlink_to(minimal / "progress" / "2020.yaml")
    before = contents(minimal)
    args = [a.replace("{plan}", str(minimal)).replace("{link}", str(link)) for a in command]
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert "only actionplan's own commands change" in result.stderr
    assert contents(minimal) == before
    assert run("validate", "--plan", minimal).exit_code == 0


def test_schema_and_reports_may_still_go_beside_the_plan_files(run: Run, minimal: Path) -> None:
    assert run("schema", "--plan", minimal, "-o", minimal / "item.schema.json").exit_code == 0
    assert run("export", "--plan", minimal, "-o", minimal / "opendata").exit_code == 0
    assert run("validate", "--plan", minimal).exit_code == 0


def test_renaming_there_and_back_leaves_a_valid_plan(run: Run, minimal: Path) -> None:
    assert run("rename-department", "防災課", "危機管理課", "--on", "2026-04-01", "--plan", minimal).exit_code == 0
    assert run("rename-department", "危機管理課", "防災課", "--on", "2026-05-01", "--plan", minimal).exit_code == 0
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 0, result.output
    listed = run("list", "--dept", "危機管理課", "--plan", minimal)
    assert listed.exit_code == 0 and "1-1-3" in listed.stdout


def test_a_renamed_name_still_listed_without_a_rename_back_is_still_a_problem(run: Run, minimal: Path) -> None:
    assert run("rename-department", "防災課", "危機管理課", "--on", "2026-04-01", "--plan", minimal).exit_code == 0
    plan_file = minimal / "plan.yaml"
    plan_file.write_text(
        plan_file.read_text(encoding="utf-8").replace("- 危機管理課", "- 危機管理課\n  - 防災課"), encoding="utf-8"
    )
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 1 and "department-rename" in result.stdout, result.output


@pytest.mark.parametrize("new", ["", " ", "\u3000"])
def test_an_empty_new_name_is_a_usage_error(run: Run, minimal: Path, new: str) -> None:
    before = contents(minimal)
    result = run("rename-department", "防災課", new, "--plan", minimal)
    assert result.exit_code == 2, result.output
    assert contents(minimal) == before


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_untouched(run: Run, minimal: Path) -> None:
    victim = minimal.parent / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (minimal / ".plan.yaml.lock").symlink_to(victim)
    before = contents(minimal)
    for command in (
        ["rename-department", "防災課", "危機管理課"],
        ["progress", "set", "1-1-3", "R2", "--status", "遅れ"],
        ["recover"],
    ):
        result = run(*command, "--plan", minimal)
        assert result.exit_code == 1, result.output
        assert "is a symbolic link" in result.stderr and "Traceback" not in result.output
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert contents(minimal) == before


def _without_privileges(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is not available to drop capabilities")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--", *command]


def test_a_read_only_plan_folder_is_a_clear_refusal(minimal: Path) -> None:
    before = contents(minimal)
    cli = [sys.executable, "-c", "from actionplan.cli import main; main()"]
    for folder in (minimal, minimal / "items"):
        folder.chmod(0o555)
    try:
        command = [*cli, "rename-department", "防災課", "危機管理課", "--plan", str(minimal)]
        done = subprocess.run(_without_privileges(command), capture_output=True, text=True, timeout=60, cwd="/")
    finally:
        for folder in (minimal, minimal / "items"):
            folder.chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("actionplan: error: ") and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert contents(minimal) == before


def test_a_progress_write_prepared_before_a_rename_is_refused_not_stored_under_the_old_name(
    run: Run, minimal: Path
) -> None:
    stale = loader.load(minimal).value  # progress set has read the plan ...
    assert stale is not None
    assert run("rename-department", "防災課", "危機管理課", "--plan", minimal).exit_code == 0  # ... a rename lands
    answer = Answer(item="1-1-3", year=2020, department="防災課", status="遅れ")
    with pytest.raises(store.Conflict, match="changed while the answers were being prepared"):
        store.save(stale, 2020, [answer], today=date(2026, 4, 2))
    assert not (minimal / "progress" / "2020.yaml").exists()
    result = run("progress", "set", "1-1-3", "R2", "--status", "遅れ", "--plan", minimal)  # run again: new name
    assert result.exit_code == 0, result.output
    assert "危機管理課" in (minimal / "progress" / "2020.yaml").read_text(encoding="utf-8")


def test_a_file_changed_by_an_editor_during_a_rename_is_not_called_a_bug(minimal: Path) -> None:
    plan = loader.load(minimal).value
    assert plan is not None
    item = minimal / "items" / "1-1-3.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("実施", "検討", 1), encoding="utf-8")  # an editor
    renaming = rename.prepare(plan, "防災課", "危機管理課", date(2026, 4, 1))
    codes = [p.code for p in renaming.problems]
    assert codes == ["rename-changed"], renaming.problems
    assert "run the command again" in renaming.problems[0].message


# fork: the child starts in milliseconds with everything imported.
_fork = multiprocessing.get_context("fork")
NAMES = ("防災課", "危機管理課")


def _renaming_back_and_forth(root: str, started: Any, stop: Any) -> None:
    day = date(2026, 4, 1)
    while not stop.is_set():
        with rename.locked(Path(root)):
            plan = loader.load(Path(root)).value
            assert plan is not None
            old = next(n for n in NAMES if n in plan.meta.departments)
            renaming = rename.prepare(plan, old, NAMES[1 - NAMES.index(old)], day)
            assert not renaming.problems, renaming.problems
            rename.apply(plan, renaming)
        started.set()
        time.sleep(0.4)  # a gap in which a waiting writer takes the lock (filelock polls every 50 ms)


def test_progress_writes_racing_renames_never_store_an_answer_under_an_old_name(run: Run, minimal: Path) -> None:
    (minimal / "progress").mkdir()
    started, stop = _fork.Event(), _fork.Event()
    child = _fork.Process(target=_renaming_back_and_forth, args=(str(minimal), started, stop))
    child.start()
    try:
        assert started.wait(30), "no rename completed in 30 s"
        outcomes = []
        for status in ["遅れ", "予定どおり"] * 5:
            result = run("progress", "set", "1-1-3", "R2", "--status", status, "--plan", minimal)
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output and "bug in actionplan" not in result.output
            if result.exit_code == 1:
                assert "run the command again" in result.stderr or "try again" in result.stderr, result.stderr
            outcomes.append(result.exit_code)
    finally:
        stop.set()
        child.join(30)
    assert child.exitcode == 0
    print(f"{outcomes.count(0)} of {len(outcomes)} writes landed between renames, the others were refused")
    result = run("progress", "set", "1-1-3", "R2", "--status", "遅れ", "--plan", minimal)
    assert result.exit_code == 0, result.output  # once the renames stop, the write goes through
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 0, result.output  # every answer under a department of the plan
