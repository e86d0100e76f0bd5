"""rename-department: every file or none, comments kept, the rename recorded and followed by list --dept."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from actionplan import files, loader, rename
from support import PROGRESS_PLAN, PlanCopy, Run


def _departments(root: Path) -> dict[str, list[str]]:
    """plan.yaml's departments and each item's, as the files say now."""
    found = {"plan.yaml": yaml.safe_load((root / "plan.yaml").read_text(encoding="utf-8"))["departments"]}
    for path in sorted((root / "items").glob("*.yaml")):
        found[path.name] = yaml.safe_load(path.read_text(encoding="utf-8"))["departments"]
    return found


def test_rename_every_file_keeping_comments(run: Run, minimal: Path) -> None:
    result = run("rename-department", "防災課", "危機管理課", "--on", "2026-04-01", "--plan", minimal)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "plan.yaml",
        "  department: 情報政策課, 防災課, 土木管理課 → 情報政策課, 危機管理課, 土木管理課",
        "items/1-1-1.yaml",
        "  department: 土木管理課, 情報政策課, 防災課 → 土木管理課, 情報政策課, 危機管理課",
        "items/1-1-3.yaml",
        "  department: 防災課 → 危機管理課",
        "renamed 防災課 → 危機管理課 (2026-04-01): plan.yaml, 2 items, 0 progress answers",
    ]
    found = _departments(minimal)
    assert found["plan.yaml"] == ["情報政策課", "危機管理課", "土木管理課"]
    assert found["1-1-1.yaml"] == ["土木管理課", "情報政策課", "危機管理課"]
    assert found["1-1-3.yaml"] == ["危機管理課"]
    text = (minimal / "items" / "1-1-3.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 1-1-3 帰宅困難者一時滞在施設との通信手段の確保\n")
    plan = yaml.safe_load((minimal / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["renamed"] == [{"old": "防災課", "new": "危機管理課", "effective": "2026-04-01"}]
    assert (minimal / "plan.yaml").read_text(encoding="utf-8").startswith("# A small real plan")
    assert run("validate", "--plan", minimal).exit_code == 0
    assert not list(minimal.rglob("*.tmp")) and not (minimal / files.JOURNAL).exists()


def test_list_by_the_old_name_finds_the_items_with_a_note(run: Run, minimal: Path) -> None:
    assert run("rename-department", "防災課", "危機管理課", "--on", "2026-04-01", "--plan", minimal).exit_code == 0
    result = run("list", "--dept", "防災課", "--plan", minimal, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [i["id"] for i in json.loads(result.stdout)] == ["1-1-1", "1-1-3"]
    assert "note: '防災課' was renamed '危機管理課' on 2026-04-01" in result.stderr
    assert run("list", "--dept", "防災", "--plan", minimal).exit_code == 2


def _contents(root: Path) -> dict[Path, bytes]:
    """Every file of the plan but the (empty) lock files a writer leaves."""
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.suffix != ".lock"}


def test_refusals_change_nothing(run: Run, minimal: Path) -> None:
    before = _contents(minimal)
    result = run("rename-department", "防災課", "情報政策課", "--plan", minimal)
    assert result.exit_code == 2 and "add --merge" in result.stderr
    result = run("rename-department", "防災", "危機管理課", "--plan", minimal)
    assert result.exit_code == 2 and "did you mean '防災課'" in result.stderr
    result = run("rename-department", "防災課", "防災課", "--plan", minimal)
    assert result.exit_code == 2
    result = run("rename-department", "防災課", "危機管理課", "--on", "4月1日", "--plan", minimal)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
    assert _contents(minimal) == before


def test_merge_into_an_existing_department(run: Run, minimal: Path) -> None:
    result = run("rename-department", "防災課", "情報政策課", "--merge", "--on", "2026-04-01", "--plan", minimal)
    assert result.exit_code == 0, result.output
    found = _departments(minimal)
    assert found["plan.yaml"] == ["情報政策課", "土木管理課"]
    assert found["1-1-1.yaml"] == ["土木管理課", "情報政策課"]  # had both: listed once
    assert found["1-1-3.yaml"] == ["情報政策課"]
    assert run("validate", "--plan", minimal).exit_code == 0


def test_the_embedded_plan_is_never_written(run: Run, embedded: Path) -> None:
    before = (embedded / "plan.yaml").read_bytes()
    result = run("rename-department", "防災課", "危機管理課", "--plan", embedded)
    assert result.exit_code == 1
    assert (embedded / "plan.yaml").read_bytes() == before


def _interrupted_rename(root: Path) -> None:
    """A rename that dies after its commit point, with two of its files replaced."""
    plan = loader.load(root).value
    assert plan is not None
    renaming = rename.prepare(plan, "防災課", "危機管理課", date(2026, 4, 1))
    real_replace = os.replace
    calls = {"n": 0}

    def dies_after_two(src: Any, dst: Any) -> None:
        if str(dst).endswith(".yaml"):
            calls["n"] += 1
            if calls["n"] > 2:
                raise KeyboardInterrupt  # the process dies here (as under kill -9, nothing after runs)
        real_replace(src, dst)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", dies_after_two)
        with pytest.raises(KeyboardInterrupt), rename.locked(root):
            rename.apply(plan, renaming)
    assert (root / files.JOURNAL).exists()
    found = _departments(root)
    assert "防災課" in str(found) and "危機管理課" in str(found)  # mixed on disk


@pytest.mark.parametrize("discard", [False, True])
def test_an_interrupted_commit_is_reported_by_readers_and_finished_or_discarded_by_recover(
    run: Run, minimal: Path, discard: bool
) -> None:
    before = _contents(minimal)
    _interrupted_rename(minimal)
    mixed = _contents(minimal)
    result = run("validate", "--plan", minimal, "--format", "json")
    assert result.exit_code == 1
    assert "unfinished-change" in [p["code"] for p in json.loads(result.stdout)["problems"]]
    assert _contents(minimal) == mixed  # reading moved nothing
    result = run("recover", "--plan", minimal, *(["--discard"] if discard else []))
    assert result.exit_code == 0, result.output
    assert not (minimal / files.JOURNAL).exists() and not list(minimal.rglob("*.tmp"))
    if discard:
        assert _contents(minimal) == before
    else:
        assert "防災課" not in str(_departments(minimal))
        again = loader.load(minimal).value
        assert again is not None and [r.new for r in again.meta.renamed] == ["危機管理課"]
    assert run("validate", "--plan", minimal).exit_code == 0
    assert "nothing to recover" in run("recover", "--plan", minimal).stdout


def test_the_next_rename_finishes_an_interrupted_one_first(run: Run, minimal: Path) -> None:
    _interrupted_rename(minimal)
    result = run("rename-department", "危機管理課", "防災危機管理課", "--plan", minimal)
    assert result.exit_code == 0, result.output
    assert "防災危機管理課" in _departments(minimal)["plan.yaml"]
    assert not (minimal / files.JOURNAL).exists()


# fork: the child starts in milliseconds with everything imported, so 30 kills take seconds.
_fork = multiprocessing.get_context("fork")
NAMES = ("防災課", "危機管理課")
KILLS = 20


def _endless_renamer(root: str, wrote: Any) -> None:
    real_fsync, real_replace = os.fsync, os.replace

    def slow_fsync(fd: Any) -> None:
        time.sleep(0.003)  # widens the windows between the files, so kills land in them
        real_fsync(fd)

    def slow_replace(src: Any, dst: Any) -> None:
        real_replace(src, dst)
        time.sleep(0.003)  # and the window between the commit point and the last rename

    os.fsync = slow_fsync
    os.replace = slow_replace  # type: ignore[assignment]  # os.replace's keyword arguments go unused here
    while True:
        plan = loader.load(Path(root)).value
        assert plan is not None
        old = next(n for n in NAMES if n in plan.meta.departments)
        new = NAMES[1 - NAMES.index(old)]
        with rename.locked(Path(root)):
            rename.apply(plan, rename.prepare(plan, old, new, date(2026, 4, 1)))
        wrote.set()


def test_kill_9_leaves_all_files_old_or_all_new(minimal: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    journals = 0
    for kill in range(KILLS):
        wrote = _fork.Event()
        child = _fork.Process(target=_endless_renamer, args=(str(minimal), wrote))
        child.start()
        assert wrote.wait(30), "the renamer did not complete a single rename in 30 s"
        time.sleep(rng.uniform(0.0, 0.25))  # about one rename: load, prepare, then the commit
        child.kill()
        child.join()
        assert child.exitcode == -9
        where = f"(seed {seed}, kill {kill})"
        journals += (minimal / files.JOURNAL).exists()
        files.finish(minimal)  # actionplan recover: finishes a commit that passed its commit point
        plan = loader.load(minimal).value
        assert plan is not None, where
        found = _departments(minimal)
        names = {n for n in NAMES if n in str(found)}
        assert len(names) == 1, f"files disagree {where}: {found}"
        (name,) = names
        assert plan.meta.renamed[-1].new == name, where  # the record of the rename went with the files
        assert found["1-1-3.yaml"] == [name] and name in found["plan.yaml"], where
    # Not a guarantee, but with the slow fsync some kills land between the commit point and the end.
    print(f"{KILLS} kills, {journals} left a journal that recover finished (seed {seed})")


def test_diff_shows_the_rename_once(run: Run, minimal: Path) -> None:
    from support import MINIMAL

    assert run("rename-department", "防災課", "危機管理課", "--on", "2026-04-01", "--plan", minimal).exit_code == 0
    data = json.loads(run("diff", MINIMAL, minimal, "--format", "json").stdout)
    assert data["plan"] == [
        {"id": None, "field": "departments", "old": "防災課", "new": "危機管理課"},
        {"id": "防災課", "field": "renamed", "old": None, "new": "防災課 → 危機管理課（2026-04-01）"},
    ]
    assert {c["id"] for c in data["changed"]} == {"1-1-1", "1-1-3"}


def _fill(sheet: Path, item: str, status: str) -> None:
    import csv
    import io

    from actionplan.progress.sheets import layout
    from sheet_columns import columns

    rows = list(csv.reader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"))))
    status_column = columns(rows[layout.HEADING_ROW - 1])["進捗区分"]
    for row in rows[layout.HEADING_ROW :]:
        if row and row[0] == item:
            row[status_column] = status
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    sheet.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))


def test_progress_answers_follow_and_old_sheets_still_import(run: Run, plan_copy: PlanCopy, tmp_path: Path) -> None:
    plan = plan_copy(PROGRESS_PLAN)
    sheets = tmp_path / "sheets"
    assert (
        run("progress", "sheets", "2019", "--dept", "防災課", "-f", "csv", "-o", sheets, "--plan", plan).exit_code == 0
    )
    (sheet,) = sheets.glob("*.csv")
    _fill(sheet, "1-1-3", "遅れ")  # filled in by 防災課 before the 組織改正
    result = run("rename-department", "防災課", "危機管理課", "--on", "2020-06-01", "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "2 items, 1 progress answers" in result.stdout
    text = (plan / "progress" / "2019.yaml").read_text(encoding="utf-8")
    assert "department: 危機管理課" in text and "department: 防災課" not in text
    assert "answered_by: 防災課" in text  # who answered then: history, not renamed
    assert "# 防災課 answered first." in text  # comments kept
    result = run("progress", "import", sheets, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "added 1-1-3 FY2019 危機管理課: 遅れ" in result.stdout
    answers = {(a.item, a.department): a.status for a in loader.load(plan).value.answers}  # type: ignore[union-attr]
    assert answers[("1-1-3", "危機管理課")] == "遅れ" and answers[("1-1-1", "危機管理課")] == "予定どおり"
    assert run("validate", "--plan", plan).exit_code == 0


def test_merge_refused_when_both_answered_the_same_item_and_year(run: Run, plan_copy: PlanCopy) -> None:
    plan = plan_copy(PROGRESS_PLAN)
    both = ("progress", "set", "1-1-1", "2019", "--status", "遅れ", "--dept", "情報政策課", "--plan", plan)
    assert run(*both).exit_code == 0
    before = {p: p.read_bytes() for p in plan.rglob("*.yaml")}
    result = run("rename-department", "防災課", "情報政策課", "--merge", "--plan", plan)
    assert result.exit_code == 1
    assert "rename-conflict" in result.stderr and "merge the two answers by hand first" in result.stderr
    assert "1-1-1 FY2019: both" in result.stderr  # the year as a year, never the number of the file
    assert {p: p.read_bytes() for p in plan.rglob("*.yaml")} == before


def test_merge_refused_when_the_two_answers_write_the_year_differently(run: Run, plan_copy: PlanCopy) -> None:
    plan = plan_copy(PROGRESS_PLAN)
    both = ("progress", "set", "1-1-1", "2019", "--status", "遅れ", "--dept", "情報政策課", "--plan", plan)
    assert run(*both).exit_code == 0
    progress = plan / "progress" / "2019.yaml"
    text = progress.read_text(encoding="utf-8")
    # 防災課's answer names the year as 令和元年度, 情報政策課's as 2019: the same year
    answer = "year: {}\n    department: 防災課"
    progress.write_text(text.replace(answer.format(2019), answer.format("令和元年度")), encoding="utf-8")
    result = run("rename-department", "防災課", "情報政策課", "--merge", "--plan", plan)
    assert result.exit_code == 1, result.output
    assert "rename-conflict" in result.stderr and "1-1-1 FY2019: both" in result.stderr


def test_a_file_that_cannot_be_read_stops_the_rename(run: Run, minimal: Path) -> None:
    (minimal / "items" / "3-1.yaml").write_text("id: 3-1\ntitle: [broken\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file()}
    result = run("rename-department", "防災課", "危機管理課", "--plan", minimal)
    assert result.exit_code == 1
    assert "items/3-1.yaml" in result.stderr and "nothing was renamed" in result.stderr
    assert _contents(minimal) == before


def test_a_linked_item_file_keeps_its_link(run: Run, minimal: Path) -> None:
    real = minimal / "items" / "1-1-3.yaml"
    kept = minimal / "shared"
    kept.mkdir()
    (kept / "1-1-3.yaml").write_bytes(real.read_bytes())
    real.unlink()
    real.symlink_to(Path("..") / "shared" / "1-1-3.yaml")
    assert run("rename-department", "防災課", "危機管理課", "--plan", minimal).exit_code == 0
    assert real.is_symlink()
    assert "危機管理課" in (kept / "1-1-3.yaml").read_text(encoding="utf-8")


def test_an_item_file_with_an_upper_case_suffix_is_renamed_too(run: Run, minimal: Path) -> None:
    """validate reads items/1-1-3.YAML; rename-department reads and writes it alike (one suffix rule)."""
    (minimal / "items" / "1-1-3.yaml").rename(minimal / "items" / "1-1-3.YAML")
    assert run("validate", "--plan", minimal).exit_code == 0
    result = run("rename-department", "防災課", "危機管理課", "--on", "2026-04-01", "--plan", minimal)
    assert result.exit_code == 0, result.output
    assert "  - 危機管理課\n" in (minimal / "items" / "1-1-3.YAML").read_text(encoding="utf-8")
