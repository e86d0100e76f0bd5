"""A ward's own table (工程表, KPI表) read into a new plan: headings found by name, nothing guessed silently.

One row per item. Each heading the table uses is matched against the words of HEADING_WORDS (or read
as a fiscal year: 令和6年度, R6, 2024年度, 2024); two headings for one field are a problem naming
both. Every cell that cannot be read is a problem with its cell name (C7), so the clerk finds it.

Several indicators (KPI) a row: numbered columns (KPI1, 目標値1, KPI2, 目標値2 …; KPI2目標値 too),
or one indicator a line in one cell, its target and baseline on the same line of their cells. A
目標値 heading without a year, or a 最終目標 heading, is the final target, never given a year.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from actionplan import fiscal
from actionplan.i18n import N_, _
from actionplan.newplan import NewIndicator, NewItem, NewPlan
from actionplan.problems import Problem, Result
from actionplan.progress.sheets.layout import cell_name
from actionplan.progress.sheets.read import Grid, read
from actionplan.text import NotANumber, fold, number, terminal_safe

# Field → the headings that name it, compared without spaces, width or case.
HEADING_WORDS: dict[str, tuple[str, ...]] = {
    "number": ("番号", "no", "no.", "項目番号", "取組番号", "通し番号"),
    "title": ("取組名", "項目名", "取組", "取組項目", "事業名"),
    "department": ("主管課", "担当課", "所管課", "担当部署", "所管部署", "担当"),
    "headline": ("概要", "取組概要"),  # 概要 is the item's one-sentence headline (docs/terms.md)
    "description": ("内容", "取組内容", "説明"),
    "indicator": ("kpi", "指標", "成果指標", "kpi(指標)"),
    # 最終目標 names the final target: it never carries a year, unless one is written in its brackets.
    "target": ("目標値", "目標", "最終目標", "最終目標値"),
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
# The fields an indicator's columns fill; numbered headings (KPI2, 目標値2) make a second indicator.
INDICATOR_FIELDS = ("indicator", "target", "baseline")
# A year marked with an arrow continues the year before's phases.
ARROWS = frozenset({"→", "⇒", "➡", "➔", "->", "=>"})
HEADING_ROWS = 20  # the heading row is looked for this far down (a title and notes may come first)
_SPLIT_PHASES = re.compile(r"\s*[／/、,\n]\s*")
_SPLIT_DEPARTMENTS = re.compile(r"\s*[、,，／/\n]\s*")
_BRACKETED = re.compile(r"^(.*?)[(](.*)[)]$")
_ID = re.compile(r"^[0-9]+-[0-9]+$")
# A numbered heading, folded: kpi2, 目標値2, kpi2目標値, kpi2の目標値.
_NUMBERED = re.compile(r"^(\D*?)([0-9]+)の?(\D*)$")
# One indicator a line: a line's leading bullet is not part of the name (a hyphen only before a space:
# -5% is a number).
_BULLET = re.compile(r"^(?:[・●○◆■]|-(?=\s))\s*")
# 電子決裁率：90% — a target on the indicator's own line, read only where it is an amount.
_INLINE_TARGET = re.compile(r"^(.+?)\s*[：:]\s*([^：:]+)$")


@dataclass
class TableHeading:
    """A heading the table uses: its cell, its text and the field it fills (``year`` for a year column)."""

    index: int
    cell: str
    heading: str
    field: str
    year: int | None = None
    group: int = 1  # the indicator (KPI1, KPI2 …) an indicator, target or baseline column belongs to
    numbered: bool = False  # the heading says its group (KPI2, 目標値2)


@dataclass
class Mapping:
    """How the table's headings were read, and the headings left unused."""

    heading_row: int
    columns: list[TableHeading] = field(default_factory=list)
    unused: list[tuple[str, str]] = field(default_factory=list)  # (cell, heading)

    def of(self, name: str, group: int = 1) -> TableHeading | None:
        return next((c for c in self.columns if c.field == name and c.group == group), None)

    def all_of(self, name: str, group: int) -> list[TableHeading]:
        return [c for c in self.columns if c.field == name and c.group == group]

    @property
    def groups(self) -> list[int]:
        """The numbers of the indicator columns (KPI1, KPI2 …), 1 for unnumbered ones."""
        return sorted({c.group for c in self.columns if c.field in INDICATOR_FIELDS})

    @property
    def years(self) -> list[TableHeading]:
        return sorted((c for c in self.columns if c.field == "year"), key=lambda c: c.year or 0)

    def field_name(self, column: TableHeading) -> str:
        if column.field == "year":
            return _("planned phase of {year}").format(year=fiscal.label(column.year or 0))
        if column.field == "target" and column.year is None:
            name = _("final target (no year)")
        else:
            name = _(FIELD_NAMES[column.field])  # marked with N_
            name = name.format(year=fiscal.label(column.year or 0)) if column.field == "target" else name
        if column.field in INDICATOR_FIELDS and len(self.groups) > 1:
            if column.field == "indicator":
                return _("indicator {number}").format(number=column.group)
            return _("{field}, indicator {number}").format(field=name, number=column.group)
        return name


