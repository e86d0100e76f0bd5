"""progress set changes only the fields given, says what changed field by field, and --dry-run writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from actionplan.model import Answer
from actionplan.progress import fields
from support import Run

HANAKO = "防災課 杉並花子(内線1234)"


def _answer(root: Path) -> dict[str, object]:
    data = yaml.safe_load((root / "progress" / "2020.yaml").read_text(encoding="utf-8"))
    (found,) = [a for a in data["answers"] if a["item"] == "1-1-3"]
    return dict(found)


@pytest.fixture
def answered(run: Run, minimal: Path) -> Path:
    """The issue's case: 1-1-3 R2 answered by 防災課 with a result, phases, evidence and a named respondent."""
    result = run(
        "progress", "set", "1-1-3", "R2", "--status", "予定どおり", "--phase", "実施",
        "--result", "協定を全て締結した", "--evidence", "防災課資料R3-12", "--by", HANAKO, "--on", "2021-04-30",
        "--plan", minimal,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return minimal


def test_changing_the_status_keeps_every_other_field_and_the_named_respondent(run: Run, answered: Path) -> None:
    result = run("progress", "set", "1-1-3", "R2", "--status", "遅れ", "--on", "2021-05-10", "--plan", answered)
    assert result.exit_code == 0, result.output
    assert _answer(answered) == {
        "item": "1-1-3",
        "year": 2020,
        "department": "防災課",
        "status": "遅れ",
        "phases": ["実施"],
        "result": "協定を全て締結した",
        "evidence": "防災課資料R3-12",
        "answered_by": HANAKO,
        "answered_on": date(2021, 5, 10),
    }
    assert result.stdout.splitlines() == [
        f"updated 1-1-3 FY2020 防災課: 予定どおり [実施] → 遅れ [実施] in {answered / 'progress' / '2020.yaml'}",
        "  answered on: 2021-04-30 → 2021-05-10",
        f"  note: answered by kept: {HANAKO} (give --by to name who answered)",
    ]


def test_the_same_listing_in_japanese(run: Run, answered: Path, japanese: None) -> None:
    result = run("progress", "set", "1-1-3", "R2", "--clear", "evidence", "--by", "防災課", "--on", "2021-05-10",
                 "--plan", answered)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "  根拠資料：防災課資料R3-12 → （空欄）",
        f"  回答者：{HANAKO} → 防災課",
        "  回答日：2021-04-30 → 2021-05-10",
    ]
    assert "evidence" not in _answer(answered) and _answer(answered)["result"] == "協定を全て締結した"


def test_dry_run_lists_the_changes_and_writes_nothing(run: Run, answered: Path) -> None:
    before = (answered / "progress" / "2020.yaml").read_bytes()
    dry = run("progress", "set", "1-1-3", "R2", "--result", "一部締結", "--on", "2021-05-10", "--dry-run",
              "--plan", answered)  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert (answered / "progress" / "2020.yaml").read_bytes() == before
    assert dry.stdout.startswith("would update 1-1-3 FY2020 防災課")
    assert "  result: 協定を全て締結した → 一部締結\n" in dry.stdout
    assert dry.stdout.endswith("dry run, nothing was written\n")
    real = run("progress", "set", "1-1-3", "R2", "--result", "一部締結", "--on", "2021-05-10", "--plan", answered)
    assert real.stdout.replace("updated", "would update") + "dry run, nothing was written\n" == dry.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1-1-3", "R3", "--result", "x"], "a new answer needs --status"),
        (["1-1-3", "R2", "--clear", "status"], "--clear status: not a field that can be emptied"),
        (["1-1-3", "R2", "--clear", "evidense"], "did you mean 'evidence'"),
        (["1-1-3", "R2", "--clear", "result", "--result", "x"], "--clear result and a new result given together"),
        (["1-1-3", "R2", "--value", "sites=3", "--value", "sites=4"], "sites: given twice"),
    ],
)
def test_edits_that_cannot_be_made_change_nothing(run: Run, answered: Path, args: list[str], message: str) -> None:
    before = (answered / "progress" / "2020.yaml").read_bytes()
    for dry in ([], ["--dry-run"]):
        result = run("progress", "set", *args, *dry, "--plan", answered)
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    assert (answered / "progress" / "2020.yaml").read_bytes() == before


