"""Importing survey sheets: every file read and checked, then the rules of the sheets taken together.

``gather`` is the whole import short of writing: it returns the one result shape, the
answers to write and every problem of every sheet. The CLI prints it and, when there is no
problem, hands the answers to the store. Rules over the batch (a department's sheet given
twice, sheets of several years) are small functions in BATCH_RULES, as a row's are in rows.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from actionplan import fiscal
from actionplan.i18n import _
from actionplan.loader import Plan
from actionplan.model import Answer
from actionplan.problems import Problem, Result
from actionplan.progress.sheets import check, read


@dataclass(frozen=True)
class Batch:
    """The sheets of one import, each checked, and the fiscal year their filled rows are of."""

    sheets: list[check.Checked]
    year: int | None  # None: no row of any sheet is filled in

    @property
    def answers(self) -> list[Answer]:
        return [f.answer for c in self.sheets for f in c.filled]

    @property
    def based_on(self) -> dict[tuple[str, int, str], Answer | None]:
        """The stored answer each new one was merged over, field by field: the store refuses to write
        over an answer that changed meanwhile (another progress set), instead of losing its change."""
        return {f.answer.key: f.before for c in self.sheets for f in c.filled}


BatchRule = Callable[[list[check.Checked], list[Problem]], Iterator[Problem]]
BATCH_RULES: dict[str, BatchRule] = {}


def _rule(code: str) -> Callable[[BatchRule], BatchRule]:
    def register(fn: BatchRule) -> BatchRule:
        BATCH_RULES[code] = fn
        return fn

    return register


@_rule("sheet-twice")
def _twice(sheets: list[check.Checked], found: list[Problem]) -> Iterator[Problem]:
    first: dict[tuple[int, str | None], str] = {}
    for checked in sheets:
        if checked.year is None:
            continue
        key = (checked.year, checked.department)
        if key in first:
            message = _("a second sheet of {department} for {year} (first: {first})").format(
                department=checked.department, year=fiscal.short(checked.year), first=first[key]
            )
            yield Problem(checked.display, "sheet-twice", message)
        first.setdefault(key, checked.display)


@_rule("sheet-years")
def _years(sheets: list[check.Checked], found: list[Problem]) -> Iterator[Problem]:
    years = _filled_years(sheets)
    if len(years) > 1 and not found:  # said only when nothing else is wrong: one fix at a time
        message = _("the sheets are of several fiscal years ({years}); import one year at a time").format(
            years=_(", ").join(fiscal.short(y) for y in years)
        )
        yield Problem(sheets[0].display, "sheet-years", message)


def _filled_years(sheets: list[check.Checked]) -> list[int]:
    return sorted({c.year for c in sheets if c.year is not None and c.filled})


def gather(
    plan: Plan,
    files: Sequence[Path],
    *,
    today: date,
    answered_by: str | None = None,
    answered_on: date | None = None,
) -> Result[Batch]:
    """Read and check every sheet, then the batch rules: the answers and every problem, nothing written.

    ``answered_by`` and ``answered_on`` stand where a sheet's 回答者 or 回答日 cell is empty.
    """
    problems: list[Problem] = []
    sheets: list[check.Checked] = []
    for file in files:
        grid = read.read(file)
        problems += grid.problems
        if grid.value is None:
            continue
        outcome = check.check(plan, grid.value, today=today, answered_by=answered_by, answered_on=answered_on)
        problems += outcome.problems
        if outcome.value is not None:
            sheets.append(outcome.value)
    for rule in BATCH_RULES.values():
        problems += list(rule(sheets, problems))
    years = _filled_years(sheets)
    return Result(Batch(sheets, years[0] if len(years) == 1 else None), problems)
