"""The report of one fiscal year (report YEAR): planned phases, changes, and every 主管課's answer.

An item's overall rollup follows from its departments' answers by ratings.overall (一部未回答
while one of its 主管課 has not answered, else plan.yaml's rollup_rule); the counts by status and
by rating count each department's own answers. The tables speak the run's language; the JSON
document keeps its Japanese values (継続, 順調, 一部未回答, 未回答) in every language.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from actionplan import fiscal
from actionplan.i18n import N_, _, language, ngettext
from actionplan.loader import Plan
from actionplan.model import Answer, Item
from actionplan.ratings import PARTLY_ANSWERED, achievements, answer_rollup, overall, rating_of
from actionplan.reports.charts import ITEM_ROLLUP_VALUES, NOT_ANSWERED_VALUE, not_rated, rollup_roles, rollup_word
from actionplan.reports.indicators import Trend
from actionplan.reports.indicators import record as indicator_record
from actionplan.reports.indicators import states as indicator_states
from actionplan.reports.indicators import trends as indicator_trends
from actionplan.reports.items import (
    not_stated,
    planned,
    printed_number,
    schedule_years,
    target_year_text,
    words_text,
)
from actionplan.text import amount, phases_text
from actionplan.views import Table, View

# How a phase moves from the year before, as the JSON document says it. There is no change
# where either year states no phase: "not stated" is never 継続.
SAME, CHANGED = "継続", "段階変更"
CHANGE_WORDS = {SAME: N_("continued"), CHANGED: N_("changed")}  # … and as people read it
ANSWER_COLUMNS = (
    N_("rollup"),
    N_("status"),
    N_("phases carried out"),
    N_("rating"),
    N_("result"),
    N_("challenges and next steps"),
)


@dataclass(frozen=True)
class DeptAnswer:
    """One 主管課 of an item in the year: its answer, or None (未回答)."""

    department: str
    answer: Answer | None


@dataclass(frozen=True)
class Row:
    """One item in the year's report."""

    item: Item
    pillar: str | None
    goal: str | None
    phases: list[str]  # empty: the plan states no phase for the year
    previous: list[str] | None  # None: the year before is not in the plan
    departments: list[DeptAnswer]  # the 主管課 shown (all, or those asked for with --dept)
    change: str  # SAME, CHANGED, or "" where either year states no phase
    everyone: list[Answer]  # every 主管課's answer, shown or not: the item's overall rollup

    @property
    def answers(self) -> list[Answer]:
        return [d.answer for d in self.departments if d.answer is not None]


@dataclass(frozen=True)
class YearReport:
    plan: Plan
    year: int
    previous_year: int | None
    rows: list[Row]

    @functools.cached_property
    def answered(self) -> bool:
        """Any department answered: the report then shows the answer columns and sections.

        Cached: every row asks, and a scan per row made the report quadratic in the items."""
        return any(r.answers for r in self.rows)

    def overall(self, row: Row) -> str | None:
        """The item's overall rollup key over ALL its 主管課's answers (not only the departments
        shown), by ratings.overall: None when none answered, partly_answered while any has not."""
        return overall(self.plan.meta, row.item, row.everyone)

    def rollup(self, row: Row) -> str:
        """The item's overall rollup label in the JSON document (see overall)."""
        found = self.overall(row)
        return ITEM_ROLLUP_VALUES[found] if found else NOT_ANSWERED_VALUE

    def answer_rollup_key(self, answer: Answer | None) -> str | None:
        """The rollup key of one department's answer (``delayed`` …), None when it did not answer."""
        return answer_rollup(self.plan.meta, self.plan.item(answer.item), answer) if answer else None

    def answer_rollup(self, answer: Answer | None) -> str:
        """The rollup label of one department's answer in the JSON document."""
        found = self.answer_rollup_key(answer)
        return ITEM_ROLLUP_VALUES[found] if found else NOT_ANSWERED_VALUE

    def rating(self, item: Item, answer: Answer | None) -> tuple[str | None, bool]:
        return rating_of(self.plan.meta, item, answer) if answer else (None, False)


