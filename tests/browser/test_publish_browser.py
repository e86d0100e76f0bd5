"""Published pages in headless Chromium: the roadmap on a 390 px phone, the address hash both
ways, charts with text alternatives, and printing to A4 landscape PDF."""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actionplan.loader import embedded_plan_dir
from browser.japanese_pages import japanese

BOSAI = "#dept=%E9%98%B2%E7%81%BD%E8%AA%B2"  # 防災課
ANSWERS = """format: 2
answers:
  - {item: 1-1-1, year: 2019, department: 防災課, status: 予定どおり}
  - {item: 1-1-3, year: 2019, department: 防災課, status: 遅れ, result: "一行目\\n二行目"}
  - {item: 2-1-1, year: 2019, department: 情報政策課, status: 予定どおり}
"""


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded plan with a few answers for 令和元年度."""
    plan = tmp_path_factory.mktemp("answered") / "plan"
    shutil.copytree(embedded_plan_dir(), plan)
    (plan / "progress").mkdir(exist_ok=True)
    (plan / "progress" / "2019.yaml").write_text(ANSWERS, encoding="utf-8")
    return plan


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, answered: Path) -> dict[str, Path]:
    """The roadmap and the 令和元年度 report of that plan, written by the real CLI in Japanese."""
    out = tmp_path_factory.mktemp("pages")
    written = {}
    for name, args in {
        "roadmap": ["roadmap"],
        "report": ["report", "2019", "--format", "html"],
    }.items():
        written[name] = out / f"{name}.html"
        japanese([*args, "--plan", str(answered), "-o", str(written[name])])
    return written


@pytest.fixture
def open_at(driver: Any) -> Callable[..., object]:
    def go(path: Path, width: int, fragment: str = "") -> object:
        driver.set_window_size(width, 900)
        driver.get(path.as_uri() + fragment)
        return driver

    return go


def shown_count(driver: Any) -> str:
    return driver.find_element("id", "count").text  # type: ignore[no-any-return]


def test_phone_shows_a_departments_items_with_their_year_columns(
    open_at: Callable[..., Any], pages: dict[str, Path]
) -> None:
    driver = open_at(pages["roadmap"], 390, BOSAI)
    width = driver.execute_script("return document.documentElement.clientWidth;")
    assert width <= 390
    assert driver.execute_script("return document.documentElement.scrollWidth;") <= width  # no page scroll
    assert shown_count(driver).startswith("50件中 6件の項目を表示")
    # One card per item: its year cells side by side on screen, each labelled with its year.
    cells = driver.execute_script(
        "return Array.from(document.querySelectorAll('tr.item:not([hidden]) td.cell')).map(function (td) {"
        " var r = td.getBoundingClientRect();"
        " return [r.left, r.right, getComputedStyle(td, '::before').content, td.dataset.year]; });"
    )
    assert len(cells) == 6 * 4
    assert all(left >= 0 and right <= width for left, right, _label, _year in cells)  # all on screen
    assert [year for _l, _r, _c, year in cells[:4]] == ["現状（平成30年度）", "令和元年度", "令和2年度", "令和3年度"]
    assert all(year in label for _l, _r, label, year in cells)


def test_filters_follow_the_address_both_ways(open_at: Callable[..., Any], pages: dict[str, Path]) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = open_at(pages["roadmap"], 1280)
    select = Select(driver.find_element("id", "f-dept"))
    select.select_by_value("防災課")
    select.select_by_value("情報政策課")
    assert shown_count(driver).startswith("50件中 21件の項目")
    driver.back()
    WebDriverWait(driver, 5).until(lambda d: shown_count(d).startswith("50件中 6件の項目"))
    assert select.first_selected_option.get_attribute("value") == "防災課"
    driver.forward()
    WebDriverWait(driver, 5).until(lambda d: shown_count(d).startswith("50件中 21件の項目"))
    driver.get(pages["roadmap"].as_uri() + "#tag=%E6%96%B0%E8%A6%8F")  # a pasted link: #tag=新規
    WebDriverWait(driver, 5).until(lambda d: shown_count(d).endswith("（区分：新規）"))
    assert select.first_selected_option.get_attribute("value") == ""


@pytest.mark.parametrize("name", ["roadmap", "report"])
def test_charts_are_there_with_text_alternatives(
    open_at: Callable[..., Any], pages: dict[str, Path], name: str
) -> None:
    driver = open_at(pages[name], 1280)
    charts = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart')).map(function (svg) {"
        " var ids = svg.getAttribute('aria-labelledby').split(' ');"
        " return [svg.getAttribute('role'), document.getElementById(ids[0]).textContent,"
        " document.getElementById(ids[1]).textContent, svg.getBoundingClientRect().height]; });"
    )
    assert [c[0] for c in charts] == ["img", "img"]
    assert charts[0][1] == "令和元年度の進捗状況（集計区分別の項目数、柱・目標ごと）"
    assert charts[0][2].startswith("全体：順調 1件、遅れ 1件、一部未回答 1件、未回答 47件。")
    assert all(c[3] > 100 for c in charts)  # drawn, not collapsed
    assert driver.execute_script("return document.querySelectorAll('svg.chart script, svg.chart a').length;") == 0


def _pdf_pages(driver: Any) -> tuple[int, bool]:
    from selenium.common.exceptions import WebDriverException

    for attempt in range(3):  # headless Chromium now and then answers "Printing failed" right after a load
        try:
            printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
            break
        except WebDriverException as exc:
            if "Printing failed" not in str(exc) or attempt == 2:
                raise
    data = base64.b64decode(printed["data"])
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", data)
    assert box is not None
    return len(re.findall(rb"/Type\s*/Page[^s]", data)), float(box.group(1)) > float(box.group(2))


def test_print_to_pdf_is_a4_landscape_and_short(open_at: Callable[..., Any], pages: dict[str, Path]) -> None:
    roadmap_pages, landscape = _pdf_pages(open_at(pages["roadmap"], 1280))
    assert landscape and 4 <= roadmap_pages <= 14
    from selenium.webdriver.support.ui import WebDriverWait

    filtered = open_at(pages["roadmap"], 1280, BOSAI)
    # Same page, another fragment: the script filters on hashchange; print once it has.
    WebDriverWait(filtered, 5).until(lambda d: shown_count(d).startswith("50件中 6件の項目"))
    filtered_pages, _ = _pdf_pages(filtered)
    assert filtered_pages < roadmap_pages  # a department prints only its own items
    report_pages, landscape = _pdf_pages(open_at(pages["report"], 1280))
    assert landscape and 3 <= report_pages <= 16  # 13 now: 50 items, 9 summaries, 2 charts
