"""Fiscal-year parsing on any input: a year in range or FiscalYearError, nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.fiscal import FiscalYearError, era_name, parse_fiscal_year
from limits import time_limit

FAST = settings(max_examples=400, deadline=500)

# The grammar's own pieces, full- and half-width: most combinations are near misses.
PIECES = st.sampled_from(
    ["令和", "平成", "昭和", "大正", "R", "r", "Ｒ", "H", "S", "FY", "fy", "ＦＹ", "元", "年度", "年", "度", " ", "　",
     "0", "1", "2", "9", "00", "99", "100", "２", "０", "2020", "１９８９", "-", "ー", "\n", "\u200b", "٢"]
)  # fmt: skip


def parse(value: str | int) -> None:
    with time_limit():
        try:
            year = parse_fiscal_year(value)
        except FiscalYearError:
            return
    assert isinstance(year, int) and not isinstance(year, bool)
    assert 1900 <= year <= 2200


@FAST
@given(st.text(max_size=40))
def test_any_text(text: str) -> None:
    parse(text)


@FAST
@given(st.lists(PIECES, max_size=6).map("".join))
def test_year_like_text(text: str) -> None:
    parse(text)


@FAST
@given(st.integers() | st.booleans())
def test_any_number(value: int) -> None:
    parse(value)


@settings(max_examples=300, deadline=500)
@given(st.integers(min_value=1927, max_value=2200))
def test_era_name_reads_back(year: int) -> None:
    assert parse_fiscal_year(era_name(year)) == year