def year_report(plan: Plan, year: int, items: list[Item], departments: Sequence[str] = ()) -> YearReport:
    """Compute the report of ``year`` over ``items`` (already filtered, in plan order).

    ``departments``, when given, keeps only those 主管課's answers and chases.
    """
    years = plan.meta.period.years
    previous = year - 1 if year - 1 in years else None
    answers = plan.answers_for(year)
    rows = []
    for item in items:
        pillar, goal = plan.parent(item.id)
        before = list(item.schedule.get(previous, [])) if previous is not None else None
        now = list(item.schedule.get(year, []))
        change = ""
        if before and now and previous is not None:
            # Compared as meant: → or 継続 carries the year before's phases on.
            change = SAME if planned(plan, item, previous) == planned(plan, item, year) else CHANGED
        given = {a.department: a for a in answers.get(item.id, [])}
        answerers = plan.meta.answerers(item)
        shown = [d for d in answerers if not departments or d in departments]
        depts = [DeptAnswer(d, given.get(d)) for d in shown]
        everyone = [given[d] for d in answerers if d in given]
        rows.append(Row(item, pillar, goal, now, before, depts, change, everyone))
    return YearReport(plan, year, previous, rows)


def report_view(report: YearReport) -> View:
    """The year's report: one table per goal (in ID order, items directly in a pillar between
    its goals), the reasons for 遅れ・中止, indicators, then the summaries. A plan with no
    schedules gets no phase columns."""
    plan, year = report.plan, report.year
    period = plan.meta.period
    previous = report.previous_year
    prev_label = fiscal.short(previous, period.partial(previous)) if previous else _("the year before")
    scheduled = bool(schedule_years(plan))
    phase_columns = [prev_label, fiscal.short(year, period.partial(year)), _("change")] if scheduled else []
    columns = [*_plan_columns(report), *phase_columns]
    if report.answered:
        columns += [_(word) for word in _shown(report, ANSWER_COLUMNS)]  # marked with N_
    tables = []
    for title, rows in _groups(report):
        per_item = [_rows(report, row, scheduled) for row in rows]
        body = [cells for item_rows in per_item for cells in item_rows]
        tables.append(Table(columns, body, title=title, groups=[len(item_rows) for item_rows in per_item]))
    sections = [_reasons(report)] if report.answered else []
    charted = indicator_trends(plan, [row.item for row in report.rows], year)
    sections = [t for t in [*sections, _indicator_table(report), _trend_table(report, charted)] if t.rows]
    sections += _summaries(report, scheduled)
    tables += [replace(t, title=_heading(t.title or "")) for t in sections]
    year_label = fiscal.label(year, period.partial(year))
    count = len(report.rows)
    return View(
        _report_data(report),
        tables,
        _flat(report, phase_columns),
        notes=[ngettext("{count} item", "{count} items", count).format(count=count)],
        title=_("{year} progress report — {plan}").format(year=year_label, plan=plan.meta.name),
        trends=[trend.chart for trend in charted],
    )


FlatCell = Callable[[Row, DeptAnswer], str]


def _flat(report: YearReport, phase_columns: list[str]) -> Table:
    """The one tidy table for csv: a row per 主管課 of each item, in the columns the plan has."""
    columns = _flat_columns(report, phase_columns)
    headings, cells = [heading for heading, _cell in columns], [cell for _name, cell in columns]
    rows = [[cell(row, dept) for cell in cells] for row in report.rows for dept in row.departments]
    return Table(headings, rows, title=_("progress report"))


