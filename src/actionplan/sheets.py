"""Survey sheets (進捗調査票): build the sheet a 主管課 fills in, read it back, check every row.

Layout, the same in CSV and xlsx (row numbers are the ones a spreadsheet shows):

    row 1   actionplan-progress-sheet/1 | 年度 | 2020 | 主管課 | 防災課 | 計画 | <plan name>
    row 2   ID | 項目名 | 主管課 | 計画の段階 | 状況 | 実施した段階 | 備考
    row 3…  one item each; the first four columns are keys and must come back unchanged

openpyxl is imported inside the xlsx functions only, so CSV work never loads it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from actionplan import fiscal, progress
from actionplan.loader import Plan, display_path
from actionplan.model import Record
from actionplan.problems import Problem
from actionplan.text import csv_safe, excel_csv, normalise, suggest, terminal_safe

MARK = "actionplan-progress-sheet/1"
COLUMNS = ("ID", "項目名", "主管課", "計画の段階", "状況", "実施した段階", "備考")
ID, TITLE, DEPARTMENTS, PLANNED, STATUS, PHASES, NOTE = range(len(COLUMNS))
KEY_COLUMNS = (ID, TITLE, DEPARTMENTS, PLANNED)
FIRST_ROW = 3
JOIN = "、"
SHEET_TITLE = "進捗調査"
LISTS_TITLE = "選択肢"
MAX_ROWS = 5000
MAX_BYTES = 20 * 1024 * 1024
FORMATS = ("xlsx", "csv")
# What Excel makes of an ID like 1-1-1 when it opens a CSV: 2001/1/1, 2001-01-01.
_DATE_LIKE = re.compile(r"^\d{4}[/-]\d{1,2}[/-]\d{1,2}")


@dataclass(frozen=True)
class Sheet:
    """A survey sheet as data: the year, the department it is for (None: all) and its rows."""

    year: int
    department: str | None
    plan_name: str
    rows: list[list[str]]

    def meta_row(self) -> list[str]:
        return [MARK, "年度", str(self.year), "主管課", self.department or "", "計画", self.plan_name]


@dataclass(frozen=True)
class Filled:
    """A row that was filled in and passed every check, and the record it becomes."""

    row: int
    record: Record


def build(plan: Plan, year: int, department: str | None = None) -> Sheet:
    """The sheet for a fiscal year: every item (of ``department``) with its planned phases."""
    rows = []
    for item in plan.items:
        if department is not None and department not in item.departments:
            continue
        planned = item.schedule.get(year, [])
        rows.append([item.id, item.title, JOIN.join(item.departments), JOIN.join(planned), "", "", ""])
    return Sheet(year, department, plan.meta.name, rows)


def format_of(path: Path, given: str | None = None) -> str | None:
    """The sheet format asked for, or the one the file name says (None: neither)."""
    if given is not None:
        return given
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


# --- writing ---------------------------------------------------------------------------------


def to_csv(sheet: Sheet) -> bytes:
    """UTF-8 with BOM and CRLF (Excel on Japanese Windows opens it as UTF-8), formula-safe cells."""
    rows = [[csv_safe(c) for c in sheet.meta_row()], COLUMNS, *([csv_safe(c) for c in row] for row in sheet.rows)]
    return excel_csv(rows).encode("utf-8")


def to_xlsx(sheet: Sheet, statuses: list[str], phases: list[str]) -> bytes:
    """A workbook with drop-down lists for status and phase and the key columns locked."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill, Protection  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = SHEET_TITLE
    lists = workbook.create_sheet(LISTS_TITLE)
    for index, word in enumerate(statuses, start=1):
        _set(lists.cell(row=index, column=1), word)
    for index, word in enumerate(phases, start=1):
        _set(lists.cell(row=index, column=2), word)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True

    for column, value in enumerate(sheet.meta_row(), start=1):
        _set(ws.cell(row=1, column=column), value)
    for column, value in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=2, column=column, value=value)
        cell.font = Font(bold=True)
    editable = PatternFill("solid", fgColor="FFF2CC")
    for offset, row in enumerate(sheet.rows):
        for column, value in enumerate(row, start=1):
            cell = ws.cell(row=FIRST_ROW + offset, column=column)
            _set(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column - 1 not in KEY_COLUMNS:
                cell.protection = Protection(locked=False)
                cell.fill = editable
    last = max(FIRST_ROW, FIRST_ROW + len(sheet.rows) - 1)
    status_list = DataValidation(
        type="list",
        formula1=f"'{LISTS_TITLE}'!$A$1:$A${max(1, len(statuses))}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="状況",
        error="状況は一覧から選んでください。",
    )
    phase_list = DataValidation(
        type="list",
        formula1=f"'{LISTS_TITLE}'!$B$1:$B${max(1, len(phases))}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="実施した段階",
        error="一覧にない段階です。複数の段階は「、」で区切って入力できます。",
    )
    ws.add_data_validation(status_list)
    ws.add_data_validation(phase_list)
    status_list.add(f"{get_column_letter(STATUS + 1)}{FIRST_ROW}:{get_column_letter(STATUS + 1)}{last}")
    phase_list.add(f"{get_column_letter(PHASES + 1)}{FIRST_ROW}:{get_column_letter(PHASES + 1)}{last}")
    for letter, width in zip("ABCDEFG", (9, 48, 22, 18, 12, 22, 48), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    # No password: the lock keeps keys from being changed by accident, not by intent.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set(cell: Any, value: str) -> None:
    # Always text: openpyxl would store "=…" as a formula, and an ID must never become a number.
    cell.value = terminal_safe(value, one_line=False)
    cell.data_type = "s"


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """A sheet as read: text cells by row number (1-based, as a spreadsheet shows them)."""

    display: str
    rows: list[tuple[int, list[str]]]


def read(path: Path) -> tuple[Grid | None, list[Problem]]:
    """Read a CSV or xlsx sheet into text cells; a file that cannot be read is a problem."""
    display = display_path(path)
    fmt = format_of(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(display, "sheet-unreadable", f"cannot read the sheet: {exc.strerror}")]
    if size > MAX_BYTES:
        return None, [Problem(display, "sheet-unreadable", f"the sheet is {size:,} bytes; the limit is {MAX_BYTES:,}")]
    if fmt == "csv":
        return _read_csv(path, display)
    if fmt == "xlsx":
        return _read_xlsx(path, display)
    return None, [Problem(display, "sheet-unreadable", "a sheet must be a .csv or .xlsx file")]


def _read_csv(path: Path, display: str) -> tuple[Grid | None, list[Problem]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel on Japanese Windows saves "CSV (コンマ区切り)" as Shift_JIS.
            text = raw.decode("cp932")
        except UnicodeDecodeError:
            return None, [Problem(display, "sheet-unreadable", "the CSV is neither UTF-8 nor Shift_JIS (cp932)")]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [Problem(display, "sheet-unreadable", f"not a readable CSV: {exc}")]
    return Grid(display, [(n, [_uncsv(c) for c in row]) for n, row in enumerate(rows[:MAX_ROWS], start=1)]), []


def _uncsv(cell: str) -> str:
    """Undo text.csv_safe's guard: a quote mark put before = + - @ TAB CR."""
    if cell.startswith("'") and cell[1:].startswith(("=", "+", "-", "@", "\t", "\r")):
        return cell[1:]
    return cell


def _read_xlsx(path: Path, display: str) -> tuple[Grid | None, list[Problem]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        return None, [Problem(display, "sheet-unreadable", f"not a readable xlsx workbook ({type(exc).__name__})")]
    try:
        ws = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        rows = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                break
            rows.append((number, [_xlsx_text(v) for v in values]))
    finally:
        workbook.close()
    return Grid(display, rows), []


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- checking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """The outcome of reading a sheet against the plan: year, department, good rows, problems."""

    year: int | None
    department: str | None
    filled: list[Filled]
    blank: int
    problems: list[Problem]


def check(
    plan: Plan, grid: Grid, *, today: date, recorded_by: str | None = None, fallback_by: str | None = None
) -> Checked:
    """Check every row of a sheet; all problems of all rows, each with its row and column.

    Rows with nothing in 状況, 実施した段階 and 備考 were not filled in and are skipped.
    """
    problems: list[Problem] = []
    cells = dict(grid.rows)

    def at(row: int, column: int, code: str, message: str, hint: str | None = None, item: str | None = None) -> None:
        problems.append(Problem(grid.display, code, message, line=row, col=column + 1, hint=hint, item=item))

    meta = cells.get(1, [])
    if not meta or _cell(meta, 0) != MARK:
        at(1, 0, "sheet-format", f"not a progress sheet of actionplan (cell A1 should read '{MARK}')")
        return Checked(None, None, [], 0, problems)
    year = _sheet_year(plan, _cell(meta, 2), today, lambda code, message: at(1, 2, code, message))
    department = _norm(_cell(meta, 4)) or None
    if department is not None and department not in plan.meta.departments:
        at(
            1,
            4,
            "sheet-department",
            f"unknown department '{department}'",
            hint=suggest(department, plan.meta.departments),
        )
    headings = [_norm(c) for c in cells.get(2, [])[: len(COLUMNS)]]
    if headings != list(COLUMNS):
        at(2, 0, "sheet-format", "the column headings were changed; they must read " + " | ".join(COLUMNS))
    if problems:
        return Checked(year, department, [], 0, problems)
    assert year is not None
    by = recorded_by or department or fallback_by
    candidates: list[tuple[int, Record]] = []
    seen: dict[str, int] = {}
    blank = 0
    items = {item.id: item for item in plan.items}
    exported = {row[ID]: row for row in build(plan, year).rows}
    for number, row in grid.rows:
        if number < FIRST_ROW or not any(c.strip() for c in row):
            continue
        item_id = _norm(_cell(row, ID))
        status = _norm(_cell(row, STATUS))
        phases = progress.split_phases([_cell(row, PHASES)])
        note = progress.clean_note(_cell(row, NOTE))
        if not item_id:
            at(number, ID, "sheet-missing-id", "the row has no ID; rows cannot be added to the sheet")
            continue
        if item_id in seen:
            at(number, ID, "sheet-duplicate-row", f"ID {item_id} is given again (first in row {seen[item_id]})")
            continue
        seen[item_id] = number
        item = items.get(item_id)
        if item is None:
            hint = suggest(item_id, items)
            if _DATE_LIKE.match(item_id):
                hint = "the ID looks like a date: Excel turns 1-1-1 into a date when it opens a CSV; use the xlsx sheet"
            at(number, ID, "progress-unknown-item", f"unknown item '{item_id}'", hint=hint, item=item_id)
            continue
        if department is not None and department not in item.departments:
            at(
                number,
                ID,
                "sheet-department-mismatch",
                f"item {item_id} belongs to {JOIN.join(item.departments)}, not to this sheet's {department}",
                item=item_id,
            )
        expected = exported[item_id]
        for column in KEY_COLUMNS[1:]:
            written = _cell(row, column)
            if _norm(written) != _norm(terminal_safe(expected[column], one_line=False)):
                at(
                    number,
                    column,
                    "sheet-key-changed",
                    f"{COLUMNS[column]} was changed: '{terminal_safe(written)}'"
                    f" (the plan says '{terminal_safe(expected[column])}');"
                    " key columns must stay as they were exported",
                    item=item_id,
                )
        if not status and not phases and not note:
            blank += 1
            continue
        if not status:
            at(number, STATUS, "sheet-status-missing", "状況 is empty, but the row is filled in", item=item_id)
            continue
        record = Record(
            item=item_id, year=year, status=status, phases=phases, note=note, recorded_by=by, recorded_on=today
        )
        candidates.append((number, record))
    # The rules validate runs (status, phase …), on every row that got this far.
    verdicts = progress.check_records(plan, [r for _, r in candidates], today)
    filled = []
    for (number, record), found in zip(candidates, verdicts, strict=True):
        for p in found:
            column = {"progress-status": STATUS, "unknown-phase": PHASES}.get(p.code, ID)
            at(number, column, p.code, p.message, hint=p.hint, item=record.item)
        if not found:
            filled.append(Filled(number, record))
    problems.sort(key=lambda p: p.sort_key)
    return Checked(year, department, filled, blank, problems)


def _sheet_year(plan: Plan, text: str, today: date, report: Any) -> int | None:
    try:
        year = fiscal.parse_fiscal_year(text)
    except fiscal.FiscalYearError as exc:
        report("sheet-year", str(exc))
        return None
    years = plan.meta.period.years
    if year not in years:
        report("progress-year", f"{fiscal.label(year)} is outside the plan ({years[0]}–{years[-1]})")
        return None
    if fiscal.start(year) > today:
        report("progress-future", f"{fiscal.label(year)} has not begun yet")
        return None
    return year


def _cell(row: list[str], column: int) -> str:
    return row[column] if column < len(row) else ""


def _norm(text: str) -> str:
    return normalise(text)
