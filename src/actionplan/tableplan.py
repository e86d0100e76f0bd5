"""A ward's own table (工程表, KPI表) read into a new plan: headings found by name, nothing guessed silently.

One row per item. Each heading the table uses is matched against the words of HEADINGS (or read
as a fiscal year: 令和6年度, R6, 2024年度, 2024); two headings for one field are a problem naming
both. Every cell that cannot be read is a problem with its cell name (C7), so the clerk finds it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from actionplan import fiscal
from actionplan.i18n import N_, _
from actionplan.newplan import NewIndicator, NewItem, NewPlan, to_fill
from actionplan.problems import Problem, Result
from actionplan.progress.sheets.layout import cell_name
from actionplan.progress.sheets.read import Grid, read
from actionplan.text import NotANumber, fold, number, terminal_safe

# Field → the headings that name it, compared without spaces, width or case.
HEADINGS: dict[str, tuple[str, ...]] = {
    "number": ("番号", "no", "no.", "項目番号", "取組番号", "通し番号"),
    "title": ("取組名", "項目名", "取組", "取組項目", "事業名"),
    "department": ("主管課", "担当課", "所管課", "担当部署", "所管部署", "担当"),
    "headline": ("概要", "取組概要"),  # 概要 is the item's one-sentence headline (docs/terms.md)
    "description": ("内容", "取組内容", "説明"),
    "indicator": ("kpi", "指標", "成果指標", "kpi(指標)"),
    "target": ("目標値", "目標"),
    "baseline": ("現状値", "現状", "基準値"),
}
FIELD_NAMES = {
    "number": N_("item ID or printed number"),
    "title": N_("title"),
    "department": N_("department"),
    "headline": N_("headline"),
    "description": N_("description"),
    "indicator": N_("indicator"),
    "target": N_("target of {year}"),
    "baseline": N_("baseline"),
}
# A year marked with an arrow continues the year before's phases.
ARROWS = frozenset({"→", "⇒", "➡", "➔", "->", "=>"})
HEADING_ROWS = 20  # the heading row is looked for this far down (a title and notes may come first)
_SPLIT_PHASES = re.compile(r"\s*[／/、,\n]\s*")
_SPLIT_DEPARTMENTS = re.compile(r"\s*[、,，／/\n]\s*")
_BRACKETED = re.compile(r"^(.*?)[(](.*)[)]$")
_ID = re.compile(r"^[0-9]+-[0-9]+$")


@dataclass
class Column:
    """A heading the table uses: its cell, its text and the field it fills (``year`` for a year column)."""

    index: int
    cell: str
    heading: str
    field: str
    year: int | None = None


@dataclass
class Mapping:
    """How the table's headings were read, and the headings left unused."""

    heading_row: int
    columns: list[Column] = field(default_factory=list)
    unused: list[tuple[str, str]] = field(default_factory=list)  # (cell, heading)

    def of(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    @property
    def years(self) -> list[Column]:
        return sorted((c for c in self.columns if c.field == "year"), key=lambda c: c.year or 0)

    def field_name(self, column: Column) -> str:
        if column.field == "year":
            return _("planned phase of {year}").format(year=fiscal.label(column.year or 0))
        name = _(FIELD_NAMES[column.field])  # marked with N_
        return name.format(year=fiscal.label(column.year or 0)) if column.field == "target" else name


@dataclass
class TablePlan:
    """The plan read from a table, and how its headings were mapped."""

    plan: NewPlan
    mapping: Mapping


def read_table(path: Path, period: tuple[int, int] | None) -> tuple[Mapping | None, Result[TablePlan]]:
    """The plan a table states (``period`` where it has no year columns); every cell it cannot read is a problem."""
    sheet = read(path)
    if sheet.value is None:
        return None, Result(None, sheet.problems)
    grid = sheet.value
    found = _mapping(grid)
    if found.value is None:
        return None, Result(None, found.problems)
    mapping = found.value
    problems = list(found.problems)
    problems += _merged(path, grid, mapping)
    years = [c.year for c in mapping.years if c.year is not None]
    if years:
        start, end = min(years), max(years)
    elif period is not None:
        start, end = period
    else:
        message = _("the table has no year columns (令和6年度, R6, 2024年度 …): give the plan's years with --period")
        return mapping, Result(None, [*problems, Problem(grid.display, "table-heading", message)])
    target = mapping.of("target")
    if target is not None and target.year is None:
        target.year = end
    items = _items(grid, mapping, problems)
    if problems:
        return mapping, Result(None, problems)
    plan = NewPlan(start, end, items=items)
    plan.pillars = list(dict.fromkeys(item.id.split("-")[0] for item in items))
    plan.phases = list(dict.fromkeys(p for item in items for phases in item.schedule.values() for p in phases))
    return mapping, Result(TablePlan(plan, mapping))


def _heading_key(text: str) -> tuple[str, str]:
    """A heading compared without spaces, width or case, and the text in its brackets (目標値（R8） → 目標値, r8)."""
    key = re.sub(r"\s+", "", fold(text))
    bracketed = _BRACKETED.match(key)
    return (bracketed.group(1), bracketed.group(2)) if bracketed else (key, "")


def _year_of(text: str) -> int | None:
    try:
        return fiscal.parse_fiscal_year(text)
    except fiscal.FiscalYearError:
        return None


def _column(index: int, cell: str, heading: str) -> Column | None:
    key, inner = _heading_key(heading)
    for name, words in HEADINGS.items():
        if key in words or (inner and f"{key}({inner})" in words):
            return Column(index, cell, heading, name, _year_of(inner) if name in ("target", "baseline") else None)
    year = _year_of(key)
    if year is not None:
        return Column(index, cell, heading, "year", year)
    return None


def _mapping(grid: Grid) -> Result[Mapping]:
    """The first row (within HEADING_ROWS) that names a title column, read as the heading row."""
    for number_, cells in grid.rows[:HEADING_ROWS]:
        columns = [c for i, text in enumerate(cells) if text.strip() and (c := _column(i, cell_name(number_, i), text))]
        if any(c.field == "title" for c in columns):
            mapping = Mapping(number_, columns)
            used = {c.index for c in columns}
            mapping.unused = [
                (cell_name(number_, i), text.strip()) for i, text in enumerate(cells) if text.strip() and i not in used
            ]
            return Result(mapping, _twice(grid, mapping))
    words = _(", ").join(HEADINGS["title"][:2])
    message = _("no heading row: none of the first {rows} rows has a heading {words}").format(
        rows=HEADING_ROWS, words=words
    )
    hint = _("put one row of headings above the items, one of them 取組名 or 項目名")
    return Result(None, [Problem(grid.display, "table-heading", message, hint=hint)])


def _twice(grid: Grid, mapping: Mapping) -> list[Problem]:
    """Two headings for one field (担当課 and 所管課; R6 and 令和6年度): the tool never picks one."""
    problems = []
    seen: dict[tuple[str, int | None], Column] = {}
    for column in mapping.columns:
        first = seen.setdefault((column.field, column.year), column)
        if first is not column:
            message = _("headings {first} 「{a}」 and {second} 「{b}」 both name the {field}").format(
                first=first.cell,
                a=terminal_safe(first.heading),
                second=column.cell,
                b=terminal_safe(column.heading),
                field=mapping.field_name(column),
            )
            hint = _("rename or delete one of them")
            problems.append(Problem(grid.display, "table-heading", message, cell=column.cell, hint=hint))
    return problems


def _merged(path: Path, grid: Grid, mapping: Mapping) -> list[Problem]:
    """Merged cells below the headings: a merged span over years or items cannot be read cell by cell."""
    if grid.csv:
        return []
    from openpyxl.utils.cell import range_boundaries  # type: ignore[import-untyped]

    from actionplan.progress.sheets.read import merged_ranges

    used = {c.index for c in mapping.columns}
    problems = []
    for ref in merged_ranges(path):
        first_col, _row, last_col, last_row = range_boundaries(ref)
        if last_row > mapping.heading_row and any(first_col - 1 <= i <= last_col - 1 for i in used):
            message = _("cells {cells} are merged: each item and year is read from its own cell").format(cells=ref)
            hint = _("unmerge them and write the value in each cell (→ for a year that continues the one before)")
            problems.append(Problem(grid.display, "table-cell", message, cell=ref.split(":")[0], hint=hint))
    return problems


def _items(grid: Grid, mapping: Mapping, problems: list[Problem]) -> list[NewItem]:
    """One item per row below the headings that has anything written in a used column."""
    used = [c.index for c in mapping.columns]
    rows = [
        (n, cells)
        for n, cells in grid.rows
        if n > mapping.heading_row and any(i < len(cells) and cells[i].strip() for i in used)
    ]
    numbers = _numbers(grid, mapping, rows)
    items: list[NewItem] = []
    seen: dict[str, str] = {}
    for (n, cells), (item_id, label) in zip(rows, numbers, strict=True):
        item = _item(grid, mapping, n, cells, problems)
        if item is None:
            continue
        item.id, item.label = item_id, label
        if item_id in seen:
            message = _("item ID {id} is in rows {first} and {second}")
            message = message.format(id=item_id, first=seen[item_id], second=n)
            problems.append(Problem(grid.display, "table-cell", message, cell=_cell(mapping, "number", n)))
        seen[item_id] = str(n)
        items.append(item)
    if not rows:
        message = _("no items: no row below the headings (row {row}) holds anything").format(row=mapping.heading_row)
        problems.append(Problem(grid.display, "table-heading", message))
    return items


def _cell(mapping: Mapping, name: str, row: int) -> str | None:
    column = mapping.of(name)
    return cell_name(row, column.index) if column else None


def _text(cells: list[str], column: Column | None) -> str:
    return cells[column.index].strip() if column is not None and column.index < len(cells) else ""


def _numbers(grid: Grid, mapping: Mapping, rows: list[tuple[int, list[str]]]) -> list[tuple[str, str]]:
    """(item ID, printed number) per row: the 番号 column's values when all are IDs (1-2) or all plain
    numbers (pillar 1), else IDs 1-1, 1-2 … in row order with the printed number (①, 取組項目1) kept."""
    column = mapping.of("number")
    written = [_text(cells, column) for _n, cells in rows]
    # ① folds to 1: a circled or other number sign is a printed number to keep, never the ID itself.
    signs = any(unicodedata.category(c) == "No" for text in written for c in text)
    printed = [] if signs else [fold(text).replace(" ", "") for text in written]
    if column is not None and printed and all(_ID.match(p) for p in printed):
        return [("-".join(str(int(part)) for part in p.split("-")), "") for p in printed]
    if column is not None and printed and all(p.isdecimal() and p.isascii() for p in printed):
        return [(f"1-{int(p)}", "") for p in printed]
    return [(f"1-{i}", _text(cells, column)) for i, (_n, cells) in enumerate(rows, start=1)]


def _item(grid: Grid, mapping: Mapping, row: int, cells: list[str], problems: list[Problem]) -> NewItem | None:
    """The item of one row; None (with the problems said) where a cell cannot be read."""
    before = len(problems)
    for column in mapping.columns:
        if (row, column.index) in grid.formulas:
            message = _("cell {cell} holds a formula: the table is read as written, never computed").format(
                cell=cell_name(row, column.index)
            )
            hint = _("copy the column and paste it as values")
            problems.append(Problem(grid.display, "table-cell", message, cell=cell_name(row, column.index), hint=hint))
    title = _text(cells, mapping.of("title"))
    if not title:
        message = _("row {row} has no title").format(row=row)
        problems.append(Problem(grid.display, "table-cell", message, cell=_cell(mapping, "title", row)))
    departments = [d for d in _SPLIT_DEPARTMENTS.split(_text(cells, mapping.of("department"))) if d]
    item = NewItem(
        "",
        title,
        departments or [to_fill("主管課")],
        headline=_text(cells, mapping.of("headline")),
        description=_text(cells, mapping.of("description")),
        source=f"{grid.name} の{row}行目から読み込んだ",  # the files of a plan are in Japanese
    )
    item.schedule = _schedule(grid, mapping, row, cells, problems)
    item.indicators = _indicators(grid, mapping, row, cells)
    return item if len(problems) == before else None


def _schedule(
    grid: Grid, mapping: Mapping, row: int, cells: list[str], problems: list[Problem]
) -> dict[int, list[str]]:
    """Each year's phases as written; an arrow (→) carries the year before's phases on."""
    schedule: dict[int, list[str]] = {}
    for column in mapping.years:
        year = column.year or 0
        words = [w for w in _SPLIT_PHASES.split(_text(cells, column)) if w]
        phases: list[str] = []
        for word in words:
            if word in ARROWS:
                if not schedule.get(year - 1):
                    message = _("cell {cell}: {arrow} continues the year before, which has no phase").format(
                        cell=cell_name(row, column.index), arrow=word
                    )
                    problems.append(Problem(grid.display, "table-cell", message, cell=cell_name(row, column.index)))
                phases += [p for p in schedule.get(year - 1, []) if p not in phases]
            elif word not in phases:
                phases.append(word)
        if phases:
            schedule[year] = phases
    return schedule


def _indicators(grid: Grid, mapping: Mapping, row: int, cells: list[str]) -> list[NewIndicator]:
    """The row's indicator (指標) and its target: a number where it is one, else the words as written."""
    name = _text(cells, mapping.of("indicator"))
    target_column, baseline_column = mapping.of("target"), mapping.of("baseline")
    if not name:
        return []
    indicator = NewIndicator("kpi-1", name, target_column.year if target_column else None)
    target, unit = _amount(_text(cells, target_column))
    baseline, baseline_unit = _amount(_text(cells, baseline_column))
    # A number keeps its unit (100% → 100, %); where target and baseline disagree on it, both stay words.
    numbers = unit == baseline_unit or not isinstance(target, float) or not isinstance(baseline, float)
    indicator.unit = unit or baseline_unit if numbers else ""
    if isinstance(target, float) and numbers:
        indicator.target = target
    else:
        indicator.target_text = _text(cells, target_column)
    if isinstance(baseline, float) and numbers:
        indicator.baseline = baseline
    else:
        indicator.baseline_text = _text(cells, baseline_column)
    indicator.baseline_year = baseline_column.year if baseline_column else None
    return [indicator]


_AMOUNT = re.compile(r"^(.*?[0-9])\s*([^0-9\s.,]{1,6})$")


def _amount(written: str) -> tuple[float | str, str]:
    """A number and its unit (35% → 35.0, %; 1,000人 → 1000.0, 人), or the words as written and no unit."""
    text = fold(written).strip()
    match = _AMOUNT.match(text)
    try:
        return (number(match.group(1)), match.group(2)) if match else (number(text), "")
    except NotANumber:
        return written, ""
