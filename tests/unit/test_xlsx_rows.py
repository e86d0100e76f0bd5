"""The xlsx renderer writes rows in one pass: the work per row does not grow with the sheet."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from actionplan.loader import load
from actionplan.render.opendata import table_workbook
from actionplan.render.xlsx import render_xlsx
from actionplan.reports.export import Stamp, tables
from actionplan.views import Table, View
from support import MINIMAL


def _view(rows: int) -> View:
    body = [[f"1-1-{n}", f'=HYPERLINK("x") {n}', "予定どおり"] for n in range(rows)]
    summary = Table(["集計単位", "件数"], [[f"第{n}", str(n)] for n in range(rows)], title="概要")
    return View({}, [summary], Table(["項目番号", "項目名", "進捗区分"], body, title="表"), title="t")


def _open_data(rows: int) -> bytes:
    """The items table of the open data, its rows repeated to ``rows``, as a typed workbook."""
    plan = load(MINIMAL).value
    assert plan is not None
    items = next(t for t in tables(plan) if t.name == "items")
    return table_workbook(replace(items, rows=(items.rows * rows)[:rows]), plan, Stamp(date(2020, 10, 1), "9.9"))


def _scans(monkeypatch: pytest.MonkeyPatch, rows: int, write: Callable[[int], object]) -> int:
    """How often a writer asks openpyxl for a sheet's extent (each ask reads every cell)."""
    count = 0
    for name in ("max_row", "max_column"):
        prop = getattr(Worksheet, name)

        def counted(sheet: Worksheet, prop: property = prop) -> int:
            nonlocal count
            count += 1
            assert prop.fget is not None
            return prop.fget(sheet)  # type: ignore[no-any-return]

        monkeypatch.setattr(Worksheet, name, property(counted))
    write(rows)
    monkeypatch.undo()
    return count


def test_sheet_extent_is_read_a_fixed_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    # Once per row made writing quadratic (10,000 items: minutes); a fixed number keeps it linear.
    for write in (lambda n: render_xlsx(_view(n)), _open_data):
        assert _scans(monkeypatch, 20, write) == _scans(monkeypatch, 200, write)


def test_rows_stay_text_with_their_alignment() -> None:
    book = load_workbook(io.BytesIO(render_xlsx(_view(3))))
    summary, table = book.worksheets
    assert [c.value for c in table[2]] == ["1-1-0", '=HYPERLINK("x") 0', "予定どおり"]
    assert [c.data_type for c in table[2]] == ["s", "s", "s"]  # never a formula
    assert [bool(c.alignment.wrap_text) for c in table[3]] == [False, True, False]  # only long text wraps
    assert table.auto_filter.ref == "A1:C4" and table.freeze_panes == "B2"
    heading = next(r for r in summary.iter_rows() if r[0].value == "集計単位")
    assert [c.font.b for c in heading[:2]] == [True, True]
    assert [c.value for c in summary[heading[0].row + 2][:2]] == ["第1", 1]  # counts are numbers