def _flat_columns(report: YearReport, phase_columns: list[str]) -> list[tuple[str, FlatCell]]:
    """The csv's columns and their cells, each only where the plan states it (capabilities, as the tables)."""
    stated, labels = report.plan.capabilities, report.plan.meta.labels

    def answered(cell: Callable[[Answer], str]) -> FlatCell:
        return lambda _row, dept: cell(dept.answer) if dept.answer else ""

    def rating(row: Row, dept: DeptAnswer) -> tuple[str | None, bool]:
        return report.rating(row.item, dept.answer)

    phases = [(heading, _nth_phase_cell(n)) for n, heading in enumerate(phase_columns)]
    columns: list[tuple[str, FlatCell, bool]] = [
        (labels.item_id, lambda row, _dept: row.item.id, True),
        (printed_number(), lambda row, _dept: row.item.label, stated.has_labels),
        (labels.term("pillar"), lambda row, _dept: row.pillar or "", True),
        (labels.term("goal"), lambda row, _dept: row.goal or "", stated.has_goals),
        (labels.item_title, lambda row, _dept: row.item.title, True),
        (labels.term("department"), lambda _row, dept: dept.department, stated.has_departments),
        *((heading, cell, True) for heading, cell in phases),
        (_("rollup"), lambda _row, dept: rollup_word(report.answer_rollup_key(dept.answer)), True),
        (_("status"), answered(lambda a: a.status or ""), True),
        (_("phases carried out"), answered(lambda a: phases_text(a.phases)), stated.has_phases),
        (_("rating"), lambda row, dept: rating(row, dept)[0] or "", stated.has_ratings),
        (_("rating computed from"), lambda r, d: _("achievement") if rating(r, d)[1] else "", stated.has_ratings),
        (_("result"), answered(lambda a: a.result), True),
        (_("challenges and next steps"), answered(lambda a: a.challenge), True),
        (_("evidence"), answered(lambda a: a.evidence), True),
        (_("{item} rollup").format(item=labels.term("item")), lambda row, _d: rollup_word(report.overall(row)), True),
    ]
    return [(heading, cell) for heading, cell, shown in columns if shown]


def _nth_phase_cell(n: int) -> FlatCell:
    return lambda row, _dept: _phase_cells(row, True)[n]


def _rating_cell(report: YearReport, item: Item, answer: Answer) -> str:
    """The rating, saying when it was computed from the indicators' achievement: B（達成率から算出）."""
    rating, computed = report.rating(item, answer)
    if computed:
        return _("{rating} (computed from achievement)").format(rating=rating or "")
    return rating or ""


def _heading(title: str) -> str:
    """A section's title as English writes it, with a capital: Number of items by phase. Japanese
    has no case, and a Japanese title may start with the plan's own word: left as it is."""
    return title if language() == "ja" else title[:1].upper() + title[1:]


def _plan_columns(report: YearReport) -> list[str]:
    """項目番号, 表示番号 (where the plan prints numbers), 項目名, 主管課 (where items name one)."""
    stated, labels = report.plan.capabilities, report.plan.meta.labels
    return [
        labels.item_id,
        *([printed_number()] if stated.has_labels else []),
        labels.item_title,
        *([labels.term("department")] if stated.has_departments else []),
    ]


def _plan_cells(report: YearReport, row: Row, scheduled: bool) -> list[str]:
    stated = report.plan.capabilities
    cells = [
        row.item.id,
        *([row.item.label] if stated.has_labels else []),
        row.item.title,
        *([words_text(row.item.departments)] if stated.has_departments else []),
    ]
    return cells + _phase_cells(row, scheduled)


def _phase_cells(row: Row, scheduled: bool) -> list[str]:
    if not scheduled:
        return []
    return [
        (phases_text(row.previous) or not_stated()) if row.previous is not None else "",
        phases_text(row.phases) or not_stated(),
        _change_word(row.change),
    ]


def _change_word(change: str) -> str:
    return _(CHANGE_WORDS[change]) if change else ""  # marked with N_


def _shown(report: YearReport, cells: Sequence[str]) -> list[str]:
    """The answer columns the plan has (capabilities): 実施した段階 only with phases, 評価 only with ratings."""
    stated = report.plan.capabilities
    dropped = {2} if not stated.has_phases else set()
    dropped |= {3} if not stated.has_ratings else set()
    return [cell for n, cell in enumerate(cells) if n not in dropped]


def _answer_cells(report: YearReport, item: Item, answer: Answer | None) -> list[str]:
    if answer is None:
        return _shown(report, [rollup_word(None), "", "", "", "", ""])
    cells = [
        rollup_word(report.answer_rollup_key(answer)),
        answer.status or "",
        phases_text(answer.phases),
        _rating_cell(report, item, answer),
        answer.result,
        answer.challenge,
    ]
    return _shown(report, cells)


