"""The survey sheet as an xlsx workbook that prints legibly on A4: the sheet, its 記入要領, the drop-down lists.

Printed as Excel and LibreOffice print it, at 100 %: the columns are sized to fit A4 landscape
in either program, so body text prints at SHEET_FONT points. Each item is a block of two rows, its
row of cells and a grey row to read under it (内容, 前年度の回答, 他の主管課の回答), and a page
break never falls inside a block. Row heights are set from the text (Excel does not grow a row
it did not size itself; LibreOffice would, so the two programs print alike). Every page is
headed with the year, the 主管課 and 「n / N ページ」, the heading row repeated.

openpyxl is imported inside the functions only, so CSV work never loads it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from actionplan import fiscal
from actionplan.i18n import N_, _
from actionplan.progress.sheets.layout import (
    ANSWERED_ON,
    BY,
    CHALLENGE,
    CONTACT,
    DUE,
    EVIDENCE,
    HEADING_ROW,
    ID,
    INDICATOR,
    INDICATOR_INPUTS,
    INPUTS,
    LABEL,
    LAST_VALUE,
    LISTS_TITLE,
    NOTE,
    PHASES,
    PLANNED,
    RATING,
    RESULT,
    SHEET_ID,
    SHEET_TITLE,
    STATUS,
    TARGET,
    TITLE,
    VALUES,
)
from actionplan.progress.sheets.write import GUIDE_TITLE, Sheet, SheetItem
from actionplan.text import cell_text, page_header, text_width

SHEET_FONT = 10.0  # points: body text, printed at 100 % (a clerk needs 9 pt or more at arm's length)
# A wrapped line's height: 游ゴシック in Excel needs about 1.6 times the size, LibreOffice's fonts less.
SHEET_LINE = 1.6 * SHEET_FONT
INPUT_LINES = 3  # an item's row has room to type (or write by hand) at least this many lines
RESPONDENT = 24  # width of the 回答者 cell at least: 「情報政策課 高円寺太郎」 and more on one line
# Column widths in Excel's units (the width of a digit of the default font). LibreOffice without
# Excel's fonts makes a unit about 7.3 pt, Excel about 5.25 pt: the sheet is sized for the wider
# one (PAGE units fit A4 landscape within the margins), and row heights for the narrower.
PAGE = 100
WIDTHS = {
    ID: 7.5,
    LABEL: 5.5,
    TITLE: 13,
    PLANNED: 8,
    STATUS: 7.5,
    PHASES: 9,
    RATING: 6,
    TARGET: 7.5,
    LAST_VALUE: 7.5,
    VALUES: 7,
    EVIDENCE: 9,
    NOTE: 9,
}
SHARED = (RESULT, CHALLENGE)  # share what the other columns leave of the page
# What 取組実績 and 課題 keep at least: where the other columns leave less (a plan with phases, ratings and
# indicators), 根拠資料 and 庁内メモ give up to SQUEEZE each, and beyond that the page prints smaller.
SHARED_LEAST, SQUEEZE = 30.0, 2.5
LEAST_SCALE = 90  # percent: 10 pt text prints at 9 pt, still legible
GUIDE_WIDTHS = (14, 46, 12)  # 記入要領, A4 portrait
# What the page holds, in points: A4 landscape less the top and bottom margins, with a little room.
SHEET_PAGE_HEIGHT = (595.3 - 2 * 0.75 * 72) * 0.95
# Excel's limits on an input message.
PROMPT_TITLE, PROMPT = 32, 255
PAGE_OF = N_("page {page} of {pages}")
HEADER = N_("Survey sheet for {year}")
FIELD, WHAT, MEANING, ROLLUP = N_("field"), N_("what to write"), N_("meaning"), N_("rollup")
INDICATOR_FIELD = N_("field of an indicator's row")

YELLOW, GREY, BLUE = "FFF2CC", "F2F2F2", "DDEBF7"
HIDDEN = (INDICATOR, SHEET_ID)  # keys the reader needs and a clerk does not


def to_xlsx(sheet: Sheet) -> bytes:
    """A workbook to fill in and print: the sheet, the 記入要領 tab, and the hidden lists of choices."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = _(SHEET_TITLE)  # marked with N_
    guide = workbook.create_sheet(_(GUIDE_TITLE))  # marked with N_
    lists = workbook.create_sheet(_(LISTS_TITLE))  # marked with N_
    for column, words in enumerate(_choices(sheet), start=1):
        for index, word in enumerate(words, start=1):
            _set(lists.cell(row=index, column=column), word)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    widths = _widths(sheet.columns)
    _head(ws, sheet, widths)
    blocks = _entries(ws, sheet, widths)
    _prompts(ws, sheet, blocks, lists.title)
    _print_setup(ws, sheet, "landscape")
    whole = sum(widths[c] for c in sheet.columns if c not in HIDDEN)
    if whole > PAGE:  # too many columns for 100 %: smaller, never split across pages
        ws.page_setup.scale = max(LEAST_SCALE, math.floor(100 * PAGE / whole))
    ws.print_title_rows = f"{HEADING_ROW}:{HEADING_ROW}"
    ws.freeze_panes = f"C{HEADING_ROW + 1}"
    _page_breaks(ws, blocks)
    _guide(guide, sheet)
    # No password: the lock keeps keys from being changed by accident, not by intent.
    for tab in (ws, guide):
        tab.protection.sheet = True
        tab.protection.formatColumns = False
        tab.protection.formatRows = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _choices(sheet: Sheet) -> tuple[list[str], list[str], list[str]]:
    guide = sheet.guide
    return [s[0] for s in guide.statuses], [r[0] for r in guide.ratings], guide.phases


