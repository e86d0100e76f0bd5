"""The roadmap page in a real headless Chromium, opened from file:// as a user would."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actionplan.cli import main
from support import PlanCopy

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def page(tmp_path: Path, driver: Any) -> Callable[..., object]:
    """Write the roadmap of a plan with the real CLI and open it from file://."""

    def open_roadmap(plan: Path | None = None, fragment: str = "") -> object:
        out = tmp_path / "roadmap.html"
        args = ["roadmap", "-o", str(out)] + (["--plan", str(plan)] if plan else [])
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        assert exit_info.value.code == 0
        driver.get_log("browser")  # drop what earlier pages said
        driver.get(out.as_uri() + fragment)
        return driver

    return open_roadmap


def visible_rows(driver: Any) -> list[str]:
    return driver.execute_script(  # type: ignore[no-any-return]
        "return Array.from(document.querySelectorAll('tr.item'))"
        ".filter(function (tr) { return tr.getClientRects().length > 0; })"
        ".map(function (tr) { return tr.querySelector('summary .id').textContent; });"
    )


def errors(driver: Any) -> list[str]:
    logged = [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    return logged + list(driver.execute_script("return window.__errors;"))


def rows_after_update(driver: Any, expected_count: int) -> list[str]:
    """The visible rows once the page has applied a change (reset applies it in a timeout)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 5).until(lambda d: len(visible_rows(d)) == expected_count)
    return visible_rows(driver)


def test_loads_from_file_with_50_rows_and_no_console_errors(page: Callable[..., Any]) -> None:
    driver = page()
    assert driver.title == "杉並区情報化アクションプラン roadmap"
    assert len(visible_rows(driver)) == 50
    assert driver.find_element("id", "count").text == "Showing 50 of 50 items"
    assert errors(driver) == []


def test_filter_by_department_in_two_clicks(page: Callable[..., Any]) -> None:
    driver = page()
    select = driver.find_element("id", "f-dept")
    select.click()  # click 1: open the list
    select.find_element("css selector", 'option[value="情報政策課"]').click()  # click 2: the department
    rows = visible_rows(driver)
    assert len(rows) == 21
    assert rows[0] == "1-1-1"
    assert driver.find_element("id", "count").text == "Showing 21 of 50 items (Department: 情報政策課)"
    # The filter is in the address, so the filtered page can be bookmarked or shared.
    assert re.search(r"#dept=", driver.current_url)
    assert errors(driver) == []


def test_tag_text_filters_and_reset(page: Callable[..., Any]) -> None:
    driver = page(fragment="#tag=%E9%87%8D%E7%82%B9")  # #tag=重点
    assert visible_rows(driver) == ["1-1-1", "1-1-2", "1-1-4", "1-2-3", "1-2-4", "1-3-8", "1-3-10"]
    # Pillars and goals with none of the tagged items disappear with their heading.
    headings = [h.text for h in driver.find_elements("css selector", "tr.group-row th") if h.is_displayed()]
    assert [h.split()[0] for h in headings] == ["第一", "目標1", "目標2", "目標3"]
    driver.find_element("id", "f-text").send_keys("ＩＣＴ")  # full-width, matched as ICT
    assert rows_after_update(driver, 2) == ["1-1-1", "1-3-8"]
    driver.find_element("css selector", "button[type=reset]").click()
    assert len(rows_after_update(driver, 50)) == 50
    assert errors(driver) == []


def test_a_japanese_page_counts_in_japanese(page: Callable[..., Any], japanese: None) -> None:
    driver = page(fragment="#dept=%E6%83%85%E5%A0%B1%E6%94%BF%E7%AD%96%E8%AA%B2&q=ICT")  # #dept=情報政策課&q=ICT
    assert driver.find_element("tag name", "html").get_attribute("lang") == "ja"
    count = "50件中 6件の項目を表示（主管課：情報政策課、キーワード：ICT）"
    assert driver.find_element("id", "count").text == count
    assert errors(driver) == []


def test_details_open_with_the_keyboard(page: Callable[..., Any]) -> None:
    from selenium.webdriver.common.keys import Keys

    driver = page()
    summary = driver.find_element("css selector", "#item-1-1-1 summary")
    detail = driver.find_element("css selector", "#item-1-1-1 .detail")
    assert not detail.is_displayed()
    summary.send_keys(Keys.ENTER)
    assert detail.is_displayed()
    assert "すぎナビ" in detail.text
    assert errors(driver) == []


def test_hostile_title_stays_text(page: Callable[..., Any], plan_copy: PlanCopy, embedded: Path) -> None:
    plan = plan_copy(embedded)
    item = plan / "items" / "1-1-1.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(re.sub(r"(?m)^title: .*$", f'title: "{HOSTILE}"', text), encoding="utf-8")
    driver = page(plan)
    summary = driver.find_element("css selector", "#item-1-1-1 summary")
    assert summary.text == f"1-1-1{HOSTILE}"
    assert driver.execute_script("return window.__alerts;") == []
    assert driver.execute_script("return document.scripts.length;") == 1  # only the page's own
    assert len(visible_rows(driver)) == 50
    assert errors(driver) == []
