"""report YEAR with progress answers: every 主管課's answer beside the plan, rollups, and the chase list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actionplan import i18n
from support import PROGRESS_PLAN, Golden, Run

# Every section of the report: ratings given and computed, 遅れ and 中止, a phase change, a milestone, 新規.
ANSWERED_PLAN = Path(__file__).parents[1] / "fixtures" / "progress" / "answered"


def test_report_shows_answers_and_rollups(run: Run, golden: Golden) -> None:
    result = run("report", "R1", "--plan", PROGRESS_PLAN)
    assert result.exit_code == 0, result.output
    golden("report-progress-r1.txt", result.stdout)


def test_report_in_japanese_keeps_the_wards_words(run: Run, golden: Golden, japanese: None) -> None:
    """On a Japanese PC the report reads as the ward writes it: 集計区分, 未回答, 【庁内限り】, 件."""
    result = run("report", "R1", "--plan", PROGRESS_PLAN)
    assert result.exit_code == 0, result.output
    golden("report-progress-r1-ja.txt", result.stdout)


def test_report_with_every_section_reads_english(run: Run, golden: Golden) -> None:
    result = run("report", "R2", "--plan", ANSWERED_PLAN, "--format", "markdown")
    assert result.exit_code == 0, result.output
    golden("report-answered-2020.md", result.stdout)


def test_report_workbook_reads_english(run: Run, tmp_path: Path) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    out = tmp_path / "report.xlsx"
    assert run("report", "R2", "--plan", ANSWERED_PLAN, "-f", "xlsx", "-o", out).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["summary", "progress report"]
    summary = [[c for c in row if c is not None] for row in book["summary"].iter_rows(values_only=True)]
    assert summary[0] == ["FY2020 (R2) progress report — 杉並区情報化アクションプラン（抜粋） [internal use only]"]
    assert ["group", "on schedule", "delayed", "stopped", "partly answered", "not answered", "total"] in summary
    # The rollup chart's rows: 1-1-1 has one 主管課 without an answer, so it is partly answered, not on schedule.
    assert ["all", 0, 1, 1, 1, 0, 3] in summary
    main = book["progress report"]
    heads = [c.value for c in main[1]]
    assert heads[-3:] == ["evidence", "item rollup", "classification"]
    assert main.oddHeader.right.text == "internal use only"
    missing = tmp_path / "missing.xlsx"
    assert run("report", "R2", "--plan", ANSWERED_PLAN, "--missing", "-f", "xlsx", "-o", missing).exit_code == 0
    assert load_workbook(missing).sheetnames == ["summary", "items not answered"]


@pytest.mark.parametrize(("missing", "word"), [([], "未回答"), (["--missing"], "情報政策課")])
def test_report_json_is_the_same_in_every_language(run: Run, missing: list[str], word: str) -> None:
    """JSON is a contract: its values (順調, 未回答, 継続) do not follow the reader's language."""
    english = run("report", "R2", "--plan", ANSWERED_PLAN, "-f", "json", *missing).stdout
    i18n.use("ja")
    try:
        japanese = run("report", "R2", "--plan", ANSWERED_PLAN, "-f", "json", *missing).stdout
    finally:
        i18n.use("en")
    assert english == japanese and word in english


def test_report_json_lists_each_departments_answer(run: Run) -> None:
    data = json.loads(run("report", "令和元年度", "--plan", PROGRESS_PLAN, "--format", "json").stdout)
    by_id = {i["id"]: i for i in data["items"]}
    answers = by_id["1-1-1"]["answers"]
    assert [a["department"] for a in answers] == ["土木管理課", "情報政策課", "防災課"]
    assert [a["answered"] for a in answers] == [False, False, True]
    assert answers[2]["status"] == "予定どおり" and answers[2]["phases"] == ["運用", "普及啓発"]
    assert answers[2]["result"] == "投稿機能を運用した。\n訓練で周知した。"
    assert "note" not in answers[2]  # 庁内メモ is internal
    # 防災課 予定どおり, 土木管理課 and 情報政策課 not answered: 一部未回答, never 順調 (issue #20).
    assert by_id["1-1-1"]["rollup"] == "一部未回答"
    assert by_id["3-1"]["rollup"] == "遅れ"
    assert by_id["1-1-3"]["answers"] == [{"department": "防災課", "answered": False, "rollup": "未回答"}]
    assert by_id["1-1-3"]["rollup"] == "未回答"
    assert data["summary"]["rollup"] == {"未回答": 3, "順調": 1, "遅れ": 1}


