"""庁議 documents as they are printed: the 令和2年度 report of a fully answered plan, as xlsx printed by
LibreOffice and as WeasyPrint's PDF, measured with pdfplumber (tests/printing.py)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from actionplan.cli import main
from answered_year import RESULTS, answered_plan
from printing import Printout, measure, print_to_pdf, soffice

LAST_WORDS = RESULTS[1][-20:]  # the end of the longest 取組実績: cut off when a row is too short


def _report(plan: Path, out: Path, *args: str) -> Path:
    from actionplan import i18n

    i18n.use("ja")
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["report", "2020", "--plan", str(plan), "-o", str(out), *args])
    finally:
        i18n.use("en")
    assert exit_info.value.code == 0
    return out


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return answered_plan(tmp_path_factory.mktemp("answered") / "plan")


@pytest.fixture(scope="module")
def workbook(plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _report(plan, tmp_path_factory.mktemp("xlsx") / "report.xlsx", "--format", "xlsx")


@pytest.fixture(scope="module")
def printed_workbook(workbook: Path) -> Printout:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return measure(print_to_pdf([workbook], workbook.parent / "pdf")[workbook])


def test_printed_workbook_is_legible_on_a4_landscape(printed_workbook: Printout) -> None:
    pages = printed_workbook.pages
    assert all(p.a4 and p.landscape for p in pages)
    assert printed_workbook.min_size >= 8.0  # was 4.5 pt: the whole table on one page
    count = len(pages)
    assert 4 < count < 60
    for number, page in enumerate(pages, 1):
        assert f"{number} / {count}" in page.footer
        assert "庁内限り" in page.header
    # The heading row repeats on every page of the table (print titles).
    # The table sheet's heading row is on each of its pages (the last ones; 71 rows take more than 5).
    assert all("取組実績" in p.body and "主管課" in p.body for p in pages[-5:])


def test_printed_workbook_shows_every_wrapped_line(workbook: Path, printed_workbook: Printout) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    sheet = load_workbook(workbook)["進捗状況表"]
    written = sum(1 for row in sheet.iter_rows(values_only=True) for v in row if v == RESULTS[1])
    text = re.sub(r"\s", "", printed_workbook.text)
    assert written > 5 and text.count(LAST_WORDS) >= written  # every line of every long 取組実績 printed


def test_workbook_wraps_summaries_and_describes_its_charts(workbook: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    summary = book["概要"]
    texts = [c for row in summary.iter_rows() for c in row if isinstance(c.value, str) and len(c.value) > 20]
    assert texts and all(c.alignment.wrap_text for c in texts)  # long text wraps, never runs on
    sheet = book["進捗状況表"]
    header = [c.value for c in sheet[1]]
    assert "評価" not in header  # the plan has no ratings: no always-empty column
    with zipfile.ZipFile(workbook) as archive:
        drawing = archive.read("xl/drawings/drawing1.xml").decode("utf-8")
        charts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/charts/chart")]
    alt = re.findall(r'descr="([^"]*)"', drawing)
    assert len(alt) == 2 and alt[0].startswith("令和2年度の進捗状況") and "順調 31件、遅れ 19件" in alt[0]
    assert all('<tickLblSkip val="1"' in c for c in charts)  # every category named
