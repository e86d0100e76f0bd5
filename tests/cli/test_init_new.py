"""init DIR --blank and init DIR --from TABLE: a plan of one's own, nothing invented passing for real."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from actionplan.model import TO_FILL_IN
from readme_blocks import check_readme_blocks
from support import Run


def test_blank_plan_lists_only_what_is_left_to_fill_in(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    made = run("init", target, "--blank", "--period", "R7-R9", "--municipality", "杉並区", "--code", "131156")
    assert made.exit_code == 0, made.output
    plan_yaml = (target / "plan.yaml").read_text(encoding="utf-8")
    assert 'municipality_code: "131156"' in plan_yaml and "start: 2025" in plan_yaml and "end: 2027" in plan_yaml
    assert (target / "progress").is_dir()
    checked = run("validate", "--plan", target)
    assert checked.exit_code == 1
    codes = {line.split()[1] for line in checked.output.splitlines() if ": " in line.split()[0] or line.count(":") >= 2}
    lines = [line for line in checked.output.splitlines() if "to-fill-in" in line]
    # name, published, the pillar's label and title, plan departments; the item's title, department, description.
    assert len(lines) == 8, checked.output
    assert "8 problems" in checked.output and codes == {"to-fill-in"}
    # Written in, every mark gone: the plan is valid as it stands.
    for path in [target / "plan.yaml", *sorted((target / "items").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8").replace(TO_FILL_IN + "公表年月", "令和7年3月")
        path.write_text(text.replace(TO_FILL_IN + "主管課", "情報政策課").replace(TO_FILL_IN, ""), encoding="utf-8")
    again = run("validate", "--plan", target)
    assert again.exit_code == 0, again.output


def test_what_is_left_to_fill_in_is_named_in_the_plans_words(run: Run, tmp_path: Path, japanese: None) -> None:
    target = tmp_path / "mine"
    assert run("init", target, "--blank", "--period", "R7-R9").exit_code == 0
    lines = [line for line in run("validate", "--plan", target).output.splitlines() if "to-fill-in" in line]
    said = {line.split(" to-fill-in ")[1].split("が未記入")[0] for line in lines}
    # The item's departments is its 主管課; plan.yaml's is the list of them (fieldnames.FIELD_TEXT).
    assert {"計画の名称", "主管課", "主管課の一覧", "項目名", "策定時期"} <= said, lines
    assert not any(re.search(r"[a-z_]+ ?が未記入", line) for line in lines), lines


def test_what_is_left_to_fill_in_keeps_its_key_in_english(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    assert run("init", target, "--blank", "--period", "R7-R9").exit_code == 0
    output = run("validate", "--plan", target).output
    assert "departments is left to fill in: 【要記入】主管課" in output and "name is left to fill in" in output


def test_blank_plan_refuses_a_wrong_check_digit_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    result = run("init", tmp_path / "mine", "--blank", "--period", "2025-2027", "--code", "131157")
    assert result.exit_code == 2
    assert "expected 6" in result.output
    assert not (tmp_path / "mine").exists()


def test_blank_plan_needs_a_period(run: Run, tmp_path: Path) -> None:
    result = run("init", tmp_path / "mine", "--blank")
    assert result.exit_code == 2 and "--period" in result.output
    assert not (tmp_path / "mine").exists()


# --- init --from: a ward's own table -----------------------------------------------------------

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
KOUTEI = [
    ["架空区DX推進計画 工程表（テスト用）"],
    [],
    ["番号", "取組名", "所管課", "概要", "令和6年度\n(2024)", "R7", "2026年度", "備考"],
    ["①", "行政手続のオンライン化", "情報政策課、区民課", "申請をオンラインで受け付ける", "検討", "実施", "→", ""],
    ["②", "窓口のキャッシュレス化", "会計課", "", "準備", "→", "→", "新規"],
    ["③", "庁内ネットワークの更新", "情報政策課", "", "", "検討／設計", "構築", ""],
]


def _xlsx(path: Path, rows: Sequence[Sequence[object]], merge: str | None = None) -> Path:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def _fill_in(target: Path) -> None:
    """Write every value marked 【要記入】, as the user would."""
    for path in [target / "plan.yaml", *sorted((target / "items").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8").replace(TO_FILL_IN + "公表年月", "令和6年3月")
        text = text.replace(f'"{TO_FILL_IN}全国地方公共団体コード"', '"131156"')
        text = text.replace(TO_FILL_IN + "主管課", "情報政策課")
        path.write_text(text.replace(TO_FILL_IN, ""), encoding="utf-8")


def _problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"^\S+:\S+: [a-z-]+ ", line)]


def _check_koutei(run: Run, target: Path, output: str) -> None:
    assert "E3\t令和6年度 (2024)\tplanned phase of FY2024 (R6)" in output
    assert "headings not used: H3 「備考」" in output
    item = (target / "items" / "1-2.yaml").read_text(encoding="utf-8")
    # ② 準備 → → : the arrows carry 準備 on to R7 and R8.
    assert '2024: ["準備"]\n  2025: ["準備"]\n  2026: ["準備"]' in item
    assert 'label: "②"' in item  # the printed number is the item's label, shown beside its ID
    assert 'headline: "申請をオンラインで受け付ける"  # 概要' in (target / "items" / "1-1.yaml").read_text(
        encoding="utf-8"
    )
    assert '2025: ["検討", "設計"]' in (target / "items" / "1-3.yaml").read_text(encoding="utf-8")
    checked = run("validate", "--plan", target)
    assert checked.exit_code == 1
    assert {line.split()[1] for line in _problems(checked.output)} == {"to-fill-in"}, checked.output
    _fill_in(target)
    again = run("validate", "--plan", target)
    assert again.exit_code == 0, again.output
    assert "1-2\t②\t窓口のキャッシュレス化" in run("list", "--plan", target).output


def test_a_koutei_with_arrows_becomes_a_valid_plan(run: Run, tmp_path: Path) -> None:
    table = _xlsx(tmp_path / "工程表.xlsx", KOUTEI)
    made = run("init", tmp_path / "mine", "--from", table)
    assert made.exit_code == 0, made.output
    assert "A3\t番号\titem ID or printed number\nB3\t取組名\ttitle\nC3\t所管課\tdepartment" in made.output
    _check_koutei(run, tmp_path / "mine", made.output)


# A KPI table with several KPIs a row, both ways plans print them: numbered columns (KPI1, KPI2 and
# their 目標値/現状値), and one cell with a KPI a line, its targets on the same lines of theirs. A
# 目標値 heading without a year is the final target (最終目標).
KPIS = [
    ["No.", "取組名", "担当課", "KPI1", "KPI1現状値", "目標値1（令和8年度）", "KPI2", "目標値2", "目標値2（R7）"],
    ["取組項目1", "電子申請の拡充", "情報政策課", "オンライン申請できる手続の割合", "35%", "100%",
     "・電子申請の件数\n・オンライン納付の件数", "1,000件\n500件", "800件\n400件"],
    ["取組項目2", "デジタル人材の育成", "人事課", "研修受講者数", "120人", "1,000人", "", "", ""],
    ["取組項目3", "窓口の改善", "区民課", "書かない窓口の導入数：20窓口", "", "", "", "", ""],
]  # fmt: skip


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 工程表 and the KPI table as LibreOffice saves an xlsx (its own zip layout, shared strings and
    styles), converted in one run."""
    import csv

    folder = tmp_path_factory.mktemp("soffice")
    for name, rows in (("koutei", KOUTEI), ("kpis", KPIS)):
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--infilter=CSV:44,34,76",
         "--convert-to", "xlsx", "--outdir", str(folder), str(folder / "koutei.csv"), str(folder / "kpis.csv")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder


