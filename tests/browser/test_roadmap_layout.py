"""The roadmap as people hold it, measured in Chromium: at 1366 px and on a 390 px phone (mobile
emulation) no text overlaps other text, the page never scrolls sideways and axe-core finds nothing,
for the public and the internal page; an open item reads in full lines; phase kinds carry their
mark; headings break between words; charts scroll in a focusable labelled region; search finds
取組実績 and 課題; an unknown filter in the address is said; print has no disclosure triangles and
no group heading alone at the bottom of a page."""

from __future__ import annotations

import base64
import io
import logging
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actionplan.loader import embedded_plan_dir
from browser.axe import summary, violations
from browser.japanese_pages import japanese
from support import KPI_CITY

ANSWERS = """format: 2
answers:
  - {item: 1-1-1, year: 2019, department: 防災課, status: 予定どおり, note: 庁内の覚え書き,
     result: 防災ポータルの運用を続け、地域の防災訓練で普及啓発の講座を三回開いた,
     challenge: 講座の参加者が高齢の方に偏っているため、若い世代に届く案内の方法を考えること}
  - {item: 1-1-3, year: 2019, department: 防災課, status: 遅れ, result: "一行目\\n二行目"}
  - {item: 2-1-1, year: 2019, department: 情報政策課, status: 予定どおり}
"""
PHONE, DESKTOP = 390, 1366


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The public and the internal roadmap of the embedded plan with a few answers, in Japanese."""
    plan = tmp_path_factory.mktemp("answered") / "plan"
    shutil.copytree(embedded_plan_dir(), plan)
    (plan / "progress").mkdir(exist_ok=True)
    (plan / "progress" / "2019.yaml").write_text(ANSWERS, encoding="utf-8")
    written = {}
    for name, extra in {"public": [], "internal": ["--internal"]}.items():
        written[name] = plan.parent / f"{name}.html"
        japanese(["roadmap", "--plan", str(plan), "-o", str(written[name]), *extra])
    written["kpi"] = plan.parent / "kpi.html"  # no 主管課, tags or phases: no such column or filter
    japanese(["roadmap", "--plan", str(KPI_CITY), "-o", str(written["kpi"])])
    return written


@pytest.fixture
def open_at(driver: Any) -> Callable[..., Any]:
    """Open a page at a width: 390 px as a phone (mobile emulation, 3× pixels), else a desktop window."""

    def go(path: Path, width: int, fragment: str = "") -> Any:
        phone = width < 640
        metrics = {"width": width, "height": 844 if phone else 900, "deviceScaleFactor": 3 if phone else 1}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "mobile": phone})
        driver.get(path.as_uri() + fragment)
        return driver

    return go


# Every visible run of text as its glyph boxes (Range rects of text nodes, not element boxes), and
# the pairs of boxes of different elements that overlap by more than a pixel each way. Text that is
# hidden, visually hidden for screen readers, or inside a closed <details> is not on screen.
OVERLAPS = """
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), boxes = [], node;
while ((node = walker.nextNode())) {
  var el = node.parentElement;
  if (!node.data.trim() || el.closest('.sr-only, script, style, table.roadmap > thead')) { continue; }
  if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) { continue; }
  var range = document.createRange(); range.selectNodeContents(node);
  Array.from(range.getClientRects()).forEach(function (b) {
    if (b.width > 1 && b.height > 1) { boxes.push([el, b, node.data.trim().slice(0, 24)]); }
  });
}
var found = [];
for (var i = 0; i < boxes.length; i++) {
  for (var j = i + 1; j < boxes.length; j++) {
    var a = boxes[i][1], b = boxes[j][1];
    if (boxes[i][0] === boxes[j][0]) { continue; }
    var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) { found.push(boxes[i][2] + ' × ' + boxes[j][2]); }
  }
}
return [boxes.length, found];
"""


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("name", ["public", "internal"])
def test_no_text_overlaps_no_sideways_scroll_and_axe_finds_nothing(
    open_at: Callable[..., Any], pages: dict[str, Path], name: str, width: int
) -> None:
    driver = open_at(pages[name], width)
    # One item open too: its details must not run over the cells beside or below it.
    driver.execute_script("document.querySelector('#item-1-1-1 details').open = true;")
    checked, overlapping = driver.execute_script(OVERLAPS)
    assert checked > 500 and overlapping == []
    assert driver.execute_script("return document.documentElement.scrollWidth - innerWidth;") <= 0
    found = violations(driver)
    assert found == [], summary(found)


def _lines(driver: Any, selector: str) -> list[str]:
    """The text of an element's first text node as it is laid out, one string per line."""
    return driver.execute_script(  # type: ignore[no-any-return]
        """var node = document.querySelector(arguments[0]).firstChild, lines = {}, tops = [];
        for (var i = 0; i < node.length; i++) {
          var r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
          var box = r.getClientRects()[0]; if (!box) { continue; }
          var top = Math.round(box.top + box.height / 2);
          var line = tops.find(function (t) { return Math.abs(t - top) < box.height / 2; });
          if (line === undefined) { tops.push(top); line = top; lines[line] = ''; }
          lines[line] += node.data[i];
        }
        return tops.sort(function (a, b) { return a - b; }).map(function (t) { return lines[t]; });""",
        selector,
    )


