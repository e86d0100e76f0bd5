"""Checking a read sheet against the plan: the answers its rows hold and every problem of every row."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from actionplan import fiscal
from actionplan.i18n import _, every_language
from actionplan.loader import Plan
from actionplan.model import Answer, Labels
from actionplan.problems import Problem, Result
from actionplan.progress.records import check_input, clean_text, parse_values, split_phases
from actionplan.progress.sheets.layout import (
    BY,
    CHALLENGE,
    CONTACT,
    EVIDENCE,
    FORMER_HEADINGS,
    HEADINGS,
    ID,
    INPUTS,
    MARK,
    NOTE,
    PHASES,
    RATING,
    REQUIRED,
    RESULT,
    SHEET_ID,
    STATUS,
    TITLE,
    VALUES,
    every_form,
    headings,
    key,
    sheet_id,
)
from actionplan.progress.sheets.read import Grid
from actionplan.query import department_now
from actionplan.text import csv_safe, normalise, suggest, terminal_safe

# What a spreadsheet shows for a formula that failed: never an answer someone typed.
_FORMULA_ERROR = re.compile(r"^#(VALUE!|REF!|NAME\?|DIV/0!|N/A|NUM!|NULL!)$")
# What Excel makes of an ID like 1-1-1 when it opens a CSV: 2001/1/1, 2001-01-01.
_DATE_LIKE = re.compile(r"^\d{4}[/-]\d{1,2}[/-]\d{1,2}")


@dataclass(frozen=True)
class Filled:
    """A row that was filled in and passed every check, and the answer it becomes."""

    row: int
    answer: Answer


@dataclass(frozen=True)
class Checked:
    """A sheet read against the plan: year, 主管課, good rows, rows left empty."""

    display: str
    year: int | None
    department: str | None
    filled: list[Filled]
    blank: int


def check(plan: Plan, grid: Grid, *, today: date, answered_by: str | None = None) -> Result[Checked]:
    """Check every row of a sheet; all problems of all rows, each with its row and column.

    Rows with nothing in the input columns were not filled in and are skipped.
    """
    problems: list[Problem] = []

    def at(row: int, column: int, code: str, message: str, hint: str | None = None, item: str | None = None) -> None:
        problems.append(Problem(grid.display, code, message, line=row, col=column + 1, hint=hint, item=item))

    def done(year: int | None = None, department: str | None = None) -> Result[Checked]:
        return Result(Checked(grid.display, year, department, [], 0), sorted(problems, key=lambda p: p.sort_key))

    labels = plan.meta.labels
    names = headings(labels)
    heading_row, columns = _headings(grid, labels)
    if heading_row is None:
        at(
            1,
            0,
            "sheet-format",
            _("not a progress sheet of actionplan: no heading row with {headings}").format(
                headings=" | ".join(names[i] for i in REQUIRED)
            ),
        )
        return done()
    # A problem names a column as the sheet's own heading does: 項目番号 on a Japanese sheet read on an English PC.
    written = dict(grid.rows)[heading_row]

    def shown(column: int) -> str:
        return terminal_safe(_norm(written[columns[column]])) if column in columns else names[column]

    identity = _identity(grid, heading_row, columns[SHEET_ID], shown(SHEET_ID), labels, at)
    if identity is None:
        return done()
    id_row, year_text, sheet_department = identity
    year = _sheet_year(plan, year_text, today, lambda code, message: at(id_row, columns[SHEET_ID], code, message))
    department = sheet_department
    if department not in plan.meta.departments and department in {r.old for r in plan.meta.renamed}:
        department, _note = department_now(plan, department)  # a sheet made before a 組織改正
    if department not in plan.meta.departments:
        at(
            id_row,
            columns[SHEET_ID],
            "sheet-department",
            _("unknown department '{name}'").format(name=terminal_safe(department)),
            suggest(department, plan.meta.departments),
        )
    if year is None or problems:
        return done(year, department)
    by = _answered_by(grid, heading_row) or answered_by or department
    candidates: list[tuple[int, Answer, dict[int, int]]] = []
    seen: dict[str, int] = {}
    stored = {i: a for i, found in plan.answers_for(year).items() for a in found if a.department == department}
    blank = 0
    for number, row in grid.rows:
        if number <= heading_row or not any(c.strip() for c in row):
            continue

        def cell(column: int, row: list[str] = row) -> str:
            index = columns.get(column)
            if index is None or index >= len(row):
                return ""
            return row[index]

        item_id = _norm(cell(ID))
        if not item_id and not any(cell(c).strip() for c in INPUTS):
            continue  # the row to read under an item (内容, 前年度の回答 …): nothing to import
        if not item_id:
            at(
                number,
                columns[ID],
                "sheet-missing-id",
                _("the row has no {heading}; rows cannot be added to the sheet").format(heading=shown(ID)),
            )
            continue
        if (row_id := _norm(cell(SHEET_ID))) and row_id != sheet_id(year, sheet_department):
            at(
                number,
                columns[SHEET_ID],
                "sheet-mixed",
                _("the row comes from another sheet ({sheet}); copy answers, not rows").format(
                    sheet=terminal_safe(row_id)
                ),
            )
            continue
        if item_id in seen:
            at(
                number,
                columns[ID],
                "sheet-duplicate-row",
                _("{heading} {item} is given again (first in row {row})").format(
                    heading=shown(ID), item=terminal_safe(item_id), row=seen[item_id]
                ),
            )
            continue
        seen[item_id] = number
        item = plan.item(item_id)
        if item is None:
            hint = suggest(item_id, [i.id for i in plan.items])
            if _DATE_LIKE.match(item_id):
                hint = _(
                    "the ID looks like a date: Excel turns 1-1-1 into a date when it opens a CSV; use the xlsx sheet"
                )
            at(
                number,
                columns[ID],
                "progress-unknown-item",
                _("unknown item '{item}'").format(item=terminal_safe(item_id)),
                hint=hint,
                item=item_id,
            )
            continue
        if TITLE in columns and _norm(cell(TITLE)) not in (_norm(item.title), _norm(csv_safe(item.title))):
            at(
                number,
                columns[TITLE],
                "sheet-key-changed",
                _(
                    "{title_heading} was changed: '{written}' (the plan says '{title}');"
                    " {id_heading} and {title_heading} must stay as exported"
                ).format(
                    title_heading=shown(TITLE),
                    id_heading=shown(ID),
                    written=terminal_safe(cell(TITLE)),
                    title=terminal_safe(item.title),
                ),
                item=item_id,
            )
            continue
        status = _norm(cell(STATUS))
        phases = split_phases([cell(PHASES)])
        texts = {
            f: clean_text(cell(c))
            for f, c in (("result", RESULT), ("challenge", CHALLENGE), ("evidence", EVIDENCE), ("note", NOTE))
        }
        if grid.csv and (before := stored.get(item_id)) is not None:
            # A text we wrote as '=… to keep a spreadsheet from running it reads back as it was
            # stored; a quote the user typed is kept (csv_safe never writes '' before it).
            for name, text in texts.items():
                kept = getattr(before, name)
                if text != kept and text == clean_text(csv_safe(kept)):
                    texts[name] = kept
        rating = _norm(cell(RATING)) or None
        parsed = parse_values([cell(VALUES)])  # an indicator left as "id=" is not answered
        values, value_problems = parsed.numbers, parsed.problems
        if not (status or phases or rating or values or any(texts.values())):
            blank += 1
            continue
        for message in value_problems:
            at(number, columns[VALUES], "sheet-value", message, item=item_id)
        broken = [c for c in INPUTS if c in columns and _FORMULA_ERROR.match(cell(c).strip())]
        for column in broken:
            at(
                number,
                columns[column],
                "sheet-formula-error",
                _("{heading} holds a spreadsheet error ({error}), not an answer").format(
                    heading=shown(column), error=cell(column).strip()
                ),
                hint=_("a text starting with = was taken for a formula: type it again in the text cell"),
                item=item_id,
            )
        if broken:
            continue
        if not status:
            at(
                number,
                columns[STATUS],
                "sheet-status-missing",
                _("{heading} is empty, but the row is filled in").format(heading=shown(STATUS)),
                item=item_id,
            )
            continue
        answer = Answer(
            item=item_id,
            year=year,
            department=department,
            status=status,
            phases=phases,
            rating=rating,
            values=values,
            answered_by=by,
            answered_on=today,
            **texts,
        )
        candidates.append((number, answer, columns))
    verdicts = check_input(plan, [answer for _row, answer, _columns in candidates], today)
    filled = []
    place = {
        "progress-status": STATUS,
        "unknown-phase": PHASES,
        "progress-phase-twice": PHASES,
        "progress-rating": RATING,
        "progress-rating-computed": RATING,
        "progress-indicator": VALUES,
        "progress-text": RESULT,
    }
    for (number, answer, cols), found in zip(candidates, verdicts, strict=True):
        for p in found:
            column = place.get(p.code, ID)
            at(number, cols.get(column, cols[ID]), p.code, p.message, hint=p.hint, item=answer.item)
        if not found:
            filled.append(Filled(number, answer))
    checked = Checked(grid.display, year, department, filled, blank)
    return Result(checked, sorted(problems, key=lambda p: p.sort_key))


def _headings(grid: Grid, labels: Labels) -> tuple[int | None, dict[int, int]]:
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
            return number, found
    return None, {}


def _identity(
    grid: Grid, heading_row: int, column: int, heading: str, labels: Labels, at: Callable[..., None]
) -> tuple[int, str, str] | None:
    """(row, year, 主管課) from the 調査票ID cells (``heading`` as the sheet heads them); all rows have one."""
    for number, row in grid.rows:
        if number <= heading_row or column >= len(row) or not row[column].strip():
            continue
        parts = _norm(row[column]).split(" ", 2)
        if len(parts) != 3 or parts[0] != MARK:
            at(
                number,
                column,
                "sheet-format",
                _("the {heading} '{written}' was changed; it must read '{mark} <year> <{department}>'").format(
                    heading=heading, written=terminal_safe(row[column]), mark=MARK, department=labels.term("department")
                ),
            )
            return None
        return number, parts[1], parts[2]
    at(
        heading_row,
        column,
        "sheet-format",
        _("no row has a {heading}: the sheet has no items, or the column was emptied").format(heading=heading),
    )
    return None


def _answered_by(grid: Grid, heading_row: int) -> str | None:
    """回答者 and 連絡先 from the cells to the right of their labels (in either language) above the headings."""
    labels = {key(form): label for label in (BY, CONTACT) for form in every_language(label)}
    found: dict[str, str] = {}
    for number, row in grid.rows:
        if number >= heading_row:
            break
        for index, text in enumerate(row[:-1]):
            if (label := labels.get(key(text))) is not None:
                found[label] = _norm(row[index + 1]).replace("\n", " ")
    who, contact = found.get(BY, ""), found.get(CONTACT, "")
    if who and contact:
        return f"{who}（{contact}）"
    return who or None


def _sheet_year(plan: Plan, text: str, today: date, report: Callable[[str, str], None]) -> int | None:
    try:
        year = fiscal.parse_fiscal_year(text)
    except fiscal.FiscalYearError as exc:
        report("sheet-year", str(exc))
        return None
    years = plan.meta.period.years
    if year not in years:
        report(
            "progress-year",
            _("{year} is outside the plan ({first}–{last})").format(
                year=fiscal.label(year), first=years[0], last=years[-1]
            ),
        )
        return None
    if fiscal.start(year) > today:
        report("progress-future", _("{year} has not begun yet").format(year=fiscal.label(year)))
        return None
    return year


def _norm(text: str) -> str:
    return normalise(text)
