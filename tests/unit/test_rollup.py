"""An item's 集計区分 from its 主管課's answers: 順調 only when every 主管課 answered (issue #20)."""

from __future__ import annotations

import pytest

from actionplan.loader import Plan, load
from actionplan.model import Answer
from actionplan.ratings import overall
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
