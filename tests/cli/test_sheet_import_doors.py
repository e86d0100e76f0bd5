"""Doors of `progress import` that lost or misfiled answers (issues #18 and #20), each through the real CLI.

A sheet too large is refused with its size, never cut short; a formula in an answer cell is a
problem at its cell; .xls and .ods files in a folder are named and refused; a sheet whose
調査票ID was edited to another 主管課 is refused naming both; an empty cell keeps the stored
field and （削除） empties it; 回答者 and 回答日 come from the sheet or --by/--on. Sheets are
tested as openpyxl, Excel (CSV, cp932) and LibreOffice save them.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from actionplan import loader
from actionplan.model import Answer
from actionplan.progress.sheets import layout
from actionplan.progress.sheets.layout import cell_name
from sheet_columns import columns
from support import Run, ok

SHEET = "令和2年度_防災課_進捗状況調査票"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def sheet(run: Run, plan: Path, out: Path, fmt: str) -> Path:
    ok(run("progress", "sheets", "R2", "-o", out, "-d", "防災課", "-f", fmt, "--plan", plan))
    return out / f"{SHEET}.{fmt}"


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def row_of(rows: list[list[str]], item: str) -> list[str]:
    return next(r for r in rows if r and r[0] == item)


def heads(rows: list[list[str]]) -> dict[str, int]:
    """Each column's index by its Japanese heading, from the sheet's own heading row."""
    return columns(rows[layout.HEADING_ROW - 1])


def stored(plan: Path, item: str) -> Answer:
    loaded = loader.load(plan).value
    assert loaded is not None
    (answer,) = [a for a in loaded.answers_for(2020).get(item, []) if a.department == "防災課"]
    return answer


def soffice(sources: list[Path], fmt: str, out: Path) -> list[Path]:
    """Save the files as LibreOffice does, all in one call (one start of LibreOffice)."""
    done = subprocess.run(
        [SOFFICE or "soffice", "--headless", "--convert-to", fmt, "--outdir", str(out), *map(str, sources)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(out.parent)},
    )  # fmt: skip
    made = [out / f"{s.stem}.{fmt.split(':')[0]}" for s in sources]
    assert done.returncode == 0 and all(p.is_file() for p in made), done.stderr
    return made


# --- a sheet larger than the read limit --------------------------------------------------------


def test_an_answer_below_row_5000_is_never_dropped_the_sheet_is_refused(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    """Was: rows below 5,000 silently ignored (「4994 rows not filled in」, row 6001 never imported), exit 0."""
    path = sheet(run, progress_plan, tmp_path / "s", "csv")
    rows = read_csv(path)
    H = heads(rows)
    row_of(rows, "1-1-3")[H["進捗区分"]] = "完了"
    moved = row_of(rows, "1-1-1")
    rows.remove(moved)
    moved[H["進捗区分"]] = "遅れ"
    rows += [[""] * len(moved) for _ in range(6001 - len(rows) - 1)] + [moved]  # 1-1-1 now in row 6001
    write_csv(path, rows)
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1, result.output
    assert f"{SHEET}.csv: sheet-unreadable the sheet has data down to row 6,001; at most 5,000 rows" in result.stdout
    assert not (progress_plan / "progress" / "2020.yaml").exists()


def test_an_xlsx_with_data_past_the_limits_is_refused_with_how_far_it_reaches(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    path = sheet(run, progress_plan, tmp_path / "s", "xlsx")
    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    H = columns([c.value for c in ws[layout.HEADING_ROW]])
    ws.cell(row=6277, column=1, value="1-1-1")
    ws.cell(row=6277, column=H["進捗区分"] + 1, value="遅れ")
    workbook.save(path)
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1 and "the sheet has data down to row 6,277" in result.stdout, result.output
    ws.delete_rows(6277)
    ws.cell(row=5, column=70, value="メモ")  # column BR, past the 64 read
    workbook.save(path)
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1 and "cell BR5 holds data; at most 64 columns are read" in result.stdout


# --- formulas ----------------------------------------------------------------------------------


def _formula_sheet(run: Run, plan: Path, out: Path) -> tuple[Path, str]:
    """防災課's sheet with a formula in 1-1-3's 進捗区分 cell, and that cell's name."""
    from openpyxl import load_workbook

    path = sheet(run, plan, out, "xlsx")
    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    H = columns([c.value for c in ws[layout.HEADING_ROW]])
    row = next(r for r in ws.iter_rows(min_row=layout.HEADING_ROW + 1) if r[0].value == "1-1-3")
    row[H["進捗区分"]].value = '=IF(1=1,"完了","遅れ")'  # a formula, as a clerk may type one
    row[H["取組実績"]].value = "協定を締結した"
    workbook.save(path)
    return path, str(row[H["進捗区分"]].coordinate)