def _widths(columns: Sequence[int]) -> dict[int, float]:
    """Each visible column's width; 取組実績 and 課題 share what the others leave of the page."""
    fixed = {c: WIDTHS[c] for c in columns if c in WIDTHS}
    short = SHARED_LEAST - (PAGE - sum(fixed.values()))
    for column in (EVIDENCE, NOTE):
        if short > 0 and column in fixed:
            fixed[column] -= min(SQUEEZE, short / 2)
    left = max(24.0, PAGE - sum(fixed.values()))
    return {**fixed, RESULT: round(left * 0.52, 1), CHALLENGE: round(left * 0.48, 1)}


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]

    thin = Side(style="thin", color="999999")
    return {
        "font": Font(size=SHEET_FONT),
        "bold": Font(size=SHEET_FONT, bold=True),
        "title": Font(size=14, bold=True),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "box": Border(left=thin, right=thin, top=thin, bottom=thin),
        "yellow": PatternFill("solid", fgColor=YELLOW),
        "grey": PatternFill("solid", fgColor=GREY),
        "blue": PatternFill("solid", fgColor=BLUE),
    }


def _respondent(sheet: Sheet, widths: dict[int, float]) -> tuple[int, int]:
    """The columns (1-based) where 回答者 ends and 連絡先's cell starts: 回答者 from column B to 進捗区分
    or further, so that 「情報政策課 高円寺太郎」 fits on one line; 連絡先 to the right edge."""
    visible = [c for c in sheet.columns if c not in HIDDEN]
    wide = visible.index(STATUS) + 1
    while sum(widths[c] for c in visible[1:wide]) < RESPONDENT and wide + 2 < len(visible):
        wide += 1
    return wide, wide + 2


