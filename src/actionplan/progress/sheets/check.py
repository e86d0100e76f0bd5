"""Checking a read sheet against the plan: the answers its rows hold and every problem of every row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from actionplan import fiscal
from actionplan.i18n import _, every_language
from actionplan.loader import Plan
from actionplan.model import Answer, Labels
from actionplan.problems import Problem, Result
from actionplan.progress.records import check_input
from actionplan.progress.sheets.layout import (
    ANSWERED_ON,
    BY,
    CONTACT,
    FORMER_HEADINGS,
    HEADINGS,
    ID,
    MARK,
    PHASES,
    RATING,
    REQUIRED,
    RESULT,
    SHEET_ID,
    STATUS,
    TITLE_FORM,
    VALUES,
    cell_name,
    every_form,
    headings,
    key,
    sheet_id,
)
from actionplan.progress.sheets.read import Grid
from actionplan.progress.sheets.rows import (
    INDICATOR_COLUMNS,
    KEY_RULES,
    Columns,
    SheetContext,
    SheetRow,
    answer,
    row_problems,
)
from actionplan.query import QueryError, department_now
from actionplan.text import file_names, normalise, terminal_safe

# Where a problem check_input finds in an answer is shown: the column of the field.
PLACE = {
    "progress-status": STATUS,
    "unknown-phase": PHASES,
    "progress-phase-twice": PHASES,
    "progress-rating": RATING,
    "progress-rating-computed": RATING,
    "progress-indicator": VALUES,
    "progress-text": RESULT,
}
# An indicator's value, grade or result found wrong is shown in the indicator's row.
PLACE_INDICATOR = {name: column for column, name in INDICATOR_COLUMNS.items()}


@dataclass(frozen=True)
class Filled:
    """A row that was filled in and passed every check, the answer it becomes, and the stored one it
    was merged over (None: none was stored), which the store checks is still what the file holds."""

    row: int
    answer: Answer
    before: Answer | None = None


@dataclass(frozen=True)
class Checked:
    """A sheet read against the plan: year, 主管課, good rows, rows left empty."""

    display: str
    year: int | None
    department: str | None
    filled: list[Filled]
    blank: int


@dataclass(frozen=True)
class Identity:
    """Whose sheet it is, as its 調査票ID says: the cell it was read from, the year and the 主管課 written."""

    row: int
    column: int
    year_text: str
    department: str


def check(
    plan: Plan, grid: Grid, *, today: date, answered_by: str | None = None, answered_on: date | None = None
) -> Result[Checked]:
    """Check every row of a sheet against the plan: every problem of every row, each at its cell (K8).

    Rows with nothing in the input cells were not filled in and are counted, not read. Who
    answered and when come from the sheet's 回答者 and 回答日 cells, else from ``answered_by``
    and ``answered_on``, else the 主管課 and ``today``.
    """
    head = _context(plan, grid, today, answered_by, answered_on)
    if not isinstance(head, SheetContext):
        return head
    ctx = head
    problems = []
    blocks: dict[str, tuple[SheetRow, list[SheetRow]]] = {}  # an item's row and its indicators' rows
    refused: set[str] = set()  # items with a problem in any of their rows: nothing of them is read
    for number, cells in grid.rows:
        row = SheetRow(number, cells, ctx.columns)
        if number <= ctx.columns.row or not any(c.strip() for c in cells):
            continue
        if not row.item and not row.filled():
            continue  # the row to read under an item (内容, 前年度の回答 …): nothing to import
        found = row_problems(ctx, row)
        problems += found
        if any(p.code in KEY_RULES for p in found):
            continue  # not a row of this sheet's item as exported: said, and not read with the item's
        if found:
            refused.add(row.item)
        elif row.indicator and row.item in blocks:
            blocks[row.item][1].append(row)
        elif not row.indicator:
            blocks[row.item] = (row, [])
    candidates: list[tuple[SheetRow, Answer]] = []
    blank = 0
    for item, (row, indicators) in blocks.items():
        if item in refused:
            continue
        if row.filled() or any(r.filled() for r in indicators):
            candidates.append((row, answer(ctx, row, indicators)))
        else:
            blank += 1
    verdicts = check_input(plan, [a for _row, a in candidates], today)
    filled = []
    for (row, given), found in zip(candidates, verdicts, strict=True):
        problems += [_placed(ctx, row, blocks[row.item][1], p) for p in found]
        if not found:
            filled.append(Filled(row.number, given, ctx.stored.get(given.item)))
    checked = Checked(grid.display, ctx.year, ctx.department, filled, blank)
    return Result(checked, sorted(problems, key=lambda p: p.sort_key))


def _placed(ctx: SheetContext, row: SheetRow, indicators: list[SheetRow], found: Problem) -> Problem:
    """A problem check_input found in an answer, at the cell it comes from: an indicator's in its row."""
    loc = found.loc or ()
    at = next((r for r in indicators if len(loc) > 1 and loc[0] in PLACE_INDICATOR and r.indicator == loc[1]), None)
    if at is not None:
        row, column = at, PLACE_INDICATOR[str(loc[0])]
    else:
        column = PLACE.get(found.code, ID)
    message = _("{heading}: {message}").format(heading=ctx.columns.heading(column), message=found.message)
    return ctx.at(row.number, column, found.code, message, hint=found.hint, item=row.item)


