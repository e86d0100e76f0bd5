"""庁議 documents as they are printed: the 令和2年度 report of a fully answered plan, as xlsx printed by
LibreOffice and as WeasyPrint's PDF, measured with pdfplumber (tests/printing.py)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from actionplan.cli import main
from actionplan.loader import embedded_plan_dir
from answered_year import RESULTS, answered_plan
from printing import Printout, measure, print_to_pdf, soffice

LAST_WORDS = RESULTS[1][-20:]  # the end of the longest 取組実績: cut off when a row is too short


def _report(plan: Path, out: Path, *args: str, year: str = "2020") -> Path:
    from actionplan import i18n

    i18n.use("ja")
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["report", year, "--plan", str(plan), "-o", str(out), *args])
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
def summaries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Workbooks whose summary tables fall elsewhere on their pages: the embedded plan's 令和3年度
    report left 新規項目 and its heading row at the foot of page 2, its rows on page 3."""
    folder = tmp_path_factory.mktemp("summaries")
    return [
        _report(embedded_plan_dir(), folder / f"{year}.xlsx", "--format", "xlsx", year=year)
        for year in ("2019", "2021")
    ]


@pytest.fixture(scope="module")
def printouts(workbook: Path, summaries: list[Path]) -> dict[Path, Printout]:
    """Every workbook of this module printed by LibreOffice in one run."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    printed = print_to_pdf([workbook, *summaries], workbook.parent / "pdf")
    return {book: measure(pdf) for book, pdf in printed.items()}


@pytest.fixture(scope="module")
def printed_workbook(workbook: Path, printouts: dict[Path, Printout]) -> Printout:
    return printouts[workbook]


def _headings(book: Path) -> set[str]:
    """The summary sheet's headings: each table's title (bold) and its row of column names (shaded)."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    found = set()
    for row in load_workbook(book).worksheets[0].iter_rows():
        if row[0].value and row[0].font.b:
            shaded = str(row[0].fill.fgColor.rgb).endswith("F3F4F6")
            found.add("".join(str(c.value) for c in row if c.value) if shaded else str(row[0].value))
    return {re.sub(r"\s", "", text) for text in found}


def test_no_printed_page_ends_with_a_heading(printouts: dict[Path, Printout]) -> None:
    """A table's title and column names print on the page of its first rows (LibreOffice, as a clerk prints)."""
    for book, printout in printouts.items():
        headings = _headings(book)
        assert len(headings) > 6
        for number, page in enumerate(printout.pages, 1):
            lines = [line for line in page.body.splitlines() if line.strip()]
            assert re.sub(r"\s", "", lines[-1]) not in headings, f"{book.name} page {number} ends with {lines[-1]!r}"


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
    from openpyxl import load_workbook

    sheet = load_workbook(workbook)["進捗状況表"]
    written = sum(1 for row in sheet.iter_rows(values_only=True) for v in row if v == RESULTS[1])
    text = re.sub(r"\s", "", printed_workbook.text)
    assert written > 5 and text.count(LAST_WORDS) >= written  # every line of every long 取組実績 printed


def test_workbook_wraps_summaries_and_describes_its_charts(workbook: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    summary = book["集計"]
    texts = [c for row in summary.iter_rows() for c in row if isinstance(c.value, str) and len(c.value) > 20]
    assert texts and all(c.alignment.wrap_text for c in texts)  # long text wraps, never runs on
    breaks = {b.id for b in summary.row_breaks.brk}
    starts = [c.row for c in summary["A"] if c.value in ("年度ごとの段階の種類（項目数）", "遅れ・中止の理由（20件）")]
    assert len(starts) == 2 and all(row - 2 in breaks for row in starts)  # the second chart and the summaries
    assert summary.page_setup.scale and not summary.sheet_properties.pageSetUpPr.fitToPage  # printed alike
    sheet = book["進捗状況表"]
    header = [c.value for c in sheet[1]]
    assert "評価" not in header  # the plan has no ratings: no always-empty column
    with zipfile.ZipFile(workbook) as archive:
        drawing = archive.read("xl/drawings/drawing1.xml").decode("utf-8")
        charts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/charts/chart")]
    alt = re.findall(r'descr="([^"]*)"', drawing)
    assert len(alt) == 2 and alt[0].startswith("令和2年度の進捗状況") and "順調 31件、遅れ 19件" in alt[0]
    assert all('<tickLblSkip val="1"' in c for c in charts)  # every category named


# --- the PDF report (WeasyPrint) -----------------------------------------------------------------

MM = 72 / 25.4
ITEM_ID = re.compile(r"^[0-9]+-[0-9]+(-[0-9]+)?$")


@pytest.fixture(scope="module")
def pdf_pages(plan: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """Each page of the internal PDF report: size, characters and words as pdfplumber reads them."""
    pytest.importorskip("weasyprint")
    import pdfplumber

    out = _report(plan, tmp_path_factory.mktemp("pdf") / "report.pdf", "--format", "pdf")
    with pdfplumber.open(out) as document:
        return [
            {"width": p.width, "height": p.height, "chars": p.chars, "words": p.extract_words()} for p in document.pages
        ]


def _box(chars: list[dict[str, float]], grow: float = 0.0) -> tuple[float, float, float, float]:
    return (
        min(c["x0"] for c in chars) - grow,
        min(c["top"] for c in chars) - grow,
        max(c["x1"] for c in chars) + grow,
        max(c["bottom"] for c in chars) + grow,
    )


def _meets(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_pdf_mark_sits_in_the_margin_over_no_text(pdf_pages: list[dict[str, Any]]) -> None:
    count = len(pdf_pages)
    assert 10 <= count <= 40  # 27 for 50 items and 71 answers (27 before, with columns 5 characters wide)
    for number, page in enumerate(pdf_pages, 1):
        chars = [c for c in page["chars"] if c["text"].strip()]
        top = [c for c in chars if c["bottom"] < 14 * MM]  # the top margin (report.css @page)
        bottom = [c for c in chars if c["top"] > page["height"] - 12 * MM]
        assert "".join(c["text"] for c in top) == "庁内限り", number
        assert "".join(c["text"] for c in bottom) == f"{number}/{count}", number  # 「n / N」
        stamp = _box(top, grow=3 * MM)  # the mark's bordered box around its letters
        rest = [c for c in chars if c not in top and c not in bottom]
        assert not any(_meets(stamp, _box([c])) for c in rest), number
        assert all(c["size"] >= 8 for c in rest), number  # 9 pt text, 10 pt and more in charts


def test_pdf_repeats_the_item_id_where_its_rows_go_on(pdf_pages: list[dict[str, Any]]) -> None:
    """Every page of the goal tables starts its first row with an item ID, also when it is a 主管課's
    row of an item begun on the page before; no always-empty 評価 column, no stray bullet."""
    continued = 0
    for page in pdf_pages:
        words = page["words"]
        heads = [w for w in words if w["text"] == "段階変更"]
        if not heads:
            continue  # a summary page
        body = [w for w in words if w["top"] > heads[0]["bottom"] + 4]
        first = min(body, key=lambda w: (round(w["top"]), w["x0"]))
        assert ITEM_ID.match(first["text"]), first
        continued += any(w["text"].startswith("└") and abs(w["top"] - first["top"]) < 2 for w in body)
    assert continued > 0  # the case happens in this report
    text = " ".join(w["text"] for p in pdf_pages for w in p["words"])
    assert "評価" not in text and "•" not in text
