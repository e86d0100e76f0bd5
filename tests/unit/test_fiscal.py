"""Fiscal years and era names: every way the plan writes a year, and the ways it must not."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from actionplan import fiscal
from actionplan.fiscal import FiscalYearError, parse_fiscal_year
from actionplan.model import Period


@pytest.mark.parametrize(
    ("written", "year"),
    [
        ("2020", 2020),
        (2020, 2020),
        ("FY2020", 2020),
        ("fy2020", 2020),
        ("2020年度", 2020),
        ("R2", 2020),
        ("r2", 2020),
        ("R02", 2020),
        ("令和2", 2020),
        ("令和2年度", 2020),
        ("令和２年度", 2020),
        ("ｒ２", 2020),
        ("Ｒ２", 2020),
        (" 令和 2 年度 ", 2020),
        ("令和元年度", 2019),
        ("令和元", 2019),
        ("R1", 2019),
        ("H30", 2018),
        ("平成30年度", 2018),
        ("平成31年度", 2019),
        ("平成元年度", 1989),
        ("S64", 1989),
        ("昭和63年度", 1988),
    ],
)
def test_year_grammar(written: str | int, year: int) -> None:
    assert parse_fiscal_year(written) == year


@pytest.mark.parametrize(
    "written",
    ["R0", "H32", "H0", "S65", "令和", "年度", "abc", "", "R", "1800", "2201", "20", "R2-3", "FY20", True],
)
def test_not_a_fiscal_year(written: str | int) -> None:
    with pytest.raises(FiscalYearError):
        parse_fiscal_year(written)


def test_error_names_the_accepted_forms() -> None:
    with pytest.raises(FiscalYearError, match="令和2年度"):
        parse_fiscal_year("next year")


@pytest.mark.parametrize(
    ("year", "era_name", "label"),
    [
        (2019, "令和元年度", "令和元年度（2019年度）"),
        (2020, "令和2年度", "令和2年度（2020年度）"),
        (2018, "平成30年度", "平成30年度（2018年度）"),
        (1989, "平成元年度", "平成元年度（1989年度）"),
        (1988, "昭和63年度", "昭和63年度（1988年度）"),
    ],
)
def test_names_of_a_year(year: int, era_name: str, label: str, japanese: None) -> None:
    assert fiscal.era_name(year) == era_name
    assert fiscal.label(year) == fiscal.era_label(year) == label
    assert fiscal.short(year) == era_name


@pytest.mark.parametrize(
    ("year", "label"), [(2019, "FY2019 (R1)"), (2018, "FY2018 (H30)"), (1989, "FY1989 (H1)"), (1988, "FY1988 (S63)")]
)
def test_names_of_a_year_in_english(year: int, label: str) -> None:
    assert fiscal.label(year) == label
    assert fiscal.short(year) == f"FY{year}"
    assert fiscal.era_label(year).startswith(fiscal.era_name(year))  # the plan's own form, in every language
    assert parse_fiscal_year(label.split()[0]) == parse_fiscal_year(label.split()[1].strip("()")) == year


@pytest.mark.parametrize("year", range(1926, 2101))
def test_era_name_reads_back(year: int) -> None:
    assert parse_fiscal_year(fiscal.era_name(year)) == year


def test_fiscal_year_starts_in_april() -> None:
    assert fiscal.start(2020) == date(2020, 4, 1)


@pytest.mark.parametrize(
    ("year", "month", "fiscal_year"),
    [(2020, 3, 2019), (2020, 4, 2020), (2020, 5, 2020), (2021, 1, 2020), (2020, 12, 2020)],
)
def test_april_opens_the_fiscal_year(year: int, month: int, fiscal_year: int) -> None:
    """March is the last month of the year before; April (the boundary itself) the first of its own."""
    assert fiscal.fiscal_year_of_month(year, month) == fiscal_year


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2020, 5, 31), "令和2年5月31日（2020年5月31日）"),
        (date(2019, 5, 1), "令和元年5月1日（2019年5月1日）"),  # 元年, never 令和1年
        (date(2019, 12, 31), "令和元年12月31日（2019年12月31日）"),
        (date(2019, 4, 30), "平成31年4月30日（2019年4月30日）"),  # the era changes on its first day
        (date(1989, 1, 8), "平成元年1月8日（1989年1月8日）"),
        (date(1989, 1, 7), "昭和64年1月7日（1989年1月7日）"),
    ],
)
def test_date_label_writes_both_eras(day: date, written: str, japanese: None) -> None:
    assert fiscal.date_label(day) == written


def test_date_label_in_english_is_iso() -> None:
    assert fiscal.date_label(date(2019, 5, 1)) == "2019-05-01"


@pytest.mark.parametrize(("baseline", "accepted"), [(2018, True), (2019, False), (2020, False)])
def test_the_baseline_comes_before_the_start(baseline: int, accepted: bool) -> None:
    """The baseline column (現状) is a year before the plan: equal to the start is refused too."""
    period = {"baseline": baseline, "start": 2019, "end": 2021}
    if accepted:
        assert Period.model_validate(period).years[0] == baseline
    else:
        with pytest.raises(ValidationError, match="baseline year must come before"):
            Period.model_validate(period)


def test_a_period_too_long_gives_its_years_in_both_eras(japanese: None) -> None:
    with pytest.raises(fiscal.FiscalYearError) as refused:
        fiscal.check_period(2020, 2060)
    assert "令和2年度～令和42年度（2020～2060年度）" in str(refused.value), refused.value
    assert "41か年" in str(refused.value) and "最長30か年" in str(refused.value)


def test_a_period_too_long_in_english() -> None:
    with pytest.raises(fiscal.FiscalYearError) as refused:
        fiscal.check_period(2020, 2060)
    assert str(refused.value) == "a period of 41 fiscal years (FY2020–FY2060); a plan covers at most 30"