def test_a_koutei_saved_by_libreoffice_reads_the_same(run: Run, tmp_path: Path, saved_by_libreoffice: Path) -> None:
    made = run("init", tmp_path / "mine", "--from", saved_by_libreoffice / "koutei.xlsx")
    assert made.exit_code == 0, made.output
    _check_koutei(run, tmp_path / "mine", made.output)


def test_a_kpi_table_in_shift_jis_keeps_units_targets_and_words(run: Run, tmp_path: Path) -> None:
    table = tmp_path / "kpi.csv"
    rows = [
        "No.,取組項目,担当課,KPI,現状値（令和5年度）,目標値（令和8年度）",
        "取組項目1,電子申請の拡充,情報政策課,オンライン申請できる手続の割合,35%,100%",
        '取組項目2,デジタル人材の育成,人事課,研修受講者数,120人,"1,000人"',
        "取組項目3,オープンデータの公開,情報政策課,公開データセット数,20,全分野で公開",
    ]
    table.write_bytes("\r\n".join(rows).encode("cp932"))
    no_years = run("init", tmp_path / "mine", "--from", table)
    assert no_years.exit_code == 1 and "give the plan's years with --period" in no_years.output
    assert not (tmp_path / "mine").exists()
    made = run("init", tmp_path / "mine", "--from", table, "--period", "R6-R8", "--code", "131156")
    assert made.exit_code == 0, made.output
    assert "F1\t目標値（令和8年度）\ttarget of FY2026 (R8)" in made.output
    items = tmp_path / "mine" / "items"
    first, second, third = [(items / f"1-{n}.yaml").read_text(encoding="utf-8") for n in (1, 2, 3)]
    assert 'unit: "%"' in first and "targets: {2026: 100}" in first and "baseline: {value: 35, year: 2023}" in first
    assert 'unit: "人"' in second and "targets: {2026: 1000}" in second and 'label: "取組項目2"' in second
    assert 'target_texts: {2026: "全分野で公開"}' in third
    _fill_in(tmp_path / "mine")
    checked = run("validate", "--plan", tmp_path / "mine")
    assert checked.exit_code == 0, checked.output
    shown = run("show", "1-2", "--plan", tmp_path / "mine")
    assert "1,000人" in shown.output or "1000人" in shown.output, shown.output


