"""The rules of a sheet's item rows, one small function each in a registry, and the answer a row becomes.

KEY_RULES say whether a row is one of this sheet's items (or one of their indicators) as
exported (the first that fails ends the row: nothing else about it can be trusted);
ANSWER_RULES say whether its input cells can be read (all of them run, so a clerk sees every
problem of the row at once). A new rule is one new function. Every problem names the cell as
the spreadsheet shows it (K8) and the column by the sheet's own heading.

An indicator's row (指標の行) carries its item's ID and, in a hidden column, the indicator's; its
実績値, 評価 and 取組実績 become the answer's values, grades and results of that indicator, read
by the same rules as the item's fields: an empty cell keeps, （削除） empties.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, TypeVar

from actionplan.i18n import _, every_language
from actionplan.loader import Plan
from actionplan.model import Answer, Item
from actionplan.problems import Problem
from actionplan.progress import records
from actionplan.progress.records import VALUE_SEPARATORS, clean_text, split_phases
from actionplan.progress.sheets.layout import (
    CHALLENGE,
    CLEAR,
    EVIDENCE,
    ID,
    INDICATOR,
    INDICATOR_INPUTS,
    INPUTS,
    NOTE,
    PHASES,
    RATING,
    RESULT,
    SHEET_ID,
    STATUS,
    TITLE,
    VALUES,
    cell_name,
    key,
)
from actionplan.progress.sheets.read import Grid
from actionplan.text import NotANumber, csv_safe, normalise, suggest, suggest_or_list, terminal_safe
from actionplan.text import number as parse_number

# What a spreadsheet shows for a formula that failed: never an answer someone typed.
_FORMULA_ERROR = re.compile(r"^#(VALUE!|REF!|NAME\?|DIV/0!|N/A|NUM!|NULL!)$")
# What Excel makes of an ID like 1-1-1 when it opens a CSV: 2001/1/1, 2001-01-01.
_DATE_LIKE = re.compile(r"^\d{4}[/-]\d{1,2}[/-]\d{1,2}")
T = TypeVar("T")
# The answer's fields, by the column they are typed in.
TEXTS = {RESULT: "result", CHALLENGE: "challenge", EVIDENCE: "evidence", NOTE: "note"}
# An indicator row's fields of the answer (each a mapping by indicator), by the column they are typed in.
INDICATOR_COLUMNS = {VALUES: "values", RATING: "grades", RESULT: "results"}


@dataclass(frozen=True)
class Columns:
    """Where the sheet put each known heading (HEADINGS position -> column index) and how it wrote them."""

    row: int
    index: dict[int, int]
    written: list[str]
    names: tuple[str, ...]  # the headings in this run's words, for a column the sheet does not have

    def heading(self, column: int) -> str:
        """A column as the sheet's own heading names it: 項目番号 on a Japanese sheet read on an English PC."""
        at = self.index.get(column)
        if at is None or at >= len(self.written):
            return self.names[column]
        return terminal_safe(normalise(self.written[at]))


@dataclass(frozen=True)
class SheetContext:
    """What every row of one sheet is checked against: the plan, the sheet's identity, the stored answers."""

    plan: Plan
    grid: Grid
    columns: Columns
    year: int
    department: str  # the 主管課 now (a sheet made before a 組織改正 names the old one)
    identity: str  # the 調査票ID every row carries
    stored: dict[str, Answer]  # this 主管課's answers of the year, by item
    first: dict[tuple[str, str], int]  # the first row of each item ID ("") and of each of its indicators
    measured: frozenset[str]  # the items with an indicator row filled in
    graded: frozenset[str]  # the items with an indicator row's 評価 filled in
    answered_by: str
    answered_on: date

    def at(
        self, row: int, column: int, code: str, message: str, *, hint: str | None = None, item: str | None = None
    ) -> Problem:
        index = self.columns.index.get(column, self.columns.index[ID])
        return Problem(
            self.grid.display, code, message, line=row, col=index + 1, hint=hint, item=item, cell=cell_name(row, index)
        )


@dataclass(frozen=True)
class SheetRow:
    """One item row as read: its number and cells, found by heading."""

    number: int
    cells: list[str]
    columns: Columns

    def raw(self, column: int) -> str:
        index = self.columns.index.get(column)
        return "" if index is None or index >= len(self.cells) else self.cells[index]

    def text(self, column: int) -> str:
        return normalise(self.raw(column))

    @property
    def item(self) -> str:
        return self.text(ID)

    @property
    def indicator(self) -> str:
        """The indicator of an indicator's row; empty for an item's row."""
        return self.text(INDICATOR)

    @property
    def key(self) -> tuple[str, str]:
        return (self.item, self.indicator)

    @property
    def inputs(self) -> tuple[int, ...]:
        return INDICATOR_INPUTS if self.indicator else INPUTS

    def filled(self) -> bool:
        """Whether anything was typed in the input cells (a row left empty is not an answer)."""
        return any(self.raw(c).strip() for c in self.inputs)


