"""Survey sheets per 主管課 (csv and xlsx): layout, round trips, every kind of bad row, through the real CLI."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from actionplan import files, loader
from actionplan.progress.sheets import layout
from sheet_columns import columns
from support import PROGRESS_PLAN, Run

FIRST = layout.HEADING_ROW  # list index of the first item row (row 6 of the sheet)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(PROGRESS_PLAN, target)
    return target


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def sheet_of(run: Run, plan: Path, tmp_path: Path, dept: str, year: str = "R2", fmt: str = "csv") -> Path:
    out = tmp_path / "sheets"
    result = run("progress", "sheets", year, "-o", out, "--dept", dept, "--format", fmt, "--plan", plan)
    assert result.exit_code == 0, result.output
    (path,) = out.glob(f"*_{dept}_*.{fmt}")
    return path


def fill(rows: list[list[str]], item: str, **cells: str) -> None:
    h = columns(rows[FIRST - 1])
    row = next(r for r in rows if r and r[0] == item)
    for heading, value in cells.items():
        row[h[heading]] = value


def fill_xlsx(path: Path, answers: dict[str, dict[str, str]], cells: dict[str, str | datetime] | None = None) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    for ref, value in (cells or {}).items():
        ws[ref] = value
    h = columns([c.value for c in ws[layout.HEADING_ROW]])
    for row in ws.iter_rows(min_row=layout.HEADING_ROW + 1):
        for heading, value in answers.get(str(row[0].value), {}).items():
            row[h[heading]].value = value
    workbook.save(path)


# The columns of the fixture plan's sheets: it has schedules, no ratings and no indicators.
ENGLISH = [
    "item ID", "item title", "planned phase", "status", "phases carried out", "result", "challenges and next steps",
    "evidence", "internal note", "sheet ID (do not change)",
]  # fmt: skip
JAPANESE = [
    "項目番号", "項目名", "計画", "進捗区分", "実施した段階", "取組実績", "課題・今後の方向性", "根拠資料", "庁内メモ",
    "調査票ID（変更しないこと）",
]  # fmt: skip


def test_csv_sheet_layout(run: Run, plan: Path, tmp_path: Path) -> None:
    """Under an English locale the fixed words are English; the plan's data and the file name stay as they are."""
    out = tmp_path / "sheets"
    result = run("progress", "sheets", "R2", "-o", out, "--dept", "防災課", "-f", "csv", "--due", "2021-04-30",
                 "--plan", plan)  # fmt: skip
    assert result.exit_code == 0, result.output
    path = out / "令和2年度_防災課_進捗状況調査票.csv"
    assert result.stdout.splitlines()[0] == f"wrote {path}: 2 items"
    rows = read_csv(path)
    assert rows[0] == ["Survey sheet of 防災課 for FY2020 (R2): 杉並区情報化アクションプラン（抜粋）"]
    assert rows[1:4] == [
        ["due date", "2021-04-30", "date answered", ""],
        ["respondent", "", "contact", ""],
        ["Fill in each item's row; the row under it is to read."],
    ]
    assert rows[4] == ENGLISH
    first, under = rows[FIRST], rows[FIRST + 1]
    assert first == [
        "1-1-1",
        "ICTを活用した災害情報の収集と発信",
        "運用 / 普及啓発",
        *[""] * 6,
        "actionplan-sheet/2 2020 防災課",
    ]
    assert under[0] == "" and under[2:] == [""] * 8
    assert under[1].splitlines() == [
        "description: 災害発生時に、スマートフォン向け防災地図アプリケーション「すぎナビ」を活用して、区民・職員等から"
        "区内の被害状況に関する写真等の情報提供を受けます。",
        "last year's answer: 予定どおり [運用 / 普及啓発]: 投稿機能を運用した。",
        "訓練で周知した。",
    ]
    assert [r[0] for r in rows[FIRST:]] == ["1-1-1", "", "1-1-3", ""]


def test_csv_sheet_layout_in_japanese(run: Run, plan: Path, tmp_path: Path, japanese: None) -> None:
    out = tmp_path / "sheets"
    result = run("progress", "sheets", "R2", "-o", out, "--dept", "防災課", "-f", "csv", "--due", "2021-04-30",
                 "--plan", plan)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_csv(out / "令和2年度_防災課_進捗状況調査票.csv")
    assert rows[0] == ["令和2年度（2020年度） 杉並区情報化アクションプラン（抜粋） 進捗状況調査票（防災課）"]
    assert rows[1:4] == [
        ["提出期限", "令和3年4月30日（2021年4月30日）", "回答日", ""],
        ["回答者", "", "連絡先", ""],
        ["各項目の行に記入してください。その下の行は参照用です。"],
    ]
    assert rows[4] == JAPANESE
    assert rows[FIRST + 1][1].splitlines()[1] == "前年度の回答：予定どおり［運用／普及啓発］：投稿機能を運用した。"