def _context(
    plan: Plan, grid: Grid, today: date, answered_by: str | None, answered_on: date | None
) -> SheetContext | Result[Checked]:
    """What the rows are checked against, or the sheet's result when the sheet as a whole is refused."""
    columns = _headings(grid, plan.meta.labels)
    if columns is None:
        names = headings(plan.meta.labels)
        message = _("not a progress sheet of actionplan: no heading row with {headings}").format(
            headings=" | ".join(names[i] for i in REQUIRED)
        )
        return _refused(grid, None, None, [_at(grid, 1, 0, "sheet-format", message)])
    identity = _identity(grid, columns, plan.meta.labels)
    if isinstance(identity, Problem):
        return _refused(grid, None, None, [identity])
    at = columns.index[SHEET_ID]

    def problem(code: str, message: str, hint: str | None = None) -> Problem:
        return _at(grid, identity.row, at, code, message, hint)

    year, problems = _sheet_year(plan, identity.year_text, today)
    department = identity.department
    try:  # the one resolver: a sheet made before a 組織改正 follows the rename; the plan's office answers too
        department, _note = department_now(plan, department)
    except QueryError as exc:
        problems.append(("sheet-department", terminal_safe(exc.problem), exc.hint))
    if year is not None and not problems:  # an unknown 主管課 is said once, not again as a disagreement
        problems += _disagreements(plan, grid, columns, year, identity.department)
    if year is None or problems:
        return _refused(grid, year, department, [problem(*p) for p in problems])
    answered = _answered(grid, columns.row, answered_by or department, answered_on or today)
    if isinstance(answered, Problem):
        return _refused(grid, year, department, [answered])
    who, when = answered
    first, measured, graded = _first_rows(grid, columns, sheet_id(year, identity.department))
    return SheetContext(
        plan=plan,
        grid=grid,
        columns=columns,
        year=year,
        department=department,
        identity=sheet_id(year, identity.department),
        stored={a.item: a for found in plan.answers_for(year).values() for a in found if a.department == department},
        first=first,
        measured=measured,
        graded=graded,
        answered_by=who,
        answered_on=when,
    )


def _refused(grid: Grid, year: int | None, department: str | None, problems: list[Problem]) -> Result[Checked]:
    """The result of a sheet refused as a whole: what it says of itself, no rows."""
    return Result(Checked(grid.display, year, department, [], 0), sorted(problems, key=lambda p: p.sort_key))


