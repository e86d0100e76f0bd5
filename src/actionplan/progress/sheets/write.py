"""Writing survey sheets: a sheet as data (build) and as CSV or xlsx bytes to fill in and print.

openpyxl is imported inside the xlsx function only, so CSV work never loads it.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from actionplan import fiscal
from actionplan.i18n import _
from actionplan.loader import Plan
from actionplan.model import Answer, Item
from actionplan.progress.ratings import computes_ratings, rating_of
from actionplan.progress.records import status_and_phases
from actionplan.progress.sheets.layout import (
    BY,
    CONTACT,
    DUE,
    HEADING_ROW,
    INPUTS,
    LISTS_TITLE,
    PHASES,
    RATING,
    SHEET_ID,
    SHEET_TITLE,
    STATUS,
    headings,
    sheet_id,
)
from actionplan.reports.items import not_stated
from actionplan.text import csv_safe, excel_csv, file_names, phases_text, terminal_safe


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

    def file_name(self, fmt: str, departments: Iterable[str]) -> str:
        # Data, the same in every language: a sheet made again on another PC replaces the file,
        # and 防災課's file is found by its name however the sheet inside speaks. The 主管課 is a
        # word, never a path: its file-name form is unique among the plan's ``departments``.
        word = file_names([*departments, self.department])[self.department]
        return f"{fiscal.era_name(self.year)}_{word}_進捗状況調査票.{fmt}"


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
