"""Answers as input: phase words split, texts cleaned, every answer checked by validate's rules."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from actionplan import checks, fiscal
from actionplan.i18n import _
from actionplan.loader import PROGRESS_DIR, Plan, display_path
from actionplan.model import Answer
from actionplan.problems import Problem
from actionplan.ratings import status_shown
from actionplan.text import NotANumber, phases_text, terminal_safe
from actionplan.text import number as parse_number

# Phases typed in one field: 運用／普及啓発 (as reports print them), 運用、普及啓発, 運用,普及啓発.
# "・" is part of phase names (調査・研究), never a separator.
PHASE_SEPARATORS = re.compile(r"[／/、,，;；\s]+")
# Fields compared to tell whether an answer changes anything (who answered and when aside).
REPORTED = ("status", "phases", "result", "rating", "challenge", "values", "grades", "results", "evidence", "note")
TEXT_FIELDS = ("result", "challenge", "evidence", "note")

ChangeKind = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True)
class AnswerChange:
    """One answer to write: what the file held for its item, year and 主管課 before, and the new one."""

    before: Answer | None
    after: Answer

    @property
    def kind(self) -> ChangeKind:
        if self.before is None:
            return "added"
        return "unchanged" if same_answer(self.before, self.after) else "updated"


def progress_path(root: Path, year: int) -> Path:
    """Where the answers of a fiscal year live: ``<plan>/progress/<year>.yaml``."""
    return root / PROGRESS_DIR / f"{year}.yaml"


def same_answer(a: Answer, b: Answer) -> bool:
    """Whether two answers say the same thing (who answered and when aside)."""
    return a.key == b.key and all(getattr(a, f) == getattr(b, f) for f in REPORTED)


def split_phases(values: Iterable[str]) -> list[str]:
    """Phase words from options or sheet cells; several may share one value (運用／普及啓発)."""
    words: list[str] = []
    for value in values:
        words += [w for w in PHASE_SEPARATORS.split(unicodedata.normalize("NFKC", value)) if w]
    return words


# Indicator values typed in one field: line breaks, 、 and ; separate them, and so does a comma
# that is not inside a number (sites=3, users=1,200).
VALUE_SEPARATORS = re.compile(r"[\n、;；]+|,(?!\d)")


@dataclass(frozen=True)
class Values:
    """Indicator values as typed: the numbers, the indicators named without one, and what could not be read."""

    numbers: dict[str, float]
    empty: list[str]
    problems: list[str]


def parse_values(texts: Iterable[str]) -> Values:
    """``INDICATOR=NUMBER`` entries from --value options or a sheet's 実績値 cell: the one reader of them.

    Full-width forms and thousands separators are accepted (ｓｉｔｅｓ＝１，２００). ``INDICATOR=``
    with no number is listed in ``empty`` (the sheet prints it for the 主管課 to fill in). An
    indicator given twice is a problem, never "the last one wins".
    """
    numbers: dict[str, float] = {}
    empty: list[str] = []
    problems: list[str] = []
    for text in texts:
        for entry in VALUE_SEPARATORS.split(unicodedata.normalize("NFKC", text)):
            name, sep, number = (part.strip() for part in entry.partition("="))
            if not name and not number:
                continue
            if not sep or not name:
                problems.append(_("'{line}' is not INDICATOR=NUMBER").format(line=terminal_safe(entry.strip())))
                continue
            if name in numbers or name in empty:
                problems.append(_("{name}: given twice").format(name=terminal_safe(name)))
                continue
            if not number:
                empty.append(name)
                continue
            try:
                numbers[name] = parse_number(number)  # the one rule: no 1_000, inf, nan or 1e400
            except NotANumber as exc:
                problems.append(_("{name}: {problem}").format(name=terminal_safe(name), problem=exc))
    return Values(numbers, empty, problems)


def status_and_phases(status: str | None, phases: Sequence[str]) -> str:
    """予定どおり［運用／普及啓発］ (予定どおり [運用／普及啓発] in English): a status and the phases carried out.

    An answer without a status is answered through its indicators' grades (ratings.answer_rollup)."""
    status = status_shown(status)
    if not phases:
        return status
    return _("{status} [{phases}]").format(status=status, phases=phases_text(phases))


def clean_text(text: str) -> str:
    """A free text as stored: one kind of line break, no blank lines around it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def text_problems(answer: Answer) -> list[Problem]:
    """Texts that cannot be stored: bytes that were not UTF-8 (an argument in another encoding)."""
    problems = []
    for name in TEXT_FIELDS:
        value: str = getattr(answer, name)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(
                Problem(
                    "<input>",
                    "progress-text",
                    _("the --{field} given is not valid UTF-8 text").format(field=name),
                    hint=_("type it again, or save the file it came from as UTF-8"),
                    item=answer.item,
                )
            )
    return problems


def check_input(plan: Plan, answers: Sequence[Answer], today: date) -> list[list[Problem]]:
    """The problems of each answer about to be written, before anything is touched.

    The rules of ``actionplan validate`` (checks.answer_problems), plus: the same answer
    twice in the input, or already stored in another file than ``progress/<year>.yaml``,
    or texts that are not UTF-8. Each problem's path is ``<input>``; the caller says where
    the answer came from.
    """
    stored: dict[tuple[str, int, str], list[tuple[str, int]]] = {}
    for other, place in zip(plan.answers, plan.answer_files, strict=True):
        stored.setdefault(other.key, []).append(place)
    first: dict[tuple[str, int, str], int] = {}
    result: list[list[Problem]] = []
    for index, answer in enumerate(answers):
        problems = list(checks.answer_problems(plan, answer, "<input>", (), today)) + text_problems(answer)
        what = _("{department}'s answer for {item} in {year}").format(
            department=answer.department, item=answer.item, year=fiscal.short(answer.year)
        )
        if answer.key in first:
            problems.append(
                Problem(
                    "<input>",
                    "progress-duplicate",
                    _("{what} is given twice (also #{other})").format(what=what, other=first[answer.key] + 1),
                )
            )
        else:
            first[answer.key] = index
        target = display_path(progress_path(plan.root, answer.year))
        for path, at in stored.get(answer.key, []):
            if path != target:
                problems.append(
                    Problem(
                        "<input>",
                        "progress-elsewhere",
                        _("{what} is already stored in {path} (answer #{number}); change it there").format(
                            what=what, path=path, number=at + 1
                        ),
                        item=answer.item,
                    )
                )
        result.append(problems)
    return result