@dataclass
class ReadIndicator:
    """How one indicator was read: its item, the cells (and line) it came from, its target and baseline as written."""

    item: str
    indicator: str
    name: str
    cells: str
    targets: str
    baseline: str


@dataclass
class TablePlan:
    """The plan read from a table, how its headings were mapped, and how each indicator was read."""

    plan: NewPlan
    mapping: Mapping
    indicators: list[ReadIndicator] = field(default_factory=list)


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
    indicators: list[ReadIndicator] = []
    items = _items(grid, mapping, problems, indicators)
    if problems:
        return mapping, Result(None, problems)
    plan = NewPlan(start, end, items=items)
    plan.pillars = list(dict.fromkeys(item.id.split("-")[0] for item in items))
    plan.phases = list(dict.fromkeys(p for item in items for phases in item.schedule.values() for p in phases))
    return mapping, Result(TablePlan(plan, mapping, indicators))


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


def _field(key: str, inner: str) -> str | None:
    return next(
        (n for n, words in HEADING_WORDS.items() if key in words or (inner and f"{key}({inner})" in words)), None
    )


def _numbered(key: str, inner: str) -> tuple[str, int] | None:
    """An indicator's numbered heading (KPI2, 目標値2, KPI2目標値): its field and number."""
    match = _NUMBERED.match(key)
    if match is None:
        return None
    before, number_, after = match.groups()
    word = after if after and before in HEADING_WORDS["indicator"] else before if not after else ""
    name = _field(word, inner) if word else None
    return (name, int(number_)) if name in INDICATOR_FIELDS else None


def _column(index: int, cell: str, heading: str) -> TableHeading | None:
    key, inner = _heading_key(heading)
    name, group, numbered = _field(key, inner), 1, False
    if name is None and (found := _numbered(key, inner)):
        (name, group), numbered = found, True
    if name is not None:
        year = _year_of(inner) if name in ("target", "baseline") else None
        return TableHeading(index, cell, heading, name, year, group, numbered)
    year = _year_of(key)
    if year is not None:
        return TableHeading(index, cell, heading, "year", year)
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
    words = _(", ").join(HEADING_WORDS["title"][:2])
    message = _("no heading row: none of the first {rows} rows has a heading {words}").format(
        rows=HEADING_ROWS, words=words
    )
    hint = _("put one row of headings above the items, one of them 取組名 or 項目名")
    return Result(None, [Problem(grid.display, "table-heading", message, hint=hint)])


def _twice(grid: Grid, mapping: Mapping) -> list[Problem]:
    """Two headings for one field (担当課 and 所管課; R6 and 令和6年度): the tool never picks one."""
    problems = []
    seen: dict[tuple[str, int | None, int], TableHeading] = {}
    for column in mapping.columns:
        first = seen.setdefault((column.field, column.year, column.group), column)
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
    return problems + _unnumbered(grid, mapping)


def _unnumbered(grid: Grid, mapping: Mapping) -> list[Problem]:
    """Beside numbered indicator headings (KPI1, KPI2), one without a number belongs to none: never assumed 1."""
    columns = [c for c in mapping.columns if c.field in INDICATOR_FIELDS]
    if not any(c.numbered for c in columns):
        return []
    problems = []
    for column in (c for c in columns if not c.numbered):
        message = _("heading {cell} 「{heading}」 has no number, beside numbered indicator headings (KPI1, KPI2 …)")
        message = message.format(cell=column.cell, heading=terminal_safe(column.heading))
        hint = _("number it after the indicator it belongs to (目標値2 for KPI2)")
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


def _items(grid: Grid, mapping: Mapping, problems: list[Problem], read: list[ReadIndicator]) -> list[NewItem]:
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
        read += [ReadIndicator(item_id, i.id, i.name, *i.read_from) for i in item.indicators]
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


def _text(cells: list[str], column: TableHeading | None) -> str:
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
        departments,  # none for a blank cell: plan.yaml's office answers for the item (newplan)
        headline=_text(cells, mapping.of("headline")),
        description=_text(cells, mapping.of("description")),
        source=f"{grid.name} の{row}行目から読み込んだ",  # the files of a plan are in Japanese
    )
    item.schedule = _schedule(grid, mapping, row, cells, problems)
    item.indicators = _indicators(grid, mapping, row, cells, problems)
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


def _indicators(
    grid: Grid, mapping: Mapping, row: int, cells: list[str], problems: list[Problem]
) -> list[NewIndicator]:
    """The row's indicators (指標), KPI1 before KPI2, each cell's lines in order; IDs kpi-1, kpi-2 …"""
    found = [i for group in mapping.groups for i in _group(grid, mapping, group, row, cells, problems)]
    for n, indicator in enumerate(found, start=1):
        indicator.id = f"kpi-{n}"
    return found


