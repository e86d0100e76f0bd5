"""The plan's data model: pydantic models for plan.yaml, items, glossary and progress."""

# No `from __future__ import annotations` here, unlike every other module: pydantic evaluates each
# field's annotation when the class is made, and a string annotation is compiled and evaluated
# first (some 130 of them, ~2 ms of every start-up). Forward references are quoted instead.

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticKnownError, core_schema

from actionplan.fiscal import (
    FiscalYearError,
    check_period,
    fiscal_year_of_month,
    parse_fiscal_year,
    parse_month,
    western_span,
)
from actionplan.fiscal import short as fiscal_short
from actionplan.i18n import N_, _
from actionplan.text import amount, normalise, number

# Non-ASCII words already normalised, by the text written: every item names the same few 主管課 and tags.
# Bounded, so that a plan of many distinct words cannot make it grow without end.
_NORMALISED_WORDS: dict[str, str] = {}
_NORMALISED_KEPT = 4096


def _word(value: Any) -> Any:
    """Vocabulary words and IDs are compared normalised (text.normalise), never empty; non-strings go on to pydantic."""
    if type(value) is str:
        if value.isascii():
            # NFKC leaves ASCII as it is: text.normalise's strip alone (~90,000 words at 10,000 items).
            value = value.strip()
            if value:
                return value
            return _not_empty(value)
        word = _NORMALISED_WORDS.get(value)
        if word is None:
            word = _not_empty(normalise(value))  # raises for an empty word, which is never kept
            if len(_NORMALISED_WORDS) < _NORMALISED_KEPT:
                _NORMALISED_WORDS[value] = word
        return word
    return _not_empty(normalise(value)) if isinstance(value, str) else value


# Years already read, by the exact text or int written: every item names the same few (2020, R2 …).
_YEARS: dict[str | int, int] = {}


def _read_year(value: Any) -> int:
    """parse_fiscal_year, once per text or int written (FiscalYearError is raised, never kept)."""
    # type() is, not isinstance: True is 1 to a dict, and a bool is refused, never read as a year.
    if type(value) is str or type(value) is int:
        year = _YEARS.get(value)
        if year is None:
            year = _YEARS[value] = parse_fiscal_year(value)
        return year
    return parse_fiscal_year(value)


def _fiscal_year(value: Any) -> Any:
    if isinstance(value, str | int):
        try:
            return _read_year(value)
        except FiscalYearError as exc:
            raise ValueError(str(exc)) from None
    return value


def _no_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(_("must not be blank"))
    return value


# A value that `init --blank` or `init --from` could not know starts with this mark; validate reports
# each one as to-fill-in, so a placeholder never passes for real data (checks.check_to_fill_in).
TO_FILL_IN = "【要記入】"


def _real_month(value: str) -> str:
    # 令和元年7月 as written; a month its era did not reach (平成31年5月) is refused with the right name.
    if not value.startswith(TO_FILL_IN):
        parse_month(value)
    return value


def _not_empty(value: str) -> str:
    # An empty word (a department "", or spaces only) is an empty string: "must not be empty".
    if not value:
        raise PydanticKnownError("string_too_short", {"min_length": 1})
    return value


class _Schema:
    """An annotation that hands pydantic a field's validation schema ready made.

    Start-up: pydantic works out a BeforeValidator, AfterValidator or StringConstraints again at
    every field that uses it (it inspects the function's signature and matches the constraint to
    the type), and the models have some 100 fields of the four kinds below (~2 ms of every start-up).
    The schemas are those the validators made (same errors and JSON Schema), but for an empty Word's
    message (_not_empty); a new one is made per field, as pydantic may change it in place.
    """

    def __init__(self, make: Callable[[], core_schema.CoreSchema]) -> None:
        self.make = make

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return self.make()


def _after(function: Callable[[Any], Any], inner: Callable[[], core_schema.CoreSchema]) -> _Schema:
    return _Schema(lambda: core_schema.no_info_after_validator_function(function, inner()))


def _before(function: Callable[[Any], Any], inner: Callable[[], core_schema.CoreSchema]) -> _Schema:
    return _Schema(lambda: core_schema.no_info_before_validator_function(function, inner()))


