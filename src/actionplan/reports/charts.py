"""The charts of the report and the roadmap, as data: rollup per pillar and goal, phase kinds per year."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from actionplan import fiscal
from actionplan.i18n import N_, _
from actionplan.loader import Plan
from actionplan.model import NOT_COUNTED, Item
from actionplan.ratings import PARTLY_ANSWERED, ROLLUP_WORDS
from actionplan.reports.items import planned
from actionplan.views import Chart

# The rollups as data (JSON values, open data): Japanese in every language, in model.ROLLUPS order.
ROLLUP_VALUES = {"on_schedule": "順調", "delayed": "遅れ", "stopped": "中止", NOT_COUNTED: "対象外"}
# An item's rollup may also be 一部未回答 (ratings.overall); one answer's never is.
ITEM_ROLLUP_VALUES = {**ROLLUP_VALUES, PARTLY_ANSWERED: "一部未回答"}
NOT_ANSWERED_VALUE = "未回答"
# The same, and the other fixed words of charts and reports, as people read them.
NOT_RATED = N_("not rated")
NOT_ANSWERED = N_("not answered")


# The phase kinds a plan.yaml that lists none gets (model.DEFAULT_PHASE_KINDS) are the tool's
# words, not the plan's: they are shown in the run's language (検討・準備 / "planning and preparation").
DEFAULT_KIND_WORDS = {
    "plan": N_("planning and preparation"),
    "build": N_("building and introduction"),
    "run": N_("implementation and operation"),
    "review": N_("review and revision"),
}


def kind_labels(plan: Plan) -> dict[str, str]:
    """Each phase kind's label by id: the plan's own, or the default kinds' words in the run's language."""
    if "phase_kinds" in plan.meta.model_fields_set:
        return {k.id: k.label for k in plan.meta.phase_kinds}
    return {k.id: _(DEFAULT_KIND_WORDS.get(k.id, k.label)) for k in plan.meta.phase_kinds}  # marked with N_


def rollup_word(rollup: str | None) -> str:
    """A rollup key (``on_schedule`` …) as people read it: 順調 / "on schedule"; None is 未回答."""
    return _(ROLLUP_WORDS[rollup] if rollup else NOT_ANSWERED)  # marked with N_


def not_rated() -> str:
    """評価なし / "not rated": an answer without a rating."""
    return _(NOT_RATED)  # marked with N_


def rollup_roles(plan: Plan) -> list[str]:
    """The item rollups a chart or count table shows: 対象外 only for a plan with a status that rolls up to it."""
    return [r for r in ITEM_ROLLUP_VALUES if r != NOT_COUNTED or plan.capabilities.has_not_counted]


def rollup_chart(plan: Plan, year: int, rollups: Iterable[tuple[Item, str | None]]) -> Chart:
    """集計区分 (順調・遅れ・中止・一部未回答・未回答) of the items of ``year``, in all and per pillar and goal.

    ``rollups`` gives each item with its rollup (``on_schedule`` …), or None when it has no answer.
    """
    roles = rollup_roles(plan)
    series = [rollup_word(role) for role in roles] + [rollup_word(None)]
    labelled = [(item, rollup_word(rollup)) for item, rollup in rollups]
    categories, values = _per_pillar_and_goal(plan, labelled, series)
    words = plan.meta.labels
    return Chart(
        _("Progress in {year} ({items} by rollup, per {pillar} and {goal})").format(
            year=fiscal.short(year), items=words.item_count, pillar=words.term("pillar"), goal=words.term("goal")
        ),
        categories,
        series,
        values,
        colors=[*roles, "none"],
    )


def phase_kind_chart(plan: Plan, items: Iterable[Item]) -> Chart | None:
    """Items per phase kind in each fiscal year of the plan (an item with phases of two kinds counts in both)."""
    kinds = {p.name: p.kind for p in plan.meta.phases}
    labels = kind_labels(plan)
    order = [k.id for k in plan.meta.phase_kinds]
    order += [k for k in dict.fromkeys(kinds.values()) if k is not None and k not in order]
    years = plan.meta.period.years
    per_year: dict[int, Counter[str]] = {y: Counter() for y in years}
    for item in items:
        for year in years:
            # → or 継続 counts as the kind of the phase it carries on.
            for kind in {kinds.get(phase) for phase in planned(plan, item, year)}:
                per_year[year][kind if kind is not None else ""] += 1
    series = [labels.get(k, k) for k in order]
    keys = list(order)
    if any(c[""] for c in per_year.values()):
        series.append(_("kind not defined"))
        keys.append("")
    if not keys or not any(per_year.values()):
        return None
    categories = [
        _("baseline {year}").format(year=fiscal.short(y)) if y == plan.meta.period.baseline else fiscal.short(y)
        for y in years
    ]
    words = plan.meta.labels
    return Chart(
        _("Phase kinds per fiscal year ({items})").format(items=words.item_count),
        categories,
        series,
        [[per_year[y][k] for k in keys] for y in years],
        note=_("An {item} with phases of several kinds in a year counts in each of them.").format(
            item=words.term("item")
        ),
    )


def _per_pillar_and_goal(
    plan: Plan, labelled: list[tuple[Item, str]], series: list[str]
) -> tuple[list[str], list[list[int]]]:
    """Bars for 全体 (all) and each pillar and goal that has any: how many of each label (series)."""
    counts: dict[str, Counter[str]] = {"": Counter()}
    for item, label in labelled:
        pillar_id, goal_id = plan.parent(item.id)
        for key in ("", pillar_id, goal_id):
            if key is not None:
                counts.setdefault(key, Counter())[label] += 1
    categories, values = [], []
    for key, name in [("", _("all")), *_structure(plan)]:
        if counts.get(key):
            categories.append(name)
            values.append([counts[key][s] for s in series])
    return categories, values


def _structure(plan: Plan) -> list[tuple[str, str]]:
    """(pillar or goal id, short label) in plan order: 第一, 第一 目標1 …"""
    rows = []
    for pillar in plan.meta.pillars:
        rows.append((pillar.id, pillar.label))
        rows += [(goal.id, f"{pillar.label} {goal.label}") for goal in pillar.goals]
    return rows


def rating_chart(plan: Plan, year: int, ratings: Iterable[tuple[Item, str | None]]) -> Chart:
    """評価 of the answers of ``year`` (one per item and 主管課), in all and per pillar and goal.

    ``ratings`` gives each answer's item with its rating (given or computed), or None.
    """
    names = [r.name for r in plan.meta.ratings]
    series = [*names, not_rated()]
    labelled = [(item, rating if rating in names else not_rated()) for item, rating in ratings]
    categories, values = _per_pillar_and_goal(plan, labelled, series)
    words = plan.meta.labels
    return Chart(
        _("Ratings in {year} (answers by rating, per {pillar} and {goal})").format(
            year=fiscal.short(year), pillar=words.term("pillar"), goal=words.term("goal")
        ),
        categories,
        series,
        values,
        counted="answers",
        colors=[""] * len(plan.meta.ratings) + ["none"],
        note=_("Where an {item} has several {department}s, each {department}'s answer counts.").format(
            item=words.term("item"), department=words.term("department")
        ),
    )


def year_charts(
    plan: Plan,
    year: int,
    rollups: Sequence[tuple[Item, str | None]],
    ratings: Sequence[tuple[Item, str | None]] = (),
) -> list[Chart]:
    """The charts of the report of ``year``: rollup (when any item has an answer), 評価 (when
    the plan has ratings and any answer is rated), phase kinds.

    ``rollups`` gives each item of the report with its overall rollup that year (from its
    主管課's answers by the plan's rollup_rule), or None when no department answered;
    ``ratings`` each answer's item with its rating, or None.
    """
    charts = []
    if any(rollup is not None for _item, rollup in rollups):
        charts.append(rollup_chart(plan, year, rollups))
    if plan.capabilities.has_ratings and any(rating is not None for _item, rating in ratings):
        charts.append(rating_chart(plan, year, ratings))
    kinds = phase_kind_chart(plan, [item for item, _rollup in rollups])
    if kinds is not None:
        charts.append(kinds)
    return charts
