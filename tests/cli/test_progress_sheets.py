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
from tests.conftest import Run

from actionplan import files, loader
from actionplan.progress.sheets import layout
from sheet_columns import JAPANESE, H

FIXTURE = Path(__file__).parents[1] / "fixtures" / "progress" / "plan"

FIRST = layout.HEADING_ROW  # list index of the first item row (row 5 of the sheet)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(FIXTURE, target)
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
    row = next(r for r in rows if r and r[0] == item)
    for heading, value in cells.items():
        row[H[heading]] = value


def fill_xlsx(path: Path, answers: dict[str, dict[str, str]], cells: dict[str, str | datetime] | None = None) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    for ref, value in (cells or {}).items():
        ws[ref] = value
    for row in ws.iter_rows(min_row=layout.HEADING_ROW + 1):
        for heading, value in answers.get(str(row[0].value), {}).items():
            row[H[heading]].value = value
    workbook.save(path)


ENGLISH = [
    "item ID", "item title", "description", "planned phase", "indicators and targets", "last year's answer",
    "other departments' answers", "status", "phases carried out", "result", "rating", "challenges and next steps",
    "indicator actuals", "evidence", "internal note", "sheet ID",
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
    assert rows[1] == ["due date", "2021-04-30", "respondent", "", "contact", ""]
    assert rows[3] == ENGLISH
    first = rows[FIRST]
    assert first[: H["計画"] + 1] == ["1-1-1", "ICTを活用した災害情報の収集と発信", first[2], "運用 / 普及啓発"]
    assert first[H["前年度の回答"]] == "予定どおり [運用 / 普及啓発]: 投稿機能を運用した。\n訓練で周知した。"
    assert first[H["調査票ID"]] == "actionplan-sheet/2 2020 防災課"
    assert [r[0] for r in rows[FIRST:]] == ["1-1-1", "1-1-3"]


def test_csv_sheet_layout_in_japanese(run: Run, plan: Path, tmp_path: Path, japanese: None) -> None:
    out = tmp_path / "sheets"
    result = run("progress", "sheets", "R2", "-o", out, "--dept", "防災課", "-f", "csv", "--due", "2021-04-30",
                 "--plan", plan)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_csv(out / "令和2年度_防災課_進捗状況調査票.csv")
    assert rows[0] == ["令和2年度（2020年度） 杉並区情報化アクションプラン（抜粋） 進捗状況調査票（防災課）"]
    assert rows[1] == ["提出期限", "令和3年4月30日（2021年4月30日）", "回答者", "", "連絡先", ""]
    assert rows[3] == list(JAPANESE)
    assert rows[FIRST][H["前年度の回答"]] == "予定どおり［運用／普及啓発］：投稿機能を運用した。\n訓練で周知した。"


def test_csv_round_trip_and_second_import_changes_nothing(run: Run, plan: Path, tmp_path: Path) -> None:
    path = sheet_of(run, plan, tmp_path, "防災課", "2020")
    rows = read_csv(path)
    rows[1][3], rows[1][5] = "杉並 花子", "内線 1234"
    fill(rows, "1-1-1", 進捗区分="予定どおり", 実施した段階="運用、普及啓発", 取組実績="=投稿 12件\n訓練で周知")
    next_steps = {"課題・今後の方向性": "協定1件が未締結"}  # a variable: "・" cannot be in a keyword
    fill(rows, "1-1-3", 進捗区分="遅れ", 実施した段階="実施", **next_steps)
    write_csv(path, rows)
    progress_file = plan / "progress" / "2020.yaml"
    dry = run("progress", "import", path, "--dry-run", "--plan", plan)
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[:2] == [
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
    assert workbook.sheetnames == ["Survey sheet", "Choices"]
    ws = workbook["Survey sheet"]
    assert ws["A1"].value == "Survey sheet of 情報政策課 for FY2019 (R1): 杉並区情報化アクションプラン（抜粋）"
    assert [c.value for c in ws[layout.HEADING_ROW]] == ENGLISH
    assert [ws.cell(row=r, column=1).value for r in (5, 6)] == ["1-1-1", "3-1"]
    # the co-departments' answers, read only: 防災課 answered 1-1-1 in the fixture
    assert ws.cell(row=5, column=H["他の主管課の回答"] + 1).value.startswith("防災課: 予定どおり [運用 / 普及啓発]")
    # 情報政策課's own stored answer for 3-1 comes filled in
    assert ws.cell(row=6, column=H["進捗区分"] + 1).value == "遅れ"
    assert ws.protection.sheet is True
    assert ws["B5"].protection.locked is True and ws["H5"].protection.locked is False
    assert ws["D2"].protection.locked is False and ws["F2"].protection.locked is False
    assert all(ws.cell(row=5, column=c + 1).number_format == "@" for c in layout.INPUTS)  # typed 4/1 stays text
    assert ws.row_dimensions[5].height > 15  # the wrapped 内容 shows
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert (
        ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    )
    assert ws.print_title_rows == "$4:$4"
    assert ws.column_dimensions["P"].hidden  # 調査票ID
    rules = sorted((str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation)
    assert rules == [("H5:H6", "'Choices'!$A$1:$A$6"), ("I5:I6", "'Choices'!$C$1:$C$5")]
    assert workbook["Choices"].sheet_state == "hidden"


def test_xlsx_round_trip_with_4_1_kept_as_text(run: Run, plan: Path, tmp_path: Path) -> None:
    path = sheet_of(run, plan, tmp_path, "情報政策課", "令和元年度", "xlsx")
    # 3-1 R1 is already answered 遅れ [推進] by 情報政策課 in the fixture: the sheet shows it, unchanged.
    fill_xlsx(path, {"1-1-1": {"進捗区分": "前倒し", "実施した段階": "運用／普及啓発", "課題・今後の方向性": "4/1"}})
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    progress_file = plan / "progress" / "2019.yaml"
    assert result.stdout.splitlines()[:2] == [
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
    ws.delete_rows(1, 3)  # title, 提出期限 and the blank row gone
    ws.insert_rows(1)
    ws["A1"] = "防災課 回答（修正版）"
    ws.cell(row=3, column=H["進捗区分"] + 1).value = "完了"
    workbook.save(path)
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "added 1-1-1 FY2020 防災課: 完了" in result.stdout


def test_every_bad_row_is_reported_and_nothing_written(run: Run, plan: Path, tmp_path: Path) -> None:
    path = sheet_of(run, plan, tmp_path, "情報政策課")
    rows = read_csv(path)
    ok, other = rows[FIRST], rows[FIRST + 1]
    ident = ok[H["調査票ID"]]
    blank = [""] * len(JAPANESE)

    def row(item: str, title: str = "", **cells: str) -> list[str]:
        made = list(blank)
        made[0], made[1], made[H["調査票ID"]] = item, title, ident
        for heading, value in cells.items():
            made[H[heading]] = value
        return made

    fill(rows, "1-1-1", 進捗区分="予定どおり")  # row 5: good, still not written, as other rows are bad
    fill(rows, "3-1", 進捗区分="順調")  # row 6: unknown status
    rows.append(row("1-1-9", 進捗区分="遅れ"))  # row 7: unknown ID
    rows.append(row(ok[0], ok[1], 進捗区分="遅れ"))  # row 8: duplicate of row 5
    rows.append(row("1-1-3", "帰宅困難者一時滞在施設との通信手段の確保", 進捗区分="遅れ"))  # row 9: other dept
    rows.append(row("", 進捗区分="完了"))  # row 10: no ID
    rows.append(row("2001/1/1", 進捗区分="完了"))  # row 11: Excel made a date of the ID
    rows.append(row(other[0], "別の題名", 進捗区分="完了"))  # row 12: changed 項目名 (and a duplicate)
    write_csv(path, rows)
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 1
    codes = [(line.split(":")[1], line.split(": ")[1].split()[0]) for line in result.stdout.splitlines()[:-1]]
    assert codes == [
        ("6", "progress-status"),
        ("7", "progress-unknown-item"),
        ("8", "sheet-duplicate-row"),
        ("9", "progress-department"),
        ("10", "sheet-missing-id"),
        ("11", "progress-unknown-item"),
        ("12", "sheet-duplicate-row"),
    ]
    assert "Excel turns 1-1-1 into a date" in result.stdout
    assert result.stdout.splitlines()[-1] == "7 problems in 1 file; nothing was written"
    assert not (plan / "progress" / "2020.yaml").exists()


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ({(5, 2): "題名を変えた"}, ":5:2: sheet-key-changed item title was changed: '題名を変えた' (the plan says"),
        ({(5, 8): "", (5, 9): "運用"}, ":5:8: sheet-status-missing"),
        ({(5, 9): "運用／構築"}, ":5:9: unknown-phase unknown phase '構築'"),
        ({(5, 9): "運用、運用"}, ":5:9: progress-phase-twice phase '運用' is given twice"),
        ({(5, 11): "A"}, ":5:11: progress-rating unknown rating 'A'"),
        ({(5, 13): "visits=3"}, ":5:13: progress-indicator 1-1-1 has no indicator 'visits'"),
        ({(5, 13): "visits=たくさん"}, ":5:13: sheet-value visits: 'たくさん' is not a number"),
        ({(5, 1): "1-1-2"}, ":5:1: progress-unknown-item unknown item '1-1-2' (did you mean '1-1-3' / '1-1-1'"),
        (
            {(5, 16): "actionplan-sheet/2 2020 企画課", (6, 16): ""},
            ":5:16: sheet-department unknown department '企画課'",
        ),
        (
            {(5, 16): "actionplan-sheet/2 2030 防災課", (6, 16): ""},
            ":5:16: progress-year FY2030 (R12) is outside",
        ),
        ({(5, 16): "something else"}, ":5:16: sheet-format the sheet ID 'something else' was changed"),
        ({(6, 16): "actionplan-sheet/2 2020 情報政策課"}, ":6:16: sheet-mixed the row comes from another sheet"),
        ({(4, 8): "進捗"}, ":1:1: sheet-format not a progress sheet of actionplan"),
    ],
)
def test_each_bad_kind_alone(
    run: Run, plan: Path, tmp_path: Path, edits: dict[tuple[int, int], str], expected: str
) -> None:
    path = sheet_of(run, plan, tmp_path, "防災課")
    rows = read_csv(path)
    fill(rows, "1-1-1", 進捗区分="予定どおり")
    for (row, column), value in edits.items():
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
    assert "the plan covers FY2018 (H30) to FY2021 (R3)" in bad_year.stderr
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
    shutil.copytree(FIXTURE, root)
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
    assert next(r for r in rows if r and r[0] == "1-1-3")[H["取組実績"]] == "'=予定の2倍"
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
        assert rows[1][:2] == ["提出期限", "令和元年5月31日（2019年5月31日）"]
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
