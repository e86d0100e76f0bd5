"""An item's 集計区分 from its 主管課's answers (順調 only when every 主管課 answered, issue #20) and from
its indicators' grades (issue #22)."""

from __future__ import annotations

import pytest

from actionplan.loader import Plan, load
from actionplan.model import Answer, Indicator, IndicatorRef, Item, PlanMeta, RatingDef
from actionplan.ratings import answer_rollup, grades_rollup, overall
from support import MINIMAL


@pytest.fixture(scope="module")
def plan() -> Plan:
    result = load(MINIMAL)
    assert result.value is not None
    return result.value


def answers(*given: tuple[str, str]) -> list[Answer]:
    # 1-1-1 has three 主管課: 土木管理課, 情報政策課, 防災課.
    return [Answer(item="1-1-1", year=2020, department=d, status=s) for d, s in given]


# The fixture plan knows two statuses: 予定どおり (on_schedule) and 遅れ (delayed).
ALL_ON_SCHEDULE = (("土木管理課", "予定どおり"), ("情報政策課", "予定どおり"), ("防災課", "予定どおり"))


@pytest.mark.parametrize(
    ("rule", "given", "expected"),
    [
        ("least_favourable", (), None),
        ("least_favourable", ALL_ON_SCHEDULE, "on_schedule"),
        ("least_favourable", (("防災課", "予定どおり"),), "partly_answered"),
        ("least_favourable", (("防災課", "予定どおり"), ("情報政策課", "予定どおり")), "partly_answered"),
        # A delay already given is never hidden: no answer still to come makes the item better.
        ("least_favourable", (("防災課", "遅れ"),), "delayed"),
        ("least_favourable", (("防災課", "予定どおり"), ("情報政策課", "遅れ")), "delayed"),
        ("least_favourable", (("防災課", "未知の区分"),), None),  # no known status: not answered
        ("least_favourable", (*ALL_ON_SCHEDULE[:2], ("防災課", "遅れ")), "delayed"),
        ("most_favourable", (("防災課", "予定どおり"),), "partly_answered"),
        ("most_favourable", (("防災課", "遅れ"),), "partly_answered"),
        ("most_favourable", (*ALL_ON_SCHEDULE[:2], ("防災課", "遅れ")), "on_schedule"),
    ],
)
def test_an_item_is_on_schedule_only_when_every_department_answered(
    plan: Plan, rule: str, given: tuple[tuple[str, str], ...], expected: str | None
) -> None:
    meta = plan.meta.model_copy(update={"rollup_rule": rule})
    item = plan.item("1-1-1")
    assert item is not None
    assert overall(meta, item, answers(*given)) == expected


# --- from the indicators' grades (docs/progress.md: an item's 集計区分 from its indicators' grades) ---

GRADED_RATINGS = [
    RatingDef(name="A", meaning="目標を達成した", rollup="on_schedule"),
    RatingDef(name="C", meaning="遅れている", rollup="delayed"),
    RatingDef(name="X", meaning="中止した", rollup="stopped"),
    RatingDef(name="D", meaning="評価できない", rollup="not_counted"),
    RatingDef(name="N", meaning="所見のみ"),  # names no rollup: its indicator counts as ungraded
]


@pytest.fixture(scope="module")
def graded(plan: Plan) -> tuple[PlanMeta, Item]:
    """3-1 (one 主管課, 情報政策課) with two indicators of its own and a 再掲, under A/C/X/D/N."""
    meta = plan.meta.model_copy(update={"ratings": GRADED_RATINGS})
    item = plan.item("3-1")
    assert item is not None
    indicators = [
        Indicator(id="a", name="一つ目"),
        Indicator(id="b", name="二つ目"),
        Indicator(id="r", name="再掲", repeats=IndicatorRef(item="1-1-1", indicator="x")),
    ]
    return meta, item.model_copy(update={"indicators": indicators})


def graded_answer(grades: dict[str, str], status: str | None = None) -> Answer:
    return Answer(item="3-1", year=2020, department="情報政策課", status=status, grades=grades)


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ({"a": "A", "b": "A"}, "on_schedule"),
        ({"a": "A", "b": "C"}, "delayed"),  # the least favourable grade
        ({"a": "C", "b": "X"}, "stopped"),
        ({"a": "A", "b": "D"}, "on_schedule"),  # 対象外 left out of the comparison
        ({"a": "D", "b": "D"}, "not_counted"),  # all 対象外
        ({"a": "A"}, "partly_answered"),  # one of two graded: never 順調
        ({"a": "A", "b": "N"}, "partly_answered"),  # a rating without a rollup grades nothing
        ({"a": "D"}, "partly_answered"),
        ({"a": "C"}, "delayed"),  # a delay already given is never hidden
        ({"a": "A", "b": "A", "r": "C"}, "on_schedule"),  # a 再掲 is graded in the item it repeats
        ({}, None),
        ({"a": "N", "b": "N"}, None),
    ],
)
def test_an_item_answered_through_its_indicators_takes_the_worst_grade(
    graded: tuple[PlanMeta, Item], grades: dict[str, str], expected: str | None
) -> None:
    meta, item = graded
    answer = graded_answer(grades)
    assert grades_rollup(meta, item, answer) == expected
    assert answer_rollup(meta, item, answer) == expected
    assert overall(meta, item, [answer]) == expected


def test_an_explicit_status_wins_over_the_grades(graded: tuple[PlanMeta, Item]) -> None:
    meta, item = graded
    answer = graded_answer({"a": "C", "b": "C"}, status="予定どおり")
    assert grades_rollup(meta, item, answer) == "delayed"
    assert answer_rollup(meta, item, answer) == overall(meta, item, [answer]) == "on_schedule"


def test_a_partly_graded_answer_keeps_a_co_department_from_making_the_item_on_schedule(plan: Plan) -> None:
    """1-1-1's three 主管課 all answered, one of them through half of the indicators: 一部未回答."""
    meta = plan.meta.model_copy(update={"ratings": GRADED_RATINGS})
    item = plan.item("1-1-1")
    assert item is not None
    item = item.model_copy(update={"indicators": [Indicator(id="a", name="一"), Indicator(id="b", name="二")]})
    given = [*answers(*ALL_ON_SCHEDULE[:2]), Answer(item="1-1-1", year=2020, department="防災課", grades={"a": "A"})]
    assert overall(meta, item, given) == "partly_answered"
    for rule in ("least_favourable", "most_favourable"):
        ruled = meta.model_copy(update={"rollup_rule": rule})
        assert overall(ruled, item, [*given[:2], given[2].model_copy(update={"grades": {"a": "A", "b": "C"}})]) == (
            "delayed" if rule == "least_favourable" else "on_schedule"
        )