def _lines(text: str) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in text.splitlines() if _BULLET.sub("", line).strip()]


def _group(
    grid: Grid, mapping: Mapping, group: int, row: int, cells: list[str], problems: list[Problem]
) -> list[NewIndicator]:
    """The indicators of one numbered group of columns in a row: one a line of the indicator cell, the
    target and baseline on the same line of theirs; a cell whose lines do not match is a problem."""
    name_column = mapping.of("indicator", group)
    values = [c for c in (*mapping.all_of("target", group), mapping.of("baseline", group)) if c is not None]
    names = _lines(_text(cells, name_column))
    if not names:
        stray = next((c for c in values if _text(cells, c)), None)
        if stray is not None:
            message = _("cell {cell} has a value but no indicator is named beside it").format(
                cell=cell_name(row, stray.index)
            )
            hint = _("name the indicator in the KPI column of its row, or rename the heading if it holds no target")
            problems.append(Problem(grid.display, "table-cell", message, cell=cell_name(row, stray.index), hint=hint))
        return []
    split: dict[int, list[str]] = {}
    for column in values:
        text = _text(cells, column)
        lines = [text] if len(names) == 1 and text else _lines(text)
        if lines and len(lines) != len(names):
            message = _(
                "cell {cell} does not have one line for each of the {count} indicators of {names} (it has {lines})"
            )
            where = cell_name(row, name_column.index) if name_column else ""
            message = message.format(cell=cell_name(row, column.index), lines=len(lines), count=len(names), names=where)
            problems.append(Problem(grid.display, "table-cell", message, cell=cell_name(row, column.index)))
            return []
        split[column.index] = lines
    where = cell_name(row, name_column.index) if name_column else ""
    return [_indicator(mapping, group, n, name, split, where, len(names) > 1) for n, name in enumerate(names)]


def _indicator(
    mapping: Mapping, group: int, line: int, name: str, split: dict[int, list[str]], where: str, lines: bool
) -> NewIndicator:
    """One indicator from its line of each cell: numbers where all its values are numbers of one unit."""
    targets = [(c, split[c.index][line]) for c in mapping.all_of("target", group) if split.get(c.index)]
    baseline_column = mapping.of("baseline", group)
    baseline = split[baseline_column.index][line] if baseline_column and split.get(baseline_column.index) else ""
    inline = _INLINE_TARGET.match(name)
    if not targets and inline and isinstance(_amount(inline.group(2))[0], float):
        # No target column beside it: the target on the line has no year, so it is the final target.
        name, targets = inline.group(1), [(TableHeading(-1, where, "", "target", None, group), inline.group(2))]
    amounts = [_amount(text) for _c, text in targets] + ([_amount(baseline)] if baseline else [])
    units = {unit for value, unit in amounts if isinstance(value, float)}
    numbers = len(units) <= 1  # 100% beside 35人 (or beside 35): both stay words, as written
    unit, kind = _kind(next(iter(units), "") if numbers else "")
    indicator = NewIndicator("", name, unit=unit, kind=kind)
    for column, text in targets:
        value = _amount(text)[0]
        indicator.set_target(column.year, value if isinstance(value, float) and numbers else text)
    stated = _amount(baseline)[0] if baseline else None
    if isinstance(stated, float) and numbers:
        indicator.baseline = stated
    else:
        indicator.baseline_text = baseline
    indicator.baseline_year = baseline_column.year if baseline_column else None
    at = _("{cell}, line {line}").format(cell=where, line=line + 1) if lines else where
    shown = [_("{field}: {value}").format(field=mapping.field_name(c), value=t) for c, t in targets]
    indicator.read_from = (at, _(", ").join(shown), baseline)
    return indicator


def _kind(unit: str) -> tuple[str, str | None]:
    """How a value counts where its unit says so: 人(累計) is a count of 人 so far (cumulative, unit 人),
    件/年 a count in one year (per_year, the unit kept as plans print it: 1,000人/年)."""
    if unit.endswith("(累計)"):  # folded: 人（累計） too
        return unit.removesuffix("(累計)"), "cumulative"
    return unit, "per_year" if unit.endswith("/年") else None


_AMOUNT = re.compile(r"^(.*?[0-9])\s*([^0-9\s.,]{1,6})$")


def _amount(written: str) -> tuple[float | str, str]:
    """A number and its unit (35% → 35.0, %; 1,000人 → 1000.0, 人), or the words as written and no unit."""
    text = fold(written).strip()
    match = _AMOUNT.match(text)
    try:
        return (number(match.group(1)), match.group(2)) if match else (number(text), "")
    except NotANumber:
        return written, ""