def _first_rows(
    grid: Grid, columns: Columns, identity: str
) -> tuple[dict[tuple[str, str], int], frozenset[str], frozenset[str]]:
    """The first row of each item ID (and of each indicator of it) among this sheet's own rows: a second
    is a duplicate; the items with an indicator's row filled in, and those with an indicator graded."""
    first: dict[tuple[str, str], int] = {}
    measured: set[str] = set()
    graded: set[str] = set()
    for number, cells in grid.rows:
        row = SheetRow(number, cells, columns)
        if number > columns.row and row.item and row.text(SHEET_ID) in ("", identity):
            first.setdefault(row.key, number)
            if row.indicator and row.filled():
                measured.add(row.item)
            if row.indicator and row.text(RATING):
                graded.add(row.item)
    return first, frozenset(measured), frozenset(graded)


def _headings(grid: Grid, labels: Labels) -> Columns | None:
    """The heading row and where each known heading is; the first row that has the required ones.

    A heading may read as in any language, with the plan's words or the default ones (項目番号,
    取組番号, item ID), whatever the language of this run: a sheet made in Japanese imports on
    an English PC and the other way round.
    """
    known: dict[str, int] = {}
    for number, message in [*enumerate(HEADINGS), *((n, m) for m, n in FORMER_HEADINGS.items())]:
        for form in sorted(every_form(message, labels)):
            known.setdefault(form, number)
    for number, row in grid.rows[:50]:
        found: dict[int, int] = {}
        for index, text in enumerate(row):
            column = known.get(key(text))
            if column is not None and column not in found:
                found[column] = index
        if all(column in found for column in REQUIRED):
            return Columns(number, found, row, headings(labels))
    return None


def _identity(grid: Grid, columns: Columns, labels: Labels) -> Identity | Problem:
    """Year and 主管課 from the first 調査票ID cell (every item row has one; rows of another sheet are sheet-mixed)."""
    column = columns.index[SHEET_ID]
    heading = columns.heading(SHEET_ID)
    for number, row in grid.rows:
        if number <= columns.row or column >= len(row) or not row[column].strip():
            continue
        parts = normalise(row[column]).split(" ", 2)
        if len(parts) == 3 and parts[0] == MARK:
            return Identity(number, column, parts[1], parts[2])
        message = _("the {heading} '{written}' was changed; it must read '{mark} <year> <{department}>'").format(
            heading=heading, written=terminal_safe(row[column]), mark=MARK, department=labels.term("department")
        )
        return _at(grid, number, column, "sheet-format", message)
    message = _("no row has a {heading}: the sheet has no items, or the column was emptied").format(heading=heading)
    return _at(grid, columns.row, column, "sheet-format", message)


