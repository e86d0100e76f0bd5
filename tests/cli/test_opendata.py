"""Open data that opens right: typed workbooks, a datapackage.json that says whose data it is and
under what license, 和暦 beside every 西暦 year, and empty tables that say why they are empty."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from actionplan.cli.app import app
from actionplan.loader import load
from actionplan.render.opendata import table_workbook
from actionplan.reports.export import Stamp, tables
from support import FIXTURES

ANSWERED = FIXTURES / "progress" / "answered"  # answers with 回答日, indicators with values, item 3-1


@pytest.fixture(scope="module")
def opendata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("opendata")
    result = CliRunner().invoke(app, ["export", "--plan", str(ANSWERED), "-o", str(out), "--as-of", "2021-05-01"])
    assert result.exit_code == 0, result.output
    return out


def sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    return [tuple(c for c in row) for row in load_workbook(path).worksheets[0].iter_rows()]


def column(path: Path, label: str) -> list[Any]:
    header, *rows = sheet_rows(path)
    n = [c.value for c in header].index(label)
    return [row[n] for row in rows]


def test_workbook_keeps_ids_as_text_dates_as_dates_numbers_as_numbers(opendata: Path) -> None:
    ids = column(opendata / "items.xlsx", "項目ID")
    assert [c.value for c in ids] == ["1-1-1", "1-1-3", "3-1"]  # a CSV opened in Excel: 2001-01-01, 3月1日
    assert {(c.data_type, c.number_format) for c in ids} == {("s", "@")}  # typing in it keeps text too
    answered = {c.value for c in column(opendata / "progress.xlsx", "回答日")}
    assert datetime(2021, 4, 20) in answered and None in answered
    (day,) = [c for c in column(opendata / "progress.xlsx", "回答日") if c.value]
    assert (day.data_type, day.number_format) == ("d", "yyyy-mm-dd") or day.is_date
    years = column(opendata / "progress.xlsx", "年度（西暦）")
    assert {(c.value, c.data_type) for c in years} == {(2020, "n")}
    actual = [(c.value, c.data_type) for c in column(opendata / "indicator_values.xlsx", "実績値")]
    assert actual == [(17, "n"), (12, "n")]
    assert [c.value for c in column(opendata / "indicators.xlsx", "現状値")] == [10, 30]


def test_workbook_keeps_the_municipality_code_as_text(embedded: Path, tmp_path: Path) -> None:
    plan = load(embedded).value
    assert plan is not None
    path = tmp_path / "items.xlsx"
    made = [table_workbook(tables(plan)[0], plan, Stamp(date(2021, 5, 1), "actionplan")) for _ in range(2)]
    assert made[0] == made[1]  # the same bytes for the same as-of date: no time of saving inside
    path.write_bytes(made[0])
    codes = column(path, "全国地方公共団体コード")
    assert len(codes) == 50 and {(c.value, c.data_type) for c in codes} == {("131156", "s")}  # 011002 keeps its 0


def test_workbook_about_sheet_says_what_and_why_empty(run: Any, embedded: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert run("export", "--plan", embedded, "-o", tmp_path, "--as-of", "2021-05-01").exit_code == 0
    book = load_workbook(tmp_path / "progress.xlsx")  # the plan states answers; none given yet
    assert [s.title for s in book.worksheets] == ["進捗", "説明"]
    assert book.worksheets[0].max_row == 1  # one header row, nothing else: machine-readable
    about = {row[0]: row[1] for row in book["説明"].iter_rows(values_only=True)}
    assert about["説明"].endswith("この書き出しには行がない：進捗状況調査の回答がまだない")
    assert (about["公表者"], about["基準日"], about["行数"]) == ("杉並区", "2021-05-01", "0")
    assert about["利用条件"].startswith("クリエイティブ・コモンズ 表示 4.0 国際")


def test_datapackage_license_publisher_dates_and_empty_tables(opendata: Path) -> None:
    package = json.loads((opendata / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）",
        }
    ]
    assert package["contributors"] == [{"title": "杉並区", "role": "publisher"}]
    resources = {r["name"]: r for r in package["resources"]}
    fields = {f["title"]: f for f in resources["progress"]["schema"]["fields"]}
    assert fields["answered_on"]["type"] == "date"
    for name, resource in resources.items():
        empty = (opendata / f"{name}.csv").read_bytes().count(b"\r\n") == 1  # the header line only
        assert ("この書き出しには行がない：" in resource["description"]) == empty, name
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(opendata / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_western_year_has_its_era_beside_it(embedded: Path) -> None:
    for plan_dir in (embedded, ANSWERED):
        plan = load(plan_dir).value
        assert plan is not None
        for table in tables(plan):
            keys = [c.key for c in table.columns]
            for n, key in enumerate(keys):
                if key.endswith("year") and table.columns[n].type == "integer":
                    assert keys[n + 1] == f"{key}_ja", (table.name, key)
                    assert table.columns[n + 1].label.endswith("（和暦）"), (table.name, key)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_in_japanese_turns_the_csv_ids_into_dates_but_not_the_workbook(
    opendata: Path, tmp_path: Path
) -> None:
    """Why the workbook exists: opened with a Japanese locale (1041, as Excel on a ward PC), a CSV's
    1-1-1 becomes 2001-01-01; the typed workbook, saved again as CSV by LibreOffice, keeps it."""
    from openpyxl import load_workbook

    env = {**os.environ, "HOME": str(tmp_path)}

    def convert(to: str, path: Path, *infilter: str) -> Path:
        done = subprocess.run(
            [_soffice() or "soffice", "--headless", *infilter, "--convert-to", to, "--outdir", tmp_path, path],
            capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        converted = tmp_path / f"{path.stem}.{to.split(':')[0]}"
        assert done.returncode == 0 and converted.is_file(), done.stderr
        return converted

    from_csv = convert("xlsx", opendata / "items.csv", "--infilter=CSV:44,34,76,1,,1041")
    cell = load_workbook(from_csv).active["C2"]
    assert (cell.is_date, cell.value) == (True, datetime(2001, 1, 1))
    again = convert("csv:Text - txt - csv (StarCalc):44,34,76", opendata / "progress.xlsx")
    rows = list(csv.DictReader(io.StringIO(again.read_text(encoding="utf-8-sig"))))
    assert [(r["項目ID"], r["回答日"]) for r in rows] == [("1-1-1", "2021-04-20"), ("1-1-3", ""), ("3-1", "")]