def test_an_open_item_reads_in_full_lines_on_a_phone(open_at: Callable[..., Any], pages: dict[str, Path]) -> None:
    driver = open_at(pages["public"], PHONE)
    driver.find_element("css selector", "#item-1-1-1 summary").click()
    description = _lines(driver, "#item-1-1-1 .detail .description p, #item-1-1-1 .detail p:not(.headline)")
    assert len(description) >= 3 and min(len(line) for line in description[:-1]) >= 15, description
    result = driver.find_element("css selector", "#item-1-1-1 .detail dl").text
    assert "防災ポータルの運用を続け" in result and "若い世代に届く案内の方法" in result  # 取組実績 and 課題
    row = driver.execute_script("return document.querySelector('#item-1-1-1').parentElement.offsetHeight;")
    assert row < 1200  # 2,208 px with the details squeezed into a 7.5rem column


def test_phase_kinds_carry_their_mark_at_every_width(open_at: Callable[..., Any], pages: dict[str, Path]) -> None:
    driver = open_at(pages["public"], PHONE)
    marks = driver.execute_script(
        "return Array.from(document.querySelectorAll('table.roadmap .chip .mark')).map(function (m) {"
        " return [m.textContent, m.getClientRects().length > 0]; });"
    )
    assert len(marks) > 200 and all(text in "○△■◇▲●□◆" and shown for text, shown in marks)


def test_the_title_breaks_between_words_on_a_phone(open_at: Callable[..., Any], pages: dict[str, Path]) -> None:
    for name in ("public", "internal"):
        lines = _lines(open_at(pages[name], PHONE), "h1")
        assert len(lines) == 2 and lines[1].startswith("ロードマップ"), lines  # never 「ロードマッ／プ」


def test_charts_scroll_in_focusable_labelled_regions(open_at: Callable[..., Any], pages: dict[str, Path]) -> None:
    driver = open_at(pages["public"], PHONE)
    regions = driver.execute_script(
        "return Array.from(document.querySelectorAll('.chart-scroll')).map(function (r) {"
        " return [r.getAttribute('role'), r.tabIndex, r.getAttribute('aria-label'),"
        " r.querySelector('svg title').textContent, r.scrollWidth > r.clientWidth]; });"
    )
    assert len(regions) == 2
    for role, tabindex, label, title, scrolls in regions:
        assert (role, tabindex, label, scrolls) == ("region", 0, title, True)
    from selenium.webdriver.common.keys import Keys

    region = driver.find_element("css selector", ".chart-scroll")
    region.send_keys(Keys.END)  # the keyboard reaches the totals at the right end
    total_shown = driver.execute_script(
        "var region = arguments[0], box = region.getBoundingClientRect();"
        "var texts = region.querySelectorAll('g.bars text'), last = texts[texts.length - 1].getBoundingClientRect();"
        "return last.right <= box.right + 1 && last.left >= box.left;",
        region,
    )
    assert total_shown


def test_search_finds_results_and_challenges(open_at: Callable[..., Any], pages: dict[str, Path]) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    for word in ("講座を三回", "若い世代"):  # 取組実績, 課題
        driver = open_at(pages["public"], DESKTOP, "#q=" + word)
        WebDriverWait(driver, 5).until(lambda d: d.find_element("id", "count").text.startswith("50件中 1件の項目"))