def _word_schema() -> core_schema.CoreSchema:
    # One call per word, normalised and checked at once (a plan of 10,000 items has some 90,000 words);
    # a non-string goes on to str_schema, which refuses it as before.
    return core_schema.no_info_before_validator_function(
        _word, core_schema.str_schema(), metadata={"pydantic_js_updates": {"minLength": 1}}
    )


# Free text is kept exactly as written; vocabulary words and IDs are normalised (and never empty).
Text = Annotated[str, _after(_no_blank, core_schema.str_schema)]
Word = Annotated[str, _Schema(_word_schema)]
# A number a user wrote (a target, an actual value): finite, without Python's 1_000 or inf (text.number).
Number = Annotated[float, _before(number, core_schema.float_schema)]
FiscalYear = Annotated[int, _before(_fiscal_year, core_schema.int_schema)]


def _empty(kind: type[list[Any]] | type[dict[Any, Any]]) -> Any:
    """An empty list or dict as a field's default, made new for each model, not copied.

    pydantic deep-copies a default it cannot hash (``= []``) for every model that leaves the field
    out: some 35,000 copies in a plan of 10,000 items. The JSON Schema still says ``"default": []``.
    """
    return Field(default_factory=kind, json_schema_extra={"default": kind()})


class Model(BaseModel):
    """Strict about shape: unknown keys are errors, so typos cannot hide."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Stated(Model):
    """A count the plan states: items, and in parentheses the cross-referenced ones.

    Either may be left out: validate checks what a plan states and nothing else.
    """

    items: int | None = Field(default=None, ge=0)
    cross_referenced: int | None = Field(default=None, ge=0)


class Source(Model):
    """Where a plan or item comes from: a document's title, its URL and the page."""

    title: Text
    url: str = ""
    page: str = ""

    @property
    def line(self) -> str:
        """The source as one line: 資料名 p.12 https://…"""
        page = f" p.{self.page}" if self.page else ""
        url = f" {self.url}" if self.url else ""
        return f"{self.title}{page}{url}"


class Goal(Model):
    id: Word
    label: Text
    title: Text
    lead: str = ""
    stated: Stated | None = None


class Pillar(Model):
    id: Word
    label: Text
    title: Text
    lead: str = ""
    stated: Stated | None = None
    goals: list[Goal] = _empty(list)


class Labels(Model):
    """What the plan calls its levels and units; every heading, sheet and page uses these words."""

    pillar: Text = "柱"
    goal: Text = "目標"
    item: Text = "項目"
    department: Text = "主管課"
    tag: Text = "区分"

    # Headings built from the plan's words: 項目名 → 取組名, すべての課 → すべての担当部局.
    # Under an English locale the English words of docs/terms.md (item ID, all departments).
    @property
    def item_id(self) -> str:
        return _("{item} ID").format(item=self.term("item"))

    @property
    def item_title(self) -> str:
        return _("{item} title").format(item=self.term("item"))

    @property
    def item_count(self) -> str:
        return _("number of {item}s").format(item=self.term("item"))

    @property
    def all_departments(self) -> str:
        return _("all {department}s").format(department=self.term("department"))

    def term(self, kind: Literal["pillar", "goal", "item", "department", "tag", "phase"]) -> str:
        """The word for a message: the plan's own in Japanese (担当部局), the English one otherwise."""
        from actionplan.i18n import language  # the language is chosen at run time, never at import

        if language() != "ja":
            return kind
        return "段階" if kind == "phase" else str(getattr(self, kind))


def _period_bounds(value: Any) -> Any:
    # 令和4年12月 or 2022-12: the fiscal year holding that month, and the month itself.
    if isinstance(value, dict):
        value = dict(value)
        for key in ("start", "end"):
            bound = value.get(key)
            if isinstance(bound, str) and (month := parse_month(bound)) is not None:
                value[key] = fiscal_year_of_month(*month)
                value[f"{key}_month"] = month[1]
    return value


# Month names, for a year a plan covers only in part (1月 … 12月 in Japanese).
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


