"""Any View as an Excel workbook for 庁議 papers: a summary sheet, then the table on A4 landscape."""

from __future__ import annotations

import io
import re
from typing import Any

from actionplan.i18n import _
from actionplan.render.svg import text_width
from actionplan.text import terminal_safe
from actionplan.views import Chart, Table, View

# A cell this wide (in full-width characters) or less never wraps: IDs, 継続, 未回答, counts.
SHORT = 6.0
WIDEST = 48.0  # text columns wrap beyond this many characters
_INTEGER = re.compile(r"^-?[0-9]{1,15}$")


def render_xlsx(view: View) -> bytes:
    """The workbook: 概要 / summary (title, charts as tables, summaries, notes) and the main table,
    named by ``view.flat.title`` (A4 landscape, fit to page width, header row repeated on every
    page, fixed widths)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    title = view.title or "actionplan"
    book = Workbook()
    summary = book.active
    summary.title = _sheet_name(_("summary"))
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="F3F4F6")
    _append(summary, [_text(title)])
    summary["A1"].font = Font(bold=True, size=14)
    if view.classification:
        _append(summary, [_text(view.classification)])
        summary["A2"].font = Font(bold=True, color="B91C1C")
    charts = [Table([_("group"), *c.series, _("total")], _chart_rows(c), c.title) for c in view.charts]
    main = view.flat
    # The summaries; the tables that share one set of columns (a report's goal tables) are the
    # main sheet already.
    shapes = [tuple(t.columns) for t in view.tables]
    others = [t for t in view.tables if t.rows and shapes.count(tuple(t.columns)) == 1]
    anchor = 4
    for n, table in enumerate([*charts, *others]):
        _append(summary, [])
        _append(summary, [_text(table.title or "")])[0].font = bold
        heading = _append(summary, [_text(c) for c in table.columns])
        header = heading[0].row
        for cell in heading:
            cell.font, cell.fill = bold, head_fill
        for row in table.rows:
            _append(summary, [_value(c) for c in row])
        if n < len(charts):  # the chart itself, drawn by Excel from the rows above
            summary.add_chart(_bar_chart(summary, view.charts[n], header), f"I{anchor}")
            anchor += max(16, len(table.rows) + 6)
    if view.notes:
        _append(summary, [])
        for note in view.notes:
            _append(summary, [_text(note)])
    summary.column_dimensions["A"].width = 40
    for letter in "BCDEFGHIJ":
        summary.column_dimensions[letter].width = 14
    _print_setup(summary, title, view.classification)

    sheet = book.create_sheet(_sheet_name(main.title or _("table")))
    for cell in _append(sheet, [_text(c) for c in main.columns]):
        cell.font, cell.fill = bold, head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = _widths(main)
    for n, (width, _short) in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    # Each column's alignment, set on each cell as its row is written: one pass over the rows.
    aligned = [Alignment(wrap_text=not short, vertical="top") for _width, short in widths]
    for row in main.rows:
        cells = _append(sheet, [_text(c) for c in row])  # IDs (1-1, 2020) stay text
        for cell, alignment in zip(cells, aligned, strict=False):
            cell.alignment = alignment
    sheet.freeze_panes = "B2"
    sheet.print_title_rows = "1:1"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, title, view.classification)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet: object, values: list[object]) -> list[Any]:
    """A row of cells below the last one, returned; text stays text (openpyxl would make "=…" a formula).

    The cells are made here and handed to ``append``, rather than looked up afterwards through
    ``sheet.max_row``: openpyxl computes that from every cell of the sheet, which made writing
    a sheet quadratic in its rows.
    """
    from openpyxl.cell.cell import Cell  # type: ignore[import-untyped]

    cells = [Cell(sheet, value=value) for value in values]
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    sheet.append(cells)  # type: ignore[attr-defined]
    return cells


def _bar_chart(sheet: object, chart: Chart, header: int) -> object:
    """A stacked horizontal bar chart over the rows under ``header`` (categories in column A)."""
    from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]

    from actionplan.render.svg import colors

    bars = BarChart()
    bars.type, bars.grouping, bars.overlap = "bar", "stacked", 100
    bars.title = chart.title
    bars.width, bars.height = 18, max(6.0, len(chart.categories) * 0.8)
    last = header + len(chart.categories)
    data = Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=header, max_row=last)
    bars.add_data(data, titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    bars.y_axis.majorGridlines = None
    bars.x_axis.scaling.orientation = "maxMin"  # the first category on top, as in the table
    for series, fill in zip(bars.series, colors(chart), strict=True):
        series.graphicalProperties.solidFill = fill.lstrip("#")
        series.graphicalProperties.line.solidFill = "FFFFFF"
    return bars


def _chart_rows(chart: Chart) -> list[list[str]]:
    return [[c, *map(str, row), str(sum(row))] for c, row in zip(chart.categories, chart.values, strict=True)]


def _widths(table: Table) -> list[tuple[float, bool]]:
    """Each column's width (Excel character units) and whether it is short (never wraps)."""
    result = []
    for n, column in enumerate(table.columns):
        widest = max([text_width(row[n]) for row in table.rows if n < len(row)] + [text_width(column) / 2, 2.0])
        short = widest <= SHORT
        result.append((min(widest, WIDEST) * 2 + 2 if short else min(max(widest, 10.0), WIDEST) * 1.1, short))
    return result


def _print_setup(sheet: object, title: str, classification: str) -> None:
    """A4 landscape, one page wide, the title and 庁内限り on every page, page numbers below."""
    ws = sheet
    ws.page_setup.orientation = "landscape"  # type: ignore[attr-defined]
    ws.page_setup.paperSize = 9  # type: ignore[attr-defined]  # A4
    ws.page_setup.fitToWidth = 1  # type: ignore[attr-defined]
    ws.page_setup.fitToHeight = 0  # type: ignore[attr-defined]
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    ws.print_options.horizontalCentered = True  # type: ignore[attr-defined]
    ws.page_margins.left = ws.page_margins.right = 0.4  # type: ignore[attr-defined]
    ws.oddHeader.left.text = _header(title)  # type: ignore[attr-defined]
    if classification:
        ws.oddHeader.right.text = _header(classification)  # type: ignore[attr-defined]
    ws.oddFooter.center.text = "&P / &N"  # type: ignore[attr-defined]


def _header(text: str) -> str:
    return _text(text).replace("&", "&&")[:200]  # & starts a code in Excel headers


def _sheet_name(name: str) -> str:
    # Excel refuses a sheet name longer than 31 characters or with any of []:*?/\ in it.
    return re.sub(r"[\[\]:*?/\\]", " ", _text(name))[:31].strip() or "-"


def _text(value: str) -> str:
    """Text for a cell: no control characters (Excel refuses them)."""
    return terminal_safe(value, one_line=False)


def _value(value: str) -> object:
    """A whole number as a number; everything else as text, never as a formula."""
    text = _text(value)
    if _INTEGER.match(text.strip()):
        return int(text)
    return text