def _head(ws: Any, sheet: Sheet, widths: dict[int, float]) -> None:
    """Title; 提出期限; 回答者 and 連絡先 (wide cells, filled in when the sheet is issued again); a note."""
    from openpyxl.styles import Protection

    style = _styles()
    visible = [c for c in sheet.columns if c not in HIDDEN]
    last, whole = len(visible), sum(widths[c] for c in visible)
    wide, reach = _respondent(sheet, widths)
    who, contact = sheet.respondent
    _put(ws, 1, 1, sheet.title, style["title"], last)
    _put(ws, 2, 1, _(DUE), style["bold"])  # marked with N_
    _put(ws, 2, 2, sheet.due_text, style["font"], wide)
    _put(ws, 2, wide + 1, _(ANSWERED_ON), style["bold"])  # marked with N_
    _put(ws, 2, wide + 2, "", style["font"])
    answered_on = ws.cell(
        row=2, column=wide + 2
    )  # a date cell: 4/30 typed becomes a date Excel and the reader agree on
    answered_on.fill, answered_on.border, answered_on.number_format = style["yellow"], style["box"], "yyyy/m/d"
    answered_on.protection = Protection(locked=False)
    _put(ws, 3, 1, _(BY), style["bold"])  # marked with N_
    _put(ws, 3, 2, who, style["font"], wide)
    _put(ws, 3, wide + 1, _(CONTACT), style["bold"])  # marked with N_
    _put(ws, 3, reach, contact, style["font"], last)
    for column in (2, reach):
        cell = ws.cell(row=3, column=column)
        cell.fill, cell.border, cell.number_format = style["yellow"], style["box"], "@"
        cell.protection = Protection(locked=False)
    _put(ws, 4, 1, sheet.note, style["font"], last)
    span = sum(widths[c] for c in visible[1:wide])
    # The title is 14 pt: as many lines as its text takes in a column 10/14 as wide.
    ws.row_dimensions[1].height = round(_lines(sheet.title, whole * SHEET_FONT / 14) * 1.6 * 14 + 4, 1)
    label, reach_label = widths[visible[0]], widths[visible[wide]]
    ws.row_dimensions[2].height = _height(max(_lines(_(DUE), label), _lines(sheet.due_text, span)))  # marked with N_
    ws.row_dimensions[3].height = _height(
        max(
            _lines(_(BY), label),  # marked with N_
            _lines(who, span),
            _lines(_(CONTACT), reach_label),  # marked with N_
            _lines(contact, whole - span - label - reach_label),
        )
    )
    ws.row_dimensions[4].height = _height(_lines(sheet.note, whole))
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=HEADING_ROW, column=index)
        _set(cell, sheet.headings[column])
        cell.font, cell.alignment, cell.border, cell.fill = style["bold"], style["wrap"], style["box"], style["blue"]
        letter = cell.column_letter
        ws.column_dimensions[letter].width = widths.get(column, 4)
        ws.column_dimensions[letter].hidden = column in HIDDEN
    ws.row_dimensions[HEADING_ROW].height = _height(max(_lines(sheet.headings[c], widths[c]) for c in visible))


ItemRows = list[tuple[int, SheetItem, bool]]  # an item's rows to fill in: (row, what it holds, an indicator's row)


def _entries(ws: Any, sheet: Sheet, widths: dict[int, float]) -> list[ItemRows]:
    """Each item's row and its indicators' rows (inputs yellow, unlocked) and its grey row to read."""
    style = _styles()
    visible = [c for c in sheet.columns if c not in HIDDEN]
    blocks = []
    number = HEADING_ROW + 1
    for entry in sheet.entries:
        block = [(number + n, row, n > 0) for n, row in enumerate((entry, *entry.indicators))]
        for row, cells, measured in block:
            _row(ws, sheet, row, cells, INDICATOR_INPUTS if measured else INPUTS, widths)
        number += len(block)
        reference = "\n".join(entry.reference)
        _put(ws, number, 2, reference, style["font"], len(visible))
        for index in range(1, len(visible) + 1):
            cell = ws.cell(row=number, column=index)
            cell.fill, cell.border = style["grey"], style["box"]
        ws.row_dimensions[number].height = _height(_lines(reference, sum(widths[c] for c in visible[1:])))
        blocks.append(block)
        number += 1
    return blocks


def _row(ws: Any, sheet: Sheet, number: int, entry: SheetItem, inputs: Sequence[int], widths: dict[int, float]) -> None:
    """One row to fill in: its cells as text, ``inputs`` not closed for it yellow and unlocked."""
    from openpyxl.styles import Protection

    style = _styles()
    height = INPUT_LINES
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=number, column=index)
        value = entry.cells.get(column, "")
        _set(cell, value)
        cell.font, cell.alignment, cell.border = style["font"], style["wrap"], style["box"]
        cell.number_format = "@"  # typed 4/1 stays text, never a date
        if column in inputs and column not in entry.closed:
            cell.protection = Protection(locked=False)
            cell.fill = style["yellow"]
        if column not in HIDDEN:
            height = max(height, _lines(value, widths[column]))
    ws.row_dimensions[number].height = _height(height)


