"""Any View as an Excel workbook for 庁議 papers: a summary sheet, then the table on A4 landscape."""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from actionplan.i18n import _
from actionplan.render.svg import describe
from actionplan.text import SHORT_CELL, cell_text, page_header, sheet_name, text_width
from actionplan.views import Chart, Table, View

WIDEST = 48.0  # text columns wrap beyond this many characters
_INTEGER = re.compile(r"^-?[0-9]{1,15}$")

# Printing: A4 landscape less 0.4-inch side margins is 784 pt wide. Fit to that width, a sheet
# whose columns add up to at most PRINT_WIDTH / MIN_SCALE / UNIT units prints at 80 % or more: the
# default 11 pt text at 8.8 pt or more. A unit is the width of "0" in the default font (Calibri):
# 5.25 pt in Excel, but 7.1 pt in a LibreOffice without Calibri (DejaVu Sans stands in), which
# counts here so that the sheet prints large enough in both.
PRINT_WIDTH = 784.0
MIN_SCALE = 0.75
CHART_SCALE = 0.85  # the summary's: its charts' labels are 10 pt
UNIT = 7.1
FULL_WIDTH = 2.1  # a full-width (CJK) character of 11 pt in units; half-width ones are 0.6 of it
# The height of one line of wrapped 11 pt text: Excel with Yu Gothic needs 18.75 pt, LibreOffice
# with Noto Sans CJK 16 pt; the larger so that no line is cut in either.
REPORT_LINE = 18.75
MIN_TEXT = 8.0  # the narrowest a wrapped text column becomes (units)
CM_PER_ROW = 0.53  # a default row (15 pt) in centimetres: how many rows a chart covers


def render_xlsx(view: View) -> bytes:
    """The workbook: 概要 / summary (title, charts with their data, summaries, notes) and the main table,
    named by ``view.flat.title``. Both print on A4 landscape, fit to the page width over as many pages
    as needed, heading rows repeated, text wrapped in rows tall enough to show it."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    title = view.title or "actionplan"
    book = Workbook()
    alt_texts = _summary_sheet(book.active, view, title)
    _main_sheet(book.create_sheet(sheet_name(view.flat.title or _("table"))), view.flat)
    for sheet in book.worksheets:
        _print_setup(sheet, title, view.classification)
    out = io.BytesIO()
    book.save(out)
    return _with_alt_texts(out.getvalue(), alt_texts)


def _summary_sheet(summary: Any, view: View, title: str) -> list[str]:
    """Title, 庁内限り, each chart's data with the chart under it, the other summaries and the notes;
    the charts' text alternatives returned (in the order they were added)."""
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    summary.title = sheet_name(_("summary"))
    charts = [Table([_("group"), *c.series, _("total")], _chart_rows(c), c.title) for c in view.charts]
    # The tables that share one set of columns (a report's goal tables) are the main sheet already.
    shapes = [tuple(t.columns) for t in view.tables]
    tables = [*charts, *(t for t in view.tables if t.rows and shapes.count(tuple(t.columns)) == 1)]
    widths = _shared_widths(tables)
    for n, width in enumerate(widths, 1):
        summary.column_dimensions[get_column_letter(n)].width = width
    _paragraph(summary, title, widths, 14).font = Font(bold=True, size=14)
    if view.classification:
        _paragraph(summary, view.classification, widths).font = Font(bold=True, color="B91C1C")
    alt_texts, blocks = [], []
    for n, table in enumerate(tables):
        _append(summary, [])
        heading = _paragraph(summary, table.title or "", widths)
        heading.font = Font(bold=True)
        header = _heading_row(summary, table.columns, widths)
        for row in table.rows:
            _fitted_row(summary, [_value(c) for c in row], widths)
        last = header + len(table.rows)
        if n < len(charts):  # the chart itself, drawn by Excel from the rows above, below them
            alt_text, covered = _chart_under(summary, view.charts[n], header)
            alt_texts.append(alt_text)
            last += 1 + covered  # the row between the numbers and the drawing, and the rows under it
        # From the empty row above the heading; each chart with its numbers on a page of its own.
        blocks.append(_Block(heading.row - 1, last, min(header + 1, last), new_page=0 < n <= len(charts)))
    if view.notes:
        _append(summary, [])
        for note in view.notes:
            _paragraph(summary, note, widths)
    # A scale of its own instead of fit to width: Excel and LibreOffice then print it alike, page by page.
    summary.page_setup.scale = max(10, min(100, math.floor(100 * PRINT_WIDTH / (sum(widths) * UNIT)) - 1))
    _page_breaks(summary, blocks, REPORT_PAGE_HEIGHT * 100 / summary.page_setup.scale)
    return alt_texts