RowRule = Callable[[SheetContext, SheetRow], Iterator[Problem]]
KEY_RULES: dict[str, RowRule] = {}
ANSWER_RULES: dict[str, RowRule] = {}


def _rule(registry: dict[str, RowRule], code: str) -> Callable[[RowRule], RowRule]:
    def register(fn: RowRule) -> RowRule:
        registry[code] = fn
        return fn

    return register


@_rule(KEY_RULES, "sheet-missing-id")
def _missing_id(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    if not row.item:
        message = _("the row has no {heading}; rows cannot be added to the sheet")
        yield ctx.at(row.number, ID, "sheet-missing-id", message.format(heading=ctx.columns.heading(ID)))


@_rule(KEY_RULES, "sheet-mixed")
def _mixed(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    if (written := row.text(SHEET_ID)) and written != ctx.identity:
        message = _("the row comes from another sheet ({sheet}); copy answers, not rows")
        yield ctx.at(row.number, SHEET_ID, "sheet-mixed", message.format(sheet=terminal_safe(written)))


@_rule(KEY_RULES, "sheet-duplicate-row")
def _duplicate(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    first = ctx.first.get(row.key, row.number)
    if first != row.number:
        message = _("{heading} {item} is given again (first in row {row})")
        heading, given = ctx.columns.heading(ID), row.item
        if row.indicator:
            heading, given = ctx.columns.heading(INDICATOR), f"{row.item} {row.indicator}"
        yield ctx.at(
            row.number,
            INDICATOR if row.indicator else ID,
            "sheet-duplicate-row",
            message.format(heading=heading, item=terminal_safe(given), row=first),
        )


@_rule(KEY_RULES, "progress-unknown-item")
def _unknown_item(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    if ctx.plan.item(row.item) is not None:
        return
    hint = suggest(row.item, [i.id for i in ctx.plan.items])
    if _DATE_LIKE.match(row.item):
        hint = _("the ID looks like a date: Excel turns 1-1-1 into a date when it opens a CSV; use the xlsx sheet")
    message = _("unknown item '{item}'").format(item=terminal_safe(row.item))
    yield ctx.at(row.number, ID, "progress-unknown-item", message, hint=hint, item=row.item)


@_rule(KEY_RULES, "sheet-key-changed")
def _title_changed(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    item = ctx.plan.item(row.item)
    if item is not None and row.indicator:
        yield from _indicator_changed(ctx, row, item)
    if item is None or row.indicator or TITLE not in ctx.columns.index:
        return
    if row.text(TITLE) in (normalise(item.title), normalise(csv_safe(item.title))):
        return
    message = _(
        "{title_heading} was changed: '{written}' (the plan says '{title}'); {id_heading} and {title_heading} must"
        " stay as exported"
    ).format(
        title_heading=ctx.columns.heading(TITLE),
        id_heading=ctx.columns.heading(ID),
        written=terminal_safe(row.raw(TITLE)),
        title=terminal_safe(item.title),
    )
    yield ctx.at(row.number, TITLE, "sheet-key-changed", message, item=row.item)


def _indicator_changed(ctx: SheetContext, row: SheetRow, item: Item) -> Iterator[Problem]:
    """An indicator row names an indicator of the item's own, and its title cell still names it."""
    own = {i.id: i for i in item.indicators if i.repeats is None}
    indicator = own.get(row.indicator)
    if indicator is None:
        message = _("{heading} '{indicator}' was changed: {item} has no such indicator to answer").format(
            heading=ctx.columns.heading(INDICATOR), indicator=terminal_safe(row.indicator), item=row.item
        )
        hint = suggest_or_list(row.indicator, list(own))
        yield ctx.at(row.number, INDICATOR, "sheet-key-changed", message, hint=hint, item=row.item)
    elif TITLE in ctx.columns.index and normalise(indicator.name) not in row.text(TITLE):
        message = _("{heading} was changed: it no longer names the indicator '{name}'; it must stay as exported")
        heading = ctx.columns.heading(TITLE)
        yield ctx.at(
            row.number, TITLE, "sheet-key-changed", message.format(heading=heading, name=indicator.name), item=row.item
        )


@_rule(KEY_RULES, "sheet-item-row-missing")
def _item_row_missing(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    if row.indicator and (row.item, "") not in ctx.first:
        message = _("the row of {item} was deleted; its indicators' rows are read with it: put it back as exported")
        yield ctx.at(row.number, ID, "sheet-item-row-missing", message.format(item=row.item), item=row.item)


@_rule(ANSWER_RULES, "sheet-formula")
def _formula(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    for column in row.inputs:
        index = ctx.columns.index.get(column)
        if index is None or (row.number, index) not in ctx.grid.formulas:
            continue
        message = _("{heading} holds a formula ({formula}), not an answer").format(
            heading=ctx.columns.heading(column), formula=terminal_safe(row.raw(column))
        )
        hint = _("type the answer itself; a text that starts with = is typed with ' in front of it")
        yield ctx.at(row.number, column, "sheet-formula", message, hint=hint, item=row.item)


@_rule(ANSWER_RULES, "sheet-formula-error")
def _formula_error(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    for column in row.inputs:
        index = ctx.columns.index.get(column)
        shown = row.raw(column).strip()
        if index is None or (row.number, index) in ctx.grid.formulas or not _FORMULA_ERROR.match(shown):
            continue
        message = _("{heading} holds a spreadsheet error ({error}), not an answer")
        hint = _("a text starting with = was taken for a formula: type it again in the text cell")
        heading = ctx.columns.heading(column)
        yield ctx.at(
            row.number,
            column,
            "sheet-formula-error",
            message.format(heading=heading, error=shown),
            hint=hint,
            item=row.item,
        )


@_rule(ANSWER_RULES, "sheet-value")
def _value(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    if (row.number, ctx.columns.index.get(VALUES, -1)) in ctx.grid.formulas:
        return
    if row.indicator:
        written = row.text(VALUES)
        found = indicator_value(written, _unit(ctx, row)) if written and not is_clear(written) else None
        problems = [found] if isinstance(found, str) else []
    else:
        values, problems = cell_values(row.raw(VALUES))
        # An old sheet's item row took every value; a sheet with indicators' rows takes each there, once.
        twice = [name for name in values if (row.item, name) in ctx.first]
        problems += [_("{name}: given in its indicator's row; write it there only").format(name=n) for n in twice]
    for message in problems:
        yield ctx.at(row.number, VALUES, "sheet-value", message, item=row.item)


@_rule(ANSWER_RULES, "sheet-indicator-cell")
def _indicator_cell(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    """What is typed in an indicator row's cells that take nothing is said, never dropped without a word."""
    if not row.indicator:
        return
    for column in INPUTS:
        if column not in INDICATOR_INPUTS and row.raw(column).strip():
            message = _("{heading} is answered in the row of {item}, not in an indicator's row").format(
                heading=ctx.columns.heading(column), item=row.item
            )
            yield ctx.at(row.number, column, "sheet-indicator-cell", message, item=row.item)


@_rule(ANSWER_RULES, "sheet-status-missing")
def _status_missing(ctx: SheetContext, row: SheetRow) -> Iterator[Problem]:
    if row.indicator:
        return  # said at the item's own row
    status = row.text(STATUS)
    kept = ctx.stored.get(row.item)
    # An answer without a status takes its 集計区分 from its indicators' grades (ratings.answer_rollup).
    graded = row.item in ctx.graded or bool(kept and kept.grades)
    if is_clear(status) and not graded:
        message = _("{heading} cannot be deleted: an answer always has one")
    elif not status and kept is None and not graded:
        message = (
            _("{heading} is empty, but the row is filled in")
            if row.filled()
            else _("{heading} is empty, but the rows of its indicators are filled in")
        )
    else:
        return
    yield ctx.at(row.number, STATUS, "sheet-status-missing", message.format(heading=ctx.columns.heading(STATUS)))


def is_clear(text: str) -> bool:
    """Whether a cell holds the mark that empties a field (（削除） / (delete)), in any language."""
    return bool(text) and key(text) in {key(form) for form in every_language(CLEAR)}


def row_problems(ctx: SheetContext, row: SheetRow) -> list[Problem]:
    """The problems of one row: the first failing key rule, or every answer rule's (empty rows have none)."""
    for rule in KEY_RULES.values():
        if found := list(rule(ctx, row)):
            return found
    if not row.filled() and (row.indicator or row.item not in ctx.measured):
        return []
    return [p for rule in ANSWER_RULES.values() for p in rule(ctx, row)]


def answer(ctx: SheetContext, row: SheetRow, indicators: list[SheetRow]) -> Answer:
    """The answer a checked row and its indicators' rows become, field by field over the stored one.

    An empty cell keeps what is stored (a sheet never blanks an answer by leaving a cell
    empty); the mark （削除） / (delete) empties the field; anything else replaces it.
    """
    # Nothing stored yet: every field starts empty (built without validation: an empty status is never kept).
    kept = ctx.stored.get(row.item) or Answer.model_construct(
        item=row.item, year=ctx.year, department=ctx.department, status=""
    )
    texts: dict[str, str] = {
        name: _field(row, c, getattr(kept, name), "", partial(_text, ctx, row, c, getattr(kept, name)))
        for c, name in TEXTS.items()
    }
    values = dict(kept.values)
    for name, value in cell_values(row.raw(VALUES))[0].items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    given: dict[str, dict[str, Any]] = {
        "values": _field(row, VALUES, values, {}, lambda: values),
        "grades": dict(kept.grades),
        "results": dict(kept.results),
    }
    for measured in indicators:
        _indicator_fields(ctx, measured, kept, given)
    return Answer(
        item=row.item,
        year=ctx.year,
        department=ctx.department,
        status=_status(row, kept),
        phases=_field(row, PHASES, kept.phases, [], lambda: split_phases([row.raw(PHASES)])),
        rating=_field(row, RATING, kept.rating, None, lambda: row.text(RATING)),
        answered_by=ctx.answered_by,
        answered_on=ctx.answered_on,
        **given,
        **texts,
    )


def _status(row: SheetRow, kept: Answer) -> str | None:
    """The 進捗区分 typed, else the stored one; none where it is emptied or was never given (the answer's
    indicators are graded: the rule before let it through)."""
    written = row.text(STATUS)
    if is_clear(written):
        return None
    return written or kept.status or None


def _indicator_fields(ctx: SheetContext, row: SheetRow, kept: Answer, given: dict[str, dict[str, Any]]) -> None:
    """An indicator row's 実績値, 評価 and 取組実績 into ``given``, by the item row's rules: an empty cell
    keeps, （削除） empties (a 実績値 that is not a number was refused by the row's rules)."""
    readers: dict[int, Callable[[], object]] = {
        VALUES: lambda: indicator_value(row.raw(VALUES), _unit(ctx, row)),
        RATING: lambda: row.text(RATING),
        RESULT: lambda: _text(ctx, row, RESULT, kept.results.get(row.indicator, "")),
    }
    for column, name in INDICATOR_COLUMNS.items():
        written = row.text(column)
        if not written:
            continue
        if is_clear(written):
            given[name].pop(row.indicator, None)
        else:
            given[name][row.indicator] = readers[column]()


def indicator_value(text: str, unit: str = "") -> float | str:
    """An indicator row's 実績値: a number as written (1,050 and １０ too), with the indicator's own unit
    or without (72% for a %, 1,320人 for 人: what Excel shows for a cell typed 72%), or what is wrong with it."""
    written = normalise(text)
    if unit and written.endswith(normalise(unit)):
        written = written.removesuffix(normalise(unit))
    try:
        return parse_number(written)
    except NotANumber:
        return _("'{text}' is not a number").format(text=terminal_safe(text))


def _unit(ctx: SheetContext, row: SheetRow) -> str:
    """The unit of the indicator a row answers ("" where the plan gives none)."""
    item = ctx.plan.item(row.item)
    indicator = next((i for i in item.indicators if i.id == row.indicator), None) if item else None
    return indicator.unit if indicator else ""


def _field(row: SheetRow, column: int, stored: T, empty: T, given: Callable[[], T]) -> T:
    """One field from its cell: stored when the cell is empty, ``empty`` for （削除）, else what was typed."""
    written = row.text(column)
    if not written:
        return stored
    return empty if is_clear(written) else given()


def _text(ctx: SheetContext, row: SheetRow, column: int, kept: str) -> str:
    text = clean_text(row.raw(column))
    # A text we wrote as '=… to keep a spreadsheet from running it reads back as it was
    # stored (``kept``); a quote the user typed is kept (csv_safe never writes '' before it).
    if ctx.grid.csv and text != kept and text == clean_text(csv_safe(kept)):
        return kept
    return text


def cell_values(text: str) -> tuple[dict[str, float | None], list[str]]:
    """The 指標の実績値 cell by records.parse_values (the one reader), and `id=（削除）`: None, to empty it.

    `id=` alone keeps what is stored (the sheet prints every indicator so for the 主管課 to fill in).
    """
    kept, cleared = [], []
    for entry in VALUE_SEPARATORS.split(unicodedata.normalize("NFKC", text)):
        name, sep, number = (part.strip() for part in entry.partition("="))
        if sep and name and is_clear(number):
            cleared.append(name)
        elif not is_clear(entry.strip()):
            kept.append(entry)
    parsed = records.parse_values(kept)
    values: dict[str, float | None] = {**parsed.numbers}
    problems = list(parsed.problems)
    for name in cleared:
        if name in values or name in parsed.empty:
            problems.append(_("{name}: given twice").format(name=terminal_safe(name)))
        values[name] = None
    return values, problems
