"""Survey sheets (進捗状況調査票): one per 主管課 to fill in and print, read back and checked row by row.

Layout, the same in CSV and xlsx (a spreadsheet's row numbers):

    row 1   title: 令和2年度（2020年度） <plan> 進捗状況調査票（防災課）
    row 2   提出期限 | <date> | 回答者 | <to fill in> | 連絡先 | <to fill in>
    row 4   the headings (HEADINGS), then one row per item of the department

The fixed words are in the run's language (Survey sheet of 防災課 for FY2020 (R2): <plan>;
due date, respondent, contact; item ID, status …); the plan's data stays as the plan writes it.
The reader finds the heading row and each column by its heading, in either language, so a
sheet made on a PC of the other language, deleted or edited title rows, moved columns or
inserted rows do not matter. What identifies the sheet (format, fiscal year, 主管課) is in
the last column of every item row (調査票ID; hidden in xlsx), the same in every language.
openpyxl is imported inside the xlsx functions only, so CSV work never loads it.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from actionplan import fiscal
from actionplan.i18n import N_, _, every_language, os_reason
from actionplan.loader import Plan, display_path
from actionplan.model import Answer, Item, Labels
from actionplan.problems import Problem, Result
from actionplan.progress.ratings import computes_ratings, rating_of
from actionplan.progress.records import check_answers, clean_text, phases_text, split_phases, status_and_phases
from actionplan.query import department_now
from actionplan.reports.items import not_stated
from actionplan.text import csv_safe, excel_csv, normalise, suggest, terminal_safe

MARK = "actionplan-sheet/2"
# The column headings, translated where a sheet is written (項目番号 … 調査票ID in Japanese);
# {item} and {department} are the plan's words (取組番号, 他の担当部局の回答).
HEADINGS = (
    N_("{item} ID"),
    N_("{item} title"),
    N_("description"),
    N_("planned phase"),
    N_("indicators and targets"),
    N_("last year's answer"),
    N_("other {department}s' answers"),
    N_("status"),
    N_("phases carried out"),
    N_("result"),
    N_("rating"),
    N_("challenges and next steps"),
    N_("indicator actuals"),
    N_("evidence"),
    N_("internal note"),
    N_("sheet ID"),
)
(ID, TITLE, CONTENT, PLANNED, INDICATORS, LAST_YEAR, OTHERS) = range(7)


def headings(labels: Labels) -> tuple[str, ...]:
    """The headings in this run's language and the plan's own words: 取組番号, 他の担当部局の回答; item ID."""
    words = {"item": labels.term("item"), "department": labels.term("department")}
    return tuple(_(h).format(**words) for h in HEADINGS)  # marked with N_


def _every_form(message: str, labels: Labels) -> set[str]:
    """What a fixed word of a sheet may read in a sheet made in any language, with the plan's
    words or the default ones (項目番号 on a sheet made before the plan called its items 取組)."""
    defaults = Labels()
    words = {
        "item": {labels.item, defaults.item, "item"},
        "department": {labels.department, defaults.department, "department"},
    }
    return {
        _key(form.format(item=item, department=department))
        for form in every_language(message)
        for item in words["item"]
        for department in words["department"]
    }


(STATUS, PHASES, RESULT, RATING, CHALLENGE, VALUES, EVIDENCE, NOTE, SHEET_ID) = range(7, 16)
INPUTS = (STATUS, PHASES, RESULT, RATING, CHALLENGE, VALUES, EVIDENCE, NOTE)
REQUIRED = (ID, STATUS, SHEET_ID)
HEADING_ROW = 4
# The names of the workbook's sheets (tabs) and the labels of row 2, translated where used.
SHEET_TITLE = N_("Survey sheet")
LISTS_TITLE = N_("Choices")
DUE, BY, CONTACT = N_("due date"), N_("respondent"), N_("contact")
MAX_ROWS = 5000
MAX_COLUMNS = 64
MAX_BYTES = 20 * 1024 * 1024
# An xlsx is a zip: refuse before opening what would unpack to more than this, or too many parts.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_ENTRIES = 1000
FORMATS = ("xlsx", "csv")
# What a spreadsheet shows for a formula that failed: never an answer someone typed.
_FORMULA_ERROR = re.compile(r"^#(VALUE!|REF!|NAME\?|DIV/0!|N/A|NUM!|NULL!)$")
# What Excel makes of an ID like 1-1-1 when it opens a CSV: 2001/1/1, 2001-01-01.
_DATE_LIKE = re.compile(r"^\d{4}[/-]\d{1,2}[/-]\d{1,2}")


@dataclass(frozen=True)
class Sheet:
    """A survey sheet as data: year, 主管課, the title rows and one row per item."""

    year: int
    department: str
    title: str
    due: date | None
    rows: list[list[str]]
    headings: tuple[str, ...]

    @property
    def identity(self) -> str:
        return sheet_id(self.year, self.department)

    def head(self) -> list[list[str]]:
        # Written for people (令和3年4月30日（2021年4月30日）); the reader never reads it back.
        due = fiscal.date_label(self.due) if self.due else ""
        return [[self.title], [_(DUE), due, _(BY), "", _(CONTACT), ""], []]  # marked with N_

    def file_name(self, fmt: str) -> str:
        # Data, the same in every language: a sheet made again on another PC replaces the file,
        # and 防災課's file is found by its name however the sheet inside speaks.
        return f"{fiscal.era_name(self.year)}_{self.department}_進捗状況調査票.{fmt}"


def sheet_id(year: int, department: str) -> str:
    return f"{MARK} {year} {department}"


def build(plan: Plan, year: int, department: str, due: date | None = None) -> Sheet:
    """The sheet of one 主管課 for a fiscal year: its items, with what is known about each."""
    meta = plan.meta
    now = plan.answers_for(year)
    before = plan.answers_for(year - 1)
    rows = []
    scheduled = any(item.schedule for item in plan.items)  # a plan with no schedules: the column stays empty
    for item in plan.items:
        if department not in item.departments:
            continue
        mine = next((a for a in now.get(item.id, []) if a.department == department), None)
        last = next((a for a in before.get(item.id, []) if a.department == department), None)
        others = [a for a in now.get(item.id, []) if a.department != department]
        row = [
            item.id,
            item.title,
            item.description,
            phases_text(item.schedule.get(year, [])) or (not_stated() if scheduled else ""),
            _indicators(item, year),
            summary(plan, item, last) if last else "",
            "\n".join(
                _("{department}: {answer}").format(department=a.department, answer=summary(plan, item, a))
                for a in others
            ),
            *_inputs(plan, item, mine),
            sheet_id(year, department),
        ]
        rows.append(row)
    title = _("Survey sheet of {department} for {year}: {plan}").format(
        department=department, year=fiscal.label(year), plan=meta.name
    )
    return Sheet(year, department, title, due, rows, headings(meta.labels))


def _indicators(item: Item, year: int) -> str:
    lines = []
    for indicator in item.indicators:
        target = indicator.target_shown(year)
        line = (
            _("{indicator}: {name} (target {target})") if target is not None else _("{indicator}: {name} (no target)")
        )
        lines.append(line.format(indicator=indicator.id, name=indicator.name, target=target))
    return "\n".join(lines)


def _inputs(plan: Plan, item: Item, answer: Answer | None) -> list[str]:
    """The input cells, filled with the stored answer (so a sheet exported again re-imports unchanged)."""
    values = "\n".join(f"{i.id}=" for i in item.indicators)
    if answer is None:
        return ["", "", "", "", "", values, "", ""]
    given = "\n".join(
        f"{i.id}={_number(answer.values[i.id])}" if i.id in answer.values else f"{i.id}=" for i in item.indicators
    )
    given = "\n".join(
        [given, *(f"{k}={_number(v)}" for k, v in answer.values.items() if k not in {i.id for i in item.indicators})]
    ).strip()
    rating = "" if computes_ratings(plan.meta) and answer.rating is None else answer.rating or ""
    return [
        answer.status,
        phases_text(answer.phases),
        answer.result,
        rating,
        answer.challenge,
        given,
        answer.evidence,
        answer.note,
    ]


def summary(plan: Plan, item: Item, answer: Answer) -> str:
    """One department's answer in a line or two: status, phases, rating, result (never the internal note)."""
    text = status_and_phases(answer.status, answer.phases)
    rating, computed = rating_of(plan.meta, item, answer)
    if rating:
        if computed:
            text = _("{answer}, rating {rating} (computed from the achievement)").format(answer=text, rating=rating)
        else:
            text = _("{answer}, rating {rating}").format(answer=text, rating=rating)
    if answer.result:
        text = _("{answer}: {result}").format(answer=text, result=answer.result)
    return text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def format_of(path: Path, given: str | None = None) -> str | None:
    """The sheet format asked for, or the one the file name says (None: neither)."""
    if given is not None:
        return given
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