def _chart_under(sheet: Any, chart: Chart, header: int) -> tuple[str, int]:
    """The chart of the rows under ``header``, drawn one row below them over empty rows; its text
    alternative and how many rows it covers."""
    bars = _bar_chart(sheet, chart, header)
    last = header + len(chart.categories)
    sheet.add_chart(bars, f"A{last + 2}")
    covered = math.ceil(bars.height / CM_PER_ROW)
    for row in range(last + 1, last + covered + 2):
        _append(sheet, [])
        # Set, not left to the program: LibreOffice's default row is lower than Excel's, and the
        # drawing would reach below the rows counted for it.
        sheet.row_dimensions[row].height = DEFAULT_ROW
    return _("{chart}: {description}").format(chart=chart.title, description=describe(chart)), covered


def _height(sheet: Any, first: int, last: int) -> float:
    """The printed height (points at 100 %) of rows ``first`` to ``last``."""
    return sum(sheet.row_dimensions[r].height or DEFAULT_ROW for r in range(first, last + 1))


@dataclass(frozen=True)
class _Block:
    """Rows of the summary sheet printed together: a table from the empty row above its heading to
    its last row (a chart's to the last row under its drawing), or, when that is longer than a page,
    at least to its first row."""

    first: int
    last: int
    least: int
    new_page: bool = False


# A4 landscape less openpyxl's top and bottom margins (1 inch each), in points; an empty row is
# given Excel's default height, 15 pt (LibreOffice's is lower).
REPORT_PAGE_HEIGHT = 595.3 - 2 * 72
DEFAULT_ROW = 15.0


def _page_breaks(sheet: Any, blocks: list[_Block], room: float) -> None:
    """Every page break of the sheet, so that a heading never ends a page: each page holds at most
    ``room`` points of rows (the page's height at the sheet's print scale), so that neither Excel
    nor LibreOffice has to break a page of its own, and a block starts a page where the rest of
    the page cannot hold it."""
    from openpyxl.worksheet.pagebreak import Break  # type: ignore[import-untyped]

    starts = {block.first: block for block in blocks}
    used = 0.0
    for row in range(1, sheet.max_row + 1):  # max_row once, at the end (it reads every cell)
        block = starts.get(row)
        if block is not None:
            whole = _height(sheet, block.first, block.last)
            needed = whole if whole <= room else _height(sheet, block.first, block.least)
            if used and (block.new_page or used + needed > room):
                sheet.row_breaks.append(Break(id=row - 1))
                used = 0.0
        this = _height(sheet, row, row)
        if used and used + this > room:
            sheet.row_breaks.append(Break(id=row - 1))
            used = 0.0
        used += this


def _shared_widths(tables: list[Table]) -> list[float]:
    """The summary's column widths: one set for all its tables (they share the sheet's columns)."""
    count = max([len(t.columns) for t in tables] + [2])
    columns = [" ".join(t.columns[n] for t in tables if n < len(t.columns)) for n in range(count)]
    rows = [[*row, *[""] * (count - len(row))] for t in tables for row in t.rows]
    return [width for width, _short in _widths(Table(columns, rows), CHART_SCALE)]


