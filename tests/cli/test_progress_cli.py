"""`actionplan init`, `progress set` and the validate rules for progress files, through the real CLI."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

import actionplan.cli.clock as clock
from actionplan import loader
from actionplan.cli.app import app
from support import Run

FIXTURE = Path(__file__).parents[1] / "fixtures" / "progress"
INVALID = sorted((FIXTURE / "invalid").glob("*.yaml"))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A writable copy of the progress fixture plan (3 items, one hand-written progress file)."""
    target = tmp_path / "plan"
    shutil.copytree(FIXTURE / "plan", target)
    return target


def _frozen_today() -> dt.date:
    return dt.date(2020, 6, 1)


def test_embedded_plan_ships_without_progress_records(embedded: Path) -> None:
    result = loader.load(embedded)
    plan, problems = result.value, result.problems
    assert problems == []
    assert plan is not None
    assert plan.answers == []
    assert not (embedded / "progress").exists()


def test_every_command_has_help_with_an_example(run: Run) -> None:
    for args in (
        ["init"],
        ["progress"],
        ["progress", "set"],
        ["progress", "sheets"],
        ["progress", "import"],
        ["progress", "migrate"],
    ):
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Example: actionplan " in result.stdout, args


# --- init -------------------------------------------------------------------------------------


def test_init_copies_the_embedded_plan(run: Run, tmp_path: Path, embedded: Path) -> None:
    target = tmp_path / "mine"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    assert (target / "plan.yaml").read_bytes() == (embedded / "plan.yaml").read_bytes()
    assert len(list((target / "items").glob("*.yaml"))) == 50
    assert list((target / "progress").iterdir()) == []
    assert (target / "plan.yaml").stat().st_mode & 0o200  # the copy is the user's to write
    assert run("validate", "--plan", target).exit_code == 0


def test_init_refuses_a_directory_with_files(run: Run, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    result = run("init", tmp_path / "full")
    assert result.exit_code == 1
    assert "is not an empty directory" in result.stderr
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["notes.txt"]


# --- set ----------------------------------------------------------------------------------------


def test_set_writes_a_record_that_validates(run: Run, plan: Path) -> None:
    result = run(
        "progress", "set", "1-1-3", "令和2年度", "--status", "遅れ", "--phase", "実施", "--note", "協定1件が未締結",
        "--by", "防災課", "--on", "2021-04-30", "--plan", plan,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added 1-1-3 FY2020 防災課: 遅れ [実施] → ")
    assert (
        (plan / "progress" / "2020.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "format: 2\n"
            "answers:\n"
            "  - item: 1-1-3\n"
            "    year: 2020\n"
            "    department: 防災課\n"
            "    status: 遅れ\n"
            "    phases: [実施]\n"
            "    note: 協定1件が未締結\n"
            "    answered_by: 防災課\n"
            "    answered_on: 2021-04-30\n"
        )
    )
    assert run("validate", "--plan", plan).exit_code == 0


def test_set_twice_is_unchanged_and_keeps_the_file(run: Run, plan: Path) -> None:
    args = ("progress", "set", "3-1", "R2", "-s", "予定どおり", "--phase", "推進", "--plan", plan)
    assert run(*args).exit_code == 0
    path = plan / "progress" / "2020.yaml"
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = run(*args, "--by", "someone else")
    assert result.exit_code == 0
    assert result.stdout == "unchanged 3-1 FY2020 情報政策課: 予定どおり [推進]\n"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_set_replaces_a_hand_written_record_keeping_comments(run: Run, plan: Path) -> None:
    path = plan / "progress" / "2019.yaml"
    result = run("progress", "set", "3-1", "2019", "-s", "予定どおり", "--phase", "推進", "--on", "2020-06-01",
                 "--by", "情報政策課", "--plan", plan)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("updated 3-1 FY2019 情報政策課: 遅れ [推進] → 予定どおり [推進] in ")
    text = path.read_text(encoding="utf-8")
    comments = ["# 令和元年度の進捗（手書き）", "# 防災課 answered first.", "# すぎナビ", "# written the plan's way"]
    for comment in [*comments, "# end of the 令和元年度 answers"]:
        assert comment in text
    assert (
        "    year: R1        # written the plan's way\n    department: 情報政策課\n    status: '予定どおり'\n" in text
    )


def test_set_refuses_the_embedded_plan(run: Run, embedded: Path) -> None:
    result = run("progress", "set", "3-2", "2020", "--status", "予定どおり")
    assert result.exit_code == 2
    assert "run `actionplan init DIR` and pass --plan DIR" in result.stderr
    result = run("progress", "set", "3-2", "2020", "--status", "予定どおり", "--plan", embedded)
    assert result.exit_code == 1  # a refused write, as in every command (README, exit codes)
    assert "is in the embedded plan" in result.stderr
    assert not (embedded / "progress").exists()


def test_set_uses_the_plan_from_the_environment(run: Run, plan: Path) -> None:
    result = run("progress", "set", "3-1", "R2", "--status", "完了", env={"ACTIONPLAN_PLAN": str(plan)})
    assert result.exit_code == 0, result.output
    assert (plan / "progress" / "2020.yaml").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["3-1", "R9", "--status", "完了"],
            "FY2027 (R9) is outside the plan; the plan period is FY2019–FY2021, and the baseline year is FY2018 (H30)",
        ),
        (["3-1", "R2x", "--status", "完了"], "not a fiscal year: 'R2x'"),
        (["3-1", "R2", "--status", "順調"], "unknown status '順調' (known: 完了, 予定どおり"),
        (["3-9", "R2", "--status", "完了"], "unknown item '3-9'; did you mean '3-1'"),
        (["3-1", "R2", "--status", "完了", "--phase", "構築"], "unknown phase '構築'"),
        (["3-1", "R2", "--status", "完了", "--on", "R2"], "--on 'R2' is not a date"),
        (["3-1", "2019", "--status", "完了"], None),  # 3-1 R1 is in progress/2019.yaml: fine, it is updated there
    ],
)
def test_set_usage_errors(run: Run, plan: Path, args: list[str], message: str | None) -> None:
    result = run("progress", "set", *args, "--plan", plan)
    if message is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (plan / "progress" / "2020.yaml").exists()