def test_an_unknown_filter_in_the_address_is_said(open_at: Callable[..., Any], pages: dict[str, Path]) -> None:
    driver = open_at(pages["public"], DESKTOP, "#dept=存在しない課&tag=実計")
    said = driver.find_element("id", "unknown-filter")
    assert said.is_displayed()
    assert said.text == "アドレスで指定された主管課「存在しない課」はこの計画にないため、主管課では絞り込んでいません。"
    assert driver.find_element("id", "count").text.startswith("50件中 14件の項目を表示（区分：実計）")
    driver.find_element("css selector", "button[type=reset]").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 5).until(lambda d: not said.is_displayed())


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_a_plan_without_departments_or_tags_filters_by_keyword(
    open_at: Callable[..., Any], pages: dict[str, Path], width: int
) -> None:
    driver = open_at(pages["kpi"], width, "#dept=デジタル推進課&q=キャッシュレス")
    assert driver.find_elements("id", "f-dept") == [] and driver.find_elements("id", "f-tag") == []
    assert driver.find_elements("css selector", ".depts-col, td.depts") == []
    said = driver.find_element("id", "unknown-filter")
    assert said.text == (
        "アドレスで指定された主管課「デジタル推進課」はこの計画にないため、主管課では絞り込んでいません。"
    )
    assert driver.find_element("id", "count").text.startswith("11件中 2件の取組を表示")
    driver.execute_script("document.querySelector('#item-1-1 details').open = true;")
    checked, overlapping = driver.execute_script(OVERLAPS)
    assert checked > 40 and overlapping == []  # the page of the two items found
    assert driver.execute_script("return document.documentElement.scrollWidth - innerWidth;") <= 0
    found = violations(driver)
    assert found == [], summary(found)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_a_plan_without_phases_reads_its_indicators_in_the_year_cells(
    open_at: Callable[..., Any], pages: dict[str, Path], width: int
) -> None:
    """kpi-city's year cells list each indicator's 目標値, 実績値 and 集計区分: on a phone the years stack
    so the lines get the card's width; nothing overlaps or scrolls sideways, axe-core finds nothing."""
    driver = open_at(pages["kpi"], width)
    driver.execute_script("document.querySelector('#item-1-1 details').open = true;")
    lines = driver.find_elements("css selector", "ul.year-kpis li")
    assert len(lines) > 20 and all(line.is_displayed() for line in lines)
    checked, overlapping = driver.execute_script(OVERLAPS)
    assert checked > 150 and overlapping == []
    assert driver.execute_script("return document.documentElement.scrollWidth - innerWidth;") <= 0
    if width == PHONE:  # one year a line in the card: each cell as wide as the item's heading
        widths = driver.execute_script(
            "var row = document.querySelector('tr.item'); return [row.querySelector('th').offsetWidth,"
            " row.querySelector('td.cell').offsetWidth];"
        )
        assert abs(widths[0] - widths[1]) <= 2
    found = violations(driver)
    assert found == [], summary(found)


def test_print_has_no_triangles_and_no_heading_alone_at_a_page_bottom(
    open_at: Callable[..., Any], pages: dict[str, Path]
) -> None:
    """Space above the table moves the first page's end through the rows; at 200–275 px the page
    without break-after printed 「第一 地域情報化の推進」 as page 1's last line (measured), so at each
    a heading must still be followed by an item on its page."""
    pdfplumber = pytest.importorskip("pdfplumber")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # CJK fonts without a FontBBox: noise only
    driver = open_at(pages["public"], DESKTOP)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = driver.execute_script("return getComputedStyle(document.querySelector('summary')).display;")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == "block"  # not list-item: no ▶ marker
    headings = driver.execute_script(
        "return Array.from(document.querySelectorAll('tr.group-row th')).map(function (th) { return th.textContent; });"
    )
    headings = [_squeezed(h) for h in headings]
    for space in (200, 225, 250, 275):
        driver.execute_script(
            "var s = document.getElementById('spacer') || document.createElement('div'); s.id = 'spacer';"
            "s.style.height = arguments[0] + 'px'; document.querySelector('.table-scroll').before(s);",
            space,
        )
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
        with pdfplumber.open(io.BytesIO(base64.b64decode(printed["data"]))) as pdf:
            first = pdf.pages[0].extract_text()
        assert "▶" not in first and "▸" not in first
        last = _squeezed(first.strip().splitlines()[-1])
        assert not any(h.startswith(last) for h in headings), (space, last)


def _squeezed(text: str) -> str:
    """Text as compared between the page and its PDF: NFKC (the PDF's ⽬ is the page's 目), no spaces."""
    return unicodedata.normalize("NFKC", text).replace(" ", "")