def _main_sheet(sheet: Any, main: Table) -> None:
    """The table, leaving out columns empty in every row; widths within the print budget, row heights
    from the wrapped text, the heading row frozen and repeated on every printed page."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    keep = [n for n in range(len(main.columns)) if n == 0 or any(n < len(r) and r[n].strip() for r in main.rows)]
    table = Table([main.columns[n] for n in keep], [[r[n] if n < len(r) else "" for n in keep] for r in main.rows])
    hidden = _constant_columns(table)  # 庁内限り on every row: the page header says it once a page
    shown = [n for n in range(len(table.columns)) if n not in hidden]
    fitted = iter(_widths(Table([table.columns[n] for n in shown], [[r[n] for n in shown] for r in table.rows])))
    layout = [(SHORT_CELL * FULL_WIDTH, True) if n in hidden else next(fitted) for n in range(len(table.columns))]
    widths = [width for width, _short in layout]
    for n, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    _heading_row(sheet, table.columns, widths)
    # Each column's alignment, set on each cell as its row is written: one pass over the rows.
    aligned = [Alignment(wrap_text=not short, vertical="top") for _width, short in layout]
    for row in table.rows:
        cells = _fitted_row(sheet, [cell_text(c) for c in row], widths)  # IDs (1-1, 2020) stay text
        for cell, alignment in zip(cells, aligned, strict=False):
            cell.alignment = alignment
    for n in hidden:
        sheet.column_dimensions[get_column_letter(n + 1)].hidden = True
    sheet.freeze_panes = "B2"
    sheet.print_title_rows = "1:1"
    sheet.auto_filter.ref = sheet.dimensions


def _constant_columns(table: Table) -> list[int]:
    """Columns holding one and the same text on every row (of two or more)."""
    if len(table.rows) < 2:
        return []
    return [n for n in range(1, len(table.columns)) if len({row[n] for row in table.rows}) == 1]


def _heading_row(sheet: Any, columns: list[str], widths: list[float]) -> int:
    """A bold, shaded, wrapped heading row; its row number."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, fill, wrap = Font(bold=True), PatternFill("solid", fgColor="F3F4F6"), Alignment(wrap_text=True)
    cells = _fitted_row(sheet, [cell_text(c) for c in columns], widths)
    for cell in cells:
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
    return int(cells[0].row)


def _fitted_row(sheet: Any, values: list[object], widths: list[float]) -> list[Any]:
    """A row whose text cells wrap, as tall as its most wrapped cell needs (see row_height)."""
    from openpyxl.styles import Alignment

    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    cells = _append(sheet, values)
    for cell in cells:  # numbers on the first line of a tall row too
        cell.alignment = wrap if isinstance(cell.value, str) else top
    texts = [v if isinstance(v, str) else "" for v in values]
    sheet.row_dimensions[cells[0].row].height = row_height(texts, widths)
    return cells


