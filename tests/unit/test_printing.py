"""tests/printing.py measures what it says: a workbook of known type sizes and header, printed by LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from printing import measure, print_to_pdf, soffice

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def test_sizes_pages_and_header_of_a_known_workbook(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    for row in range(1, 121):  # more than one A4 page of 12 pt rows
        ws.cell(row=row, column=1, value=f"行{row}").font = Font(size=12)
    ws.cell(row=1, column=2, value="小さい").font = Font(size=6)
    ws.oddHeader.center.text = "見出し &P / &N ページ"
    ws.oddFooter.center.text = "脚注"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    path = tmp_path / "known.xlsx"
    workbook.save(path)

    printout = measure(print_to_pdf([path], tmp_path / "pdf")[path])

    count = len(printout.pages)
    assert count >= 2 and all(p.a4 and not p.landscape for p in printout.pages)
    assert printout.median_size == pytest.approx(12, abs=0.3)
    assert printout.min_size == pytest.approx(6, abs=0.3)
    for number, page in enumerate(printout.pages, start=1):
        assert f"見出し {number} / {count} ページ" in page.header
        assert "脚注" in page.footer
        assert "見出し" not in page.body and "脚注" not in page.body
    assert "行1" in printout.pages[0].body and "行120" in printout.pages[-1].body