def test_a_formula_in_the_status_cell_is_a_problem_at_its_cell_not_an_empty_row(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    """Was: openpyxl saves no computed value, so the row read as 「1 row not filled in」, exit 0."""
    path, cell = _formula_sheet(run, progress_plan, tmp_path / "s")
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1, result.output
    line = result.stdout.splitlines()[0]
    assert line.endswith(
        f'{SHEET}.xlsx:{cell}: sheet-formula status holds a formula (=IF(1=1,"完了","遅れ")), not an answer'
        " (type the answer itself; a text that starts with = is typed with ' in front of it)"
    )


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_sheets_as_libreoffice_saves_them_formula_and_other_formats(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    """LibreOffice saves the formula's value (完了) beside it: still a problem, never 完了 read as typed.
    And a folder holding the sheet saved as .ods and .xls names each and writes nothing."""
    path, cell = _formula_sheet(run, progress_plan, tmp_path / "s")
    (saved,) = soffice([path], "xlsx", tmp_path / "saved")
    result = run("progress", "import", saved, "--plan", progress_plan)
    assert result.exit_code == 1 and f":{cell}: sheet-formula status holds a formula" in result.stdout, result.output

    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(sheet(run, progress_plan, tmp_path / "plain", "xlsx"), folder)
    soffice([path], "ods", folder)
    soffice([path], "xls", folder)
    result = run("progress", "import", folder, "--dry-run", "--plan", progress_plan)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert [line.split(": ")[1].split()[0] for line in lines[:-1]] == ["sheet-other-format"] * 2
    assert lines[0].endswith(
        f"{SHEET}.ods: sheet-other-format a .ods file is not read: sheets are read as .xlsx or .csv (open it in"
        " Excel or LibreOffice and save it as an Excel workbook (.xlsx), then import again)"
    )
    assert f"{SHEET}.xls: sheet-other-format a .xls file is not read" in lines[1]
    assert lines[-1] == "2 problems in 2 files; nothing was written"


# --- a sheet edited into another department's -------------------------------------------------


def test_a_sheet_id_edited_to_another_department_is_refused_naming_both(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    """Was: 防災課's sheet with every 調査票ID edited to 情報政策課 imported as 情報政策課's answers, no warning."""
    path = sheet(run, progress_plan, tmp_path / "s", "csv")
    rows = read_csv(path)
    H = heads(rows)
    for row in rows[layout.HEADING_ROW :]:
        if row[0]:
            row[H["調査票ID"]] = "actionplan-sheet/2 2020 情報政策課"
    row_of(rows, "1-1-1")[H["進捗区分"]] = "遅れ"
    write_csv(path, rows)
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    first = cell_name(rows.index(row_of(rows, "1-1-1")) + 1, H["調査票ID"])
    assert lines[0].endswith(
        f"{SHEET}.csv:{first}: sheet-identity the sheet ID (do not change) says FY2020 情報政策課,"
        f" but the file name {SHEET}.csv does not;"
        " the sheet is not imported (a department answers on its own sheet: put the sheet ID back as exported,"
        " or ask for the right sheet)"
    )
    assert (
        "sheet-identity the sheet ID (do not change) says FY2020 情報政策課, but the title 'Survey sheet of 防災課"
        in lines[1]
    )
    renamed = path.rename(tmp_path / "answers.csv")  # a file name of another form is not compared; the title is
    result = run("progress", "import", renamed, "--plan", progress_plan)
    assert result.exit_code == 1 and result.stdout.count("sheet-identity") == 1, result.output
    assert not (progress_plan / "progress" / "2020.yaml").exists()


# --- field by field ----------------------------------------------------------------------------


def test_an_empty_cell_keeps_the_stored_field_and_delete_empties_it(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    """Was: a row's empty cells blanked 取組実績, 実施した段階 and 根拠資料 of the stored answer."""
    ok(
        run("progress", "set", "1-1-3", "R2", "-s", "予定どおり", "--phase", "実施", "--result", "協定を全て締結した",
            "--evidence", "防災課資料R3-12", "--by", "防災課 杉並花子(内線1234)", "--on", "2021-04-20",
            "--plan", progress_plan)
    )  # fmt: skip
    path = sheet(run, progress_plan, tmp_path / "s", "csv")
    rows = read_csv(path)
    H = heads(rows)
    row = row_of(rows, "1-1-3")
    row[H["進捗区分"]] = "遅れ"
    row[H["取組実績"]] = row[H["実施した段階"]] = row[H["根拠資料"]] = ""  # emptied by the clerk
    write_csv(path, rows)
    ok(run("progress", "import", path, "--on", "2021-05-10", "--plan", progress_plan))
    answer = stored(progress_plan, "1-1-3")
    assert (answer.status, answer.phases, answer.result) == ("遅れ", ["実施"], "協定を全て締結した")
    assert (answer.evidence, answer.answered_on.isoformat() if answer.answered_on else "") == (
        "防災課資料R3-12",
        "2021-05-10",
    )
    row[H["根拠資料"]], row[H["取組実績"]] = "（削除）", "(delete)"  # either width, either language
    write_csv(path, rows)
    ok(run("progress", "import", path, "--plan", progress_plan))
    answer = stored(progress_plan, "1-1-3")
    assert (answer.evidence, answer.result, answer.phases) == ("", "", ["実施"])


def test_respondent_and_date_come_from_the_sheet_as_excel_saves_it(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    """回答者, 連絡先 and a 回答日 cell, in a CSV saved by Excel on Japanese Windows (Shift_JIS)."""
    path = sheet(run, progress_plan, tmp_path / "s", "csv")
    rows = read_csv(path)
    rows[2][1], rows[2][3] = "杉並 花子", "内線 1234"  # row 3: 回答者, 連絡先
    rows[2] += ["回答日", "2021/4/30"]
    row_of(rows, "1-1-3")[heads(rows)["進捗区分"]] = "完了"
    rows = [[cell.replace("\n", " ") for cell in row] for row in rows]
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode("cp932"))
    ok(run("progress", "import", path, "--by", "someone", "--on", "2021-05-01", "--plan", progress_plan))
    answer = stored(progress_plan, "1-1-3")
    assert (answer.answered_by, answer.answered_on.isoformat() if answer.answered_on else "") == (
        "杉並 花子(内線 1234)",  # stored NFKC-normalised, as every answer field
        "2021-04-30",
    )


def test_a_bad_on_date_is_a_usage_error(run: Run, progress_plan: Path, tmp_path: Path) -> None:
    path = sheet(run, progress_plan, tmp_path / "s", "csv")
    result = run("progress", "import", path, "--on", "4/30", "--plan", progress_plan)
    assert result.exit_code == 2 and "--on '4/30' is not a date; write it as YYYY-MM-DD" in result.stderr
    result = run("progress", "import", path, "--on", "2999-01-01", "--plan", progress_plan)
    assert result.exit_code == 2 and "--on 2999-01-01 is after today" in result.stderr


def test_the_sheets_date_answered_cell_is_read_and_a_wrong_one_is_a_problem(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    """The xlsx has a 回答日 cell beside 提出期限: a date typed there is the answers' answered_on."""
    from datetime import datetime

    from openpyxl import load_workbook

    path = sheet(run, progress_plan, tmp_path / "s", "xlsx")
    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    label = next(c for c in ws[2] if c.value == "date answered")
    date_cell = ws.cell(row=2, column=label.column + 1)
    assert date_cell.protection.locked is False and date_cell.number_format == "yyyy/m/d"
    date_cell.value = datetime(2021, 4, 28)  # as Excel stores 2021/4/28 typed into a date cell
    H = columns([c.value for c in ws[layout.HEADING_ROW]])
    row = next(r for r in ws.iter_rows(min_row=layout.HEADING_ROW + 1) if r[0].value == "1-1-3")
    row[H["進捗区分"]].value = "完了"
    workbook.save(path)
    ok(run("progress", "import", path, "--plan", progress_plan))
    assert stored(progress_plan, "1-1-3").answered_on is not None
    assert str(stored(progress_plan, "1-1-3").answered_on) == "2021-04-28"
    date_cell.value = "4月末"
    workbook.save(path)
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1, result.output
    expected = (
        f"{SHEET}.xlsx:{date_cell.coordinate}: sheet-date date answered '4月末' is not a date; write it as 2021/4/30"
    )
    assert result.stdout.splitlines()[0].endswith(expected)


def test_an_answer_changed_after_the_sheets_were_read_is_never_overwritten(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    """The sheet's row is merged over the stored answer field by field; if a `progress set` changes that
    answer between reading and writing, the import is refused (store.Conflict), never writing over it."""
    from datetime import date

    from actionplan.progress import store
    from actionplan.progress.sheets import importing

    ok(run("progress", "set", "1-1-3", "R2", "-s", "予定どおり", "--result", "協定を締結した", "--plan", progress_plan))
    path = sheet(run, progress_plan, tmp_path / "s", "csv")
    rows = read_csv(path)
    row_of(rows, "1-1-3")[heads(rows)["進捗区分"]] = "遅れ"
    write_csv(path, rows)
    loaded = loader.load(progress_plan).value
    assert loaded is not None
    batch = importing.gather(loaded, [path], today=date.today()).value
    assert batch is not None and batch.year == 2020
    ok(run("progress", "set", "1-1-3", "R2", "--evidence", "防災課資料R3-12", "--plan", progress_plan))  # meanwhile
    with pytest.raises(store.Conflict):
        store.save(loaded, batch.year, batch.answers, today=date.today(), based_on=batch.based_on)
    assert (stored(progress_plan, "1-1-3").status, stored(progress_plan, "1-1-3").evidence) == (
        "予定どおり",
        "防災課資料R3-12",
    )


def test_every_import_rule_has_a_docs_row() -> None:
    """A rule added to a registry is a row of docs/progress.md's table of import codes."""
    from actionplan.progress.sheets import importing, rows

    docs = (Path(__file__).parents[2] / "docs" / "progress.md").read_text(encoding="utf-8")
    codes = [*rows.KEY_RULES, *rows.ANSWER_RULES, *importing.BATCH_RULES]
    codes += ["sheet-unreadable", "sheet-other-format", "sheet-format", "sheet-identity", "sheet-date"]
    assert [c for c in codes if f"`{c}`" not in docs] == []
