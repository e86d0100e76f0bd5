"""What follows from answers: an item's overall rollup, 達成率 and the computed rating (評価)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from actionplan.i18n import N_, _
from actionplan.model import NOT_COUNTED, ROLLUPS, Answer, Indicator, Item, PlanMeta, Rollup


def rollup_of(meta: PlanMeta, status: str) -> Rollup | None:
    """The rollup (順調/遅れ/中止) a status word counts as; None for a word the plan does not know."""
    return next((s.rollup for s in meta.statuses if s.name == status), None)


# An item some of whose 主管課 have answered and others not: never 順調, whatever the answers say.
PARTLY_ANSWERED: Final = "partly_answered"
ItemRollup = Rollup | Literal["partly_answered"]
# The rollups as people read them (translated where shown).
ROLLUP_WORDS: dict[str, str] = {
    "on_schedule": N_("on schedule"),
    "delayed": N_("delayed"),
    "stopped": N_("stopped"),
    NOT_COUNTED: N_("not counted"),
    PARTLY_ANSWERED: N_("partly answered"),
}


def grades_rollup(meta: PlanMeta, item: Item, answer: Answer) -> ItemRollup | None:
    """The rollup an answer's per-indicator grades give its item: the one rule (docs/terms.md, 集計区分).

    Each of the item's own indicators (a 再掲 is graded where it is stated) counts as its grade's
    ``rollup`` in plan.yaml's ratings (A → on_schedule, C → delayed, D 評価できない → not_counted);
    a grade whose rating names no rollup leaves its indicator ungraded, as no grade does. The item
    takes the least favourable rollup of its graded indicators (中止 over 遅れ over 順調), 対象外
    left out; all of them 対象外 makes it not_counted. While an indicator is ungraded the item is
    ``partly_answered`` (一部未回答), unless a graded one is already 遅れ or 中止 (a delay is never
    hidden). None when no indicator is graded.
    """
    own = [i.id for i in item.indicators if i.repeats is None]
    counts_as = {r.name: r.rollup for r in meta.ratings}
    graded = [r for i in own if (r := counts_as.get(answer.grades.get(i, ""))) is not None]
    if not graded:
        return None
    known = [ROLLUPS.index(r) for r in graded if r != NOT_COUNTED]
    complete = len(graded) == len(own)
    if not known:
        return NOT_COUNTED if complete else PARTLY_ANSWERED
    worst = max(known)
    return ROLLUPS[worst] if complete or worst > 0 else PARTLY_ANSWERED


def status_shown(status: str | None) -> str:
    """An answer's 進捗区分 as people read it: the status, or 「指標の評価による」 for one answered by grades."""
    return status if status is not None else _("by its indicators' grades")


def answer_rollup(meta: PlanMeta, item: Item | None, answer: Answer) -> ItemRollup | None:
    """One answer's rollup: its status's when it gives one (an explicit status wins), else its grades'."""
    if answer.status is not None:
        return rollup_of(meta, answer.status)
    return grades_rollup(meta, item, answer) if item is not None else None


def overall(meta: PlanMeta, item: Item, answers: Sequence[Answer]) -> ItemRollup | None:
    """An item's rollup for the year from its 主管課's answers: the one rule of report, roadmap, charts and open data.

    Each answer counts as answer_rollup says (its status, else its indicators' grades). By
    plan.yaml's rollup_rule: least_favourable (the default: 中止 over 遅れ over 順調) or
    most_favourable (the reverse); None when no 主管課 answered with a known status or grade.
    A rollup of not_counted (対象外) is left out of the comparison; an item whose answers are all
    対象外 is not_counted. An item is 順調 only when every 主管課 answered in full: while one has
    not, or has graded only some indicators, it is ``partly_answered`` (一部未回答), except that
    under least_favourable a 遅れ or 中止 already given stays (no answer still to come can make the
    item better, and a delay is never hidden).
    """
    rollups = [r for a in answers if (r := answer_rollup(meta, item, a)) is not None]
    partly = PARTLY_ANSWERED in rollups
    counted = [r for r in rollups if r != PARTLY_ANSWERED]
    known = [ROLLUPS.index(r) for r in counted if r != NOT_COUNTED]
    if not known:
        return PARTLY_ANSWERED if partly else (NOT_COUNTED if counted else None)
    least = meta.rollup_rule == "least_favourable"
    rank = max(known) if least else min(known)
    answered = {a.department for a in answers}
    missing = partly or any(d not in answered for d in meta.answerers(item))
    if missing and not (least and rank > 0):
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