def _paragraph(sheet: Any, text: str, widths: list[float], size: float = 11) -> Any:
    """A line of text across the sheet's columns (merged, wrapped, as tall as it needs): a title or a note."""
    from openpyxl.styles import Alignment

    (cell,) = _append(sheet, [cell_text(text)])
    sheet.merge_cells(start_row=cell.row, start_column=1, end_row=cell.row, end_column=len(widths))
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Larger type: as many lines as in a cell that much narrower, each that much taller.
    sheet.row_dimensions[cell.row].height = row_height([cell.value], [sum(widths) * 11 / size]) * size / 11
    return cell


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` Excel units wide (CJK characters
    count double; a little room is kept because Excel wraps whole words of Latin text)."""
    room = max(width - 1.0, 1.0) * 0.92
    return sum(max(1, math.ceil(text_width(part, FULL_WIDTH) / room)) for part in text.split("\n"))


def row_height(texts: list[str], widths: list[float]) -> float:
    """The height (points) of a row showing every line of its wrapped cells, in Excel and LibreOffice."""
    lines = max([line_count(t, w) for t, w in zip(texts, widths, strict=False) if t] + [1])
    return min(lines * REPORT_LINE, 409.0)  # 409 pt: the tallest row Excel allows


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


def _bar_chart(sheet: object, chart: Chart, header: int) -> Any:
    """A stacked horizontal bar chart over the rows under ``header`` (categories in column A), every
    category named (Excel and LibreOffice skip labels of a short chart otherwise)."""
    from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]

    from actionplan.render.svg import colors

    bars = BarChart()
    bars.type, bars.grouping, bars.overlap = "bar", "stacked", 100
    # No title inside the drawing: the heading row above names it, and the room goes to the bars,
    # so that LibreOffice too has space to name every category.
    bars.width, bars.height = 18, max(5.0, len(chart.categories) * 0.7)  # cm: with its numbers on one page
    last = header + len(chart.categories)
    data = Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=header, max_row=last)
    bars.add_data(data, titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    bars.y_axis.majorGridlines = None
    bars.x_axis.scaling.orientation = "maxMin"  # the first category on top, as in the table
    bars.x_axis.tickLblSkip = 1
    bars.x_axis.delete = bars.y_axis.delete = False  # axes shown (newer Excel hides them otherwise)
    for series, fill in zip(bars.series, colors(chart), strict=True):
        series.graphicalProperties.solidFill = fill.lstrip("#")
        series.graphicalProperties.line.solidFill = "FFFFFF"
    return bars


def _with_alt_texts(workbook: bytes, texts: list[str]) -> bytes:
    """The workbook with each chart's text alternative (the drawing's descr, which Excel shows as
    Alt Text and screen readers read): openpyxl names its chart frames "Chart 1", "Chart 2"… and
    has no setting for it."""
    if not texts:
        return workbook
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/drawings/drawing") and info.filename.endswith(".xml"):
                xml = data.decode("utf-8")
                for n, text in enumerate(texts, 1):
                    xml = xml.replace(f'name="Chart {n}"', f'name="Chart {n}" descr={quoteattr(cell_text(text))}', 1)
                data = xml.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def _chart_rows(chart: Chart) -> list[list[str]]:
    return [[c, *map(str, row), str(sum(row))] for c, row in zip(chart.categories, chart.values, strict=True)]


def _widths(table: Table, scale: float = MIN_SCALE) -> list[tuple[float, bool]]:
    """Each column's width (Excel units) and whether it is short (never wraps). Short columns get
    their widest cell; text columns share what is left of the print budget by how much text they
    hold, so that the sheet prints at MIN_SCALE or more, fit to the page width."""
    natural, short, weight = [], [], []
    for n, column in enumerate(table.columns):
        values = [text_width(row[n]) for row in table.rows if n < len(row)]
        widest = max([*values, text_width(column) / 2, 2.0])
        short.append(widest <= SHORT_CELL)
        natural.append(widest * FULL_WIDTH + 2 if widest <= SHORT_CELL else min(max(widest, 8.0), WIDEST) * FULL_WIDTH)
        weight.append(min(max(sum(values) / (len(values) or 1), 4.0), WIDEST))
    budget = PRINT_WIDTH / scale / UNIT  # units, see PRINT_WIDTH
    room = budget - sum(w for w, s in zip(natural, short, strict=True) if s)
    wanted = sum(w for w, s in zip(natural, short, strict=True) if not s)
    if wanted <= room:
        return list(zip(natural, short, strict=True))
    # Every text column at least MIN_TEXT wide (or its natural width); the rest of the room goes to
    # the columns by how much text they hold, none beyond its natural width.
    floors = [w if s else min(w, MIN_TEXT) for w, s in zip(natural, short, strict=True)]
    left = max(room - sum(f for f, s in zip(floors, short, strict=True) if not s), 0.0)
    total = sum(k for k, s in zip(weight, short, strict=True) if not s) or 1.0
    return [
        (f if s else min(w, f + left * k / total), s) for f, w, s, k in zip(floors, natural, short, weight, strict=True)
    ]


def _print_setup(sheet: object, title: str, classification: str) -> None:
    """A4 landscape, fit to the page width over as many pages as needed, the title and 庁内限り on
    every page, page numbers below."""
    ws = sheet
    ws.page_setup.orientation = "landscape"  # type: ignore[attr-defined]
    ws.page_setup.paperSize = 9  # type: ignore[attr-defined]  # A4
    if not ws.page_setup.scale:  # type: ignore[attr-defined]  # else a scale of its own (the summary)
        ws.page_setup.fitToWidth = 1  # type: ignore[attr-defined]
        ws.page_setup.fitToHeight = 0  # type: ignore[attr-defined]
        ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    ws.print_options.horizontalCentered = True  # type: ignore[attr-defined]
    ws.page_margins.left = ws.page_margins.right = 0.4  # type: ignore[attr-defined]
    ws.oddHeader.left.text = page_header(title)  # type: ignore[attr-defined]
    if classification:
        ws.oddHeader.right.text = page_header(classification)  # type: ignore[attr-defined]
    ws.oddFooter.center.text = "&P / &N"  # type: ignore[attr-defined]


def _value(value: str) -> object:
    """A whole number as a number; everything else as text, never as a formula."""
    text = cell_text(value)
    if _INTEGER.match(text.strip()):
        return int(text)
    return text
