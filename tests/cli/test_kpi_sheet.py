"""Progress per indicator on the survey sheet: the KPI-first city plan (tests/fixtures/shapes/kpi-city).

Each 取組 with indicators of its own has a row per indicator under its row (指標の行): the
indicator's name, unit and ※, the year's target and the value before, and the 実績値, 評価 and
取組実績 to fill in. They are read back by the rules of the item's fields (an empty cell keeps,
（削除） empties), each problem at its cell. Filled in with openpyxl, saved by LibreOffice, and
printed through LibreOffice to PDF and measured.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from actionplan import i18n, loader
from actionplan.model import Answer, Labels
from actionplan.progress.sheets import layout
from printing import Printout, measure, print_to_pdf, soffice
from sheet_columns import columns
from support import KPI_CITY, Run, ok

WORDS = Labels(pillar="分類", item="取組")  # the plan's words: its Japanese sheet heads 取組番号, 取組名
OFFICE = "デジタル推進課"
SHEET = f"令和6年度_{OFFICE}_進捗状況調査票"
# Every indicator of the plan's own (the two 再掲 are answered in the 取組 they repeat).
OWN = 9
# What a clerk types, by (取組, indicator) — "" for the 取組's own row — and the sheet's Japanese heading.
FILLED = {
    ("2-5", ""): {"進捗区分": "順調"},
    ("2-5", "alert-registrations"): {"指標の実績値": "1,020", "評価": "A", "取組実績": "訓練で登録を呼びかけた"},
    ("1-1", "online-rate"): {"評価": "（削除）", "取組実績": ""},  # an emptied cell keeps, （削除） empties
    ("1-2", "e-approval"): {"指標の実績値": "61.5"},
}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(KPI_CITY, target)
    return target


def make(run: Run, plan: Path, out: Path, fmt: str = "xlsx") -> Path:
    ok(run("progress", "sheets", "R6", "-o", out, "-f", fmt, "--due", "2025-04-30", "--plan", plan))
    return out / f"{SHEET}.{fmt}"


def fill(path: Path, answers: dict[tuple[str, str], dict[str, str]]) -> None:
    """Type into the rows of a workbook found by 項目番号 and 指標ID, as a clerk does in Excel."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    h = columns([c.value for c in ws[layout.HEADING_ROW]], WORDS)
    for row in ws.iter_rows(min_row=layout.HEADING_ROW + 1):
        for heading, value in answers.get((str(row[0].value), row[h["指標ID"]].value or ""), {}).items():
            row[h[heading]].value = value
    workbook.save(path)


def stored(plan: Path, item: str) -> Answer:
    loaded = loader.load(plan).value
    assert loaded is not None
    (answer,) = loaded.answers_for(2024)[item]
    return answer