def test_a_renamed_department_is_followed_with_a_note_wherever_it_is_typed(
    run: Run, answered: Path, tmp_path: Path
) -> None:
    assert run("rename-department", "防災課", "危機管理課", "--on", "2021-04-01", "--plan", answered).exit_code == 0
    note = "note: '防災課' was renamed '危機管理課' on 2021-04-01"
    result = run("progress", "set", "1-1-3", "R2", "-d", "防災課", "--status", "遅れ", "--plan", answered)
    assert result.exit_code == 0, result.output
    assert note in result.stderr and "1-1-3 FY2020 危機管理課" in result.stdout
    sheets = run("progress", "sheets", "R2", "--dept", "防災課", "-o", tmp_path / "out", "--plan", answered)
    assert sheets.exit_code == 0, sheets.output
    assert note in sheets.stderr
    unknown = run("progress", "sheets", "R2", "--dept", "防災", "-o", tmp_path / "x", "--plan", answered)
    assert unknown.exit_code == 2 and "did you mean" in unknown.stderr


def test_rename_lists_each_file_and_dry_run_writes_nothing(run: Run, answered: Path) -> None:
    before = {p: p.read_bytes() for p in answered.rglob("*.yaml")}
    result = run("rename-department", "防災課", "危機管理課", "--on", "2021-04-01", "--dry-run", "--plan", answered)
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in answered.rglob("*.yaml")} == before
    lines = result.stdout.splitlines()
    assert "items/1-1-3.yaml" in lines and "  department: 防災課 → 危機管理課" in lines
    assert "progress/2020.yaml" in lines and "  department (1-1-3 FY2020): 防災課 → 危機管理課" in lines
    assert lines[-1].endswith("; dry run, nothing was written")


@pytest.mark.usefixtures("japanese")
def test_rename_lists_an_answer_under_its_fiscal_year_in_japanese(run: Run, answered: Path) -> None:
    result = run("rename-department", "防災課", "危機管理課", "--on", "2021-04-01", "--dry-run", "--plan", answered)
    assert result.exit_code == 0, result.output
    assert "  主管課（1-1-3 令和2年度）：防災課 → 危機管理課" in result.stdout.splitlines()


def test_import_dry_run_refuses_the_embedded_plan_as_the_import_does(run: Run, tmp_path: Path) -> None:
    (tmp_path / "sheets").mkdir()
    for dry in ([], ["--dry-run"]):
        result = run("progress", "import", tmp_path / "sheets", *dry)
        assert result.exit_code == 2, result.output
        assert "never written into the embedded plan" in result.stderr


STORED = Answer(
    item="1-1-3", year=2020, department="防災課", status="予定どおり", values={"sites": 3, "users": 10},
    answered_by=HANAKO,
)  # fmt: skip


def test_indicator_values_merge_one_by_one_and_a_blank_one_is_removed() -> None:
    made = fields.edit(STORED, fields.Edit(values={"users": 12}, drop_values=["sites"]), login="root")
    assert made.answer["values"] == {"users": 12}
    assert made.answer["answered_by"] == HANAKO and made.notes
    changed = fields.field_changes(STORED, Answer(**{**STORED.model_dump(), **made.answer}))
    assert [(c.label, c.old, c.new) for c in changed] == [("actual (sites)", "3", ""), ("actual (users)", "10", "12")]


def test_a_new_answer_takes_the_login_name_and_by_wins_over_the_stored_respondent() -> None:
    assert fields.edit(None, fields.Edit(status="遅れ"), login="root").answer["answered_by"] == "root"
    made = fields.edit(STORED, fields.Edit(by="防災課"), login="root")
    assert made.answer["answered_by"] == "防災課" and made.notes == []


def test_an_unknown_phase_with_no_close_word_lists_the_known_ones(run: Run, minimal: Path) -> None:
    result = run("progress", "set", "1-1-3", "R2", "--status", "遅れ", "--phase", "構築", "--plan", minimal)
    assert result.exit_code == 2
    assert "unknown phase '構築' (known: 検討, 実施, 運用, 推進, 普及啓発)" in result.stderr


def test_a_chain_of_renames_is_followed_to_the_name_now(run: Run, answered: Path) -> None:
    assert run("rename-department", "防災課", "危機管理課", "--on", "2021-04-01", "--plan", answered).exit_code == 0
    # rename-department's OLD is a typed department too: the former name leads to 危機管理課.
    second = run("rename-department", "防災課", "防災危機管理課", "--on", "2022-04-01", "--plan", answered)
    assert second.exit_code == 0, second.output
    assert "note: '防災課' was renamed '危機管理課' on 2021-04-01" in second.stderr
    result = run("list", "--dept", "防災課", "--plan", answered)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("was renamed") == 2 and "'危機管理課' was renamed '防災危機管理課'" in result.stderr
    assert run("validate", "--plan", answered).exit_code == 0


def test_a_mistyped_choice_gets_a_suggestion(run: Run) -> None:
    result = run("list", "--format", "mardown")
    assert result.exit_code == 2
    assert "'mardown' is not one of: table, markdown" in result.stderr and "did you mean 'markdown'?" in result.stderr
