"""A chart of each KPI's values across the years in the report (issue #22 item 3), on the KPI-first
city plan (tests/fixtures/shapes/kpi-city: 令和5年度 and 令和6年度 answered): a line chart in html and
pdf (実績値 and 目標値 per fiscal year, years in 和暦 with 西暦), the same numbers as a table in every
format, in Japanese and English."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from support import KPI_CITY, ok

# Indicators with a value in both answered years: 1-1's two, 1-2, 1-4 and 2-2 (2-1 has no value in
# 令和6年度, 1-5 none in 令和5年度; 2-4 and 1-6 are 再掲, charted at their originals).
CHARTED = 5
FIGURE = re.compile(r'<figure class="chart" id="chart-\d+">.*?</figure>', re.S)


@pytest.fixture(params=["ja", "en"])
def language(request: pytest.FixtureRequest) -> Any:
    from actionplan import i18n

    i18n.use(request.param)
    yield request.param
    i18n.use("en")


def _trends(html: str) -> list[str]:
    return [f for f in FIGURE.findall(html) if 'class="lines"' in f]


def test_the_report_draws_each_kpi_answered_in_several_years(
    run: Any, language: str, tmp_path: Path, golden: Any
) -> None:
    page = tmp_path / "report.html"
    ok(run("report", "2024", "--plan", KPI_CITY, "--format", "html", "-o", page))
    trends = _trends(page.read_text(encoding="utf-8"))
    assert len(trends) == CHARTED
    first = trends[0]
    if language == "ja":
        assert "<figcaption>オンラインで申請できる手続の数の推移（① 行政手続のオンライン化）</figcaption>" in first
        said = "実績値：令和5年度（2023年度） 90手続、令和6年度（2024年度） 118手続。目標値：令和3年度（2021年度）"
        assert said in first
    else:
        assert "actual: FY2023 (R5) 90手続, FY2024 (R6) 118手続; target: FY2021 (R3) 30手続" in first
    assert 'role="img"' in first and "aria-labelledby" in first
    # Every year of the plan on the axis, each on two lines: 和暦 over 西暦 (FY2021 over (R3)).
    assert first.count('text-anchor="middle">令和') + first.count('text-anchor="middle">FY') == 5
    golden(f"kpi-trend-1-1-{language}.svg.html", first + "\n")
    text = ok(run("report", "2024", "--plan", KPI_CITY, "--format", "markdown")).stdout
    golden(f"report-kpi-city-2024-{language}.md", text)


def test_the_same_numbers_as_a_table_in_every_format(run: Any, japanese: None, tmp_path: Path) -> None:
    text = ok(run("report", "2024", "--plan", KPI_CITY)).stdout
    section = text.split("指標の推移\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section[0].split("\t") == [
        "取組番号", "表示番号", "指標", "目標値・実績値",
        *(f"令和{n}年度（{2018 + n}年度）" for n in range(3, 8)),
    ]  # fmt: skip
    assert len(section) == 1 + 2 * CHARTED
    first = ["1-1", "①", "オンラインで申請できる手続の数", "実績値", "", "", "90手続", "118手続", ""]
    assert section[1].split("\t") == first
    assert "2-2\t取組項目2\t無料Wi-Fiを使える公共施設の数\t目標値\t\t20施設\t\t35施設\t40施設" in section
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = tmp_path / "report.xlsx"
    ok(run("report", "2024", "--plan", KPI_CITY, "--format", "xlsx", "-o", book))
    cells = [c for row in load_workbook(book).worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert "指標の推移" in cells and "118手続" in cells


def test_a_kpi_answered_in_one_year_only_gets_no_chart(run: Any, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    ok(run("report", "2023", "--plan", KPI_CITY, "--format", "html", "-o", page))
    html = page.read_text(encoding="utf-8")
    assert _trends(html) == [] and "Indicators across the years" not in html


def test_the_pdf_prints_the_charts(run: Any, japanese: None, tmp_path: Path) -> None:
    import pdfplumber

    pdf = tmp_path / "report.pdf"
    ok(run("report", "2024", "--plan", KPI_CITY, "--format", "pdf", "-o", pdf))
    with pdfplumber.open(pdf) as printed:
        text = "\n".join(page.extract_text() or "" for page in printed.pages)
    for caption in ("オンラインで申請できる手続の数の推移", "電子決裁率の推移", "無料Wi-Fiを使える公共施設の数の推移"):
        assert caption in text
    assert "1,050人/年" in text and "令和7年度" in text  # a value written by its mark, a year on the axis
