"""Reading survey sheets: a CSV or xlsx file into text cells within size limits; an unreadable file is a problem."""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from actionplan.i18n import _, every_language, os_reason
from actionplan.loader import display_path
from actionplan.problems import Problem, Result
from actionplan.progress.sheets.layout import SHEET_TITLE, format_of

MAX_ROWS = 5000
MAX_COLUMNS = 64
MAX_BYTES = 20 * 1024 * 1024
# An xlsx is a zip: refuse before opening what would unpack to more than this, or too many parts.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_ENTRIES = 1000


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
    from openpyxl import load_workbook  # type: ignore[import-untyped]
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
