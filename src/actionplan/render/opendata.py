"""An open-data table as a typed Excel workbook: what a CSV cannot keep when Excel opens it.

Excel (and LibreOffice with a Japanese locale) reads a CSV's 1-1-1 as 2001-01-01 and 3-1 as
March 1st; a workbook states each cell's type, so IDs stay text, dates are dates and numbers
numbers. Sheet 1 is the table (one header row, nothing else: machine-readable as the CSV);
sheet 2 says what the table is, its as-of date, license and publisher, and why it has no rows."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from actionplan.licenses import LICENSES
from actionplan.loader import Plan
from actionplan.render.svg import text_width
from actionplan.render.xlsx import _append, _sheet_name, _text
from actionplan.reports.export import BOOLEAN_CSV, DataTable, Stamp

_FORMATS = {"string": "@", "integer": "0", "number": "General", "boolean": "@", "date": "yyyy-mm-dd"}
_WIDEST = 30.0  # full-width characters; longer text wraps in the cell


def table_workbook(table: DataTable, plan: Plan, stamp: Stamp) -> bytes:
    """The workbook of one table: the typed table, then 説明 (about the table)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_name(table.title)
    sheet.append([_text(c.label) for c in table.columns])
    for cell in sheet[1]:
        cell.data_type, cell.font = "s", Font(bold=True)
    formats = [_FORMATS[c.type] for c in table.columns]
    for row in table.rows:
        # The cells as made (text stays text), not sheet[sheet.max_row]: that reads every cell, once a row.
        for cell, number_format in zip(_append(sheet, [_cell(v) for v in row]), formats, strict=True):
            cell.number_format = number_format
    for n, column in enumerate(table.columns, 1):
        widest = max([text_width(column.label)] + [text_width(_shown(r[n - 1])) for r in table.rows[:500]])
        letter = sheet.cell(1, n).column_letter
        sheet.column_dimensions[letter].width = min(widest, _WIDEST) * 2 + 2  # Excel counts half-width characters
        if widest > _WIDEST:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _about(book.create_sheet("説明"), table, plan, stamp)
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
        return _text(value)
    return value  # int, float, date or None (an empty cell)


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else "" if value is None else str(_cell(value))


def _about(sheet: Any, table: DataTable, plan: Plan, stamp: Stamp) -> None:
    """説明: the table's name, what one row is, why it is empty, as-of date, publisher, license, source."""
    meta = plan.meta
    known = LICENSES.get(meta.license or "")
    rows = [
        ("表", f"{table.title}（{table.name}）"),
        ("説明", table.described()),
        ("行数", str(len(table.rows))),
        ("基準日", stamp.as_of.isoformat()),
        ("公表者", meta.municipality),
        ("出典", f"{meta.name}（{meta.published}）"),
        *([("利用条件", f"{known.title} {known.url}")] if known else []),
        *([("公開区分", stamp.classification)] if stamp.classification else []),
        ("作成", stamp.generator),
    ]
    for label, text in rows:
        sheet.append([label, _text(text)])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 100
