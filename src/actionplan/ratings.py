"""What follows from answers: an item's overall rollup, 達成率 and the computed rating (評価)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from actionplan.model import NOT_COUNTED, ROLLUPS, Answer, Indicator, Item, PlanMeta, Rollup


def rollup_of(meta: PlanMeta, status: str) -> Rollup | None:
    """The rollup (順調/遅れ/中止) a status word counts as; None for a word the plan does not know."""
    return next((s.rollup for s in meta.statuses if s.name == status), None)


# An item some of whose 主管課 have answered and others not: never 順調, whatever the answers say.
PARTLY_ANSWERED: Final = "partly_answered"
ItemRollup = Rollup | Literal["partly_answered"]


def overall(meta: PlanMeta, item: Item, answers: Sequence[Answer]) -> ItemRollup | None:
    """An item's rollup for the year from its 主管課's answers: the one rule of report, roadmap, charts and open data.

    By plan.yaml's rollup_rule: least_favourable (the default: 中止 over 遅れ over 順調) or
    most_favourable (the reverse); None when no 主管課 answered with a known status. An item is
    A status that rolls up to not_counted (対象外) is left out of the comparison; an item whose
    answers are all 対象外 is not_counted. An item is
    順調 only when every 主管課 answered: while one has not, it is ``partly_answered`` (一部未回答),
    except that under least_favourable a 遅れ or 中止 already given stays (no answer still to
    come can make the item better, and a delay is never hidden).
    """
    rollups = [r for a in answers if (r := rollup_of(meta, a.status)) is not None]
    known = [ROLLUPS.index(r) for r in rollups if r != NOT_COUNTED]
    if not known:
        return NOT_COUNTED if rollups else None
    least = meta.rollup_rule == "least_favourable"
    rank = max(known) if least else min(known)
    answered = {a.department for a in answers}
    if any(d not in answered for d in meta.answerers(item)) and not (least and rank > 0):
        return PARTLY_ANSWERED
    return ROLLUPS[rank]


@dataclass(frozen=True)
class Achievement:
    """One indicator of one answer: 目標値, 実績値 and 達成率 (None where it cannot be computed)."""

    indicator: Indicator
    target: float | None
    actual: float | None
    text: str | None = None  # the target in words, where the plan states one

    @property
    def rate(self) -> float | None:
        """達成率 in percent: actual / target, or target / actual for an indicator to reduce."""
        if self.target is None or self.actual is None:
            return None
        if self.indicator.direction == "増やす":
            return None if self.target == 0 else self.actual / self.target * 100
        if self.actual == 0:
            return None if self.target != 0 else 100.0
        return self.target / self.actual * 100


def achievements(item: Item, answer: Answer, end: int) -> list[Achievement]:
    """Every indicator of the item with its target for the answer's year and the answer's value.

    In the plan's last year ``end``, a final target with no year is that year's target."""
    return [
        Achievement(
            i,
            i.target_at(answer.year, end),
            answer.values.get(i.id),
            i.final_target_text if i.is_final(answer.year, end) else i.target_texts.get(answer.year),
        )
        for i in item.indicators
    ]


def computes_ratings(meta: PlanMeta) -> bool:
    """Whether the plan defines ratings by 達成率 (then they are computed, never typed)."""
    return any(r.min_achievement is not None for r in meta.ratings)


def computed_rating(meta: PlanMeta, item: Item, answer: Answer) -> str | None:
    """The rating the 達成率 gives: the lowest rate of the answer's indicators decides.

    None when the plan does not compute ratings or no rate of this answer can be computed.
    """
    if not computes_ratings(meta):
        return None
    rates = [rate for a in achievements(item, answer, meta.period.end) if (rate := a.rate) is not None]
    if not rates:
        return None
    lowest = min(rates)
    thresholds = sorted(meta.ratings, key=lambda r: -1.0 if r.min_achievement is None else r.min_achievement)
    for rating in reversed(thresholds):
        if rating.min_achievement is None or lowest >= rating.min_achievement:
            return rating.name
    return None


def rating_of(meta: PlanMeta, item: Item | None, answer: Answer) -> tuple[str | None, bool]:
    """The rating to show for an answer and whether it was computed from the 達成率."""
    computed = computed_rating(meta, item, answer) if item is not None else None
    if computed is not None:
        return computed, True
    return answer.rating, False
