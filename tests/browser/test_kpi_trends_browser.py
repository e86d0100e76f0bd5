"""The KPI-first city's report with its line charts of each KPI across the years, in Chromium at
1366 px and on a 390 px phone, in Japanese and English: axe-core finds nothing, no text of a chart
(values by their marks, years on the axis) overlaps other text, and the page never scrolls sideways."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from browser.axe import summary, violations
from browser.japanese_pages import PROGRAM
from browser.layout import at_width, overlapping_text, page_scrolls_sideways
from support import KPI_CITY


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 令和6年度 report as html in both languages, each written by the CLI in a process of its own."""
    root = tmp_path_factory.mktemp("kpi-pages")
    written = {}
    for language in ("ja", "en"):
        out = root / f"report-{language}.html"
        args = ["report", "2024", "--plan", str(KPI_CITY), "--format", "html", "-o", str(out)]
        env = {**os.environ, "ACTIONPLAN_LANG": language}
        done = subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        written[language] = out
    return written


@pytest.mark.parametrize("width", (1366, 390))
@pytest.mark.parametrize("language", ("ja", "en"))
def test_the_charts_are_accessible_and_nothing_overlaps(
    driver: Any, pages: dict[str, Path], language: str, width: int
) -> None:
    at_width(driver, width)
    driver.get(pages[language].as_uri())
    lines = driver.execute_script("return document.querySelectorAll('svg.chart g.lines').length")
    assert lines == 5  # the five KPIs answered in both years
    found = violations(driver)
    assert found == [], summary(found)
    assert overlapping_text(driver) == []
    assert not page_scrolls_sideways(driver)
    # The values written by the marks are on the page (not clipped away): 90手続 twice in 令和5年度.
    shown = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart g.lines text')).filter(function (t) {"
        " var r = t.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length"
    )
    assert shown > 30