class Period(Model):
    """Fiscal years: the baseline column (現状) and the plan's own years.

    ``start`` and ``end`` may be written with a month (令和4年12月, 2022-12); the plan's
    years stay fiscal years, and a first or last year the plan only partly covers is marked.
    """

    baseline: FiscalYear | None = None
    start: FiscalYear
    end: FiscalYear
    start_month: int | None = Field(default=None, ge=1, le=12)
    end_month: int | None = Field(default=None, ge=1, le=12)

    _bounds = model_validator(mode="before")(_period_bounds)

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.end == self.start and _month_order(self.end_month, 3) < _month_order(self.start_month, 4):
            raise ValueError(_("period ends ({end}) before it starts ({start})").format(end=self.end, start=self.start))
        check_period(self.start, self.end)
        if self.baseline is not None and self.baseline >= self.start:
            raise ValueError(_("the baseline year must come before the start of the period"))
        return self

    def partial(self, year: int) -> str | None:
        """For a year the plan covers only in part, the months it covers: 12月～, ～9月 (from December …)."""
        first = year == self.start and self.start_month not in (None, 4)
        last = year == self.end and self.end_month not in (None, 3)
        start = _(MONTHS[self.start_month - 1]) if first and self.start_month else ""  # marked with N_
        end = _(MONTHS[self.end_month - 1]) if last and self.end_month else ""  # marked with N_
        if start and end:
            return _("{first} to {last}").format(first=start, last=end)
        if start:
            return _("from {month}").format(month=start)
        if end:
            return _("to {month}").format(month=end)
        return None

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
    requires: list[Word] = _empty(list)
    aliases: list[Word] = _empty(list)


class PhaseKind(Model):
    id: Word
    label: Text


class PhaseDef(Model):
    """A phase word of the schedules; ``continues`` marks words such as → or 継続 that carry
    the year before's phases on."""

    name: Word
    kind: Word | None = None
    continues: bool = False


Rollup = Literal["on_schedule", "delayed", "stopped", "not_counted"]
# From most to least favourable: the order the rollup rules compare in. not_counted (対象外:
# 評価できない, 次期計画で継続) is counted apart and never compared.
ROLLUPS: tuple[Rollup, ...] = ("on_schedule", "delayed", "stopped")
NOT_COUNTED: Final = "not_counted"
# Who answers for items without a 主管課 when plan.yaml names no office: a stored name, so never translated.
PLAN_OFFICE: Final = "計画所管課"


class StatusDef(Model):
    name: Word
    meaning: Text
    rollup: Rollup


class RatingDef(Model):
    """A word of the rating vocabulary (評価); ``min_achievement`` (達成率, %) makes it computed.

    ``rollup`` is what an indicator graded with it counts as when its item's rollup follows from
    its indicators' grades (ratings.answer_rollup): A → on_schedule, D 評価できない → not_counted.
    """

    name: Word
    meaning: Text
    min_achievement: Number | None = Field(default=None, ge=0)
    rollup: Rollup | None = None


# Answer fields a plan may make required (required_answer_fields in plan.yaml).
AnswerField = Literal["phases", "result", "rating", "challenge", "values", "evidence"]
# Fields plan.yaml may mark internal (`internal:`), beyond the always-internal 庁内メモ and 回答者;
# actionplan.publication decides from this list what a public output leaves out.
InternalField = Literal[
    "answer.phases",
    "answer.result",
    "answer.rating",
    "answer.challenge",
    "answer.values",
    "answer.evidence",
    "answer.answered_on",
    "item.headline",
    "item.description",
    "item.milestones",
    "item.sources",
    "item.indicators",
]


def _month_order(month: int | None, default: int) -> int:
    # Months in fiscal order: April is 0, March is 11.
    return ((month or default) - 4) % 12