def test_csv_round_trip_and_second_import_changes_nothing(run: Run, plan: Path, tmp_path: Path) -> None:
    path = sheet_of(run, plan, tmp_path, "防災課", "2020")
    rows = read_csv(path)
    rows[2][1], rows[2][3] = "杉並 花子", "内線 1234"
    fill(rows, "1-1-1", 進捗区分="予定どおり", 実施した段階="運用、普及啓発", 取組実績="=投稿 12件\n訓練で周知")
    next_steps = {"課題・今後の方向性": "協定1件が未締結"}  # a variable: "・" cannot be in a keyword
    fill(rows, "1-1-3", 進捗区分="遅れ", 実施した段階="実施", **next_steps)
    write_csv(path, rows)
    progress_file = plan / "progress" / "2020.yaml"
    dry = run("progress", "import", path, "--dry-run", "--plan", plan)
    assert dry.exit_code == 0, dry.output
    assert "  result: (empty) → =投稿 12件 訓練で周知" in dry.stdout.splitlines()  # each field, old → new
    assert [line for line in dry.stdout.splitlines() if not line.startswith("  ")][:2] == [
        f"would add 1-1-1 FY2020 防災課: 予定どおり [運用 / 普及啓発] → {progress_file}",
        f"would add 1-1-3 FY2020 防災課: 遅れ [実施] → {progress_file}",
    ]
    assert dry.stdout.splitlines()[-1] == "2 added, 0 updated, 0 unchanged; dry run, nothing was written"
    assert not progress_file.exists()
    first = run("progress", "import", path, "--plan", plan)
    assert first.exit_code == 0, first.output
    stamp = progress_file.read_bytes(), progress_file.stat().st_mtime_ns
    loaded = loader.load(plan).value
    assert loaded is not None
    (answer,) = loaded.answers_for(2020)["1-1-1"]
    assert (answer.department, answer.status, answer.phases, answer.result, answer.answered_by) == (
        "防災課", "予定どおり", ["運用", "普及啓発"], "=投稿 12件\n訓練で周知", "杉並 花子(内線 1234)",
    )  # fmt: skip
    second = run("progress", "import", path, "--plan", plan)
    assert second.exit_code == 0
    assert second.stdout.splitlines()[-1] == "0 added, 0 updated, 2 unchanged"
    assert (progress_file.read_bytes(), progress_file.stat().st_mtime_ns) == stamp
    assert run("validate", "--plan", plan).exit_code == 0


def test_a_cell_typed_with_a_quote_keeps_it(run: Run, plan: Path, tmp_path: Path) -> None:
    """A user who types '=x into a CSV cell means '=x (issue 13): the quote is not eaten on import."""
    path = sheet_of(run, plan, tmp_path, "防災課")
    rows = read_csv(path)
    fill(rows, "1-1-3", 進捗区分="完了", 取組実績="'=x", 根拠資料="'+81 3")
    write_csv(path, rows)
    assert run("progress", "import", path, "--plan", plan).exit_code == 0
    loaded = loader.load(plan).value
    assert loaded is not None
    (answer,) = loaded.answers_for(2020)["1-1-3"]
    assert (answer.result, answer.evidence) == ("'=x", "'+81 3")


