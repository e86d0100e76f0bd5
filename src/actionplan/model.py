"""The plan's data model: pydantic models for plan.yaml, items, glossary and progress."""

from __future__ import annotations

import functools
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from actionplan.fiscal import FiscalYearError, parse_fiscal_year


def normalize(value: Any) -> Any:
    """NFKC and trim a vocabulary word or ID: full-width ``１-１-１`` and ``ＩＣＴ`` match."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    return value


@functools.lru_cache(maxsize=256, typed=True)
def _parse_year(value: str | int) -> int:
    # Every item names the same few years: parse each spelling once (errors are not cached).
    return parse_fiscal_year(value)


def _fiscal_year(value: Any) -> Any:
    if isinstance(value, str | int):
        try:
            return _parse_year(value)
        except FiscalYearError as exc:
            raise ValueError(str(exc)) from None
    return value


def _no_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# Free text is kept exactly as written; vocabulary words and IDs are normalised.
Text = Annotated[str, AfterValidator(_no_blank)]
Word = Annotated[str, BeforeValidator(normalize), StringConstraints(min_length=1)]
FiscalYear = Annotated[int, BeforeValidator(_fiscal_year)]


class Model(BaseModel):
    """Strict about shape: unknown keys are errors, so typos cannot hide."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Stated(Model):
    """A count the plan states: items, and in parentheses the cross-referenced ones."""

    items: int = Field(ge=0)
    cross_referenced: int = Field(default=0, ge=0)


class Goal(Model):
    id: Word
    label: Text
    title: Text
    lead: str = ""
    stated: Stated


class Pillar(Model):
    id: Word
    label: Text
    title: Text
    lead: str = ""
    stated: Stated
    goals: list[Goal] = []


class Period(Model):
    """Fiscal years: the baseline column (現状) and the plan's own years."""

    baseline: FiscalYear | None = None
    start: FiscalYear
    end: FiscalYear

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        if self.baseline is not None and self.baseline >= self.start:
            raise ValueError("the baseline year must come before the start of the period")
        return self

    @property
    def years(self) -> list[int]:
        """Every fiscal year with a schedule column, baseline first."""
        first = self.start if self.baseline is None else self.baseline
        return list(range(first, self.end + 1))

    @property
    def plan_years(self) -> list[int]:
        return list(range(self.start, self.end + 1))


class TagDef(Model):
    name: Word
    meaning: Text
    cross_reference: bool = False
    marks_new: bool = False
    requires: list[Word] = []
    aliases: list[Word] = []


class PhaseKind(Model):
    id: Word
    label: Text


class PhaseDef(Model):
    name: Word
    kind: Word


class StatusDef(Model):
    name: Word
    meaning: Text
    rollup: Literal["on_schedule", "delayed", "stopped"]


class PlanMeta(Model):
    """plan.yaml: everything that varies between plans."""

    name: Text
    municipality: Text
    municipality_code: Word | None = None  # 全国地方公共団体コード, 6 digits with the check digit
    # Messages in this language when neither ACTIONPLAN_LANG nor the locale chooses one (see i18n.py).
    language: Literal["ja", "en"] | None = None
    published: Text
    summary: str = ""
    period: Period
    id_pattern: Text
    stated: Stated
    pillars: list[Pillar] = Field(min_length=1)
    tags: list[TagDef] = []
    departments: list[Word] = Field(min_length=1)
    phase_kinds: list[PhaseKind] = []
    phases: list[PhaseDef] = Field(min_length=1)
    statuses: list[StatusDef] = []


class Item(Model):
    """One item (項目) of the plan, as in items/<id>.yaml."""

    id: Word
    title: Text
    headline: Text
    description: Text
    departments: list[Word] = Field(min_length=1)
    tags: list[Word] = []
    schedule: dict[FiscalYear, list[Word]]
    glossary: list[Word] = []

    @field_validator("schedule", mode="before")
    @classmethod
    def _distinct_years(cls, value: Any) -> Any:
        # "2020" and "R2" are the same year; without this, one would silently replace the other.
        if isinstance(value, dict):
            seen: dict[int, Any] = {}
            for key in value:
                try:
                    year = _parse_year(key)
                except FiscalYearError:
                    continue
                if year in seen:
                    raise ValueError(f"fiscal year {year} is given twice ({seen[year]!r} and {key!r})")
                seen[year] = key
        return value


class Term(Model):
    term: Text
    definition: Text
    item: Word | None = None
    reading: str | None = None


class Glossary(Model):
    terms: list[Term]


class Record(Model):
    """What happened to one item in one fiscal year (進捗管理)."""

    item: Word
    year: FiscalYear
    status: Word
    phases: list[Word] = []
    note: str = ""
    recorded_by: Word | None = None
    recorded_on: date | None = None


class ProgressFile(Model):
    records: list[Record]