# --- writing ---------------------------------------------------------------------------------


def to_csv(sheet: Sheet) -> bytes:
    """UTF-8 with BOM and CRLF (Excel on Japanese Windows opens it as UTF-8), formula-safe cells."""
    rows = [*sheet.head(), list(sheet.headings), *sheet.rows]
    return excel_csv([csv_safe(c) for c in row] for row in rows).encode("utf-8")


# Column widths in characters of the xlsx sheet, one per heading.
WIDTHS = (9, 24, 40, 14, 22, 26, 26, 12, 16, 36, 8, 30, 16, 20, 20, 4)


def to_xlsx(sheet: Sheet, statuses: list[str], ratings: list[str], phases: list[str]) -> bytes:
    """A workbook to fill in and print: text input cells, drop-down lists, A4 landscape."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = _(SHEET_TITLE)  # marked with N_
    lists_title = _(LISTS_TITLE)  # marked with N_
    lists = workbook.create_sheet(lists_title)
    for column, words in enumerate((statuses, ratings, phases), start=1):
        for index, word in enumerate(words, start=1):
            _set(lists.cell(row=index, column=column), word)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True

    editable = PatternFill("solid", fgColor="FFF2CC")
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(sheet.head(), start=1):
        for column, value in enumerate(row, start=1):
            _set(ws.cell(row=number, column=column), value)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    # 提出期限 in both eras is wider than its column: wrapped on two lines, never cut off in print.
    ws.cell(row=2, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 33
    for column in (4, 6):  # 回答者, 連絡先: to fill in
        cell = ws.cell(row=2, column=column)
        cell.fill, cell.border, cell.number_format = editable, box, "@"
        cell.protection = Protection(locked=False)
    for column, value in enumerate(sheet.headings, start=1):
        cell = ws.cell(row=HEADING_ROW, column=column)
        _set(cell, value)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = box
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    first = HEADING_ROW + 1
    for offset, row in enumerate(sheet.rows):
        lines = 1
        for column, value in enumerate(row):
            cell = ws.cell(row=first + offset, column=column + 1)
            _set(cell, value)
            cell.alignment = wrap
            cell.border = box
            cell.number_format = "@"  # typed 4/1 stays text, never a date
            if column in INPUTS:
                cell.protection = Protection(locked=False)
                cell.fill = editable
            lines = max(lines, _lines(value, WIDTHS[column]))
        ws.row_dimensions[first + offset].height = min(409, 15 * lines + 3)
    last = max(first, first + len(sheet.rows) - 1)

    def drop_down(column: int, list_column: str, size: int, title: str, error: str, style: str) -> None:
        rule = DataValidation(
            type="list",
            formula1=f"'{lists_title}'!${list_column}$1:${list_column}${max(1, size)}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle=style,
            errorTitle=title,
            error=error,
        )
        ws.add_data_validation(rule)
        letter = get_column_letter(column + 1)
        rule.add(f"{letter}{first}:{letter}{last}")

    titles = sheet.headings
    drop_down(STATUS, "A", len(statuses), titles[STATUS], _("Choose a status from the list."), "stop")
    if ratings:
        drop_down(RATING, "B", len(ratings), titles[RATING], _("Choose a rating from the list."), "stop")
    drop_down(
        PHASES,
        "C",
        len(phases),
        titles[PHASES],
        _("This phase is not in the list. Several phases may be typed, separated by / or a comma."),
        "warning",
    )
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.column_dimensions[get_column_letter(SHEET_ID + 1)].hidden = True
    ws.freeze_panes = f"C{first}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADING_ROW}:{HEADING_ROW}"
    ws.print_area = f"A1:{get_column_letter(SHEET_ID)}{last}"
    # No password: the lock keeps keys from being changed by accident, not by intent.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _lines(text: str, width: int) -> int:
    """Printed lines of a wrapped cell: East Asian wide characters take two columns."""
    total = 0
    for line in text.split("\n"):
        columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        total += max(1, math.ceil(columns / max(1, width * 1.1)))
    return total


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
    csv: bool = False


def read(path: Path) -> Result[Grid]:
    """Read a CSV or xlsx sheet into text cells; a file that cannot be read is a problem."""
    display = display_path(path)
    fmt = format_of(path)

    def refused(message: str, hint: str | None = None) -> Result[Grid]:
        return Result(None, [Problem(display, "sheet-unreadable", message, hint=hint)])

    try:
        size = path.stat().st_size
    except OSError as exc:
        return refused(_("cannot read the sheet: {reason}").format(reason=os_reason(exc)))
    if size > MAX_BYTES:
        return refused(_("the sheet is {size:,} bytes; the limit is {limit:,}").format(size=size, limit=MAX_BYTES))
    if fmt == "csv":
        return _read_csv(path, display, refused)
    if fmt == "xlsx":
        return _read_xlsx(path, display, refused)
    return refused(_("a sheet must be a .csv or .xlsx file"))


Refuse = Callable[..., Result[Grid]]


def _read_csv(path: Path, display: str, refused: Refuse) -> Result[Grid]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel on Japanese Windows saves "CSV (コンマ区切り)" as Shift_JIS.
            text = raw.decode("cp932")
        except UnicodeDecodeError:
            return refused(_("the CSV is neither UTF-8 nor Shift_JIS (cp932)"))
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return refused(_("not a readable CSV: {reason}").format(reason=exc))
    return Result(Grid(display, [(n, row[:MAX_COLUMNS]) for n, row in enumerate(rows[:MAX_ROWS], start=1)], csv=True))


def _read_xlsx(path: Path, display: str, refused: Refuse) -> Result[Grid]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]
    from openpyxl.xml import DEFUSEDXML  # type: ignore[import-untyped]

    if not DEFUSEDXML:
        return refused(_("xlsx sheets are read only with defusedxml installed"), "pip install defusedxml")
    if (bomb := _unpacked_problem(path)) is not None:
        return refused(bomb)
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            # The survey sheet by its name in either language (a workbook saved with the lists first).
            names = set(every_language(SHEET_TITLE))
            ws = next((workbook[n] for n in workbook.sheetnames if n in names), workbook.worksheets[0])
            rows = [
                (number, [_xlsx_text(v) for v in values])
                for number, values in enumerate(
                    ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True), start=1
                )
            ]
        finally:
            workbook.close()
    # Found by the fuzz pass: zlib.error / EOFError, a damaged compressed part; SyntaxError, XML that does not
    # parse; NotImplementedError, a damaged zip version field; RuntimeError, an encrypted part.
    except (DefusedXmlException, zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError,
            IndexError, zlib.error, EOFError, SyntaxError, NotImplementedError, RuntimeError) as exc:  # fmt: skip
        if _defused(exc):
            return refused(
                _("the workbook's XML declares a DTD or entities, which a spreadsheet never needs; refused"),
                _("save the sheet again from Excel or LibreOffice"),
            )
        return refused(_("not a readable xlsx workbook ({reason})").format(reason=type(exc).__name__))
    return Result(Grid(display, rows))


def _defused(exc: BaseException) -> bool:
    """Whether defusedxml refused a DTD or entity somewhere under ``exc`` (openpyxl wraps it in a ValueError)."""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _unpacked_problem(path: Path) -> str | None:
    """Sizes the zip declares, checked before anything is unpacked (a zip bomb is refused at once).

    zipfile never unpacks more than an entry's declared size, so the declared sizes bound memory.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):  # NotImplementedError: fuzz pass
        return "not a readable xlsx workbook (not a zip archive)"
    if len(entries) > MAX_ENTRIES:
        return _("the workbook has {count:,} parts; the limit is {limit:,}").format(
            count=len(entries), limit=MAX_ENTRIES
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED:
        return _("the workbook unpacks to {size:,} bytes; the limit is {limit:,}").format(
            size=unpacked, limit=MAX_UNPACKED
        )
    return None


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
class Filled:
    """A row that was filled in and passed every check, and the answer it becomes."""

    row: int
    answer: Answer


@dataclass(frozen=True)
class Checked:
    """A sheet read against the plan: year, 主管課, good rows, rows left empty."""

    display: str
    year: int | None
    department: str | None
    filled: list[Filled]
    blank: int


def check(plan: Plan, grid: Grid, *, today: date, answered_by: str | None = None) -> Result[Checked]:
    """Check every row of a sheet; all problems of all rows, each with its row and column.

    Rows with nothing in the input columns were not filled in and are skipped.
    """
    problems: list[Problem] = []

    def at(row: int, column: int, code: str, message: str, hint: str | None = None, item: str | None = None) -> None:
        problems.append(Problem(grid.display, code, message, line=row, col=column + 1, hint=hint, item=item))

    def done(year: int | None = None, department: str | None = None) -> Result[Checked]:
        return Result(Checked(grid.display, year, department, [], 0), sorted(problems, key=lambda p: p.sort_key))

    labels = plan.meta.labels
    names = headings(labels)
    heading_row, columns = _headings(grid, labels)
    if heading_row is None:
        at(
            1,
            0,
            "sheet-format",
            _("not a progress sheet of actionplan: no heading row with {headings}").format(
                headings=" | ".join(names[i] for i in REQUIRED)
            ),
        )
        return done()
    # A problem names a column as the sheet's own heading does: 項目番号 on a Japanese sheet read on an English PC.
    written = dict(grid.rows)[heading_row]

    def shown(column: int) -> str:
        return terminal_safe(_norm(written[columns[column]])) if column in columns else names[column]

    identity = _identity(grid, heading_row, columns[SHEET_ID], shown(SHEET_ID), labels, at)
    if identity is None:
        return done()
    id_row, year_text, sheet_department = identity
    year = _sheet_year(plan, year_text, today, lambda code, message: at(id_row, columns[SHEET_ID], code, message))
    department = sheet_department
    if department not in plan.meta.departments and department in {r.old for r in plan.meta.renamed}:
        department, _note = department_now(plan, department)  # a sheet made before a 組織改正
    if department not in plan.meta.departments:
        at(
            id_row,
            columns[SHEET_ID],
            "sheet-department",
            _("unknown department '{name}'").format(name=terminal_safe(department)),
            suggest(department, plan.meta.departments),
        )
    if year is None or problems:
        return done(year, department)
    by = _answered_by(grid, heading_row) or answered_by or department
    candidates: list[tuple[int, Answer, dict[int, int]]] = []
    seen: dict[str, int] = {}
    stored = {i: a for i, found in plan.answers_for(year).items() for a in found if a.department == department}
    blank = 0
    for number, row in grid.rows:
        if number <= heading_row or not any(c.strip() for c in row):
            continue

        def cell(column: int, row: list[str] = row) -> str:
            index = columns.get(column)
            if index is None or index >= len(row):
                return ""
            return row[index]

        item_id = _norm(cell(ID))
        if not item_id:
            at(
                number,
                columns[ID],
                "sheet-missing-id",
                _("the row has no {heading}; rows cannot be added to the sheet").format(heading=shown(ID)),
            )
            continue
        if (row_id := _norm(cell(SHEET_ID))) and row_id != sheet_id(year, sheet_department):
            at(
                number,
                columns[SHEET_ID],
                "sheet-mixed",
                _("the row comes from another sheet ({sheet}); copy answers, not rows").format(
                    sheet=terminal_safe(row_id)
                ),
            )
            continue
        if item_id in seen:
            at(
                number,
                columns[ID],
                "sheet-duplicate-row",
                _("{heading} {item} is given again (first in row {row})").format(
                    heading=shown(ID), item=terminal_safe(item_id), row=seen[item_id]
                ),
            )
            continue
        seen[item_id] = number
        item = plan.item(item_id)
        if item is None:
            hint = suggest(item_id, [i.id for i in plan.items])
            if _DATE_LIKE.match(item_id):
                hint = _(
                    "the ID looks like a date: Excel turns 1-1-1 into a date when it opens a CSV; use the xlsx sheet"
                )
            at(
                number,
                columns[ID],
                "progress-unknown-item",
                _("unknown item '{item}'").format(item=terminal_safe(item_id)),
                hint=hint,
                item=item_id,
            )
            continue
        if TITLE in columns and _norm(cell(TITLE)) not in (_norm(item.title), _norm(csv_safe(item.title))):
            at(
                number,
                columns[TITLE],
                "sheet-key-changed",
                _(
                    "{title_heading} was changed: '{written}' (the plan says '{title}');"
                    " {id_heading} and {title_heading} must stay as exported"
                ).format(
                    title_heading=shown(TITLE),
                    id_heading=shown(ID),
                    written=terminal_safe(cell(TITLE)),
                    title=terminal_safe(item.title),
                ),
                item=item_id,
            )
            continue
        status = _norm(cell(STATUS))
        phases = split_phases([cell(PHASES)])
        texts = {
            f: clean_text(cell(c))
            for f, c in (("result", RESULT), ("challenge", CHALLENGE), ("evidence", EVIDENCE), ("note", NOTE))
        }
        if grid.csv and (before := stored.get(item_id)) is not None:
            # A text we wrote as '=… to keep a spreadsheet from running it reads back as it was
            # stored; a quote the user typed is kept (csv_safe never writes '' before it).
            for name, text in texts.items():
                kept = getattr(before, name)
                if text != kept and text == clean_text(csv_safe(kept)):
                    texts[name] = kept
        rating = _norm(cell(RATING)) or None
        values, value_problems = _values(cell(VALUES))
        if not (status or phases or rating or values or any(texts.values())):
            blank += 1
            continue
        for message in value_problems:
            at(number, columns[VALUES], "sheet-value", message, item=item_id)
        broken = [c for c in INPUTS if c in columns and _FORMULA_ERROR.match(cell(c).strip())]
        for column in broken:
            at(
                number,
                columns[column],
                "sheet-formula-error",
                _("{heading} holds a spreadsheet error ({error}), not an answer").format(
                    heading=shown(column), error=cell(column).strip()
                ),
                hint=_("a text starting with = was taken for a formula: type it again in the text cell"),
                item=item_id,
            )
        if broken:
            continue
        if not status:
            at(
                number,
                columns[STATUS],
                "sheet-status-missing",
                _("{heading} is empty, but the row is filled in").format(heading=shown(STATUS)),
                item=item_id,
            )
            continue
        answer = Answer(
            item=item_id,
            year=year,
            department=department,
            status=status,
            phases=phases,
            rating=rating,
            values=values,
            answered_by=by,
            answered_on=today,
            **texts,
        )
        candidates.append((number, answer, columns))
    verdicts = check_answers(plan, [answer for _row, answer, _columns in candidates], today)
    filled = []
    place = {
        "progress-status": STATUS,
        "unknown-phase": PHASES,
        "progress-phase-twice": PHASES,
        "progress-rating": RATING,
        "progress-rating-computed": RATING,
        "progress-indicator": VALUES,
        "progress-text": RESULT,
    }
    for (number, answer, cols), found in zip(candidates, verdicts, strict=True):
        for p in found:
            column = place.get(p.code, ID)
            at(number, cols.get(column, cols[ID]), p.code, p.message, hint=p.hint, item=answer.item)
        if not found:
            filled.append(Filled(number, answer))
    checked = Checked(grid.display, year, department, filled, blank)
    return Result(checked, sorted(problems, key=lambda p: p.sort_key))


def _headings(grid: Grid, labels: Labels) -> tuple[int | None, dict[int, int]]:
    """The heading row and where each known heading is; the first row that has the required ones.

    A heading may read as in any language, with the plan's words or the default ones (項目番号,
    取組番号, item ID), whatever the language of this run: a sheet made in Japanese imports on
    an English PC and the other way round.
    """
    known: dict[str, int] = {}
    for number, message in enumerate(HEADINGS):
        for form in sorted(_every_form(message, labels)):
            known.setdefault(form, number)
    for number, row in grid.rows[:50]:
        found: dict[int, int] = {}
        for index, text in enumerate(row):
            column = known.get(_key(text))
            if column is not None and column not in found:
                found[column] = index
        if all(column in found for column in REQUIRED):
            return number, found
    return None, {}


def _identity(
    grid: Grid, heading_row: int, column: int, heading: str, labels: Labels, at: Callable[..., None]
) -> tuple[int, str, str] | None:
    """(row, year, 主管課) from the 調査票ID cells (``heading`` as the sheet heads them); all rows have one."""
    for number, row in grid.rows:
        if number <= heading_row or column >= len(row) or not row[column].strip():
            continue
        parts = _norm(row[column]).split(" ", 2)
        if len(parts) != 3 or parts[0] != MARK:
            at(
                number,
                column,
                "sheet-format",
                _("the {heading} '{written}' was changed; it must read '{mark} <year> <{department}>'").format(
                    heading=heading, written=terminal_safe(row[column]), mark=MARK, department=labels.term("department")
                ),
            )
            return None
        return number, parts[1], parts[2]
    at(
        heading_row,
        column,
        "sheet-format",
        _("no row has a {heading}: the sheet has no items, or the column was emptied").format(heading=heading),
    )
    return None


def _answered_by(grid: Grid, heading_row: int) -> str | None:
    """回答者 and 連絡先 from the cells to the right of their labels (in either language) above the headings."""
    labels = {_key(form): label for label in (BY, CONTACT) for form in every_language(label)}
    found: dict[str, str] = {}
    for number, row in grid.rows:
        if number >= heading_row:
            break
        for index, text in enumerate(row[:-1]):
            if (label := labels.get(_key(text))) is not None:
                found[label] = _norm(row[index + 1]).replace("\n", " ")
    who, contact = found.get(BY, ""), found.get(CONTACT, "")
    if who and contact:
        return f"{who}（{contact}）"
    return who or None


def _values(text: str) -> tuple[dict[str, float], list[str]]:
    """`id=number` lines of the 指標の実績値 cell; lines without a number are not answered."""
    values: dict[str, float] = {}
    problems = []
    for line in re.split(r"[\n、,，;；]+", unicodedata.normalize("NFKC", text)):
        name, sep, number = line.partition("=")
        name, number = name.strip(), number.strip().replace(",", "")
        if not name and not number:
            continue
        if not sep or not name:
            problems.append(_("'{line}' is not INDICATOR=NUMBER").format(line=terminal_safe(line)))
            continue
        if not number:
            continue
        try:
            value = float(number)
        except ValueError:
            problems.append(_("{name}: '{number}' is not a number").format(name=name, number=terminal_safe(number)))
            continue
        if not math.isfinite(value):
            problems.append(_("{name}: the value must be a finite number").format(name=name))
            continue
        values[name] = value
    return values, problems


def _sheet_year(plan: Plan, text: str, today: date, report: Callable[[str, str], None]) -> int | None:
    try:
        year = fiscal.parse_fiscal_year(text)
    except fiscal.FiscalYearError as exc:
        report("sheet-year", str(exc))
        return None
    years = plan.meta.period.years
    if year not in years:
        report(
            "progress-year",
            _("{year} is outside the plan ({first}–{last})").format(
                year=fiscal.label(year), first=years[0], last=years[-1]
            ),
        )
        return None
    if fiscal.start(year) > today:
        report("progress-future", _("{year} has not begun yet").format(year=fiscal.label(year)))
        return None
    return year


def _norm(text: str) -> str:
    return normalise(text)


def _key(text: str) -> str:
    """A heading or label as compared: normalised, any case and spacing (Item ID, ITEM  ID), any apostrophe."""
    return " ".join(normalise(text).replace("\u2019", "'").casefold().split())
