"""Problems found in plan data: plain values, collected and rendered by reporters."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# A location inside a YAML document: mapping keys and sequence indexes from the root.
Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the plan: where it is, a stable code and a message.

    ``loc`` is kept until a reporter needs a line and column; :func:`actionplan.loader.locate`
    turns it into ``line``/``col`` only for files that have problems.
    """

    path: str
    code: str
    message: str
    line: int | None = None
    col: int | None = None
    loc: Loc | None = None
    hint: str | None = None
    item: str | None = None
    # The cell of a spreadsheet as a clerk sees it (K8), printed instead of line:column.
    cell: str | None = None
    # JSON only: message and hint in the user's language, where ``message``/``hint`` are the English
    # of the contract (docs/validate.md); None when the run speaks English.
    message_local: str | None = None
    hint_local: str | None = None
    # A warning is reported but does not fail validate (exit 0) nor stop an output being written.
    warning: bool = False

    def with_position(self, line: int, col: int) -> Problem:
        return replace(self, line=line, col=col)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.col or 0, self.code)


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    """The one answer to "did it work, and what problems?" of every reader and checker.

    ``value`` is what came out (a Plan, a checked sheet, the changes written) or None when
    nothing usable did; ``problems`` is every problem found, as values. A caller decides
    what problems mean (validate reports them, a query warns, a writer writes nothing).
    Every reader and check returns it, never a ``(value, problems)`` tuple
    (tests/unit/test_result_shape.py keeps it so).

    ``data`` is the plain data a YAML reader built on the way to ``value`` (``loader.read_model``:
    progress writers compare it before and after an edit), kept even when ``value`` is None
    because the model refused it; None where nothing was read.
    """

    value: T | None
    problems: list[Problem] = field(default_factory=list)
    data: Any = None


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that are not warnings: those that fail validate and refuse an output."""
    return [p for p in problems if not p.warning]
