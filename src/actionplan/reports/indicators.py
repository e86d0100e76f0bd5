"""Where each indicator (指標) stands: its target, latest value, 達成率, grade and 実績, from the answers.

The one reading of per-indicator answers, used by the report's indicator section and the roadmap.
A 再掲 indicator stands for the indicator it repeats: its targets and answers are that one's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from actionplan import fiscal
from actionplan.i18n import _
from actionplan.loader import Plan
from actionplan.model import Answer, Indicator, Item
from actionplan.ratings import Achievement
from actionplan.reports.charts import rollup_word
from actionplan.reports.items import target_year_text
from actionplan.text import amount
from actionplan.views import LineChart


@dataclass(frozen=True)
class IndicatorState:
    """One indicator of one item as of a fiscal year."""

    item: Item
    indicator: Indicator  # as the item lists it (a 再掲 too)
    stated: Indicator  # the one whose targets and answers count (the original of a 再掲)
    year: int | None  # the latest year with an answer for it, None: 未回答
    department: str  # who gave that answer
    target_year: int | None  # the target the value is measured against: that year's, else the next stated
    actual: float | None
    grade: str | None
    result: str
    history: list[tuple[int, float]]  # every answered year's value, oldest first
    final: bool = False  # the target is the plan's final target with no year (最終目標), standing for target_year

    @property
    def target(self) -> float | None:
        if self.final:
            return self.stated.final_target
        return self.stated.targets.get(self.target_year) if self.target_year is not None else None

    @property
    def target_text(self) -> str | None:
        """The target in words (全市町村で導入), None where it is a number or none is stated."""
        if self.final:
            return self.stated.final_target_text
        return self.stated.target_texts.get(self.target_year) if self.target_year is not None else None

    @property
    def rate(self) -> float | None:
        """達成率 in percent against the target (None where either is missing)."""
        return Achievement(self.stated, self.target, self.actual).rate

    @property
    def answered(self) -> bool:
        return self.year is not None


def _said(answer: Answer, indicator: Indicator) -> bool:
    return any(indicator.id in given for given in (answer.values, answer.grades, answer.results))


def _target_year(indicator: Indicator, year: int, end: int) -> int | None:
    """The year's target, else the next one stated (a final target), else the last one before.

    A final target with no year stands for the plan's last year ``end``."""
    years = indicator.years_with_target(end)
    later = [y for y in years if y >= year]
    return later[0] if later else (years[-1] if years else None)


def state(
    plan: Plan,
    item: Item,
    indicator: Indicator,
    answers: Mapping[int, dict[str, list[Answer]]],
    current: int | None = None,
) -> IndicatorState:
    """``indicator`` of ``item`` from ``answers`` (by year, then item): the history of its values, and
    the answer of ``current`` (the report's year) or, without one, the latest answered year's."""
    years = sorted(answers)
    stated = plan.original(indicator)
    owner = indicator.repeats.item if indicator.repeats else item.id
    # In year order, then 主管課 order.
    said = [a for year in years for a in answers[year].get(owner, []) if _said(a, stated)]
    history: dict[int, float] = {}
    for answer in said:
        if stated.id in answer.values:
            history.setdefault(answer.year, answer.values[stated.id])
    chosen = [a for a in said if current is None or a.year == current]
    latest = chosen[-1] if chosen else None
    end = plan.meta.period.end
    if latest is None:
        when = current if current is not None else (years[-1] if years else end)
        target_year = _target_year(stated, when, end)
        final = target_year is not None and stated.is_final(target_year, end)
        return IndicatorState(item, indicator, stated, None, "", target_year, None, None, "", [], final)
    target_year = _target_year(stated, latest.year, end)
    return IndicatorState(
        item,
        indicator,
        stated,
        latest.year,
        latest.department,
        target_year,
        latest.values.get(stated.id),
        latest.grades.get(stated.id),
        latest.results.get(stated.id, ""),
        sorted(history.items()),
        target_year is not None and stated.is_final(target_year, end),
    )


def states(
    plan: Plan,
    items: list[Item],
    up_to: int | None = None,
    current: int | None = None,
    answers: Mapping[int, dict[str, list[Answer]]] | None = None,
) -> list[IndicatorState]:
    """Every indicator of ``items`` from the answers up to ``up_to`` (all years when None), as of ``current``.

    ``answers`` (by year, as Plan.answers_for gives them) saves reading them again for each call
    (the roadmap asks item by item); each year is read once either way."""
    years = [y for y in plan.meta.period.years if up_to is None or y <= up_to]
    given = answers or {}
    by_year = {y: given[y] if y in given else plan.answers_for(y) for y in years}
    return [state(plan, item, i, by_year, current) for item in items for i in item.indicators]