def grid(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    return [[c.value for c in row] for row in load_workbook(path).worksheets[0].iter_rows()]


def test_each_indicator_has_its_row_with_what_the_plan_states(run: Run, plan: Path, tmp_path: Path) -> None:
    rows = grid(make(run, plan, tmp_path / "s"))
    h = columns(rows[layout.HEADING_ROW - 1], WORDS)
    assert [k for k in h if k in ("表示番号", "評価", "目標値", "前回の値", "指標の実績値", "指標ID")] == [
        "表示番号", "評価", "目標値", "前回の値", "指標の実績値", "指標ID",
    ]  # fmt: skip
    assert "計画" not in h and "実施した段階" not in h  # no phases in the plan
    item = next(r for r in rows if r[0] == "1-1" and not r[h["指標ID"]])
    assert item[h["表示番号"]] == "①" and item[h["項目名"]] == "行政手続のオンライン化"
    kpis = {r[h["指標ID"]]: r for r in rows[layout.HEADING_ROW :] if r[h["指標ID"]]}
    assert len(kpis) == OWN  # a 再掲 has no row: it is answered where it comes from
    first = kpis["online-procedures"]
    assert first[0] == "1-1" and first[h["項目名"]].splitlines() == [
        "indicator: オンラインで申請できる手続の数",
        "unit: 手続, cumulative",
    ]
    # The year's target; else the next one the plan states, with its year (after the period: marked), or
    # the final target with no year.
    assert (first[h["目標値"]], kpis["e-approval"][h["目標値"]]) == ("120手続", "final target 90%")
    assert kpis["standard-systems"][h["目標値"]] == "FY2026 (after the plan period) 20業務"
    # The latest value answered before the year, else the baseline (nothing answered for it yet).
    assert first[h["前回の値"]] == "90手続 (FY2023)"
    assert kpis["standard-systems"][h["前回の値"]] == "baseline: 0業務 (FY2020)"
    # The stored answer, to change only where it changed: 1,050 with the plan's separator.
    assert (kpis["trained-staff"][h["指標の実績値"]], kpis["trained-staff"][h["評価"]]) == ("1,050", "A")
    assert kpis["cashless"][h["取組実績"]] == "本庁舎と3支所の窓口で導入した。"
    repeat = rows[rows.index(next(r for r in rows if r[0] == "1-6")) + 1][1]  # the grey row, merged from B
    assert "trained-staff: デジタル研修を受講した職員数（再掲） (answered in 1-4)" in repeat


def test_set_then_sheet_then_fill_then_import(run: Run, plan: Path, tmp_path: Path) -> None:
    """A value set by progress set comes on the sheet; the clerk's cells come back field by field."""
    ok(run("progress", "set", "1-2", "R6", "--indicator-result", "e-approval=紙の決裁が残る", "--plan", plan))
    path = make(run, plan, tmp_path / "s")
    fill(path, FILLED)
    result = ok(run("progress", "import", path, "--plan", plan))
    assert "1 added, 2 updated" in result.stdout, result.stdout
    new = stored(plan, "2-5")
    assert (new.status, new.values, new.grades, new.results) == (
        "順調", {"alert-registrations": 1020.0}, {"alert-registrations": "A"},
        {"alert-registrations": "訓練で登録を呼びかけた"},
    )  # fmt: skip
    kept = stored(plan, "1-1")
    assert kept.grades == {"online-procedures": "B"}  # （削除） emptied one grade, the other kept
    assert kept.results["online-rate"] == "転入・転出の手続でオンライン申請が増えた。"  # empty cell: kept
    changed = stored(plan, "1-2")
    assert (changed.values, changed.grades) == ({"e-approval": 61.5}, {"e-approval": "C"})
    assert changed.results == {"e-approval": "紙の決裁が残る"}
    again = ok(run("progress", "import", path, "--plan", plan))
    assert "0 added, 0 updated" in again.stdout  # a sheet imported twice changes nothing
    assert ok(run("validate", "--plan", plan)).exit_code == 0


def test_a_csv_sheet_round_trips_too(run: Run, plan: Path, tmp_path: Path) -> None:
    path = make(run, plan, tmp_path / "s", "csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    h = columns(rows[layout.HEADING_ROW - 1], WORDS)
    row = next(r for r in rows[layout.HEADING_ROW :] if r[h["指標ID"]] == "wifi-sites")
    row[h["指標の実績値"]], row[h["取組実績"]] = "３８", "=図書館に2施設"  # full-width digits; a text with =
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    ok(run("progress", "import", path, "--plan", plan))
    answer = stored(plan, "2-2")
    assert (answer.values, answer.results) == ({"wifi-sites": 38.0}, {"wifi-sites": "=図書館に2施設"})
    again = make(run, plan, tmp_path / "again", "csv")
    assert "unchanged" in ok(run("progress", "import", again, "--plan", plan)).stdout


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({("1-2", "e-approval"): {"評価": "a"}}, "progress-rating 評価: unknown rating 'a' (did you mean 'A'?)"),
        ({("1-2", "e-approval"): {"指標の実績値": "約60"}}, "sheet-value '約60' is not a number"),
        ({("1-2", "e-approval"): {"指標の実績値": "=B9*2"}}, "sheet-formula 指標の実績値 holds a formula (=B9*2)"),
        ({("1-2", "e-approval"): {"進捗区分": "順調"}}, "sheet-indicator-cell 進捗区分 is answered in the row of 1-2"),
        (
            {("1-2", "e-approval"): {"指標ID": "approval", "評価": "A"}},
            "sheet-key-changed 指標ID(変更しないこと) 'approval' was changed: 1-2 has no such indicator to answer"
            " (did you mean 'e-approval'?)",
        ),
        (
            {("1-2", "e-approval"): {"項目名": "電子申請率"}},
            "sheet-key-changed 取組名 was changed: it no longer names the indicator '電子決裁率'",
        ),
        ({("2-5", "alert-registrations"): {"指標の実績値": "900"}}, "sheet-status-missing 進捗区分 is empty"),
    ],
)
def test_a_bad_indicator_cell_is_named_and_nothing_written(
    run: Run, plan: Path, tmp_path: Path, cells: dict[tuple[str, str], dict[str, str]], expected: str
) -> None:
    """The problem names the cell (K8) and the column as the Japanese sheet heads it, read on an English PC."""
    i18n.use("ja")
    try:
        path = make(run, plan, tmp_path / "s")
    finally:
        i18n.use("en")
    before = (plan / "progress" / "2024.yaml").read_bytes()
    rows = grid(path)
    h = columns(rows[layout.HEADING_ROW - 1], WORDS)
    (item, indicator), typed = next(iter(cells.items()))
    if "status-missing" in expected:  # said at the 取組's own row
        indicator, typed = "", {"進捗区分": ""}
    row = next(n for n, r in enumerate(rows, start=1) if r[0] == item and (r[h["指標ID"]] or "") == indicator)
    fill(path, cells)
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.stdout.splitlines() if SHEET in line]
    assert line.split(":")[1] == layout.cell_name(row, h[next(iter(typed))]), line
    assert expected in line, line
    assert (plan / "progress" / "2024.yaml").read_bytes() == before