# Used when plan.yaml states no phase kinds or no statuses, so that a new plan works out of the box.
DEFAULT_PHASE_KINDS = (
    PhaseKind(id="plan", label="検討・準備"),
    PhaseKind(id="build", label="構築・導入"),
    PhaseKind(id="run", label="実施・運用"),
    PhaseKind(id="review", label="検証・見直し"),
)
DEFAULT_STATUSES = (
    StatusDef(name="完了", meaning="計画した取組を終えた", rollup="on_schedule"),
    StatusDef(name="予定どおり", meaning="計画のとおりに進んだ", rollup="on_schedule"),
    StatusDef(name="前倒し", meaning="計画より早く進んだ", rollup="on_schedule"),
    StatusDef(name="遅れ", meaning="計画に届かなかった", rollup="delayed"),
    StatusDef(name="未着手", meaning="その年度に予定した取組を始められなかった", rollup="delayed"),
    StatusDef(name="中止", meaning="取組をやめた、または行わないこととした", rollup="stopped"),
)


class PlanRef(Model):
    """Another plan, by name and years: the one a next plan was drafted from."""

    name: Text
    start: FiscalYear
    end: FiscalYear


class Draft(Model):
    """A next plan being drafted (``init --next``): validate reports what is left as draft-incomplete.

    Delete the ``draft:`` block of plan.yaml once every stated count and schedule is filled in.
    """

    carried_from: PlanRef


class DepartmentRename(Model):
    """組織改正: a department renamed (or merged into another) on a date; old sheets and filters still work."""

    old: Word
    new: Word
    effective: date


class PlanMeta(Model):
    """plan.yaml: everything that varies between plans."""

    name: Text
    municipality: Text
    municipality_code: Word | None = None  # 全国地方公共団体コード, 6 digits with the check digit
    # The open-data license of what the plan publishes (an identifier of actionplan.licenses).
    license: Word | None = None
    # Messages in this language when neither ACTIONPLAN_LANG nor the locale chooses one (see i18n.py).
    language: Literal["ja", "en"] | None = None
    published: Annotated[Text, AfterValidator(_real_month)] | None = None
    summary: str = ""
    sources: list[Source] = _empty(list)
    labels: Labels = Labels()
    period: Period
    id_pattern: Text
    # every-year: each item states phases for every year of the period (validate reports a gap).
    schedule: Literal["every-year", "optional"] = "optional"
    stated: Stated | None = None
    pillars: list[Pillar] = Field(min_length=1)
    tags: list[TagDef] = _empty(list)
    departments: list[Word] = _empty(list)
    # Who answers for an item that names no 主管課 (the plan office, e.g. デジタル推進課).
    office: Word | None = None
    phase_kinds: list[PhaseKind] = Field(default_factory=lambda: list(DEFAULT_PHASE_KINDS))
    phases: list[PhaseDef] = _empty(list)
    statuses: list[StatusDef] = Field(default_factory=lambda: list(DEFAULT_STATUSES))
    ratings: list[RatingDef] = _empty(list)
    # How an item's overall rollup follows from its departments' answers.
    rollup_rule: Literal["least_favourable", "most_favourable"] = "least_favourable"
    required_answer_fields: list[AnswerField] = _empty(list)
    internal: list[InternalField] = []  # fields kept to 庁内 documents (see actionplan.publication)
    draft: Draft | None = None
    renamed: list[DepartmentRename] = _empty(list)

    def answerers(self, item: "Item") -> list[str]:
        """Who answers for an item: its 主管課, else the plan's office, else the plan office by name."""
        if item.departments:
            return list(item.departments)
        return [self.office or PLAN_OFFICE]

    def renames_from(self, name: str) -> list[DepartmentRename]:
        """The renames (組織改正) that lead from ``name`` on, in order, up to a department of the plan.

        The one way a former name is followed: empty for a name the plan has now or never had;
        the chain stops at a loop (A → B, then B → A), so its last name may be unknown too.
        """
        latest = {r.old: r for r in self.renamed}
        steps: list[DepartmentRename] = []
        seen = {name}
        while name not in self.departments and name in latest:
            steps.append(latest[name])
            name = latest[name].new
            if name in seen:
                break
            seen.add(name)
        return steps