def _at(grid: Grid, row: int, column: int, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(grid.display, code, message, line=row, col=column + 1, hint=hint, cell=cell_name(row, column))


Found = list[tuple[str, str, str | None]]  # (code, message, hint) at the 調査票ID cell


def _disagreements(plan: Plan, grid: Grid, columns: Columns, year: int, department: str) -> Found:
    """A 調査票ID edited to another 主管課 or year: the file name and the title still say whose sheet it is.

    The file name is compared when it has the form the sheets are written with
    (令和2年度_防災課_進捗状況調査票.xlsx); the title when row 1 reads as a title in any language.
    """
    said = _("{year} {department}").format(year=fiscal.short(year), department=department)
    found: Found = []
    named = _named_by_file(grid.name)
    if named is not None and named != (fiscal.era_name(year), _file_word(plan, department)):
        where = _("the file name {name}").format(name=terminal_safe(grid.name))
        found.append(("sheet-identity", _identity_message(columns, said, where), _identity_hint()))
    titled = _named_by_title(grid, columns.row)
    if titled is not None and (normalise(titled[1]) != department or str(year) not in titled[0]):
        where = _("the title '{title}'").format(title=terminal_safe(titled[2]))
        found.append(("sheet-identity", _identity_message(columns, said, where), _identity_hint()))
    return found


def _identity_message(columns: Columns, said: str, where: str) -> str:
    return _("the {heading} says {sheet}, but {where} does not; the sheet is not imported").format(
        heading=columns.heading(SHEET_ID), sheet=said, where=where
    )


def _identity_hint() -> str:
    return _("a department answers on its own sheet: put the sheet ID back as exported, or ask for the right sheet")


_FILE_NAME = re.compile(r"^(?P<era>[^_]+)_(?P<word>.+)_進捗状況調査票")


def _named_by_file(name: str) -> tuple[str, str] | None:
    """(era, 主管課 word) of a file named as sheets are written; None for a file named otherwise."""
    match = _FILE_NAME.match(Path(name).stem)
    return (match["era"], match["word"]) if match else None


def _file_word(plan: Plan, department: str) -> str:
    """The 主管課 as the sheet's file name writes it (text.file_names over the plan's departments)."""
    return file_names([*plan.meta.departments, department])[department]  # as `progress sheets` names it


def _named_by_title(grid: Grid, heading_row: int) -> tuple[str, str, str] | None:
    """(year, 主管課, title) from a title row above the headings, read in any language; None without one."""
    for form in every_language(TITLE_FORM):
        parts = re.split(r"\{(year|department|plan)\}", form)
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(parts))
        for number, row in grid.rows:
            if number >= heading_row:
                break
            text = normalise(row[0]) if row else ""
            if match := re.fullmatch(pattern, text, flags=re.DOTALL):
                return match["year"], match["department"], text
    return None


def _answered(grid: Grid, heading_row: int, by: str, on: date) -> tuple[str, date] | Problem:
    """回答者 (with 連絡先) and 回答日 from the cells to the right of their labels above the headings.

    A 回答日 that is not a date is a problem at its cell, never replaced by ``on`` without a word.
    """
    labels = {key(form): label for label in (BY, CONTACT, ANSWERED_ON) for form in every_language(label)}
    found: dict[str, tuple[int, int, str]] = {}
    for number, cells in grid.rows:
        if number >= heading_row:
            break
        for index, text in enumerate(cells[:-1]):
            if (label := labels.get(key(text))) is not None:
                found[label] = (number, index + 1, normalise(cells[index + 1]).replace("\n", " "))
    who, contact = (found[label][2] if label in found else "" for label in (BY, CONTACT))
    if who and contact:
        who = f"{who}（{contact}）"  # data, stored the same whatever the language of the run
    row, column, written = found.get(ANSWERED_ON, (0, 0, ""))
    when = _date(written) if written else on
    if when is None:
        label = _(ANSWERED_ON)  # marked with N_
        message = _("{label} '{value}' is not a date; write it as 2021/4/30").format(
            label=label, value=terminal_safe(written)
        )
        return _at(grid, row, column, "sheet-date", message)
    return who or by, when


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$")


def _date(text: str) -> date | None:
    """A date as a spreadsheet shows or stores it (2021-04-30, 2021/4/30, 2021年4月30日); None otherwise."""
    match = _DATE.match(text.strip())
    if match is None:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _sheet_year(plan: Plan, text: str, today: date) -> tuple[int | None, Found]:
    try:
        year = fiscal.parse_fiscal_year(text)
    except fiscal.FiscalYearError as exc:
        return None, [("sheet-year", str(exc), None)]
    years = plan.meta.period.years
    if year not in years:
        message = _("{year} is outside the plan").format(year=fiscal.label(year))
        period = plan.meta.period
        return None, [("progress-year", message, fiscal.covered(period.start, period.end, period.baseline))]
    if fiscal.start(year) > today:
        return None, [("progress-future", _("{year} has not begun yet").format(year=fiscal.label(year)), None)]
    return year, []
