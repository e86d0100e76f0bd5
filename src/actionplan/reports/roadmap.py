"""The roadmap as data: items × fiscal years, each cell the planned phases and recorded status."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from actionplan import fiscal
from actionplan.capabilities import Capabilities
from actionplan.i18n import _
from actionplan.loader import Plan
from actionplan.model import Answer, Item, Labels
from actionplan.ratings import PARTLY_ANSWERED, answer_rollup, overall
from actionplan.reports.charts import kind_labels, phase_kind_chart, rollup_chart, rollup_word
from actionplan.reports.indicators import indicator_line, year_line
from actionplan.reports.indicators import states as indicator_states
from actionplan.reports.items import planned
from actionplan.text import fold
from actionplan.views import Chart


@dataclass(frozen=True)
class Kind:
    """A kind of phase (検討・準備, 構築・導入 …); ``position`` picks its colour and mark."""

    id: str
    label: str
    position: int
    phases: tuple[str, ...] = ()  # the phase words of this kind, for the legend


@dataclass(frozen=True)
class Phase:
    name: str
    kind: Kind | None  # None: a phase word the plan does not define


@dataclass(frozen=True)
class Status:
    """What the 主管課's answers say about one item in one fiscal year."""

    name: str
    rollup: str | None  # on_schedule / delayed / stopped / partly_answered, None when the status is not defined
    meaning: str
    note: str  # each 主管課's 取組実績 (or 進捗区分), in the page's language
    memo: str = ""  # 庁内メモ and 回答者: empty unless the page is internal (publication.public_plan)
    challenge: str = ""  # each 主管課's 課題・今後の方向性 that has one
    # False: the name is a 集計区分 no one answered (一部未回答, or worked out from the indicators' grades)
    stated: bool = True
    told: bool = True  # False: no answer states a 取組実績; the note holds each 主管課's 進捗区分 alone


@dataclass(frozen=True)
class Cell:
    """One item's year: its phases and recorded status (the year is the Roadmap's year at the same position)."""

    phases: list[Phase]
    status: Status | None
    # A plan without phases: what it states of each indicator that year (目標値, 実績値, 集計区分), a line each.
    indicators: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Year:
    year: int
    baseline: bool  # the 現状 column before the plan starts
    partial: str | None = None  # months covered where the plan covers the year in part: 12月～ (from December)


@dataclass
class RoadmapRow:
    id: str
    title: str
    headline: str
    description: str
    departments: list[str]
    tags: list[str]
    cells: list[Cell]
    search: str  # NFKC, case-folded text that the page's free-text filter matches
    milestones: list[tuple[int, str]] = field(default_factory=list)  # (fiscal year, 到達目標)
    sources: list[str] = field(default_factory=list)  # one line each: 資料名 p.12 URL
    label: str = ""  # the number the plan prints (表示番号: ①, 取組項目1)
    indicators: list[str] = field(default_factory=list)  # one line per 指標: target, latest value, 達成率


@dataclass
class Section:
    """A pillar or goal heading and the items directly under it."""

    level: int  # 1 pillar, 2 goal
    id: str
    label: str
    title: str
    rows: list[RoadmapRow] = field(default_factory=list)
    groups: list[Section] = field(default_factory=list)

    def all_rows(self) -> list[RoadmapRow]:
        return [*self.rows, *(r for g in self.groups for r in g.all_rows())]


@dataclass
class Roadmap:
    name: str
    municipality: str
    published: str | None
    period: str  # 令和元年度～令和3年度（2019～2021年度）; FY2019–FY2021 in English
    years: list[Year]
    kinds: list[Kind]
    groups: list[Section]
    departments: list[tuple[str, int]]  # plan order, with the number of items
    tags: list[tuple[str, str, int]]  # name, meaning, number of items
    statuses: list[Status]  # the statuses the plan defines (legend), empty note
    stated: Capabilities  # what the plan states: the 主管課 column and filter, the tag filter
    labels: Labels = field(default_factory=Labels)  # the plan's words for its parts
    sources: list[str] = field(default_factory=list)  # where the plan comes from
    problems: int = 0  # problems validate found (published anyway with --allow-problems)
    as_of: int | None = None  # answers shown up to this fiscal year only (roadmap --as-of)
    classification: str = ""  # 庁内限り for an internal page (roadmap --internal)
    charts: list[Chart] = field(default_factory=list)  # the latest answered year's rollup, phase kinds

    @property
    def rows(self) -> list[RoadmapRow]:
        return [r for g in self.groups for r in g.all_rows()]

    @property
    def has_records(self) -> bool:
        return any(c.status for r in self.rows for c in r.cells)