def _prompts(ws: Any, sheet: Sheet, blocks: list[ItemRows], lists: str) -> None:
    """The 記入要領 text of each input column as its cells' input message; drop-downs for the word lists.

    An indicator's row has prompts of its own (its 実績値, 評価 and 取組実績), and the same drop-down of 評価.
    """
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    rows = [row for block in blocks for row in block]
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        for measured in (False, True):
            cells = [
                f"{letter}{number}"
                for number, entry, kind in rows
                if kind == measured
                and column in (INDICATOR_INPUTS if measured else INPUTS)
                and column not in entry.closed
            ]
            if cells:
                rule = _rule(sheet, column, measured, lists)
                ws.add_data_validation(rule)
                for cell in cells:
                    rule.add(cell)
    for column in (2, _respondent(sheet, _widths(sheet.columns))[1]):
        rule = _validation(_(BY) if column == 2 else _(CONTACT), sheet.guide.respondent)  # marked with N_
        ws.add_data_validation(rule)
        rule.add(f"{get_column_letter(column)}3")


def _rule(sheet: Sheet, column: int, measured: bool, lists: str) -> Any:
    """The input message of a column's cells (of an item's rows or of its indicators'), with its drop-down."""
    statuses, ratings, phases = _choices(sheet)
    lists_of = {
        STATUS: ("A", statuses, _("Choose a status from the list."), "stop"),
        RATING: ("B", ratings, _("Choose a rating from the list."), "stop"),
        PHASES: (
            "C",
            phases,
            _("This phase is not in the list. Several phases may be typed, separated by / or a comma."),
            "warning",
        ),
    }
    heading = sheet.headings[column]
    if measured:
        title = _("{field}: {value}").format(field=_("indicator"), value=heading)
        rule = _validation(title, indicator_prompt(sheet, column))
    else:
        rule = _validation(heading, prompt(sheet, column))
    if column in lists_of and lists_of[column][1]:
        letter, words, error, kind = lists_of[column]
        rule.type = "list"
        rule.formula1 = f"'{lists}'!${letter}$1:${letter}${len(words)}"
        rule.showErrorMessage, rule.errorStyle, rule.errorTitle, rule.error = True, kind, heading, error
    return rule


def _validation(title: str, text: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    return DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle=_cut(title, PROMPT_TITLE), prompt=_cut(text, PROMPT)
    )


def prompt(sheet: Sheet, column: int) -> str:
    """What to write in a column, as the 記入要領 says it; with the meaning of each word of a list."""
    guide = sheet.guide
    text = guide.columns[column]
    if column == STATUS:
        meaning = _("{status}: {meaning} ({rollup})")
        return "\n".join([text, *(meaning.format(status=s, meaning=m, rollup=r) for s, m, r in guide.statuses)])
    if column == RATING:
        return "\n".join([text, *(_("{field}: {value}").format(field=r, value=m) for r, m in guide.ratings)])
    return text


def indicator_prompt(sheet: Sheet, column: int) -> str:
    """What to write in an indicator row's cell; with the meaning of each rating for its 評価."""
    guide = sheet.guide
    text = guide.indicator_columns[column]
    if column == RATING:
        return "\n".join([text, *(_("{field}: {value}").format(field=r, value=m) for r, m in guide.ratings)])
    return text


def _guide(ws: Any, sheet: Sheet) -> None:
    """The 記入要領 tab, A4 portrait: the notes, what each column takes, what each 進捗区分 and 評価 means."""
    style = _styles()
    guide = sheet.guide
    for index, width in enumerate(GUIDE_WIDTHS, start=1):
        ws.column_dimensions["ABC"[index - 1]].width = width
    whole, text = sum(GUIDE_WIDTHS), sum(GUIDE_WIDTHS[1:])
    _put(ws, 1, 1, _(GUIDE_TITLE), style["title"], 3)  # marked with N_
    ws.row_dimensions[1].height = 22
    row = 2
    for note in [sheet.title, *guide.notes]:
        _put(ws, row, 1, note, style["font"], 3)
        ws.row_dimensions[row].height = _height(_lines(note, whole))
        row += 1
    # What each 進捗区分 means first: the word a clerk most needs and most often gets wrong.
    statuses = [(sheet.headings[STATUS], _(MEANING), _(ROLLUP)), *guide.statuses]  # marked with N_
    row = _table(ws, row + 1, statuses, GUIDE_WIDTHS)
    table = [(_(FIELD), _(WHAT))]  # marked with N_
    table.append((_(", ").join([_(BY), _(CONTACT)]), guide.respondent))  # marked with N_
    table += [(sheet.headings[c], prompt(sheet, c) if c == RATING else t) for c, t in guide.columns.items()]
    row = _table(ws, row + 1, table, (GUIDE_WIDTHS[0], text))
    if VALUES in sheet.columns:  # what the rows of indicators take, column by column
        measured = [(_(INDICATOR_FIELD), _(WHAT))]  # marked with N_
        measured += [
            (sheet.headings[c], indicator_prompt(sheet, c)) for c in sheet.columns if c in guide.indicator_columns
        ]
        _table(ws, row + 1, measured, (GUIDE_WIDTHS[0], text))
    _print_setup(ws, sheet, "portrait")


