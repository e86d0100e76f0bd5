"""What a plan states, decided once: the one rule for which columns, headings, filters, sheet
columns and open-data tables appear (a plan without 主管課 gets no 主管課 column anywhere)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from actionplan.model import NOT_COUNTED, Item, PlanMeta


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Each flag is true when the plan (or the items asked about) states that kind of data."""

    has_departments: bool  # an item names a 主管課
    has_phases: bool  # an item states phases for a year (its schedule)
    has_ratings: bool  # plan.yaml defines a rating vocabulary (評価)
    has_graded_rollups: bool  # a rating names a rollup: an item's 集計区分 may follow its indicators' grades
    has_indicators: bool  # an item has an indicator (指標)
    has_final_targets: bool  # an indicator states a final target with no year (最終目標)
    has_own_indicators: bool  # an item has an indicator that is no 再掲 (answered there: a sheet's 指標の行)
    has_tags: bool  # plan.yaml defines tags (区分)
    has_goals: bool  # a pillar has goals (目標)
    has_labels: bool  # an item carries the number the plan prints (表示番号)
    has_not_counted: bool  # a status rolls up to 対象外
    has_cross_references: bool  # a tag counts towards the 他計画掲載 numbers
    has_milestones: bool  # an item states a 到達目標 (「○年度までに」)
    has_sources: bool  # plan.yaml or an item names a source document (出典)


def of(meta: PlanMeta, items: Iterable[Item]) -> Capabilities:
    """What ``meta`` and ``items`` state: of the whole plan, or of one 主管課's items for its sheet."""
    listed = list(items)
    return Capabilities(
        has_departments=any(item.departments for item in listed),
        has_phases=any(item.schedule for item in listed),
        has_ratings=bool(meta.ratings),
        has_graded_rollups=any(r.rollup for r in meta.ratings),
        has_indicators=any(item.indicators for item in listed),
        has_final_targets=any(i.final_shown() is not None for item in listed for i in item.indicators),
        has_own_indicators=any(i.repeats is None for item in listed for i in item.indicators),
        has_tags=bool(meta.tags),
        has_goals=any(pillar.goals for pillar in meta.pillars),
        has_labels=any(item.label for item in listed),
        has_not_counted=any(w.rollup == NOT_COUNTED for words in (meta.statuses, meta.ratings) for w in words),
        has_cross_references=any(t.cross_reference for t in meta.tags),
        has_milestones=any(item.milestones for item in listed),
        has_sources=bool(meta.sources) or any(item.sources for item in listed),
    )