def _rows(report: YearReport, row: Row, scheduled: bool) -> list[list[str]]:
    """The item's row; with several 主管課, one sub-row per department under it (└ 防災課)."""
    cells = _plan_cells(report, row, scheduled)
    if not report.answered:
        return [cells]
    if len(report.plan.meta.answerers(row.item)) == 1 and len(row.departments) == 1:
        return [cells + _answer_cells(report, row.item, row.departments[0].answer)]
    rows = [[*cells, *_shown(report, [rollup_word(report.overall(row)), "", "", "", "", ""])]]
    # Several answerers only where items name 主管課: each one's sub-row under the 主管課 column.
    at = len(_plan_columns(report)) - 1
    for dept in row.departments:
        place = [""] * at + [f"└ {dept.department}"] + [""] * (len(cells) - at - 1)
        rows.append([*place, *_answer_cells(report, row.item, dept.answer)])
    return rows


def _reasons(report: YearReport) -> Table:
    """Why: every answer that counts as 遅れ or 中止, with what was done and what comes next."""
    stated = report.plan.capabilities
    rows = []
    for row in report.rows:
        for answer in row.answers:
            if report.answer_rollup_key(answer) in ("delayed", "stopped"):
                rows.append(
                    [
                        *(row.item.id, *([row.item.label] if stated.has_labels else []), row.item.title),
                        *([answer.department] if stated.has_departments else []),
                        *(answer.status or "", answer.result, answer.challenge),
                    ]
                )
    columns = [
        *_plan_columns(report),
        *[_("status"), _("result"), _("challenges and next steps")],
    ]
    title = ngettext(
        "why delayed or stopped ({count} answer)", "why delayed or stopped ({count} answers)", len(rows)
    ).format(count=len(rows))
    return Table(columns, rows, title=title)


def _indicator_table(report: YearReport) -> Table:
    """Every indicator of the report's items, answered or 未回答: target, 実績値, 達成率, grade and 実績.

    A per-indicator grade is shown as given; without one, the answer's rating (computed where the
    plan computes ratings). A 再掲 is shown with the values of the indicator it repeats."""
    plan, year = report.plan, report.year
    stated, labels = plan.capabilities, plan.meta.labels
    answers = {(a.item, a.department): a for row in report.rows for a in row.everyone}
    found = indicator_states(plan, [row.item for row in report.rows], up_to=year, current=year)
    rows = []
    for kpi in found:
        answer = answers.get((kpi.indicator.repeats.item if kpi.indicator.repeats else kpi.item.id, kpi.department))
        rating = kpi.grade or (_rating_cell(report, kpi.item, answer) if answer and kpi.item.id == answer.item else "")
        target = kpi.stated.target_shown(kpi.target_year) if kpi.target_year is not None else None
        if kpi.final or (target and kpi.target_year != year):
            target = target_year_text(plan, kpi.stated, kpi.target_year or year)
        rows.append(
            [
                kpi.item.id,
                *([kpi.item.label] if stated.has_labels else []),
                *([kpi.department or words_text(plan.meta.answerers(kpi.item))] if stated.has_departments else []),
                kpi.indicator.name,
                target or not_stated(),
                _amount(kpi.actual, kpi.stated.unit) if kpi.answered else rollup_word(None),
                _rate_of(kpi.rate),
                rating,
                *([kpi.result] if any(k.result for k in found) else []),
            ]
        )
    columns = [
        labels.item_id,
        *([printed_number()] if stated.has_labels else []),
        *([labels.term("department")] if stated.has_departments else []),
        *[_("indicator"), _("target"), _("actual"), _("achievement"), _("rating")],
        *([_("result")] if any(k.result for k in found) else []),
    ]
    return Table(columns, rows, title=_("indicators: achievement"))


