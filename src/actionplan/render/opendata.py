"""An open-data table as a typed Excel workbook: what a CSV cannot keep when Excel opens it.

Excel (and LibreOffice with a Japanese locale) reads a CSV's 1-1-1 as 2001-01-01 and 3-1 as
March 1st; a workbook states each cell's type, so IDs stay text, dates are dates and numbers
numbers. Sheet 1 is the table (one header row, nothing else: machine-readable as the CSV);
sheet 2 says what the table is, its as-of date, license and publisher, and why it has no rows."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from actionplan.licenses import LICENSES
from actionplan.loader import Plan
from actionplan.reports.export import BOOLEAN_CSV, DataTable, Stamp
from actionplan.text import cell_text, sheet_name, text_width

TEXT, DATE = "@", "yyyy-mm-dd"  # cell formats: text stays text when typed over; dates show as dates
# Text Excel turns into something else when typed over: dates (1-1-1, 3/1), numbers (131156, 1e5), times.
_RISKY = re.compile(r"^[\s0-9０-９.,:/+\-eE]+$")
_WIDEST = 30.0  # full-width characters; longer text wraps in the cell


def table_workbook(table: DataTable, plan: Plan, stamp: Stamp) -> bytes:
    """The workbook of one table: the typed table, then 説明 (about the table).

    Written in openpyxl's write-only mode, cell by cell as it goes: a table of 10,000 items'
    schedule is 40,000 rows, which the ordinary mode (reading the sheet back per row) makes slow."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name(table.title))
    wraps = []
    for n, column in enumerate(table.columns, 1):  # widths before the rows: write-only sheets stream
        widest = max([text_width(column.label)] + [text_width(_shown(r[n - 1])) for r in table.rows[:500]])
        sheet.column_dimensions[get_column_letter(n)].width = min(widest, _WIDEST) * 2 + 2  # half-width units
        wraps.append(Alignment(wrap_text=True, vertical="top") if widest > _WIDEST else None)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Any, number_format: str | None = None, wrap: Any = None, font: Any = None) -> Any:
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # text stays text: openpyxl would make "=…" a formula
        if number_format:
            made.number_format = number_format
        if wrap is not None:
            made.alignment = wrap
        if font is not None:
            made.font = font
        return made

    def typed(value: Any, wrap: Any) -> Any:
        """A plain value where it needs no style (most cells: openpyxl writes those several times
        faster); text Excel would read as a date or number is marked text (@) so that it stays text
        when edited; dates get their format."""
        value = _cell(value)
        if isinstance(value, str) and (value.startswith("=") or _RISKY.match(value)):
            return cell(value, TEXT, wrap)
        if isinstance(value, date):
            return cell(value, DATE)
        if wrap is not None and isinstance(value, str):
            return cell(value, TEXT, wrap)
        return value

    sheet.append([cell(cell_text(c.label), font=bold) for c in table.columns])
    for row in table.rows:
        sheet.append([typed(v, w) for v, w in zip(row, wraps, strict=True)])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    about = book.create_sheet("説明")
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 12, 100
    for label, text in _about(table, plan, stamp):
        about.append([cell(label), cell(cell_text(text))])
    book.properties.creator = plan.meta.municipality
    book.properties.title = table.title
    return _save(book, datetime.combine(stamp.as_of, datetime.min.time()))


def _save(book: Any, day: datetime) -> bytes:
    """The workbook's bytes, the same for the same table and as-of date: openpyxl's ``save`` stamps
    the time of saving into the properties and every zip entry, so it writes through its writer
    with the as-of date instead (the clock is read once, at the CLI)."""
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    book.properties.created = book.properties.modified = day
    first = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(first) as made, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as stable:
        for entry in made.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=day.timetuple()[:6])
            stable.writestr(fixed, made.read(entry), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A value as its typed cell: booleans as 有/無 (as in the CSV), text without control characters."""
    if isinstance(value, bool):
        return BOOLEAN_CSV[value]
    if isinstance(value, str):
        return cell_text(value)
    return value  # int, float, date or None (an empty cell)


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else "" if value is None else str(_cell(value))


def _about(table: DataTable, plan: Plan, stamp: Stamp) -> list[tuple[str, str]]:
    """説明: the table's name, what one row is, why it is empty, as-of date, publisher, license, source."""
    meta = plan.meta
    known = LICENSES.get(meta.license or "")
    return [
        ("表", f"{table.title}（{table.name}）"),
        ("説明", table.described()),
        ("行数", str(len(table.rows))),
        ("基準日", stamp.as_of.isoformat()),
        ("公表者", meta.municipality),
        ("出典", f"{meta.name}（{meta.published}）" if meta.published else meta.name),
        *([("利用条件", f"{known.title} {known.url}")] if known else []),
        *([("公開区分", stamp.classification)] if stamp.classification else []),
        ("作成", stamp.generator),
    ]