def _check_kpis(run: Run, target: Path, output: str) -> None:
    assert "H1\t目標値2\tfinal target (no year), indicator 2" in output
    assert "D1\tKPI1\tindicator 1\nE1\tKPI1現状値\tbaseline, indicator 1" in output
    # How each KPI was read: the cell and line, the targets as written.
    assert "1-1\tkpi-3\tオンライン納付の件数\tG2, line 2\t" in output
    assert "1-3\tkpi-1\t書かない窓口の導入数\tD4\tfinal target (no year), indicator 1: 20窓口" in output
    items = target / "items"
    first, second, third = [(items / f"1-{n}.yaml").read_text(encoding="utf-8") for n in (1, 2, 3)]
    assert first.count("  - id: kpi-") == 3 and 'name: "電子申請の件数"' in first
    assert "targets: {2025: 800}\n    final_target: 1000" in first  # R7's 800件 and the final 1,000件
    assert "targets: {2025: 400}\n    final_target: 500" in first and 'unit: "件"' in first
    assert "baseline: {value: 35}" in first and "targets: {2026: 100}" in first
    assert second.count("  - id: kpi-") == 1 and 'label: "取組項目2"' in second
    assert 'name: "書かない窓口の導入数"' in third and "final_target: 20" in third and 'unit: "窓口"' in third
    _fill_in(target)
    checked = run("validate", "--plan", target)
    assert checked.exit_code == 0, checked.output
    report = run("show", "1-1", "--plan", target, "--format", "json")
    targets = [(i["name"], i["final_target"]) for i in json.loads(report.output)["indicators"]]
    assert targets == [
        ("オンライン申請できる手続の割合", None),
        ("電子申請の件数", 1000.0),
        ("オンライン納付の件数", 500.0),
    ]


def test_several_kpis_a_row_in_numbered_columns_and_lines(run: Run, tmp_path: Path) -> None:
    table = _xlsx(tmp_path / "kpis.xlsx", KPIS)
    made = run("init", tmp_path / "mine", "--from", table, "--period", "R6-R8")
    assert made.exit_code == 0, made.output
    _check_kpis(run, tmp_path / "mine", made.output)


def test_several_kpis_saved_by_libreoffice_read_the_same(run: Run, tmp_path: Path, saved_by_libreoffice: Path) -> None:
    made = run("init", tmp_path / "mine", "--from", saved_by_libreoffice / "kpis.xlsx", "--period", "R6-R8")
    assert made.exit_code == 0, made.output
    _check_kpis(run, tmp_path / "mine", made.output)


KPI_HEADINGS = ["取組名", "KPI", "目標値（R8）", "現状値"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["x", "件数A\n件数B", "10件\n20件\n30件", ""]],
            "C2: table-cell cell C2 does not have one line for each of the 2 indicators of B2 (it has 3)",
        ),
        (
            [["x", "件数A\n件数B", "10件\n20件", "5件"]],
            "D2: table-cell cell D2 does not have one line for each of the 2 indicators of B2 (it has 1)",
        ),
        ([["x", "", "10件", ""]], "C2: table-cell cell C2 has a value but no indicator is named beside it"),
    ],
)
def test_kpi_cells_it_cannot_split_are_refused_by_cell(
    run: Run, tmp_path: Path, rows: list[list[object]], expected: str
) -> None:
    table = _xlsx(tmp_path / "kpis.xlsx", [KPI_HEADINGS, *rows])
    result = run("init", tmp_path / "mine", "--from", table, "--period", "R6-R8")
    assert result.exit_code == 1, result.output
    assert expected in result.output and not (tmp_path / "mine").exists()


HEADINGS = ["番号", "取組名", "担当課", "令和6年度", "令和7年度"]