def _trend_table(report: YearReport, charted: list[Trend]) -> Table:
    """The numbers of the indicators' line charts (html and pdf draw them): a row of 実績値 and a row of
    目標値 per indicator, a column per year in 和暦 with 西暦 — the charts' table for every format."""
    stated, labels = report.plan.capabilities, report.plan.meta.labels
    years = sorted({y for trend in charted for y in trend.years})
    rows, groups = [], []
    for trend in charted:
        item, chart = trend.kpi.item, trend.chart
        by_year = dict(zip(trend.years, chart.values, strict=True))
        for n, series in enumerate(chart.series):
            cells = [_amount(by_year[y][n], chart.unit) if y in by_year else "" for y in years]
            rows.append(
                [item.id, *([item.label] if stated.has_labels else []), trend.kpi.indicator.name, series, *cells]
            )
        groups.append(len(chart.series))
    columns = [
        labels.item_id,
        *([printed_number()] if stated.has_labels else []),
        *[_("indicator"), _("target or actual")],
        *[fiscal.label(y) for y in years],
    ]
    return Table(columns, rows, title=_("indicators across the years"), groups=groups)


def _amount(value: float | None, unit: str) -> str:
    return "" if value is None else amount(value, unit)


def _rate_of(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.1f}%"


def _groups(report: YearReport) -> list[tuple[str, list[Row]]]:
    """Runs of rows under one pillar or goal, in plan order: 1-1 | goal 1-2 | 1-3 stay in that order."""
    pillars = {p.id: p for p in report.plan.meta.pillars}
    goals = {g.id: g for p in report.plan.meta.pillars for g in p.goals}
    groups: list[tuple[str, list[Row]]] = []
    current: tuple[str | None, str | None] | None = None
    for row in report.rows:
        key = (row.pillar, row.goal)
        if key != current:
            pillar, goal = pillars.get(row.pillar or ""), goals.get(row.goal or "")
            title = f"{pillar.label} {pillar.title}" if pillar else _("other")
            if goal is not None:
                title = _("{pillar} / {goal}").format(pillar=title, goal=f"{goal.label} {goal.title}")
            groups.append((title, []))
            current = key
        groups[-1][1].append(row)
    return groups


def _summaries(report: YearReport, scheduled: bool) -> list[Table]:
    plan, rows = report.plan, report.rows
    labels = plan.meta.labels
    phase_order = [p.name for p in plan.meta.phases]
    # Counted as meant: an arrow counts as the phase it carries on.
    per_phase = Counter(p for row in rows for p in planned(plan, row.item, report.year))
    phase_rows = [[p, _items(per_phase[p])] for p in phase_order if per_phase[p]]
    phase_rows += [[p, _items(n)] for p, n in per_phase.items() if p not in phase_order]
    changing = [r for r in rows if r.change == CHANGED]
    new_tag = _new_tag(plan)
    new_items = [r for r in rows if new_tag and new_tag in r.item.tags]
    # Who answers for each item: an item naming no 主管課, in a plan where others do, counts for the
    # plan's office, so the counts add up to the items, as the answers' counts do.
    answering = (plan.meta.answerers(row.item) for row in rows) if plan.capabilities.has_departments else ()
    per_dept = Counter(d for found in answering for d in found)
    dept_rows = [[d, _items(n)] for d, n in sorted(per_dept.items(), key=lambda p: _plan_order(plan, p[0]))]
    item, department = labels.term("item"), labels.term("department")
    # 表示番号 beside the ID where items carry one (capabilities), as in the year's tables.
    number = [printed_number()] if plan.capabilities.has_labels else []
    named = [labels.item_id, *number, labels.item_title]

    def name(row: Row) -> list[str]:
        return [row.item.id, *([row.item.label] if number else []), row.item.title]

    tables = []
    if scheduled:
        tables += [
            Table(
                [labels.term("phase"), labels.item_count],
                phase_rows,
                title=_("{items} by {phase}").format(items=labels.item_count, phase=labels.term("phase")),
            ),
            Table(
                [*named, _("the year before"), _("this year"), _("change")],
                [
                    [
                        *name(r),
                        phases_text(r.previous or []),
                        phases_text(r.phases),
                        _change_word(r.change),
                    ]
                    for r in changing
                ],
                title=ngettext(
                    "{item}s changing phase ({count} item)", "{item}s changing phase ({count} items)", len(changing)
                ).format(item=item, count=len(changing)),
            ),
        ]
    due = [(r, m) for r in rows for m in r.item.milestones if m.by == report.year]
    if any(m for r in rows for m in r.item.milestones):
        tables.append(
            Table(
                [*named, _("milestone")],
                [[*name(r), m.text] for r, m in due],
                title=ngettext(
                    "{item}s due in {year} ({count} item)", "{item}s due in {year} ({count} items)", len(due)
                ).format(item=item, year=fiscal.short(report.year), count=len(due)),
            )
        )
    if new_tag:
        tables.append(
            Table(
                named,
                [name(r) for r in new_items],
                title=ngettext("{tag} {item}s ({count} item)", "{tag} {item}s ({count} items)", len(new_items)).format(
                    tag=new_tag, item=item, count=len(new_items)
                ),
            )
        )
    tables.append(
        Table(
            [department, labels.item_count],
            dept_rows,
            title=_("{items} by {department}").format(items=labels.item_count, department=department),
        )
    )
    if report.answered:
        rollups = [rollup_word(key) for key in rollup_roles(plan) if key != PARTLY_ANSWERED]
        tables.append(_count_table(report, [*rollups, rollup_word(None)], _rollup_word, _("answers by rollup")))
        ratings = [r.name for r in plan.meta.ratings]
        rated = any(report.rating(r.item, d.answer)[0] for r in rows for d in r.departments)
        if plan.capabilities.has_ratings and rated:
            tables.append(_count_table(report, [*ratings, not_rated()], _rating_word, _("answers by rating")))
    return [t for t in tables if t.rows]