@dataclass(frozen=True)
class Trend:
    """One indicator's line chart and the fiscal years of its points (its categories, in order)."""

    kpi: IndicatorState
    years: list[int]
    chart: LineChart


def trends(plan: Plan, items: list[Item], year: int) -> list[Trend]:
    """A line chart of each indicator of ``items`` with values in several years up to ``year``.

    One point per year of the plan, of a stated target and of a value: 実績値 as answered (the
    history), 目標値 as stated (a final target with no year at the plan's last), years in 和暦 with
    西暦. A 再掲 gets none (its original has it)."""
    charted = []
    for kpi in states(plan, items, up_to=year, current=year):
        if kpi.indicator.repeats is not None or len(kpi.history) < 2:
            continue
        values = dict(kpi.history)
        end = plan.meta.period.end
        years = sorted({*plan.meta.period.plan_years, *kpi.stated.targets, *values})
        item = kpi.item.label or kpi.item.id
        chart = LineChart(
            _("{indicator} across the years ({item} {title})").format(
                indicator=kpi.indicator.name, item=item, title=kpi.item.title
            ),
            [fiscal.label(y) for y in years],
            [_("actual"), _("target")],
            [[values.get(y), kpi.stated.target_at(y, end)] for y in years],  # a final target at the end
            kpi.stated.unit,
        )
        charted.append(Trend(kpi, years, chart))
    return charted


def indicator_line(plan: Plan, kpi: IndicatorState) -> str:
    """One indicator in a line: 電子決裁率：目標値 令和7年度 90%、実績値 55%（令和6年度）、達成率 61.1%、評価 C."""
    facts = []
    if kpi.final:
        facts.append(_("final target {target}").format(target=kpi.stated.final_shown()))
    elif kpi.target_year is not None:
        facts.append(_("target {target}").format(target=target_year_text(plan, kpi.stated, kpi.target_year)))
    if kpi.actual is not None and kpi.year is not None:
        shown = amount(kpi.actual, kpi.stated.unit)
        facts.append(_("actual {actual} ({year})").format(actual=shown, year=fiscal.short(kpi.year)))
    if kpi.rate is not None:
        facts.append(_("achievement {rate}").format(rate=f"{kpi.rate:.1f}%"))
    if kpi.grade:
        facts.append(_("rating {rating}").format(rating=kpi.grade))
    if not kpi.answered:
        facts.append(rollup_word(None))
    return _("{indicator}: {facts}").format(indicator=kpi.indicator.name, facts=_(", ").join(facts))


def year_line(plan: Plan, item: Item, indicator: Indicator, year: int, given: Mapping[str, list[Answer]]) -> str | None:
    """What the plan and ``given`` (one year's answers by item) say of an indicator in ``year``, in a
    line: 電子決裁率：目標値 60%、実績値 55%、集計区分：遅れ (最終目標 in the plan's last year where only a
    final target is stated); None where they say nothing of that year."""
    stated = plan.original(indicator)
    end = plan.meta.period.end
    facts = []
    if stated.is_final(year, end):
        facts.append(_("final target {target}").format(target=stated.final_shown()))
    elif (target := stated.target_shown(year)) is not None:
        facts.append(_("target {target}").format(target=target))
    owner = indicator.repeats.item if indicator.repeats else item.id
    said = [a for a in given.get(owner, []) if _said(a, stated)]
    if said:
        answer = said[-1]
        if stated.id in answer.values:
            facts.append(_("actual {actual}").format(actual=amount(answer.values[stated.id], stated.unit)))
        grade = answer.grades.get(stated.id)
        rollup = next((r.rollup for r in plan.meta.ratings if r.name == grade), None)
        if rollup is not None:
            facts.append(_("rollup {rollup}").format(rollup=rollup_word(rollup)))
        elif grade:
            facts.append(_("rating {rating}").format(rating=grade))
    if not facts:
        return None
    return _("{indicator}: {facts}").format(indicator=indicator.name, facts=_(", ").join(facts))


def record(kpi: IndicatorState) -> dict[str, Any]:
    """One indicator's state in the JSON contract (report's ``indicators``): the same keys in every language."""
    ref = kpi.indicator.repeats
    return {
        "item": kpi.item.id,
        "id": kpi.indicator.id,
        "name": kpi.indicator.name,
        "unit": kpi.stated.unit,
        "kind": kpi.stated.kind,
        "repeats": ref.model_dump() if ref else None,
        "answered": kpi.answered,
        "year": kpi.year,
        "department": kpi.department or None,
        "target_year": kpi.target_year,
        "target": kpi.target,
        "target_text": kpi.target_text,
        "target_final": kpi.final,
        "actual": kpi.actual,
        "achievement": None if kpi.rate is None else round(kpi.rate, 1),
        "grade": kpi.grade,
        "result": kpi.result,
        "history": {str(year): value for year, value in kpi.history},
    }