def test_xlsx_sheet_is_ready_to_fill_in_and_print(run: Run, plan: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = sheet_of(run, plan, tmp_path, "情報政策課", "R1", "xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Survey sheet", "How to fill in", "Choices"]
    ws = workbook["Survey sheet"]
    assert ws["A1"].value == "Survey sheet of 情報政策課 for FY2019 (R1): 杉並区情報化アクションプラン（抜粋）"
    assert [c.value for c in ws[layout.HEADING_ROW]] == ENGLISH
    # each item's row, and under it a grey row to read (nothing in the item ID's column)
    assert [ws.cell(row=r, column=1).value for r in (6, 7, 8, 9)] == ["1-1-1", None, "3-1", None]
    # the co-departments' answers, read only: 防災課 answered 1-1-1 in the fixture
    assert "other departments' answers: 防災課: 予定どおり [運用 / 普及啓発]" in ws["B7"].value
    assert ws["D8"].value == "遅れ"  # 情報政策課's own stored answer for 3-1 comes filled in
    assert ws.protection.sheet is True
    assert ws["B6"].protection.locked is True and ws["D6"].protection.locked is False
    assert ws["B7"].protection.locked is True and ws["D7"].protection.locked is True
    assert ws["B3"].protection.locked is False and ws["F3"].protection.locked is False  # 回答者, 連絡先
    assert (ws["A3"].value, ws["E3"].value) == ("respondent", "contact")
    assert "B3:D3" in {str(r) for r in ws.merged_cells.ranges}  # 回答者 is wide
    assert all(ws.cell(row=6, column=c).number_format == "@" for c in range(4, 10))  # typed 4/1 stays text
    assert ws.row_dimensions[7].height > 30  # the wrapped 内容 shows
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # printed at 100 %, never shrunk
    assert ws.print_title_rows == "$5:$5"
    assert "&P" in ws.oddHeader.right.text and "&N" in ws.oddHeader.right.text
    assert ws.oddHeader.center.text == "情報政策課" and "FY2019 (R1)" in ws.oddHeader.left.text
    assert ws.column_dimensions["J"].hidden  # 調査票ID
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert (rules["D6 D8"].type, rules["D6 D8"].formula1) == ("list", "'Choices'!$A$1:$A$6")
    assert (rules["E6 E8"].type, rules["E6 E8"].formula1) == ("list", "'Choices'!$C$1:$C$5")
    # every input cell tells what to write in it, in the words of the 記入要領; the 進捗区分 what each word means
    prompts = {ref: (dv.promptTitle, dv.prompt) for ref, dv in rules.items() if dv.showInputMessage}
    assert set(prompts) == {"D6 D8", "E6 E8", "F6 F8", "G6 G8", "H6 H8", "I6 I8", "B3", "F3"}
    assert prompts["D6 D8"][1].splitlines()[1] == "完了: 計画した取組を終えた (on schedule)"
    guide = workbook["How to fill in"]
    text = [str(c.value) for row in guide.iter_rows() for c in row if c.value]
    assert (
        prompts["G6 G8"][1] in text
        and "Problems met and what comes next. For 遅れ, 未着手, 中止" in prompts["G6 G8"][1]
    )
    assert text[text.index("完了") : text.index("完了") + 3] == ["完了", "計画した取組を終えた", "on schedule"]
    assert workbook["Choices"].sheet_state == "hidden"


def test_xlsx_round_trip_with_4_1_kept_as_text(run: Run, plan: Path, tmp_path: Path) -> None:
    path = sheet_of(run, plan, tmp_path, "情報政策課", "令和元年度", "xlsx")
    # 3-1 R1 is already answered 遅れ [推進] by 情報政策課 in the fixture: the sheet shows it, unchanged.
    fill_xlsx(path, {"1-1-1": {"進捗区分": "前倒し", "実施した段階": "運用／普及啓発", "課題・今後の方向性": "4/1"}})
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    progress_file = plan / "progress" / "2019.yaml"
    assert [line for line in result.stdout.splitlines() if not line.startswith("  ")][:2] == [
        f"added 1-1-1 FY2019 情報政策課: 前倒し [運用 / 普及啓発] → {progress_file}",
        "unchanged 3-1 FY2019 情報政策課: 遅れ [推進]",
    ]
    text = progress_file.read_text(encoding="utf-8")
    assert "# すぎナビ" in text
    loaded = loader.load(plan).value
    assert loaded is not None
    mine = next(a for a in loaded.answers_for(2019)["1-1-1"] if a.department == "情報政策課")
    assert (mine.status, mine.phases, mine.challenge) == ("前倒し", ["運用", "普及啓発"], "4/1")
    # 防災課's answer for the same item is untouched
    other = next(a for a in loaded.answers_for(2019)["1-1-1"] if a.department == "防災課")
    assert other.result == "投稿機能を運用した。\n訓練で周知した。"
    again = run("progress", "import", path, "--plan", plan)
    assert again.stdout.splitlines()[-1] == "0 added, 0 updated, 2 unchanged"


def test_a_sheet_whose_title_rows_were_deleted_still_imports(run: Run, plan: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = sheet_of(run, plan, tmp_path, "防災課", "R2", "xlsx")
    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    ws.protection.sheet = False
    ws.delete_rows(1, 4)  # title, 提出期限, 回答者 and the note gone
    ws.insert_rows(1)
    ws["A1"] = "防災課 回答（修正版）"
    ws.cell(row=3, column=columns([c.value for c in ws[2]])["進捗区分"] + 1).value = "完了"
    workbook.save(path)
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "added 1-1-1 FY2020 防災課: 完了" in result.stdout


def test_every_bad_row_is_reported_and_nothing_written(run: Run, plan: Path, tmp_path: Path) -> None:
    path = sheet_of(run, plan, tmp_path, "情報政策課")
    rows = read_csv(path)
    ok, other = rows[FIRST], rows[FIRST + 2]
    h = columns(rows[FIRST - 1])
    ident = ok[h["調査票ID"]]
    blank = [""] * len(ok)

    def row(item: str, title: str = "", **cells: str) -> list[str]:
        made = list(blank)
        made[0], made[1], made[h["調査票ID"]] = item, title, ident
        for heading, value in cells.items():
            made[h[heading]] = value
        return made

    fill(rows, "1-1-1", 進捗区分="予定どおり")  # row 6: good, still not written, as other rows are bad
    fill(rows, "3-1", 進捗区分="順調")  # row 8: unknown status (rows 7 and 9: to read, skipped)
    rows.append(row("1-1-9", 進捗区分="遅れ"))  # row 10: unknown ID
    rows.append(row(ok[0], ok[1], 進捗区分="遅れ"))  # row 11: duplicate of row 6
    rows.append(row("1-1-3", "帰宅困難者一時滞在施設との通信手段の確保", 進捗区分="遅れ"))  # row 12: other dept
    rows.append(row("", 進捗区分="完了"))  # row 13: no ID, but an answer
    rows.append(row("2001/1/1", 進捗区分="完了"))  # row 14: Excel made a date of the ID
    rows.append(row(other[0], "別の題名", 進捗区分="完了"))  # row 15: changed 項目名 (and a duplicate)
    write_csv(path, rows)
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 1
    # Each problem names the cell as the spreadsheet shows it (H6), not row and column numbers.
    codes = [(line.split(":")[1], line.split(": ")[1].split()[0]) for line in result.stdout.splitlines()[:-1]]
    assert codes == [
        ("D8", "progress-status"),
        ("A10", "progress-unknown-item"),
        ("A11", "sheet-duplicate-row"),
        ("A12", "progress-department"),
        ("A13", "sheet-missing-id"),
        ("A14", "progress-unknown-item"),
        ("A15", "sheet-duplicate-row"),
    ]
    assert "Excel turns 1-1-1 into a date" in result.stdout
    assert result.stdout.splitlines()[-1] == "7 problems in 1 file; nothing was written"
    assert not (plan / "progress" / "2020.yaml").exists()


# Cells of the 防災課 sheet by (row, column): the headings in row 5, 1-1-1 in row 6 and 1-1-3 in row 8;
# columns 1 項目番号, 2 項目名, 4 進捗区分, 5 実施した段階, 10 調査票ID. Columns 11 and 12 are added to the
# sheet with their headings (評価 and 指標の実績値), as an earlier version of the sheet had them.
@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ({(6, 2): "題名を変えた"}, ":B6: sheet-key-changed item title was changed: '題名を変えた' (the plan says"),
        ({(6, 4): "", (6, 5): "運用"}, ":D6: sheet-status-missing status is empty"),
        ({(6, 5): "運用／構築"}, ":E6: unknown-phase phases carried out: unknown phase '構築'"),
        ({(6, 5): "運用、運用"}, ":E6: progress-phase-twice phases carried out: phase '運用' is given twice"),
        ({(5, 11): "評価", (6, 11): "A"}, ":K6: progress-rating 評価: unknown rating 'A'"),
        (
            {(5, 12): "指標の実績値", (6, 12): "visits=3"},
            ":L6: progress-indicator 指標の実績値: 1-1-1 has no indicator 'visits'",
        ),
        (
            {(5, 12): "指標の実績値", (6, 12): "visits=たくさん"},
            ":L6: sheet-value visits: 'たくさん' is not a number",
        ),
        ({(6, 1): "1-1-2"}, ":A6: progress-unknown-item unknown item '1-1-2' (did you mean '1-1-3' / '1-1-1'"),
        (
            {(6, 10): "actionplan-sheet/2 2020 企画課", (8, 10): ""},
            ":J6: sheet-department unknown department '企画課'",
        ),
        (
            {(6, 10): "actionplan-sheet/2 2030 防災課", (8, 10): ""},
            ":J6: progress-year FY2030 (R12) is outside",
        ),
        ({(6, 10): "something else"}, ":J6: sheet-format the sheet ID (do not change) 'something else' was changed"),
        ({(8, 10): "actionplan-sheet/2 2020 情報政策課"}, ":J8: sheet-mixed the row comes from another sheet"),
        ({(5, 4): "進捗"}, ":A1: sheet-format not a progress sheet of actionplan"),
    ],
)
def test_each_bad_kind_alone(
    run: Run, plan: Path, tmp_path: Path, edits: dict[tuple[int, int], str], expected: str
) -> None:
    path = sheet_of(run, plan, tmp_path, "防災課")
    rows = read_csv(path)
    fill(rows, "1-1-1", 進捗区分="予定どおり")
    for (row, column), value in edits.items():
        rows[row - 1] += [""] * (column - len(rows[row - 1]))
        rows[row - 1][column - 1] = value
    write_csv(path, rows)
    result = run("progress", "import", path, "--dry-run", "--plan", plan)
    assert result.exit_code == 1, result.output
    assert expected in result.stdout.splitlines()[0], result.stdout
    assert len(result.stdout.splitlines()) == 2, result.stdout