def _items(count: int) -> str:
    return ngettext("{count} item", "{count} items", count).format(count=count)


def _new_tag(plan: Plan) -> str | None:
    # The plan's legend says which tag marks new items (Suginami's: 新規).
    return next((t.name for t in plan.meta.tags if t.marks_new), None)


def _rollup_word(report: YearReport, row: Row, dept: DeptAnswer) -> str:
    return rollup_word(report.answer_rollup_key(dept.answer))


def _rating_word(report: YearReport, row: Row, dept: DeptAnswer) -> str:
    if dept.answer is None:
        return rollup_word(None)
    return report.rating(row.item, dept.answer)[0] or not_rated()


def _plan_order(plan: Plan, department: str) -> int:
    """plan.yaml's order of departments; a department it does not list (the plan's office) after them."""
    listed = plan.meta.departments
    return listed.index(department) if department in listed else len(listed)


def _count_table(report: YearReport, labels: list[str], word: Any, title: str) -> Table:
    """Answers counted per pillar, goal and 主管課: each department's own answer once (未回答 too)."""
    words = report.plan.meta.labels
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in report.rows:
        for dept in row.departments:
            label = word(report, row, dept)
            keys = [("total", ""), ("pillar", row.pillar), ("goal", row.goal), ("department", dept.department)]
            for kind, name in keys:
                if name is not None:
                    counts[(kind, name)][label] += 1
    not_answered = rollup_word(None)
    if not_answered not in labels and any(c[not_answered] for c in counts.values()):
        labels = [*labels, not_answered]
    groups: list[tuple[str, str, Counter[str]]] = [(_("total"), _("all"), counts[("total", "")])]
    for pillar in report.plan.meta.pillars:
        groups.append((words.term("pillar"), f"{pillar.label} {pillar.title}", counts[("pillar", pillar.id)]))
        groups += [(words.term("goal"), f"{g.id} {g.title}", counts[("goal", g.id)]) for g in pillar.goals]
    groups += [(words.term("department"), d, counts[("department", d)]) for d in report.plan.answering]
    rows = [[kind, name, *(str(c[label]) for label in labels)] for kind, name, c in groups if c]
    return Table([_("group"), _("name"), *labels], rows, title=title)


