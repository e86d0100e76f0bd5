"""Reading survey sheets: a CSV or xlsx file into text cells within size limits; an unreadable file is a problem."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from actionplan.i18n import _, every_language, os_reason
from actionplan.loader import display_path
from actionplan.problems import Problem, Result
from actionplan.progress.sheets.layout import SHEET_TITLE, cell_name, format_of

MAX_ROWS = 5000
MAX_COLUMNS = 64
MAX_BYTES = 20 * 1024 * 1024
# An xlsx is a zip: refuse before opening what would unpack to more than this, or too many parts.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_ENTRIES = 1000


@dataclass(frozen=True)
class Grid:
    """A sheet as read: text cells by row number (1-based, as a spreadsheet shows them).

    ``formulas`` holds the (row, column index) of every cell an xlsx holds a formula in: its text
    is the formula (=A1), never a value computed from it.
    """

    display: str
    rows: list[tuple[int, list[str]]]
    csv: bool = False
    formulas: frozenset[tuple[int, int]] = frozenset()

    @property
    def name(self) -> str:
        """The file's name (令和2年度_防災課_進捗状況調査票.xlsx), which says whose sheet it is."""
        return Path(self.display).name


# Spreadsheet files a clerk may save a sheet as that are not read: named and refused, never skipped.
OTHER_SPREADSHEETS = ("xls", "xlsm", "xlsb", "ods", "fods", "numbers")


def sheet_files(folder: Path) -> Result[list[Path]]:
    """The sheets in a folder (.xlsx and .csv, not hidden or Office lock files), sorted by name.

    A spreadsheet in another format (.xls, .ods …) is a problem that says to save it as .xlsx:
    an import never leaves out a department's answers without saying so.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or not path.is_file():
            continue
        if format_of(path):
            found.append(path)
        elif (refused := _other_spreadsheet(path)) is not None:
            problems.append(refused)
    return Result(found, problems)


def _other_spreadsheet(path: Path) -> Problem | None:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in OTHER_SPREADSHEETS:
        return None
    return Problem(
        display_path(path),
        "sheet-other-format",
        _("a .{suffix} file is not read: sheets are read as .xlsx or .csv").format(suffix=suffix),
        hint=_("open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx), then import again"),
    )


def read(path: Path) -> Result[Grid]:
    """Read a CSV or xlsx sheet into text cells; a file that cannot be read is a problem."""
    display = display_path(path)
    fmt = format_of(path)

    def refused(message: str, hint: str | None = None) -> Result[Grid]:
        return Result(None, [Problem(display, "sheet-unreadable", message, hint=hint)])

    if fmt is None:
        other = _other_spreadsheet(path)
        return Result(None, [other]) if other else refused(_("a sheet must be a .csv or .xlsx file"))
    try:
        size = path.stat().st_size
    except OSError as exc:
        return refused(_("cannot read the sheet: {reason}").format(reason=os_reason(exc)))
    if size > MAX_BYTES:
        return refused(_("the sheet is {size:,} bytes; the limit is {limit:,}").format(size=size, limit=MAX_BYTES))
    return _read_csv(path, display, refused) if fmt == "csv" else _read_xlsx(path, display, refused)


Refuse = Callable[..., Result[Grid]]


@dataclass
class _Extent:
    """How far a sheet's data reaches: refused beyond the limits, never cut short."""

    last_row: int = 0
    wide: tuple[int, int] | None = None  # the first (row, column index) past MAX_COLUMNS that holds data

    def see(self, number: int, texts: Sequence[str]) -> None:
        filled = [i for i, text in enumerate(texts) if text.strip()]
        if filled:
            self.last_row = number
            if filled[-1] >= MAX_COLUMNS and self.wide is None:
                self.wide = (number, filled[-1])

    def refusal(self, refused: Refuse) -> Result[Grid] | None:
        if self.last_row > MAX_ROWS:
            message = _("the sheet has data down to row {rows:,}; at most {limit:,} rows are read, so none is imported")
            hint = _("split the sheet, or delete the rows below row {limit:,} that are not answers")
            return refused(message.format(rows=self.last_row, limit=MAX_ROWS), hint.format(limit=MAX_ROWS))
        if self.wide is not None:
            row, column = self.wide
            return refused(
                _("cell {cell} holds data; at most {limit} columns are read, so none is imported").format(
                    cell=cell_name(row, column), limit=MAX_COLUMNS
                ),
                _("delete the columns to the right of the sheet's own"),
            )
        return None


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
    extent = _Extent()
    for number, row in enumerate(rows, start=1):
        extent.see(number, row)
    if (refusal := extent.refusal(refused)) is not None:
        return refusal
    return Result(Grid(display, [(n, row) for n, row in enumerate(rows[:MAX_ROWS], start=1)], csv=True))


def _read_xlsx(path: Path, display: str, refused: Refuse) -> Result[Grid]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]
    from openpyxl.xml import DEFUSEDXML  # type: ignore[import-untyped]

    if not DEFUSEDXML:
        return refused(_("xlsx sheets are read only with defusedxml installed"), "pip install defusedxml")
    if (bomb := _unpacked_problem(path)) is not None:
        return refused(bomb)
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]

    try:
        # Formulas as written (data_only=False): a formula in an answer cell is a problem, never
        # the value a spreadsheet last computed from it (or nothing, where none was saved).
        workbook = load_workbook(path, read_only=True, data_only=False)
        try:
            grid, extent = _xlsx_grid(_chosen_sheet(workbook), display)
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
    return extent.refusal(refused) or Result(grid)


def _chosen_sheet(workbook: Any) -> Any:
    # The survey sheet by its name in either language (a workbook saved with the lists first).
    names = set(every_language(SHEET_TITLE))
    return next((workbook[n] for n in workbook.sheetnames if n in names), workbook.worksheets[0])


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def merged_ranges(path: Path) -> list[str]:
    """The merged ranges (E7:G7) of the sheet :func:`read` reads, from a workbook it has read already.

    openpyxl's read-only mode does not report merges, so they are read from the sheet's XML (its
    size is bounded by MAX_UNPACKED, checked by read()).
    """
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        ws = _chosen_sheet(workbook)
        with workbook._archive.open(ws._worksheet_path) as part:
            return [m.decode("ascii") for m in _MERGE.findall(part.read())]
    finally:
        workbook.close()


def _xlsx_grid(ws: Any, display: str) -> tuple[Grid, _Extent]:
    """Every row of the worksheet, however far its data reaches (the dimension it declares is not
    trusted: a wrong one would hide rows), kept up to the limits and measured beyond them."""
    ws.reset_dimensions()
    rows: list[tuple[int, list[str]]] = []
    formulas: set[tuple[int, int]] = set()
    extent = _Extent()
    for number, cells in enumerate(ws.iter_rows(), start=1):
        texts = [_xlsx_text(c.value, getattr(c, "number_format", None)) for c in cells]
        extent.see(number, texts)
        if number <= MAX_ROWS:
            rows.append((number, texts[:MAX_COLUMNS]))
            formulas |= {(number, i) for i, c in enumerate(cells[:MAX_COLUMNS]) if c.data_type == "f"}
    return Grid(display, rows, formulas=frozenset(formulas)), extent


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


# A number format's literal parts ("%" quoted, \% escaped) do not scale the value.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')


def _xlsx_text(value: Any, number_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float) and "%" in _FORMAT_LITERALS.sub("", number_format or ""):
        # 35% typed into Excel or LibreOffice is stored 0.35 with a percent format: read as shown.
        shown = round(value * 100, 9)
        return f"{int(shown) if float(shown).is_integer() else shown}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