def test_set_refuses_a_record_kept_in_another_file(run: Run, plan: Path) -> None:
    stray = plan / "progress" / "2019.yaml"
    shutil.copy(stray, plan / "progress" / "older.yaml")
    stray.unlink()
    result = run("progress", "set", "3-1", "R1", "--status", "完了", "--plan", plan)
    assert result.exit_code == 2
    assert re.search(
        r"情報政策課's answer for 3-1 in FY2019 is already stored in \S*older.yaml \(answer #2\)", result.stderr
    )


def test_set_refuses_to_build_on_a_broken_file(run: Run, plan: Path) -> None:
    path = plan / "progress" / "2019.yaml"
    broken = path.read_text(encoding="utf-8").replace("status: 予定どおり", "status: 順調")
    path.write_text(broken, encoding="utf-8")
    result = run("progress", "set", "1-1-3", "R1", "--status", "完了", "--plan", plan)
    assert result.exit_code == 1
    assert re.search(r"2019.yaml:8:13: progress-status unknown status '順調'", result.stderr)
    assert "was not changed: the answers have problems" in result.stderr
    assert path.read_text(encoding="utf-8") == broken


# --- validate: every progress rule, with file and line --------------------------------------------


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_validate_reports_bad_answers(run: Run, plan: Path, case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expect = re.match(r"# expect: (\S+) (\d+):(\d+)", case.read_text(encoding="utf-8"))
    assert expect is not None, "each invalid fixture starts with '# expect: CODE LINE:COL'"
    code, line, col = expect.groups()
    monkeypatch.setattr(clock, "today", _frozen_today)
    shutil.copy(case, plan / "progress" / "2020.yaml")
    result = run("validate", "--plan", plan)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [result.stdout.splitlines()[0], "1 problem in 1 file"]
    assert result.stdout.startswith(f"{plan / 'progress' / '2020.yaml'}:{line}:{col}: {code} "), result.stdout


def test_validate_github_format_carries_file_and_line(run: Run, plan: Path) -> None:
    shutil.copy(FIXTURE / "invalid" / "progress-status.yaml", plan / "progress" / "2020.yaml")
    result = run("validate", "--plan", plan, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=") and ",line=8,col=13,title=progress-status::" in result.stdout


def test_commands_are_registered() -> None:
    names = {c.name for c in app.registered_commands}
    groups = {g.name for g in app.registered_groups}
    assert "init" in names
    assert "progress" in groups