@pytest.mark.parametrize("made_in", ["en", "ja"])
def test_cp932_csv_from_excel_is_read(run: Run, plan: Path, tmp_path: Path, made_in: str) -> None:
    """Excel on Japanese Windows saves the sheet as Shift_JIS; read on an English PC, whatever language made it."""
    from actionplan import i18n

    i18n.use(made_in)
    try:
        path = sheet_of(run, plan, tmp_path, "防災課")
    finally:
        i18n.use("en")
    rows = read_csv(path)
    fill(rows, "1-1-3", 進捗区分="完了", 実施した段階="実施", 取組実績="協定を締結")
    rows = [[cell.replace("\n", " ") for cell in row] for row in rows]
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode("cp932"))
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "added 1-1-3 FY2020 防災課: 完了 [実施]" in result.stdout


def test_sheets_usage_errors(run: Run, plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "x"
    bad_dept = run("progress", "sheets", "R2", "--dept", "防災", "-o", out, "--plan", plan)
    assert bad_dept.exit_code == 2 and "unknown department '防災'; did you mean '防災課'" in bad_dept.stderr
    bad_format = run("progress", "sheets", "R2", "-o", out, "--format", "ods", "--plan", plan)
    assert bad_format.exit_code == 2 and "'ods' is not one of: xlsx, csv" in bad_format.stderr
    bad_year = run("progress", "sheets", "2017", "-o", out, "--plan", plan)
    assert bad_year.exit_code == 2
    assert "the plan period is FY2019–FY2021, and the baseline year is FY2018 (H30)" in bad_year.stderr
    bad_due = run("progress", "sheets", "R2", "-o", out, "--due", "4/30", "--plan", plan)
    assert bad_due.exit_code == 2 and "--due '4/30' is not a date" in bad_due.stderr
    import_embedded = run("progress", "import", tmp_path / "x.csv")
    assert import_embedded.exit_code == 2 and "run `actionplan init DIR` and pass --plan DIR" in import_embedded.stderr
    assert not out.exists()


def test_csv_work_never_loads_openpyxl(plan: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from actionplan.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('openpyxl' in sys.modules)"
    )
    args = ["progress", "sheets", "R2", "-o", str(tmp_path / "s"), "-f", "csv", "--plan", str(plan)]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "False", done.stderr


# --- file system failures through the CLI -------------------------------------------------------------


def test_full_disk_through_the_cli(run: Run, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    path = plan / "progress" / "2019.yaml"
    before = path.read_bytes()

    def full(fd: int, data: bytes) -> None:
        os.write(fd, data[:100])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "_write_all", full)
    result = run("progress", "set", "1-1-3", "R1", "--status", "完了", "--plan", plan)
    assert result.exit_code == 1
    assert result.stderr == (
        f"actionplan: error: cannot write {path}: no space left on the disk; the file is unchanged\n"
    )
    assert path.read_bytes() == before
    assert list(path.parent.glob("*.tmp")) == []


def test_read_only_directory(tmp_path: Path) -> None:
    """A progress folder the user may not write to: clear error, exit 1, the file untouched."""
    root = tmp_path / "plan"
    shutil.copytree(PROGRESS_PLAN, root)
    try:
        path = root / "progress" / "2019.yaml"
        before = path.read_bytes()
        (root / "progress").chmod(0o555)
        command = [sys.executable, "-c", "from actionplan.cli import main; main()",
                   "progress", "set", "1-1-3", "R1", "--status", "完了", "--plan", str(root)]  # fmt: skip
        if os.geteuid() == 0:
            # Root ignores permission bits; without its capabilities it is bound by them.
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root and setpriv is not available to drop capabilities")
            command = [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd="/")
        assert done.returncode == 1, done.stderr
        # The lock beside the file cannot be made either: said so, before anything is written.
        assert done.stderr.startswith("actionplan: error: cannot take the lock ")
        assert "permission denied" in done.stderr and "nothing was written" in done.stderr
        assert "Traceback" not in done.stderr
        assert path.read_bytes() == before
        assert sorted(p.name for p in (root / "progress").iterdir()) == ["2019.yaml"]
    finally:
        (root / "progress").chmod(0o755)


def test_a_stored_text_starting_with_equals_round_trips_through_csv(run: Run, plan: Path, tmp_path: Path) -> None:
    """Written as '=… (so Excel does not run it), read back as stored: a second import changes nothing."""
    ok = run("progress", "set", "1-1-3", "R2", "-s", "完了", "--result", "=予定の2倍", "--plan", plan)
    assert ok.exit_code == 0, ok.output
    path = sheet_of(run, plan, tmp_path, "防災課")
    rows = read_csv(path)
    assert next(r for r in rows if r and r[0] == "1-1-3")[columns(rows[FIRST - 1])["取組実績"]] == "'=予定の2倍"
    again = run("progress", "import", path, "--plan", plan)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1].startswith("0 added, 0 updated, 1 unchanged")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_due_date_is_written_in_both_eras_and_never_read_back(
    run: Run, plan: Path, tmp_path: Path, fmt: str, japanese: None
) -> None:
    """提出期限 as a ward document writes it (令和元年, not 令和1年); the importer ignores its text,
    even when someone rewrote it or typed a real date over it."""
    out = tmp_path / "sheets"
    result = run("progress", "sheets", "R1", "-o", out, "--dept", "情報政策課", "-f", fmt, "--due", "2019-05-31",
                 "--plan", plan)  # fmt: skip
    assert result.exit_code == 0, result.output
    (path,) = out.glob(f"*.{fmt}")
    if fmt == "csv":
        rows = read_csv(path)
        assert rows[1] == ["提出期限", "令和元年5月31日（2019年5月31日）", "回答日", ""]
        rows[1][1] = "5月末まで"
        fill(rows, "1-1-1", 進捗区分="予定どおり")
        write_csv(path, rows)
    else:
        from openpyxl import load_workbook

        ws = load_workbook(path).worksheets[0]
        assert (ws["A2"].value, ws["B2"].value) == ("提出期限", "令和元年5月31日（2019年5月31日）")
        assert ws["B2"].alignment.wrap_text and ws.row_dimensions[2].height > 15  # not cut off in print
        fill_xlsx(path, {"1-1-1": {"進捗区分": "予定どおり"}}, {"B2": datetime(2019, 6, 7)})
    imported = run("progress", "import", path, "--plan", plan)
    assert imported.exit_code == 0, imported.output
    assert "1-1-1 令和元年度 情報政策課" in imported.stdout.splitlines()[0]


def test_a_sheet_sent_out_before_in_the_former_layout_still_imports(run: Run, plan: Path, tmp_path: Path) -> None:
    """A department answers on the sheet it was sent last month: 16 columns, headings in row 4, 調査票ID."""
    from sheet_columns import JAPANESE

    FORMER = JAPANESE[:16]  # the headings a sheet had before 表示番号 and the indicators' rows

    row = [""] * len(FORMER)
    row[0], row[1], row[7], row[8] = "1-1-3", "帰宅困難者一時滞在施設との通信手段の確保", "完了", "実施"
    row[-1] = "actionplan-sheet/2 2020 防災課"
    path = tmp_path / "令和2年度_防災課_進捗状況調査票.csv"
    head = [
        ["令和2年度（2020年度） 進捗状況調査票（防災課）"],
        ["提出期限", "", "回答者", "防災課 杉並花子", "連絡先", ""],
        [],
    ]
    write_csv(path, [*head, list(FORMER), row])
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "added 1-1-3 FY2020 防災課: 完了 [実施]" in result.stdout