def answer_data(report: YearReport, item: Item, dept: DeptAnswer) -> dict[str, Any]:
    """One department's answer in the JSON contract; the internal note (庁内メモ) is never included."""
    answer = dept.answer
    if answer is None:
        return {"department": dept.department, "answered": False, "rollup": NOT_ANSWERED_VALUE}
    rating, computed = report.rating(item, answer)
    return {
        "department": dept.department,
        "answered": True,
        "status": answer.status,
        "rollup": report.answer_rollup(answer),
        "phases": list(answer.phases),
        "result": answer.result,
        "rating": rating,
        "rating_computed": computed,
        "challenge": answer.challenge,
        "indicators": [
            {
                "id": a.indicator.id,
                "name": a.indicator.name,
                "unit": a.indicator.unit,
                "target": a.target,
                "target_text": a.text,
                "actual": a.actual,
                "achievement": None if a.rate is None else round(a.rate, 1),
                "grade": answer.grades.get(a.indicator.id),
                "result": answer.results.get(a.indicator.id, ""),
            }
            for a in achievements(item, answer, report.plan.meta.period.end)
        ],
        "evidence": answer.evidence,
        "answered_by": answer.answered_by,
        "answered_on": answer.answered_on.isoformat() if answer.answered_on else None,
    }


def _report_data(report: YearReport) -> dict[str, Any]:
    rows = report.rows
    return {
        "year": report.year,
        "label": fiscal.era_name(report.year),
        "previous_year": report.previous_year,
        "rollup_rule": report.plan.meta.rollup_rule,
        "items": [
            {
                "id": r.item.id,
                "label": r.item.label,  # the printed number (①, 取組項目1), or ""
                "pillar": r.pillar,
                "goal": r.goal,
                "title": r.item.title,
                "departments": list(r.item.departments),
                "tags": list(r.item.tags),
                "phases": r.phases,
                "previous_phases": r.previous,
                "change": r.change or None,
                "milestones": [{"by": m.by, "text": m.text} for m in r.item.milestones if m.by == report.year],
                "rollup": report.rollup(r),
                "answers": [answer_data(report, r.item, d) for d in r.departments],
            }
            for r in rows
        ],
        "indicators": [
            indicator_record(kpi)
            for kpi in indicator_states(report.plan, [r.item for r in rows], report.year, report.year)
        ],
        "summary": {
            "phases": dict(Counter(p for r in rows for p in planned(report.plan, r.item, report.year))),
            "changing": [r.item.id for r in rows if r.change == CHANGED],
            "departments": dict(Counter(d for r in rows for d in r.item.departments)),
            "rollup": dict(Counter(report.answer_rollup(d.answer) for r in rows for d in r.departments)),
        },
    }


def missing_view(report: YearReport) -> View:
    """The coordinator's chase list: every (主管課, item) pair without an answer for the year."""
    plan = report.plan
    labels = plan.meta.labels
    by_dept: dict[str, list[Row]] = defaultdict(list)
    for row in report.rows:
        for dept in row.departments:
            if dept.answer is None:
                by_dept[dept.department].append(row)
    tables = []
    data: dict[str, list[str]] = {}
    flat = []
    # 表示番号 where items carry one, the year's planned phases only where the plan has phases.
    stated = plan.capabilities
    number = [printed_number()] if stated.has_labels else []
    columns = [labels.item_id, *number, labels.item_title, *([fiscal.short(report.year)] if stated.has_phases else [])]
    for name in plan.answering:
        rows = by_dept.get(name)
        if not rows:
            continue
        data[name] = [r.item.id for r in rows]
        body = [
            [
                *(r.item.id, *([r.item.label] if number else []), r.item.title),
                *([phases_text(r.phases)] if stated.has_phases else []),
            ]
            for r in rows
        ]
        tables.append(
            Table(columns, body, title=_("{department} ({items})").format(department=name, items=_items(len(rows))))
        )
        flat += [[name, *cells] for cells in body]
    pairs = sum(len(v) for v in data.values())
    item = labels.term("item")
    return View(
        {"year": report.year, "missing": data},
        tables,
        Table([labels.term("department"), *columns], flat, title=_("{item}s not answered").format(item=item)),
        notes=[
            _("not answered: {items} ({departments})").format(
                items=_items(pairs),
                departments=ngettext("{count} department", "{count} departments", len(data)).format(count=len(data)),
            )
        ],
        title=_("{year}: {item}s not answered").format(year=fiscal.label(report.year), item=item),
    )