def test_an_item_row_deleted_is_said(run: Run, plan: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = make(run, plan, tmp_path / "s")
    fill(path, {("1-2", "e-approval"): {"指標の実績値": "70"}})
    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    ws.delete_rows(next(c.row for c in ws["A"] if c.value == "1-2"))  # the 取組's own row
    workbook.save(path)
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 1 and "sheet-item-row-missing the row of 1-2 was deleted" in result.stdout


def test_a_plan_without_indicators_or_labels_has_no_such_columns(run: Run, tmp_path: Path, embedded: Path) -> None:
    """The Suginami plan states neither: its sheet has no 表示番号, 目標値 or 指標 columns (goldens hold the rest)."""
    ok(run("progress", "sheets", "R2", "-d", "防災課", "-o", tmp_path, "-f", "csv", "--plan", embedded))
    (path,) = tmp_path.glob("*.csv")
    heading = path.read_bytes().decode("utf-8-sig").splitlines()[4]
    assert heading == (
        "item ID,item title,planned phase,status,phases carried out,result,challenges and next steps,evidence,"
        "internal note,sheet ID (do not change)"
    )


# --- as LibreOffice saves and prints it ----------------------------------------------------------

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The Japanese sheet filled in, saved by LibreOffice, and printed by it: one run each."""
    from typer.testing import CliRunner

    from actionplan.cli.app import app

    root = tmp_path_factory.mktemp("office")
    plan = root / "plan"
    shutil.copytree(KPI_CITY, plan)
    i18n.use("ja")
    try:
        made = CliRunner().invoke(app, ["progress", "sheets", "R6", "-o", str(root / "s"), "--plan", str(plan),
                                        "--due", "2025-04-30", "--contact", "デジタル推進課 内線2345"])  # fmt: skip
    finally:
        i18n.use("en")
    assert made.exit_code == 0, made.output
    path = root / "s" / f"{SHEET}.xlsx"
    printed = measure(print_to_pdf([path], root / "pdf")[path])
    fill(path, FILLED)
    saved = root / "saved"
    done = subprocess.run(
        [soffice() or "soffice", "--headless", "--norestore",
         f"-env:UserInstallation={(root / '.lo').resolve().as_uri()}",
         "--convert-to", "xlsx", "--outdir", str(saved), str(path)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(root)},
    )  # fmt: skip
    assert done.returncode == 0 and (saved / path.name).is_file(), done.stderr
    return {"plan": plan, "saved": saved / path.name, "printed": printed}


@needs_soffice
def test_a_sheet_saved_by_libreoffice_imports_per_indicator(run: Run, office: dict[str, Any]) -> None:
    plan: Path = office["plan"]
    ok(run("progress", "import", office["saved"], "--plan", plan))
    assert stored(plan, "2-5").values == {"alert-registrations": 1020.0}
    assert stored(plan, "1-1").grades == {"online-procedures": "B"}
    assert stored(plan, "1-2").values == {"e-approval": 61.5}


@needs_soffice
def test_the_sheet_prints_legibly_with_its_indicator_rows(office: dict[str, Any]) -> None:
    printout: Printout = office["printed"]
    assert all(page.a4 for page in printout.pages)
    assert printout.min_size >= 9, printout.min_size  # at 100 %: nothing shrunk below 9 pt
    survey = [n for n, page in enumerate(printout.pages) if page.landscape]
    assert survey == list(range(len(survey))) and len(survey) <= 6  # 11 取組, 9 indicators' rows
    body = "\n".join(printout.pages[n].body for n in survey)
    # Words that fit on one printed line of their cell (a wrapped cell's lines interleave with its neighbours').
    for words in (
        "目標値",
        "前回の値",
        "①",
        "取組項",
        "120手続",
        "90手続",
        "現状値：",
        "単位：手続、累計",
        "指標の実",
    ):
        assert words in body, words
    assert "指標ID" not in body  # the key column is hidden
    guide = "".join("".join(printout.pages[n].body.split()) for n in range(len(survey), len(printout.pages)))
    assert "指標ごとの行があります" in guide and "指標の行の欄" in guide
    assert "単位を付けずに数値で記入してください" in guide


def test_an_item_answered_by_its_indicators_grades_needs_no_status(run: Run, plan: Path, tmp_path: Path) -> None:
    """A clerk grades each KPI and leaves 進捗区分 empty: the answer's 集計区分 follows the grades (as
    progress set and the report allow); the 実績値 typed with the KPI's unit (1,020人/年, what Excel
    shows for a percent) is read as the number."""
    path = make(run, plan, tmp_path / "s")
    fill(path, {("2-5", "alert-registrations"): {"指標の実績値": "1,020人/年", "評価": "C"}})
    result = ok(run("progress", "import", path, "--plan", plan))
    assert "1 added" in result.stdout, result.stdout
    new = stored(plan, "2-5")
    assert (new.status, new.values, new.grades) == (None, {"alert-registrations": 1020.0}, {"alert-registrations": "C"})
    report = json.loads(ok(run("report", "R6", "--plan", plan, "--format", "json")).stdout)
    assert next(i for i in report["items"] if i["id"] == "2-5")["rollup"] == "遅れ"
    assert ok(run("validate", "--plan", plan)).exit_code == 0


def test_an_ungraded_indicator_row_still_needs_the_items_status(run: Run, plan: Path, tmp_path: Path) -> None:
    path = make(run, plan, tmp_path / "s")
    fill(path, {("2-5", "alert-registrations"): {"指標の実績値": "1,020"}})
    refused = run("progress", "import", path, "--plan", plan)
    assert refused.exit_code == 1 and "sheet-status-missing" in refused.output
    assert "the rows of its indicators are filled in" in refused.output, refused.output