@pytest.mark.parametrize(
    ("name", "rows", "merge", "expected"),
    [
        ("no-headings.xlsx", [["a", "b"], ["c", "d"]], None, "table-heading no heading row"),
        (
            "twice.xlsx",
            [["番号", "取組名", "担当課", "所管課"], ["1", "x", "a課", "b課"]],
            None,
            "D1: table-heading headings C1 「担当課」 and D1 「所管課」 both name the department",
        ),
        (
            "years-twice.xlsx",
            [["取組名", "R6", "令和6年度"], ["x", "検討", "実施"]],
            None,
            "C1: table-heading headings B1 「R6」 and C1 「令和6年度」 both name the planned phase of FY2024 (R6)",
        ),
        ("merged.xlsx", [HEADINGS, ["1", "x", "a課", "実施", None]], "D2:E2", "D2: table-cell cells D2:E2 are merged"),
        ("formula.xlsx", [HEADINGS, ["1", "x", "a課", "=A1", "実施"]], None, "D2: table-cell cell D2 holds a formula"),
        ("arrow-first.xlsx", [HEADINGS, ["1", "x", "a課", "→", "実施"]], None, "D2: table-cell cell D2: → continues"),
        ("no-title.xlsx", [HEADINGS, ["1", "", "a課", "検討", "実施"]], None, "B2: table-cell row 2 has no title"),
        (
            "same-id.xlsx",
            [HEADINGS, ["1", "x", "a課"], ["1", "y", "b課"]],
            None,
            "A3: table-cell item ID 1-1 is in rows",
        ),
    ],
)
def test_a_table_it_cannot_read_is_refused_by_cell_and_nothing_is_written(
    run: Run, tmp_path: Path, name: str, rows: list[list[object]], merge: str | None, expected: str
) -> None:
    table = _xlsx(tmp_path / name, rows, merge)
    result = run("init", tmp_path / "mine", "--from", table)
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "nothing was written" in result.output
    assert not (tmp_path / "mine").exists()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.csv", b"", "no heading row"),
        ("notes.txt", "番号,取組名\n1,x\n".encode(), "a sheet must be a .csv or .xlsx file"),
        ("fake.xlsx", b"this is not a workbook", "not a readable xlsx workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "save it as an Excel workbook (.xlsx)"),
        ("big.csv", ("取組名,R6\n" + "x,検討\n" * 10_000).encode(), "at most 5,000 rows are read"),
    ],
)
def test_a_file_that_is_not_a_readable_table_is_refused(
    run: Run, tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(data)
    result = run("init", tmp_path / "mine", "--from", tmp_path / name)
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert not (tmp_path / "mine").exists()


def test_a_10000_row_xlsx_is_refused_whole(run: Run, tmp_path: Path) -> None:
    table = _xlsx(
        tmp_path / "big.xlsx", [HEADINGS, *([str(n), f"取組{n}", "a課", "検討", "→"] for n in range(1, 10_001))]
    )
    result = run("init", tmp_path / "mine", "--from", table)
    assert result.exit_code == 1
    assert "the sheet has data down to row 10,001; at most 5,000 rows are read" in result.output
    assert not (tmp_path / "mine").exists()


def test_the_docs_example_prints_what_the_page_shows(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, japanese: None
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(TABLES / "工程表.csv", tmp_path / "工程表.csv")
    document = Path(__file__).resolve().parents[2] / "docs" / "plan-format.md"
    found = check_readme_blocks("test_init_new.py", run, exits=(0, 1), document=document)
    assert found == 1, "docs/plan-format.md lost its checked example"
    assert (tmp_path / "new-plan" / "items" / "1-3.yaml").is_file()


def test_a_percent_typed_into_excel_is_read_as_shown(tmp_path: Path) -> None:
    """35% typed into a cell is stored 0.35 with a percent format; a quoted % in a format scales nothing."""
    from openpyxl import Workbook

    from actionplan.progress.sheets.read import read

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["取組名", "現状値", "目標値", "件数"])
    sheet.append(["x", 0.35, 0.125, 12])
    sheet["B2"].number_format, sheet["C2"].number_format, sheet["D2"].number_format = "0%", "0.0%", '0"%"'
    workbook.save(tmp_path / "percent.xlsx")
    grid = read(tmp_path / "percent.xlsx").value
    assert grid is not None and grid.rows[1][1] == ["x", "35%", "12.5%", "12"]


def test_one_kpi_a_line_drops_bullets_but_keeps_a_minus() -> None:
    from actionplan.tableplan import _lines

    assert _lines("・電子申請の件数\n- 窓口の件数\n\n-5%\n● 納付の件数") == [
        "電子申請の件数",
        "窓口の件数",
        "-5%",
        "納付の件数",
    ]


def test_a_final_target_column_is_the_final_target(run: Run, tmp_path: Path) -> None:
    """A KPI page's 最終目標 column (beside yearly 目標値 columns) is read, never left unused."""
    rows = [
        ["番号", "取組", "担当課", "KPI", "現状値（令和5年度）", "目標値（令和6年度）", "最終目標"],
        ["①", "書かない窓口の推進", "区民課", "窓口申請書の記入不要率", "10%", "30%", "80%"],
        ["②", "電子決裁の徹底", "総務課", "電子決裁率", "65%", "", "95%"],
    ]
    made = run("init", tmp_path / "mine", "--from", _xlsx(tmp_path / "kpi.xlsx", rows), "--period", "R6-R8")
    assert made.exit_code == 0, made.output
    assert "G1\t最終目標\tfinal target (no year)" in made.output and "headings not used" not in made.output
    first, second = [(tmp_path / "mine" / "items" / f"1-{n}.yaml").read_text(encoding="utf-8") for n in (1, 2)]
    assert "targets: {2024: 30}\n    final_target: 80" in first
    assert "final_target: 95" in second


def test_a_unit_per_year_or_cumulative_gives_the_indicators_kind(run: Run, tmp_path: Path) -> None:
    """件/年 is a count in one year (per_year, unit kept); 人（累計） a count so far (cumulative, unit 人)."""
    rows = [
        ["番号", "取組", "担当課", "KPI", "現状値（令和5年度）", "目標値（令和8年度）"],
        ["①", "行政手続のオンライン化", "DX推進課", "オンライン申請件数", "15,000件/年", "30,000件/年"],
        ["②", "デジタルデバイド対策", "区民課", "スマホ教室の受講者数", "800人（累計）", "3,000人（累計）"],
        ["③", "電子決裁の徹底", "総務課", "電子決裁率", "65%", "95%"],
    ]
    made = run("init", tmp_path / "mine", "--from", _xlsx(tmp_path / "kpi.xlsx", rows), "--period", "R6-R8")
    assert made.exit_code == 0, made.output
    first, second, third = [
        (tmp_path / "mine" / "items" / f"1-{n}.yaml").read_text(encoding="utf-8") for n in (1, 2, 3)
    ]
    assert 'unit: "件/年"\n    kind: per_year' in first
    assert 'unit: "人"\n    kind: cumulative' in second and "targets: {2026: 3000}" in second
    assert "kind:" not in third
    _fill_in(tmp_path / "mine")
    assert run("validate", "--plan", tmp_path / "mine").exit_code == 0
    shown = run("show", "1-2", "--plan", tmp_path / "mine")
    assert "人, cumulative" in shown.output, shown.output


def test_a_blank_department_cell_names_no_department_and_asks_for_the_office_once(
    run: Run, tmp_path: Path, japanese: None
) -> None:
    """Items whose 担当課 is blank get no 主管課 (none is invented); plan.yaml's office, marked 【要記入】,
    answers for them, the mapping says which items, and validate asks for the office once."""
    rows = [["番号", "取組名", "担当課", "令和6年度"], ["1", "電子申請", "情報政策課", "検討"]]
    rows += [["2", "窓口の改善", "", "検討"], ["3", "庁内研修", " ", "実施"]]
    made = run("init", tmp_path / "mine", "--from", _xlsx(tmp_path / "t.xlsx", rows), "--period", "R6-R8")
    assert made.exit_code == 0, made.output
    assert "主管課が空欄の項目：1-2、1-3。これらの項目には plan.yaml の office: の課が回答する" in made.output
    items = tmp_path / "mine" / "items"
    assert "\ndepartments:" not in (items / "1-2.yaml").read_text(encoding="utf-8")
    assert '\ndepartments:  # 主管課（plan.yaml の departments にある名称）\n  - "情報政策課"' in (
        items / "1-1.yaml"
    ).read_text(encoding="utf-8")
    plan = (tmp_path / "mine" / "plan.yaml").read_text(encoding="utf-8")
    assert f'\noffice: "{TO_FILL_IN}回答する課"  #' in plan and TO_FILL_IN + "主管課" not in plan
    left = [line for line in _problems(run("validate", "--plan", tmp_path / "mine").output) if "回答" in line]
    office = f"to-fill-in 主管課のない項目の回答課が未記入：{TO_FILL_IN}回答する課"
    assert left == [f"{tmp_path / 'mine' / 'plan.yaml'}:17:9: {office}"]
    _fill_in(tmp_path / "mine")
    assert run("validate", "--plan", tmp_path / "mine").exit_code == 0