def carried_label(meta: PlanMeta) -> str:
    """A plan as an item's ``carried_from.plan`` names it: 杉並区情報化アクションプラン（2019～2021年度）."""
    return f"{meta.name}（{western_span(meta.period.start, meta.period.end)}）"


class Milestone(Model):
    """A deadline the plan states: 「R6年度までに全庁で導入」 is ``by: R6``, ``text: 全庁で導入``."""

    by: FiscalYear
    text: Text


class CarriedFrom(Model):
    """The item of an earlier plan this one continues: that plan's name and years, and the item's ID there."""

    plan: Text
    id: Word


def _calendar_year(value: Any) -> Any:
    # 現状値（2022年）: a calendar year, written 2022 or 2022年.
    if isinstance(value, str):
        text = normalise(value).removesuffix("年")
        return int(text) if text.isdecimal() else value
    return value


CalendarYear = Annotated[int, BeforeValidator(_calendar_year), Field(ge=1900, le=2200)]


class Baseline(Model):
    """現状値: a number or words, and when it was measured, as the plan states it.

    ``year`` is a fiscal year (令和4年度), ``calendar_year`` a calendar year (2022年), ``survey``
    the survey the value comes from (令和4年度県民意識調査); a plan states the ones it has.
    """

    value: Number | None = None
    text: str = ""  # a baseline in words: 未実施, 一部の課で実施
    year: FiscalYear | None = None
    calendar_year: CalendarYear | None = None
    survey: str = ""

    @model_validator(mode="after")
    def _stated(self) -> "Baseline":
        if self.value is None and not self.text.strip():
            raise ValueError("a baseline needs a value or a text")
        return self

    def shown(self, unit: str) -> str:
        """35.2%（2022年）, 未実施（令和4年度県民意識調査）, 12件（令和4年度）; 35.2% (in 2022) in English."""
        stated = amount(self.value, unit) if self.value is not None else self.text
        when = [self.survey] if self.survey else []
        if self.calendar_year is not None:
            when.append(_("in {year}").format(year=self.calendar_year))
        if self.year is not None:
            when.append(fiscal_short(self.year))
        return _("{amount} ({when})").format(amount=stated, when=_(", ").join(when)) if when else stated


class IndicatorRef(Model):
    """Another item's indicator, which a 再掲 (repeated) indicator stands for."""

    item: Word
    indicator: Word


class Indicator(Model):
    """An indicator (指標) of an item: 目標値 per fiscal year, 実績値 come with the answers.

    A plan may state a target for some years only (often the final one, which may lie after
    the plan period), a target in words (``target_texts``: 全市町村で導入) where it gives
    no number, and a final target with no year (``final_target``, ``final_target_text``: 最終目標
    100%, 計画期間終了時 1,000人), which is the target at the end of the plan period — the plan's
    last year, where a target of that year must say the same (checks: indicator-final-target).
    ``kind`` says whether a value counts one year (1,000人/年) or everything so far (75人（累計）).
    ``note`` is the plan's ※ on how the value is measured. ``repeats`` marks a 再掲: the same
    indicator as another item's, answered there.
    """

    id: Word
    name: Text
    unit: str = ""
    kind: Literal["per_year", "cumulative"] | None = None
    repeats: IndicatorRef | None = None
    direction: Literal["増やす", "減らす"] = "増やす"
    baseline: Baseline | None = None
    targets: dict[FiscalYear, Number] = _empty(dict)
    target_texts: dict[FiscalYear, Text] = _empty(dict)
    final_target: Number | None = None
    final_target_text: Text | None = None
    note: str = ""

    @property
    def stated_direction(self) -> str:
        """The direction the plan states, "" where it states none: ``direction`` defaults to 増やす for
        the 達成率 (ratings), which a published table must not present as the plan's word."""
        return self.direction if "direction" in self.model_fields_set else ""

    def target_shown(self, year: int) -> str | None:
        """The target of a year as the plan states it (100%, 全市町村で導入), None where it states none."""
        parts = []
        if year in self.targets:
            parts.append(amount(self.targets[year], self.unit))
        if year in self.target_texts:
            parts.append(self.target_texts[year])
        return _(", ").join(parts) or None

    @property
    def target_years(self) -> list[int]:
        return sorted({*self.targets, *self.target_texts})

    def final_shown(self) -> str | None:
        """The final target with no year as the plan states it (100%, 全市町村で導入), None where it states none."""
        parts = [amount(self.final_target, self.unit)] if self.final_target is not None else []
        return _(", ").join([*parts, *([self.final_target_text] if self.final_target_text else [])]) or None

    def is_final(self, year: int, end: int) -> bool:
        """Whether the target of ``year`` is the final target with no year (``end``: the plan's last year)."""
        return year == end and year not in self.target_years and self.final_shown() is not None

    def target_at(self, year: int, end: int) -> float | None:
        """The number to reach in ``year``: the year's own target, or at the plan's end the final target."""
        return self.final_target if self.is_final(year, end) else self.targets.get(year)

    def years_with_target(self, end: int) -> list[int]:
        """The years a target is stated for, the plan's last year ``end`` too where a final target stands for it."""
        return sorted({*self.target_years, *([end] if self.final_shown() is not None else [])})


