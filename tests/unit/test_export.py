"""Open data: tidy tables, one datum per cell, BOM CSV, unescaped JSON, a complete dictionary."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from actionplan.files import write_files
from actionplan.loader import Plan, load
from actionplan.reports.export import Stamp, bundle, dictionary, export_files, table_csv, table_json, tables
from actionplan.text import one_line
from support import FIXTURES, MINIMAL

OTHER = FIXTURES / "publish" / "other-kinds"
STAMP = Stamp(date(2020, 10, 1), "actionplan 9.9")
TABLES = (
    *("items", "schedule", "departments", "tags", "milestones", "indicators", "targets", "sources"),
    *("progress", "progress_rollups", "progress_phases", "indicator_values", "dictionary"),
)
# The minimal plan states no indicators, milestones or sources: no table of them.
MINIMAL_TABLES = tuple(
    t for t in TABLES if t not in ("indicators", "targets", "indicator_values", "milestones", "sources")
)
LEAD = {"municipality_code": "131156", "municipality": "杉並区"}


def loaded(root: Path) -> Plan:
    result = load(root)
    plan, problems = result.value, result.problems
    assert plan is not None and problems == []
    return plan


def by_name(plan: Plan) -> dict[str, list[dict[str, object]]]:
    return {t.name: t.records() for t in tables(plan)}


def test_schedule_is_long_item_year_phase() -> None:
    schedule = by_name(loaded(MINIMAL))["schedule"]
    assert all(list(r)[:2] == ["municipality_code", "municipality"] for r in schedule)
    assert schedule[:3] == [
        LEAD | {"item_id": "1-1-1", "fiscal_year": 2018, "fiscal_year_ja": "平成30年度", "baseline": True, "order": 1,
         "phase": "運用", "phase_kind_id": "run", "phase_kind": "実施・運用"},
        LEAD | {"item_id": "1-1-1", "fiscal_year": 2018, "fiscal_year_ja": "平成30年度", "baseline": True, "order": 2,
         "phase": "普及啓発", "phase_kind_id": "run", "phase_kind": "実施・運用"},
        LEAD | {"item_id": "1-1-1", "fiscal_year": 2019, "fiscal_year_ja": "令和元年度", "baseline": False, "order": 1,
         "phase": "運用", "phase_kind_id": "run", "phase_kind": "実施・運用"},
    ]  # fmt: skip
    assert len(schedule) == 8 + 4 + 4


def test_every_cell_holds_one_datum(embedded: Path) -> None:
    for table in tables(loaded(embedded)):
        for row in table.rows:
            assert len(row) == len(table.columns)
            assert row[:2] == ["131156", "杉並区"]  # every table leads with the 全国地方公共団体コード and name
            for value in row:
                assert value is None or isinstance(value, str | int | float | bool | date)
                assert not isinstance(value, str) or ("\n" not in value and "\r" not in value)


def test_line_breaks_become_one_space() -> None:
    assert one_line("一行目\r\n二行目\n三行目\r四行目") == "一行目 二行目 三行目 四行目"


def test_embedded_counts(embedded: Path) -> None:
    data = by_name(loaded(embedded))
    assert len(data["items"]) == 50
    assert sum(1 for r in data["departments"] if r["department"] == "情報政策課") == 21
    assert sum(1 for r in data["items"] if r["cross_referenced"]) == 21
    assert {r["fiscal_year"] for r in data["schedule"]} == {2018, 2019, 2020, 2021}
    assert data["progress"] == []
    # Departments in the plan's order, and each department's items in plan order.
    first = {"department": "情報政策課", "department_order": 1, "item_id": "1-1-1", "order": 2}
    assert data["departments"][0] == LEAD | first


def test_progress_records_with_era_and_rollup() -> None:
    progress = by_name(loaded(OTHER))["progress"]
    assert progress[1] == {
        "municipality_code": "", "municipality": "架空市",
        "item_id": "B-1", "fiscal_year": 2023, "fiscal_year_ja": "令和5年度", "department": "人事課", "status": "遅れ",
        "rollup": "delayed", "rollup_name": "遅れ", "result": "端末の調達が翌年度にずれ込んだ",
        "challenge": "",
        "evidence": "", "phase_count": 1, "answered_on": None,
    }  # fmt: skip
    phases = by_name(loaded(OTHER))["progress_phases"]
    assert [(r["item_id"], r["department"], r["order"], r["phase"]) for r in phases] == [
        ("A-1", "市民課", 1, "調査"), ("A-1", "市民課", 2, "実証"), ("B-1", "人事課", 1, "調査"),
    ]  # fmt: skip


def test_dictionary_describes_every_column_of_every_table() -> None:
    data = tables(loaded(MINIMAL))
    described = {(r["table"], r["column"]) for r in dictionary(data).records()}
    for table in [*data, dictionary(data)]:
        for column in table.columns:
            assert (table.name, column.key) in described
            assert column.label and column.description
            assert column.type in ("string", "integer", "number", "boolean", "date")


def test_csv_has_bom_crlf_japanese_header_and_reads_back() -> None:
    items = tables(loaded(MINIMAL))[0]
    text = table_csv(items)
    assert text.startswith("\ufeff全国地方公共団体コード,地方公共団体名,項目ID,柱ID,")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")  # CRLF only (no multi-line text here)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 1 + 3
    assert rows[1][:4] == ["131156", "杉並区", "1-1-1", "1"]
    assert rows[1][-1] == "有"  # a boolean, as Japanese open data writes 有無


def test_csv_neutralises_formulas() -> None:
    table = tables(loaded(MINIMAL))[0]
    table.rows[0][6] = '=HYPERLINK("http://x")'
    assert "'=HYPERLINK" in table_csv(table)


def test_json_keeps_japanese_unescaped() -> None:
    text = table_json(tables(loaded(MINIMAL))[0], STAMP)
    assert "杉並区" in text and "\\u" not in text
    assert json.loads(text)["rows"][0]["item_id"] == "1-1-1"


def test_bundle_holds_all_tables_and_the_dictionary() -> None:
    document = bundle(loaded(MINIMAL), STAMP)
    assert (document["as_of"], document["generator"]) == ("2020-10-01", "actionplan 9.9")
    assert list(document["tables"]) == [*MINIMAL_TABLES[:-1]]
    assert document["dictionary"][0]["table"] == "items"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_writes_every_file_and_no_temp_files(tmp_path: Path, fmt: str) -> None:
    written = write_files(tmp_path, export_files(loaded(MINIMAL), fmt, STAMP))
    files = [f"{n}.{fmt}" for n in MINIMAL_TABLES] + (["datapackage.json"] if fmt == "csv" else [])
    assert [p.name for p in written] == files
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)


def test_only_the_tables_and_columns_the_plan_states() -> None:
    """A KPI plan without 主管課, phases, tags or goals: no table or column for them, and none empty
    by nature; the number it prints beside each ID; each KPI's grade and result in words."""
    plan = loaded(FIXTURES / "shapes" / "kpi-city")
    data = {t.name: t for t in tables(plan)}
    assert list(data) == [
        *("items", "indicators", "targets"),  # it states no milestones or sources
        *("progress", "progress_rollups", "indicator_values"),
    ]
    keys = {name: [c.key for c in t.columns][2:] for name, t in data.items()}
    assert keys["items"] == ["item_id", "label", "pillar_id", "pillar", "title", "headline", "description"]
    assert "department" not in keys["progress"] and "phase_count" not in keys["progress"]
    assert "rating" in keys["progress"]  # the plan has ratings
    assert keys["progress_rollups"] == ["item_id", "fiscal_year", "fiscal_year_ja", "rollup", "rollup_name"]
    assert data["items"].records()[0]["label"] == "①"
    graded = {(r["item_id"], r["indicator_id"]): r for r in data["indicator_values"].records()}
    cashless = graded[("1-3", "cashless")]  # graded and told in words, with no value
    assert (cashless["actual"], cashless["grade"], cashless["result"]) == (None, "A", "本庁舎と3支所の窓口で導入した。")
    assert (graded[("1-2", "e-approval")]["actual"], graded[("1-2", "e-approval")]["grade"]) == (55, "C")
    described = {r["table"] for r in dictionary(list(data.values())).records()}
    assert described == {*data, "dictionary"}
    # The embedded excerpt states every kind: each table and column is there.
    full = {t.name: [c.key for c in t.columns] for t in tables(loaded(MINIMAL))}
    assert "departments" in full and "schedule" in full and "tags" in full
    assert {"goal_id", "department_count", "cross_referenced"} <= set(full["items"]) and "label" not in full["items"]
