"""Documents for 庁議: `report YEAR --format xlsx` and `--format pdf`, through the real CLI."""

from __future__ import annotations

import contextlib
import re
import zipfile
import zlib
from pathlib import Path

import pytest

from support import PlanCopy, Run

ANSWERS = (
    "format: 2\nanswers:\n"
    "  - {item: 1-1-1, year: 2019, department: 防災課, status: 遅れ, result: '=1+1 一行目', note: 内部メモ}\n"
    "  - {item: 1-1-3, year: 2019, department: 防災課, status: 予定どおり, phases: [実施]}\n"
)


@pytest.fixture
def answered(plan_copy: PlanCopy) -> Path:
    from support import MINIMAL

    plan = plan_copy(MINIMAL)
    (plan / "progress").mkdir()
    (plan / "progress" / "2019.yaml").write_text(ANSWERS, encoding="utf-8")
    return plan


def test_report_as_a_workbook_for_a4_landscape(run: Run, answered: Path, tmp_path: Path, japanese: None) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    out = tmp_path / "report.xlsx"
    result = run("report", "2019", "--plan", answered, "--format", "xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["集計", "進捗状況表"]
    sheet = book["進捗状況表"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page
    assert sheet.oddHeader.right.text == "庁内限り"  # an internal document, marked on every page
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["項目番号", "柱", "目標"] and header[-1] == "公開区分"
    ids = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in ids][:2] == ["1-1-1", "1-1-1"]
    assert all(not c.alignment.wrap_text for c in ids)  # IDs never wrap
    widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
    assert all(w and w > 0 for w in widths)  # every column has a fixed width
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells["=1+1 一行目"].data_type == "s"  # text, never a formula
    assert "内部メモ" not in cells
    summary = list(book["集計"].iter_rows(values_only=True))
    assert ("全体", 1, 1, 0, 0, 1, 3) in summary  # the rollup chart's data: 順調, 遅れ, 中止, 一部未回答, 未回答, 計
    with zipfile.ZipFile(out) as archive:
        assert sum(n.startswith("xl/charts/chart") for n in archive.namelist()) == 2  # drawn by Excel


def test_file_formats_need_an_output_file(run: Run) -> None:
    result = run("report", "2020", "--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx makes a file: give -o FILE.xlsx" in result.stderr


def test_report_as_pdf_on_a4_landscape_with_charts(run: Run, answered: Path, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "report.pdf"
    result = run("report", "2019", "--plan", answered, "--format", "pdf", "-o", out, "--public")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    data = _inflated(out.read_bytes())
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", data)
    assert box is not None and (round(float(box.group(1))), round(float(box.group(2)))) == (842, 595)  # A4 landscape
    assert b"Noto-Sans-CJK-JP" in data  # a Japanese font, embedded
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 2


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (fonts may sit in object streams)."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"".join(parts)


def test_pdf_says_which_extra_or_font_is_missing(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    result = run("report", "2020", "--format", "pdf", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 2
    assert "--format pdf needs WeasyPrint: pip install 'actionplan[pdf]'" in result.stderr
    monkeypatch.setattr(builtins, "__import__", real_import)
    pytest.importorskip("weasyprint")
    monkeypatch.setattr("actionplan.render.pdf.shutil.which", lambda name: "/bin/true")  # fc-list finds nothing
    result = run("report", "2020", "--format", "pdf", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 2
    assert "apt-get install fonts-noto-cjk" in result.stderr
    assert not (tmp_path / "r.pdf").exists()