class Item(Model):
    """One item (項目) of the plan, as in items/<id>.yaml.

    ``label`` is the number the plan prints (表示番号: ①, 取組項目1, (1)); the ID stays ASCII-safe.
    """

    id: Word
    label: str = ""
    title: Text
    headline: str = ""
    description: str = ""
    departments: list[Word] = _empty(list)
    tags: list[Word] = _empty(list)
    # Fiscal year → phases; a year that is not named is "not stated", never an invented phase.
    schedule: dict[FiscalYear, list[Word]] = _empty(dict)
    milestones: list[Milestone] = _empty(list)
    sources: list[Source] = _empty(list)
    glossary: list[Word] = _empty(list)
    carried_from: CarriedFrom | None = None
    indicators: list[Indicator] = _empty(list)

    @field_validator("schedule", mode="before")
    @classmethod
    def _distinct_years(cls, value: Any) -> Any:
        # "2020" and "R2" are the same year; without this, one would silently replace the other.
        # One key cannot repeat a year: most items' schedules are read without this loop.
        if isinstance(value, dict) and len(value) > 1:
            seen: dict[int, Any] = {}
            for key in value:
                try:
                    year = _read_year(key)
                except FiscalYearError:
                    continue
                if year in seen:
                    raise ValueError(
                        _("fiscal year {year} is given twice ({first} and {second})").format(
                            year=year, first=repr(seen[year]), second=repr(key)
                        )
                    )
                seen[year] = key
        return value


class Term(Model):
    term: Text
    definition: Text
    item: Word | None = None
    reading: str | None = None


class Glossary(Model):
    terms: list[Term]


PROGRESS_FORMAT = 2


class Answer(Model):
    """One 主管課's answer for one item and fiscal year (進捗管理).

    ``note`` (庁内メモ) is internal and never published; every other field is public.
    """

    # Built when first used: a plan without answers (and `list`, `tree`) never pays for it.
    model_config = ConfigDict(defer_build=True)

    item: Word
    year: FiscalYear
    department: Word
    # None: the item is answered through its indicators' grades alone (ratings.answer_rollup).
    status: Word | None = None
    phases: list[Word] = _empty(list)
    result: str = ""
    rating: Word | None = None
    challenge: str = ""
    values: dict[Word, Number] = _empty(dict)
    # Per indicator: its grade (a word of the plan's ratings) and what was done (実績).
    grades: dict[Word, Word] = _empty(dict)
    results: dict[Word, Text] = _empty(dict)
    evidence: str = ""
    note: str = ""
    answered_by: Word | None = None
    answered_on: date | None = None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.item, self.year, self.department)


class ProgressFile(Model):
    """progress/<year>.yaml: the format version and the answers."""

    model_config = ConfigDict(defer_build=True)

    format: int
    answers: list[Answer] = _empty(list)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: int) -> int:
        if value != PROGRESS_FORMAT:
            raise ValueError(
                _("this actionplan reads progress format {format}, not {given}").format(
                    format=PROGRESS_FORMAT, given=value
                )
            )
        return value