def _table(ws: Any, row: int, table: Sequence[Sequence[str]], widths: Sequence[float]) -> int:
    """A table of two or three columns from ``row`` (a two-column one spans the third); the next free row."""
    style = _styles()
    for number, values in enumerate(table):
        for index, value in enumerate(values, start=1):
            span = 3 if index == len(values) else index
            _put(ws, row, index, value, style["bold"] if number == 0 else style["font"], span)
            for column in range(index, span + 1):
                ws.cell(row=row, column=column).border = style["box"]
                if number == 0:
                    ws.cell(row=row, column=column).fill = style["blue"]
        ws.row_dimensions[row].height = _height(max(_lines(v, w) for v, w in zip(values, widths, strict=True)))
        row += 1
    return row


def _print_setup(ws: Any, sheet: Sheet, orientation: str) -> None:
    """A4 at 100 % (never shrunk to fit), margins, and each page headed: year, 主管課, 「n / N ページ」."""
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    margins = ws.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    ws.oddHeader.left.text = page_header(_(HEADER).format(year=fiscal.label(sheet.year)))  # marked with N_
    ws.oddHeader.center.text = page_header(sheet.department)
    ws.oddHeader.right.text = _(PAGE_OF).format(page="&P", pages="&N")  # marked with N_


def _page_breaks(ws: Any, blocks: list[ItemRows]) -> None:
    """Breaks between items so that an item's rows and the row to read under them print on one page."""
    from openpyxl.worksheet.pagebreak import Break  # type: ignore[import-untyped]

    def height(row: int) -> float:
        return float(ws.row_dimensions[row].height or SHEET_LINE)

    heading = height(HEADING_ROW)
    used = sum(height(r) for r in range(1, HEADING_ROW + 1))
    for block in blocks:
        first, last = block[0][0], block[-1][0] + 1  # the grey row under the last
        size = sum(height(r) for r in range(first, last + 1))
        if used + size > SHEET_PAGE_HEIGHT and used > heading and block is not blocks[0]:
            ws.row_breaks.append(Break(id=first - 1))
            used = heading
        used += size


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell takes in Excel (the narrower of the two programs): ``width`` in Excel's units."""
    points = (math.floor(width * 7 + 5) * 0.75) - 4  # 7 px a unit, 5 px padding, 96 px an inch; the cell's inset
    per_line = max(1.0, points / SHEET_FONT)
    total = 0
    for line in text.split("\n"):
        # A wide character is SHEET_FONT points; a narrow one about half, with a little room for breaks at words.
        total += max(1, math.ceil(text_width(line, ambiguous_wide=True) / per_line))
    return total


def _height(count: int) -> float:
    return min(409.0, round(count * SHEET_LINE + 4, 1))


def _put(ws: Any, row: int, column: int, value: str, font: Any, last: int | None = None) -> None:
    """A wrapped text cell, merged across to column ``last``."""
    from openpyxl.styles import Alignment

    cell = ws.cell(row=row, column=column)
    _set(cell, value)
    cell.font = font
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if last is not None and last > column:
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=last)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _set(cell: Any, value: str) -> None:
    # Always text: openpyxl would store "=…" as a formula, and an ID must never become a number.
    cell.value = cell_text(value)
    cell.data_type = "s"
