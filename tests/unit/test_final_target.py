"""A final target with no year (最終目標): the target at the end of the plan period, never a year invented."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from actionplan.model import Answer, Indicator, Item, PlanMeta
from actionplan.ratings import achievements, computed_rating

END = 2025  # the plan's last year


def indicator(**given: object) -> Indicator:
    return Indicator.model_validate({"id": "rate", "name": "電子決裁率", "unit": "%", **given})


def test_a_final_target_stands_for_the_last_year_only() -> None:
    final = indicator(final_target=90)
    assert final.final_shown() == "90%"
    assert final.years_with_target(END) == [END] and final.target_years == []
    assert [final.is_final(y, END) for y in (2024, 2025, 2026)] == [False, True, False]
    assert (final.target_at(2024, END), final.target_at(END, END)) == (None, 90.0)


def test_a_yearly_target_of_the_last_year_comes_first() -> None:
    both = indicator(targets={2023: 40, 2025: 90}, final_target=90)
    assert not both.is_final(END, END) and both.target_at(END, END) == 90.0
    assert both.years_with_target(END) == [2023, 2025]


def test_a_final_target_in_words_and_with_thousands() -> None:
    assert indicator(final_target_text="全市町村で導入").final_shown() == "全市町村で導入"
    assert indicator(unit="人", final_target="1,000").final_shown() == "1,000人"
    assert indicator().final_shown() is None and indicator().years_with_target(END) == []


@pytest.mark.parametrize("given", [{"final_target_text": "  "}, {"final_target": "すべて"}, {"final_target": "inf"}])
def test_a_final_target_must_be_a_value(given: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        indicator(**given)


def test_the_achievement_of_the_last_year_is_measured_against_the_final_target() -> None:
    item = Item(id="1-1", title="電子決裁の推進", indicators=[indicator(final_target=80)])
    last = Answer(item="1-1", year=END, department="課", status="順調", values={"rate": 60})
    earlier = last.model_copy(update={"year": 2024})
    assert [a.rate for a in achievements(item, last, END)] == [75.0]
    assert [a.rate for a in achievements(item, earlier, END)] == [None]  # no target that year
    meta = PlanMeta.model_validate(
        {
            "name": "計画",
            "municipality": "架空市",
            "period": {"start": 2021, "end": END},
            "id_pattern": "^1-[0-9]+$",
            "pillars": [{"id": "1", "label": "1", "title": "柱"}],
            "statuses": [{"name": "順調", "meaning": "順調", "rollup": "on_schedule"}],
            "ratings": [{"name": "A", "meaning": "達成", "min_achievement": 100}, {"name": "C", "meaning": "未達"}],
        }
    )
    assert computed_rating(meta, item, last) == "C"


def test_the_final_column_of_the_targets_table_only_where_a_plan_states_one() -> None:
    from actionplan.loader import load
    from actionplan.reports.export import tables
    from support import FIXTURES

    def columns(plan: str) -> list[str]:
        loaded = load(FIXTURES / "shapes" / plan).value
        assert loaded is not None
        found = next(t for t in tables(loaded) if t.name == "targets")
        return [c.key for c in found.columns]

    assert columns("kpi-city")[-1] == "final" and "final" not in columns("prefecture")