def test_missing_lists_every_department_without_an_answer(run: Run, japanese: None) -> None:
    result = run("report", "2019", "--plan", PROGRESS_PLAN, "--missing", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "year": 2019,
        "missing": {"情報政策課": ["1-1-1"], "防災課": ["1-1-3"], "土木管理課": ["1-1-1"]},
    }
    text = run("report", "2019", "--plan", PROGRESS_PLAN, "--missing").stdout
    assert text.splitlines()[:4] == [
        "令和元年度（2019年度） 未回答の項目【庁内限り】",
        "",
        "情報政策課（1件）",
        "項目番号\t項目名\t令和元年度",
    ]
    assert text.splitlines()[-1] == "未回答 3件（3課）"
    only = run("report", "2019", "--plan", PROGRESS_PLAN, "--missing", "--dept", "防災課", "-f", "json").stdout
    assert json.loads(only) == {"year": 2019, "missing": {"防災課": ["1-1-3"]}}


def test_year_without_answers_has_no_answer_columns_or_sections(run: Run, japanese: None) -> None:
    lines = run("report", "2020", "--plan", PROGRESS_PLAN).stdout.splitlines()
    assert lines[3] == "項目番号\t項目名\t主管課\t令和元年度\t令和2年度\t段階変更"
    assert not any(line.startswith(("進捗区分別", "遅れ・中止の理由", "段階が変わる項目")) for line in lines)


def test_dept_filter_keeps_the_items_overall_rollup(run: Run, tmp_path: Path) -> None:
    """--dept shows one 主管課's answers, but the item row's 集計区分 is the item's overall rollup
    over ALL its departments (土木管理課's 遅れ here); the sub-row and the counts are 防災課's own."""
    plan = tmp_path / "plan"
    assert run("init", plan).exit_code == 0
    for dept, status in [("防災課", "予定どおり"), ("情報政策課", "予定どおり"), ("土木管理課", "遅れ")]:
        result = run("progress", "set", "1-1-1", "R2", "--dept", dept, "--status", status, "--plan", plan)
        assert result.exit_code == 0, result.output
    lines = run("report", "R2", "--dept", "防災課", "--plan", plan).stdout.splitlines()
    item = next(line.split("\t") for line in lines if line.startswith("1-1-1\t"))
    sub = lines[lines.index("\t".join(item)) + 1].split("\t")
    assert (item[6], sub[2], sub[6], sub[7]) == ("delayed", "└ 防災課", "on schedule", "予定どおり")
    data = json.loads(run("report", "R2", "--dept", "防災課", "--plan", plan, "-f", "json").stdout)
    first = data["items"][0]
    assert first["id"] == "1-1-1" and first["rollup"] == "遅れ"
    assert [a["department"] for a in first["answers"]] == ["防災課"]
    assert data["summary"]["rollup"] == {"順調": 1, "未回答": 5}  # JSON values: the same in every language
    header, first_row = run("report", "R2", "--dept", "防災課", "--plan", plan, "-f", "csv").stdout.splitlines()[:2]
    row = dict(zip(header.lstrip("\ufeff").split(","), first_row.split(","), strict=False))
    assert (row["department"], row["rollup"], row["item rollup"]) == ("防災課", "on schedule", "delayed")
