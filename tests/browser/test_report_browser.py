"""The report and diff pages (internal and public) in Chromium at 1366 px and on a 390 px phone:
axe-core finds nothing, no text overlaps other text, the phone shows one card per item without
sideways scrolling, and 取組実績 in full lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from actionplan.cli import main
from actionplan.loader import embedded_plan_dir
from answered_year import RESULTS, answered_plan
from browser.axe import summary, violations
from browser.layout import at_width, overlapping_text, page_scrolls_sideways

WIDTHS = (1366, 390)


def _write(args: list[str], out: Path) -> Path:
    from actionplan import i18n

    i18n.use("ja")
    try:
        with pytest.raises(SystemExit) as exit_info:
            main([*args, "-o", str(out)])
    finally:
        i18n.use("en")
    assert exit_info.value.code == 0
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 令和2年度 report of a fully answered plan, internal and public, written by the real CLI."""
    root = tmp_path_factory.mktemp("pages")
    plan = answered_plan(root / "plan")
    item = plan / "items" / "1-1-1.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("速やかに", "迅速に"), encoding="utf-8")
    report = ["report", "2020", "--plan", str(plan), "--format", "html"]
    diff = ["diff", str(embedded_plan_dir()), "--plan", str(plan), "--format", "html"]
    return {
        "report": _write(report, root / "report.html"),
        "public": _write([*report, "--public"], root / "public.html"),
        "diff": _write(diff, root / "diff.html"),
        "diff-internal": _write([*diff, "--internal"], root / "diff-internal.html"),
    }


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["report", "public", "diff", "diff-internal"])
def test_page_is_accessible_and_nothing_overlaps(driver: Any, pages: dict[str, Path], name: str, width: int) -> None:
    at_width(driver, width)
    driver.get(pages[name].as_uri())
    found = violations(driver)
    assert found == [], summary(found)  # was 35 empty-table-header, 1 region, 3 scrollable-region-focusable
    assert overlapping_text(driver) == []  # was 687 pairs at 390 px
    assert not page_scrolls_sideways(driver)


def test_phone_shows_one_card_per_item_with_results_in_full_lines(driver: Any, pages: dict[str, Path]) -> None:
    at_width(driver, 390)
    driver.get(pages["report"].as_uri())
    cards = driver.execute_script(
        "return Array.from(document.querySelectorAll('table.cards tbody')).map(function (b) {"
        " var r = b.getBoundingClientRect(); return [r.left, r.right, b.querySelector('th').textContent]; });"
    )
    assert len(cards) > 50 and all(left >= 0 and right <= 390 for left, right, _id in cards)
    result = driver.execute_script(
        "var text = arguments[0], td = Array.from(document.querySelectorAll('td')).find(function (c) {"
        " return c.textContent === text; });"
        " var r = document.createRange(); r.selectNodeContents(td.lastChild);"
        " return [td.getBoundingClientRect().width, r.getClientRects().length];",
        RESULTS[1],
    )
    width, lines = result
    assert width > 330  # the card's whole width (was a column of 5 characters)
    assert lines <= len(RESULTS[1]) / 15 + 1  # at least 15 Japanese characters a line
    charts = driver.execute_script(
        "return Array.from(document.querySelectorAll('.chart-scroll')).map(function (region) {"
        " return [region.tabIndex, region.getBoundingClientRect().right,"
        " region.querySelector('svg').getBoundingClientRect().width]; });"
    )
    # Each chart scrolls in its own keyboard-reachable region at a width its words can be read at
    # (12 px drawn at 640/760: 10 px; shrunk to the screen they were 6 px), the page does not.
    assert len(charts) == 2 and all(tab == 0 and right <= 390 and svg >= 640 for tab, right, svg in charts)


def test_diff_page_marks_changes_and_shows_answers_a_field_a_line(driver: Any, pages: dict[str, Path]) -> None:
    at_width(driver, 1366)
    driver.get(pages["diff"].as_uri())
    marked = driver.execute_script(
        "return [Array.from(document.querySelectorAll('td del')).map(function (e) { return e.textContent; }),"
        " Array.from(document.querySelectorAll('td ins')).map(function (e) { return e.textContent; })];"
    )
    assert marked == [["やか"], ["迅"]]  # 速やかに → 迅速に: real <del> and <ins>, no {+ +} text
    answer = driver.execute_script(
        "var text = arguments[0], td = Array.from(document.querySelectorAll('td')).find(function (c) {"
        " return c.textContent.indexOf(text) >= 0; });"
        " return td.innerText;",
        RESULTS[2],
    )
    assert "\n" in answer.strip() and "。、" not in answer  # a field a line, not 「した。、評価」
    text = driver.find_element("tag name", "body").text
    assert "高円寺太郎" not in text and "庁内メモ" not in text  # public unless --internal
    driver.get(pages["diff-internal"].as_uri())
    internal = driver.find_element("tag name", "body").text
    assert "高円寺太郎" in internal and internal.count("庁内限り") >= 2  # the mark and the title say so