def kinds_of(plan: Plan) -> list[Kind]:
    """The plan's phase kinds in its order; kinds only named by phases follow, labelled by id.

    A plan that lists no phases has no kinds to show (not even the default ones).
    """
    if not plan.meta.phases:
        return []
    ids = [k.id for k in plan.meta.phase_kinds]
    labels = kind_labels(plan)
    for phase in plan.meta.phases:
        if phase.kind is not None and phase.kind not in ids:
            ids.append(phase.kind)
    words = {kind_id: tuple(p.name for p in plan.meta.phases if p.kind == kind_id) for kind_id in ids}
    return [Kind(kind_id, labels.get(kind_id, kind_id), n, words[kind_id]) for n, kind_id in enumerate(ids)]


def build_roadmap(plan: Plan, *, problems: int = 0, as_of: int | None = None) -> Roadmap:
    """Everything the roadmap page shows, in plan order, with no markup.

    ``as_of``: show answers up to that fiscal year only (the page as published that year).
    """
    meta = plan.meta
    kinds = {k.id: k for k in kinds_of(plan)}
    answers = {y: plan.answers_for(y) if as_of is None or y <= as_of else {} for y in meta.period.years}
    years = [Year(y, y == meta.period.baseline, meta.period.partial(y)) for y in meta.period.years]
    row = partial(_row, plan, {p.name: kinds.get(p.kind or "") for p in meta.phases}, years, answers)
    pillars = [
        Section(1, p.id, p.label, p.title, groups=[Section(2, g.id, g.label, g.title) for g in p.goals])
        for p in meta.pillars
    ]
    by_id = {g.id: g for p in pillars for g in [p, *p.groups]}
    words = meta.labels
    other = Section(
        1,
        "",
        _("Other"),
        _("{item}s in no {pillar} or {goal}").format(
            item=words.term("item"), pillar=words.term("pillar"), goal=words.term("goal")
        ),
    )
    for item in plan.items:
        pillar_id, goal_id = plan.parent(item.id)
        target = by_id.get(goal_id or "") or by_id.get(pillar_id or "") or other
        target.rows.append(row(item))
    groups = [*pillars, other] if other.rows else pillars

    # One pass: plan.yaml's departments in its order, then any an item names but plan.yaml does not list.
    named = Counter(d for i in plan.items for d in dict.fromkeys(i.departments))
    count_dept = {d: named[d] for d in meta.departments} | named
    tags = [(t.name, t.meaning, sum(t.name in i.tags for i in plan.items)) for t in meta.tags]
    first, last = meta.period.start, meta.period.end
    return Roadmap(
        name=meta.name,
        municipality=meta.municipality,
        published=meta.published,
        period=fiscal.span(first, last),
        years=years,
        kinds=list(kinds.values()),
        groups=groups,
        departments=[(d, n) for d, n in count_dept.items() if n],
        tags=[t for t in tags if t[2]],
        statuses=[Status(s.name, s.rollup, s.meaning, "") for s in meta.statuses] + _partly(groups),
        stated=plan.capabilities,
        labels=meta.labels,
        sources=[source.line for source in meta.sources],
        problems=problems,
        as_of=as_of,
        charts=_charts(plan, answers),
    )


def _row(
    plan: Plan,
    phase_kind: dict[str, Kind | None],
    years: list[Year],
    answers: dict[int, dict[str, list[Answer]]],
    item: Item,
) -> RoadmapRow:
    """One item's row: each year's phases (coloured by kind) and status, and the text search finds."""
    continuing = {p.name for p in plan.meta.phases if p.continues}
    # Indicators read the answers the page shows (roadmap --as-of): none after its last answered year.
    shown_up_to = max((y.year for y in years if answers[y.year]), default=years[0].year - 1)
    # Without phases (capabilities) a year cell tells the item's indicators instead: a KPI-first plan.
    kpis = partial(_year_kpis, plan, item, answers) if not plan.capabilities.has_phases else _no_kpis
    cells = []
    for y in years:
        # → or 継続 takes the colour of the phase it carries on.
        carried = [phase_kind.get(name) for name in planned(plan, item, y.year)]
        phases = [
            Phase(name, phase_kind.get(name) or (carried[0] if name in continuing and carried else None))
            for name in item.schedule.get(y.year, [])
        ]
        given = answers[y.year].get(item.id, [])
        cells.append(Cell(phases, _status(plan, item, given) if given else None, kpis(y.year)))
    words = [item.id, item.title, item.headline, item.description, *item.departments, *item.tags]
    # What the page shows of the answers is found too: 取組実績 and 課題 (public ones on a public page).
    words += [text for y in years for a in answers[y.year].get(item.id, []) for text in (a.result, a.challenge)]
    return RoadmapRow(
        item.id,
        item.title,
        item.headline,
        item.description,
        list(item.departments),
        list(item.tags),
        cells,
        fold(" ".join(words)),
        [(m.by, m.text) for m in item.milestones],
        [source.line for source in item.sources],
        item.label,
        [indicator_line(plan, kpi) for kpi in indicator_states(plan, [item], up_to=shown_up_to, answers=answers)],
    )


