"""Plan shapes in the model: month periods, arrows, description blocks, counts stated in part."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from actionplan import description, fiscal
from actionplan.model import Item, Period, Stated


@pytest.mark.parametrize(
    ("text", "month"),
    [("令和4年12月", (2022, 12)), ("2022-12", (2022, 12)), ("R5年2月", (2023, 2)), ("２０２２年１２月", (2022, 12))],
)
def test_months_are_read_in_every_form(text: str, month: tuple[int, int]) -> None:
    assert fiscal.parse_month(text) == month


def test_a_fiscal_year_is_no_month_and_a_bad_month_is_an_error() -> None:
    assert fiscal.parse_month("令和4年度") is None
    with pytest.raises(fiscal.FiscalYearError):
        fiscal.parse_month("2022-13")


def test_a_period_from_a_month_keeps_fiscal_years_and_marks_partial_ones() -> None:
    period = Period.model_validate({"start": "令和5年2月", "end": "2027-09"})
    assert (period.start, period.end) == (2022, 2027)  # February 2023 is in fiscal year 2022
    assert period.partial(2022) == "from February" and period.partial(2027) == "to September"
    assert period.partial(2024) is None
    assert Period.model_validate({"start": 2019, "end": 2021}).partial(2019) is None
    one = Period.model_validate({"start": "2022-12", "end": "2023-02"})
    assert one.partial(2022) == "December to February"


def test_a_partial_year_in_japanese(japanese: None) -> None:
    period = Period.model_validate({"start": "令和5年2月", "end": "2027-09"})
    assert period.partial(2022) == "2月～" and period.partial(2027) == "～9月"
    assert Period.model_validate({"start": "2022-12", "end": "2023-02"}).partial(2022) == "12月～2月"


def test_a_period_ending_before_it_starts_within_one_year_is_refused() -> None:
    with pytest.raises(ValidationError):
        Period.model_validate({"start": "2022-12", "end": "2022-10"})


def test_an_item_needs_no_schedule_headline_or_description() -> None:
    item = Item.model_validate({"id": "1-1", "title": "取組", "departments": ["総務部"]})
    assert item.schedule == {} and item.headline == "" and item.description == ""


def test_counts_may_be_stated_in_part() -> None:
    assert Stated.model_validate({"items": 8}).cross_referenced is None


def test_description_blocks_paragraphs_and_lists() -> None:
    text = "前置き\n\n■現状\n・一つ目\n・二つ目\n続く文\n【取組】すぐ後ろの文\n＜空＞"
    blocks = description.blocks(text)
    assert [(b.label, [(p.kind, p.lines) for p in b.parts]) for b in blocks] == [
        (None, [("paragraph", ["前置き"])]),
        ("現状", [("list", ["一つ目", "二つ目"]), ("paragraph", ["続く文"])]),
        ("取組", [("paragraph", ["すぐ後ろの文"])]),
        ("空", []),
    ]
    assert description.lines(text)[:3] == [("", "前置き"), ("現状", "・一つ目"), ("", "・二つ目")]
    assert description.lines(text)[-1] == ("空", "")