def _year_kpis(plan: Plan, item: Item, answers: dict[int, dict[str, list[Answer]]], year: int) -> list[str]:
    lines = (year_line(plan, item, indicator, year, answers[year]) for indicator in item.indicators)
    return [line for line in lines if line is not None]


def _no_kpis(_year: int) -> list[str]:
    return []


def _partly(groups: list[Section]) -> list[Status]:
    """The legend's 一部未回答, when a cell of the page shows it: it is a rollup, not a status of the plan."""
    cells = (c for g in groups for r in g.all_rows() for c in r.cells)
    if not any(c.status and c.status.rollup == PARTLY_ANSWERED for c in cells):
        return []
    meaning = _("some of the item's departments have not answered yet; on schedule only when all have")
    return [Status(rollup_word(PARTLY_ANSWERED), PARTLY_ANSWERED, meaning, "")]


def _status(plan: Plan, item: Item, given: list[Answer]) -> Status:
    """What the answers of one item's year say: the status of the answer that decides the rollup
    (ratings.overall), or 一部未回答 with the 主管課 not yet answered, never a co-department's 予定どおり."""
    meta = plan.meta
    rollup = overall(meta, item, given)
    # An item that names no 主管課 is answered by the plan's office alone: its words need no name.
    by = _by if item.departments else _unnamed
    # Each 主管課's result, else its status; the office alone: its result (its status is the cell's).
    results = [
        by(a.department, a.result or a.status or rollup_word(answer_rollup(meta, item, a)))
        for a in given
        if item.departments or a.result
    ]
    memo = "\n".join(by(a.department, _memo(a)) for a in given if a.note or a.answered_by)
    challenge = "\n".join(by(a.department, a.challenge) for a in given if a.challenge)
    told = any(a.result for a in given)
    if rollup == PARTLY_ANSWERED:
        answered = {a.department for a in given}
        missing = [d for d in meta.answerers(item) if d not in answered]
        results += [_by(d, rollup_word(None)) for d in missing]
        meaning = (
            _("not answered yet: {departments}").format(departments=_(", ").join(missing))
            if missing
            else _("not every indicator is graded yet")
        )
        return Status(rollup_word(rollup), rollup, meaning, _(", ").join(results), memo, challenge, False, told)
    deciding = next((a for a in given if answer_rollup(meta, item, a) == rollup), given[0])
    if deciding.status is None:  # answered through its indicators' grades
        meaning = _("from the indicators' grades")
        return Status(rollup_word(rollup), rollup, meaning, _(", ").join(results), memo, challenge, False, told)
    known = next((s for s in meta.statuses if s.name == deciding.status), None)
    meaning = known.meaning if known else ""
    return Status(deciding.status, rollup, meaning, _(", ").join(results), memo, challenge, told=told)


def _by(department: str, text: str) -> str:
    """One 主管課's words in a cell or the details: 防災課：一行目."""
    return _("{department}: {text}").format(department=department, text=text)


def _unnamed(_department: str, text: str) -> str:
    return text


def _memo(answer: Answer) -> str:
    """An answer's 庁内メモ and 回答者 (internal pages only), the 回答者 always labelled."""
    if answer.note and answer.answered_by:
        return _("{note}; answered by {answered_by}").format(note=answer.note, answered_by=answer.answered_by)
    if answer.answered_by:
        return _("answered by {answered_by}").format(answered_by=answer.answered_by)
    return answer.note


def _charts(plan: Plan, answers: dict[int, dict[str, list[Answer]]]) -> list[Chart]:
    """The rollup of the latest year with answers (if any), and the phase kinds of every year."""
    answered = [year for year, found in answers.items() if found]
    charts = []
    if answered:
        year = answered[-1]
        rollups = [(item, overall(plan.meta, item, answers[year].get(item.id, []))) for item in plan.items]
        charts.append(rollup_chart(plan, year, rollups))
    kinds = phase_kind_chart(plan, plan.items)
    if kinds is not None:
        charts.append(kinds)
    return charts
