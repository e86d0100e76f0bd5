"""A KPI-first city plan (tests/fixtures/shapes/kpi-city), run through every command in both languages.

An invented 自治体DX推進計画 in the shape such plans take: two 分類 whose 取組 are printed ①… and
取組項目1…, no 主管課 (the plan's office answers), no phases, several KPIs per 取組 of every kind
(per year, cumulative, final target only, text target, 再掲, a target after the plan period), and a
令和6年度 KPI進捗 page graded A–D per KPI, with statuses that count as 対象外.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from support import KPI_CITY, ok

FORMATS = ("table", "json", "csv", "markdown", "html")
# Every indicator of the plan, the two 再掲 included.
INDICATORS = 11


@pytest.fixture(params=["ja", "en"])
def language(request: pytest.FixtureRequest) -> Any:
    from actionplan import i18n

    i18n.use(request.param)
    yield request.param
    i18n.use("en")


def test_it_validates_as_written(run: Any) -> None:
    """With one warning: 1-5's status 第2期計画での継続 (対象外) where its grade B counts as 順調."""
    document = json.loads(ok(run("validate", "--plan", KPI_CITY, "--format", "json")).stdout)
    assert document["ok"] is True
    assert [(p["code"], p["severity"], p["item"], p["line"]) for p in document["problems"]] == [
        ("rollup-disagrees", "warning", "1-5", 35)
    ]
    assert "its indicators' grades as on schedule" in document["problems"][0]["message"]


def test_an_item_answered_through_its_indicators_rolls_up_from_their_grades(run: Any, language: str) -> None:
    """令和5年度: 1-1 graded one KPI of two (一部未回答), 1-2 C (遅れ), 2-1 and 2-2 A/B (順調), no status;
    1-4 states 順調 and grades B. The report, the roadmap's data and open data say the same."""
    data = json.loads(ok(run("report", "2023", "--plan", KPI_CITY, "--format", "json")).stdout)
    rollups = {i["id"]: i["rollup"] for i in data["items"] if i["rollup"] != "未回答"}
    assert rollups == {"1-1": "一部未回答", "1-2": "遅れ", "1-4": "順調", "2-1": "順調", "2-2": "順調"}
    assert next(i for i in data["items"] if i["id"] == "1-2")["answers"][0]["status"] is None
    text = ok(run("report", "2023", "--plan", KPI_CITY)).stdout
    delayed = "遅れ" if language == "ja" else "delayed"
    assert f"1-2\t②\t電子決裁の推進\t{delayed}\t\t" in text  # no status: the column stays empty


def test_open_data_and_the_roadmap_follow_the_grades(run: Any, tmp_path: Path, japanese: None) -> None:
    ok(run("export", "--plan", KPI_CITY, "-o", tmp_path / "open"))
    rows = (tmp_path / "open" / "progress_rollups.csv").read_text(encoding="utf-8-sig")
    assert ",1-2,2023,令和5年度,delayed,遅れ\n" in rows and ",1-1,2023,令和5年度,partly_answered,一部未回答\n" in rows
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", KPI_CITY, "-o", page))
    html = page.read_text(encoding="utf-8")
    assert "指標の評価から決めた集計区分" in html and "まだ評価していない指標がある" in html


def test_every_command_and_format_runs(run: Any, language: str, tmp_path: Path) -> None:
    for fmt in FORMATS:
        ok(run("list", "--plan", KPI_CITY, "--format", fmt))
        ok(run("show", "1-5", "--plan", KPI_CITY, "--format", fmt))
        ok(run("tree", "--plan", KPI_CITY, "--format", fmt))
        ok(run("report", "2024", "--plan", KPI_CITY, "--format", fmt))
    ok(run("report", "2024", "--plan", KPI_CITY, "--missing"))
    ok(run("report", "2024", "--plan", KPI_CITY, "--format", "xlsx", "-o", tmp_path / "report.xlsx"))
    ok(run("glossary", "--plan", KPI_CITY))
    ok(run("roadmap", "--plan", KPI_CITY, "-o", tmp_path / "roadmap.html"))
    ok(run("export", "--plan", KPI_CITY, "-o", tmp_path / "open"))
    for kind in ("plan", "item", "progress"):
        ok(run("schema", "--kind", kind, "--plan", KPI_CITY, "-o", tmp_path / f"{kind}.json"))
    ok(run("progress", "sheets", "2024", "--plan", KPI_CITY, "-o", tmp_path / "sheets"))


def test_the_list_shows_printed_numbers_and_invents_no_department(run: Any, language: str) -> None:
    heading, first, *rest = ok(run("list", "--plan", KPI_CITY)).stdout.splitlines()
    expected = ["取組番号", "表示番号", "取組名"] if language == "ja" else ["item ID", "printed number", "item title"]
    assert heading.split("\t") == expected  # no 主管課, 区分 or year columns: the plan states none
    assert first.split("\t") == ["1-1", "①", "行政手続のオンライン化"]
    assert "2-1\t取組項目1\tデジタルデバイド対策" in rest
    data = json.loads(ok(run("list", "--plan", KPI_CITY, "--format", "json")).stdout)
    assert [i["label"] for i in data][:2] == ["①", "②"] and data[0]["departments"] == []


def test_show_marks_a_target_after_the_period_and_a_repeat(run: Any, japanese: None) -> None:
    shown = ok(run("show", "1-5", "--plan", KPI_CITY)).stdout
    assert "1-5 ⑤ 情報システムの標準化・共通化" in shown and "表示番号\t⑤" in shown
    assert "令和8年度（2026年度）（計画期間後） 20業務" in shown and "業務、累計" in shown
    targets = ok(run("show", "1-4", "--plan", KPI_CITY)).stdout  # each year with its 西暦, as headings give it
    assert "令和3年度（2021年度） 1,000人/年、令和4年度（2022年度） 1,000人/年" in targets
    assert "計画\t" not in shown  # no phases in the plan: no 計画 column
    assert "年度\t回答\n" in ok(run("show", "1-4", "--plan", KPI_CITY)).stdout  # no 主管課: 回答, not 主管課の回答
    repeat = ok(run("show", "1-6", "--plan", KPI_CITY)).stdout
    assert "再掲（1-4 trained-staff）" in repeat and "1,000人/年" in repeat  # the original's targets


def test_the_report_lists_every_indicator_and_counts_not_counted_apart(run: Any, japanese: None) -> None:
    text = ok(run("report", "2024", "--plan", KPI_CITY)).stdout
    # No 主管課, no phases: the year's table has neither column (nor 実施した段階), but the 表示番号.
    heading = text.splitlines()[3].split("\t")
    assert heading == [
        "取組番号",
        "表示番号",
        "取組名",
        "集計区分",
        "進捗区分",
        "評価",
        "取組実績",
        "課題・今後の方向性",
    ]
    assert "1-5\t⑤\t情報システムの標準化・共通化\t対象外\t第2期計画での継続\t\t\t" in text
    section = text.split("指標の達成状況\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section[0].split("\t") == ["取組番号", "表示番号", "指標", "目標値", "実績値", "達成率", "評価", "取組実績"]
    assert len(section) == 1 + INDICATORS
    assert "1-4\t④\tデジタル研修を受講した職員数\t1,000人/年\t1,050人/年\t105.0%\tA\t" in section
    assert "2-5\t取組項目5\t防災メールの新規登録者数\t令和7年度 1,000人/年\t未回答\t\t\t" in section
    lines = text.splitlines()
    counts = lines[next(n for n, line in enumerate(lines) if line.endswith("\t対象外\t未回答")) :]
    assert counts[0].split("\t")[2:] == ["順調", "遅れ", "中止", "対象外", "未回答"]
    assert counts[1].split("\t")[2:] == ["4", "1", "0", "2", "4"]  # 評価できない and 第2期計画での継続
    data = json.loads(ok(run("report", "2024", "--plan", KPI_CITY, "--format", "json")).stdout)
    rollups = {i["id"]: i["rollup"] for i in data["items"]}
    assert [i["label"] for i in data["items"]][:2] == ["①", "②"]  # the printed number, as list's JSON
    assert rollups["2-1"] == rollups["1-5"] == "対象外" and rollups["2-5"] == "未回答"
    kpis = {(k["item"], k["id"]): k for k in data["indicators"]}
    assert len(kpis) == INDICATORS
    assert (kpis[("1-2", "e-approval")]["grade"], kpis[("1-2", "e-approval")]["achievement"]) == ("C", 61.1)
    # A final target with no year stands for the plan's last year, and says so.
    assert (kpis[("1-2", "e-approval")]["target_final"], kpis[("1-2", "e-approval")]["target_year"]) == (True, 2025)
    assert "1-2\t②\t電子決裁率\t最終目標 90%\t55%\t61.1%\tC\t" in "\n".join(section)
    assert kpis[("2-4", "cashless")]["repeats"] == {"item": "1-3", "indicator": "cashless"}
    assert kpis[("2-4", "cashless")]["grade"] == "A"  # a 再掲 shows the answer of the indicator it repeats


def test_the_roadmap_shows_every_indicator_with_target_value_and_achievement(
    run: Any, tmp_path: Path, japanese: None
) -> None:
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", KPI_CITY, "-o", page))
    html = page.read_text(encoding="utf-8")
    assert html.count('<ul class="kpis"') == 10  # every 取組 with an indicator (2-3 has none)
    assert "電子決裁率：最終目標 90%、実績値 55%（令和6年度）、達成率 61.1%、評価 C" in html
    assert "防災メールの新規登録者数：目標値 令和7年度 1,000人/年、未回答" in html
    assert '<span class="label">①</span>' in html
    # No 主管課, tags or phases: no such column, detail or filter, no legend of kinds to point at.
    assert 'id="f-dept"' not in html and 'id="f-tag"' not in html and 'id="f-text"' in html
    assert "depts" not in html.split("<style>", 1)[0] + html.split("</style>", 1)[1].split("<script", 1)[0]
    assert "<dt>主管課</dt>" not in html and "デジタル推進課：" not in html  # the office answers alone: no name
    assert "<caption>架空市DX推進計画（テスト用）：取組ごとの年度別の計画</caption>" in html


def test_a_per_indicator_answer_is_set_validated_and_reported(run: Any, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(KPI_CITY, plan)
    ok(run("progress", "set", "2-5", "2024", "--status", "順調", "--value", "alert-registrations=1,050",
           "--grade", "alert-registrations=A", "--indicator-result", "alert-registrations=訓練で呼びかけた",
           "--plan", plan))  # fmt: skip
    refused = run("progress", "set", "1-2", "2024", "--grade", "e-approval=Z", "--plan", plan)
    assert refused.exit_code == 2 and "unknown rating 'Z'" in refused.stderr
    unknown = run("progress", "set", "1-2", "2024", "--grade", "approval=B", "--plan", plan)
    assert unknown.exit_code == 2 and "did you mean 'e-approval'" in unknown.stderr
    assert json.loads(ok(run("validate", "--plan", plan, "--format", "json")).stdout)["ok"] is True
    data = json.loads(ok(run("report", "2024", "--plan", plan, "--format", "json")).stdout)
    kpi = next(k for k in data["indicators"] if k["id"] == "alert-registrations")
    assert (kpi["actual"], kpi["grade"], kpi["result"], kpi["achievement"]) == (1050.0, "A", "訓練で呼びかけた", 105.0)
    cleared = ok(run("progress", "set", "2-5", "2024", "--grade", "alert-registrations=", "--plan", plan)).stdout
    assert "indicator rating (alert-registrations): A → (empty)" in cleared
    # A new answer by a grade alone (no --status): the grade's rollup is the item's.
    added = ok(run("progress", "set", "1-3", "2023", "--grade", "cashless=C", "--plan", plan)).stdout
    assert "added 1-3 FY2023 デジタル推進課: by its indicators' grades" in added
    data = json.loads(ok(run("report", "2023", "--plan", plan, "--format", "json")).stdout)
    assert next(i for i in data["items"] if i["id"] == "1-3")["rollup"] == "遅れ"
    refused = run("progress", "set", "2-3", "2023", "--result", "検討した", "--plan", plan)
    assert refused.exit_code == 2 and "needs --status or a --grade" in refused.stderr


def test_the_json_schema_accepts_the_plan_and_its_progress(run: Any, tmp_path: Path) -> None:
    from cli.test_publish_schema import check_jsonschema

    files = {
        "plan": [KPI_CITY / "plan.yaml"],
        "item": sorted((KPI_CITY / "items").glob("*.yaml")),
        "progress": [KPI_CITY / "progress" / "2024.yaml"],
    }
    for kind, checked in files.items():
        schema = tmp_path / f"{kind}.json"
        ok(run("schema", "--kind", kind, "--plan", KPI_CITY, "-o", schema))
        assert check_jsonschema(schema, checked) == set()


def _csv_heading(run: Any, *args: object) -> list[str]:
    text: str = ok(run(*args, "--format", "csv")).stdout
    return text.lstrip("\ufeff").splitlines()[0].split(",")


def test_csv_and_tree_columns_are_the_ones_the_plan_states(run: Any) -> None:
    # No 主管課, 目標, phases or stated counts: none of their columns; the printed number beside the ID.
    listed = _csv_heading(run, "list", "--plan", KPI_CITY)
    assert listed == ["item ID", "printed number", "pillar", "item title", "headline"]
    tree = _csv_heading(run, "tree", "--plan", KPI_CITY)
    assert tree == ["kind", "pillar", "item ID", "printed number", "name", "number of items"]
    report = _csv_heading(run, "report", "2024", "--plan", KPI_CITY, "--public")
    assert report == [
        *("item ID", "printed number", "pillar", "item title", "rollup", "status", "rating", "rating computed from"),
        *("result", "challenges and next steps", "evidence", "item rollup"),
    ]
    missing = ok(run("report", "2024", "--plan", KPI_CITY, "--missing")).stdout.splitlines()
    assert missing[3].split("\t") == ["item ID", "printed number", "item title"]  # no phases: no year column
    reasons = ok(run("report", "2024", "--plan", KPI_CITY)).stdout.split("Why delayed or stopped (1 answer)\n")[1]
    assert reasons.splitlines()[1].split("\t")[:4] == ["1-2", "②", "電子決裁の推進", "遅れ"]  # no 主管課
    chart = ok(run("tree", "--plan", KPI_CITY)).stdout.splitlines()
    assert chart[1].split("\t") == ["ID", "printed number", "structure", "number of items"]
    assert chart[3].split("\t") == ["1-1", "①", "  行政手続のオンライン化", ""]
    items = json.loads(ok(run("tree", "--plan", KPI_CITY, "--format", "json")).stdout)["pillars"][1]["items"]
    assert items[0] == {"id": "2-1", "label": "取組項目1", "title": "デジタルデバイド対策"}
    # The embedded plan states all of them (but no printed numbers and no ratings).
    embedded = _csv_heading(run, "report", "2020", "--public")
    assert embedded[:5] == ["item ID", "pillar", "goal", "item title", "department"]
    assert "phases carried out" in embedded and "printed number" not in embedded and "rating" not in embedded
    assert _csv_heading(run, "tree")[:3] == ["kind", "pillar", "goal"]
    assert _csv_heading(run, "tree")[-1] == "number of items (stated)"


def test_a_final_target_with_no_year_is_shown_as_such_everywhere(run: Any, tmp_path: Path, japanese: None) -> None:
    shown = ok(run("show", "1-2", "--plan", KPI_CITY)).stdout
    assert "e-approval\t電子決裁率\t%\t20%（令和2年度）\t最終目標 90%\t" in shown
    item = json.loads(ok(run("show", "1-2", "--plan", KPI_CITY, "--format", "json")).stdout)
    assert (item["indicators"][0]["final_target"], item["indicators"][0]["targets"]) == (90.0, {})
    ok(run("export", "--plan", KPI_CITY, "-o", tmp_path / "open"))
    targets = (tmp_path / "open" / "targets.csv").read_text(encoding="utf-8-sig").splitlines()
    assert targets[0].endswith(",目標値,目標値（文章）,最終目標")
    assert ",架空市,1-2,e-approval,,,90,,有" in targets  # no year invented: the year cells stay empty
    assert ",架空市,1-1,online-rate,2025,令和7年度,50,,無" in targets
    ok(run("progress", "sheets", "2024", "--plan", KPI_CITY, "-o", tmp_path / "sheets"))
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    (sheet,) = (tmp_path / "sheets").glob("*.xlsx")
    cells = {str(v) for ws in load_workbook(sheet) for row in ws.iter_rows(values_only=True) for v in row if v}
    assert "最終目標 90%" in cells and "指標：電子決裁率\n単位：%" in cells  # the indicator's row, its 目標値


def test_the_next_plan_drops_the_final_target_of_the_old_period(run: Any, tmp_path: Path) -> None:
    ok(run("init", tmp_path / "next", "--next", "--period", "2026-2030", "--plan", KPI_CITY))
    carried = (tmp_path / "next" / "items" / "1-2.yaml").read_text(encoding="utf-8")
    assert "e-approval" in carried and "final_target" not in carried  # it was the end of 2021–2025
    assert "targets: {2026: 20}" in (tmp_path / "next" / "items" / "1-5.yaml").read_text(encoding="utf-8")


def test_export_writes_only_the_tables_the_plan_states(run: Any, tmp_path: Path) -> None:
    ok(run("export", "--plan", KPI_CITY, "-o", tmp_path / "open", "--as-of", "2025-05-01"))
    written = sorted(p.name for p in (tmp_path / "open").iterdir())
    tables = ["items", "indicators", "targets", "progress", "progress_rollups"]  # no milestones or sources
    tables += ["indicator_values", "dictionary"]
    assert written == sorted(["datapackage.json", *(f"{t}.{ext}" for t in tables for ext in ("csv", "xlsx"))])
    package = json.loads((tmp_path / "open" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == tables
    header = (tmp_path / "open" / "items.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "全国地方公共団体コード,地方公共団体名,取組ID,表示番号,分類ID,分類,取組名,概要,内容"
    # Without -o, csv prints the schedule; a plan without phases has none: its items instead.
    printed = ok(run("export", "--plan", KPI_CITY)).stdout.lstrip("\ufeff").splitlines()[0]
    assert printed == header


def test_the_office_that_answers_for_every_item_imports_its_own_sheet(run: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = tmp_path / "plan"
    shutil.copytree(KPI_CITY, plan)
    ok(run("progress", "sheets", "2024", "--plan", plan, "-o", tmp_path / "sheets"))
    (sheet,) = (tmp_path / "sheets").glob("*.xlsx")
    book = load_workbook(sheet)
    rows = book.worksheets[0]
    heading = [c.value for c in rows[5]]
    row, _indicator = [r for r in rows.iter_rows(min_row=6) if r[0].value == "2-5"]  # its row, its indicator's
    row[heading.index("status")].value = "順調"  # the only item of 2024 without an answer yet
    book.save(sheet)
    # The plan names no 主管課: its office (デジタル推進課) answers, and the one resolver knows it.
    assert "added 2-5 FY2024 デジタル推進課" in ok(run("progress", "import", sheet, "--plan", plan)).stdout


def test_diff_and_log_show_the_printed_number_beside_the_id(run: Any, tmp_path: Path, japanese: None) -> None:
    from history_repo import commit, edit, git

    repo = tmp_path / "repo"
    shutil.copytree(KPI_CITY, repo / "plan")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "first", 0)
    edit(repo / "plan" / "items" / "2-2.yaml", "title: ", "title: 新・")
    edit(repo / "plan" / "progress" / "2024.yaml", "status: 遅れ", "status: 順調")
    commit(repo, "retitled", 1)
    changed = ok(run("diff", "HEAD~1", "--plan", repo / "plan")).stdout.splitlines()
    table = changed[changed.index("内容が変わった取組") + 1 :]
    assert table[0].split("\t")[:3] == ["取組番号", "表示番号", "欄"]
    assert table[1].split("\t")[:3] == ["2-2", "取組項目2", "取組名"]
    progress = changed[changed.index("進捗状況の回答の変更") + 1 :]  # no 主管課 column: the plan names none
    assert progress[0].split("\t")[:3] == ["取組番号", "表示番号", "欄"]
    assert progress[1].split("\t")[:2] == ["1-2", "②"]
    data = json.loads(ok(run("diff", "HEAD~1", "--plan", repo / "plan", "--format", "json")).stdout)
    assert data["changed"][0]["id"] == "2-2"  # the JSON contract unchanged
    history = ok(run("log", "2-2", "--plan", repo / "plan")).stdout.splitlines()
    assert history[0] == "2-2 取組項目2 の履歴" and "主管課" not in history[1].split("\t")
    added = ok(run("log", "1-2", "--plan", repo / "plan")).stdout
    assert "指標の評価：e-approval：C" in added and "grades" not in added  # every field in the run's words


def test_the_reports_summaries_show_the_printed_number(run: Any, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(KPI_CITY, plan)
    with (plan / "items" / "1-4.yaml").open("a", encoding="utf-8") as f:
        f.write("milestones:\n  - by: R6\n    text: 全職員が研修を受ける\n")
    text = ok(run("report", "2024", "--plan", plan)).stdout
    due = text.split("Items due in FY2024 (1 item)\n", 1)[1].splitlines()
    assert due[0].split("\t") == ["item ID", "printed number", "item title", "milestone"]
    assert due[1].split("\t") == ["1-4", "④", "デジタル人材の育成", "全職員が研修を受ける"]


@pytest.fixture
def mixed_city(tmp_path: Path) -> Path:
    """kpi-city where one 取組 names a 主管課 and the others do not (the plan's office answers them)."""
    plan = shutil.copytree(KPI_CITY, tmp_path / "mixed")
    for name, before in (("plan.yaml", "pillars:"), ("items/2-3.yaml", "title:")):
        text = (plan / name).read_text(encoding="utf-8")
        (plan / name).write_text(text.replace(before, f"departments: [区民課]\n{before}", 1), encoding="utf-8")
    return plan


def test_the_roadmap_details_no_department_of_an_item_that_names_none(
    run: Any, mixed_city: Path, tmp_path: Path, japanese: None
) -> None:
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", mixed_city, "-o", page))
    html = page.read_text(encoding="utf-8")
    assert "<dt>主管課</dt><dd>区民課</dd>" in html
    assert "<dd></dd>" not in html


def test_show_gives_no_empty_department_row_to_an_item_that_names_none(
    run: Any, mixed_city: Path, japanese: None
) -> None:
    assert "\n主管課\t区民課\n" in ok(run("show", "2-3", "--plan", mixed_city)).stdout
    assert "主管課\t\n" not in ok(run("show", "1-3", "--plan", mixed_city)).stdout


def test_the_items_by_department_count_every_item_once(run: Any, mixed_city: Path, japanese: None) -> None:
    """Items naming no 主管課 count for the plan's office (who answers them): the counts add up to the items."""
    text = ok(run("report", "R6", "--plan", mixed_city)).stdout
    counted = text.split("主管課別取組数\n主管課\t取組数\n")[1].split("\n\n")[0].splitlines()
    assert counted == ["区民課\t1件", "デジタル推進課\t10件"]


def test_the_roadmap_calls_a_rollup_from_grades_a_rollup_not_a_status(run: Any, tmp_path: Path, japanese: None) -> None:
    """令和5年度's 1-2 states no 進捗区分 (its KPI graded C): its cell says 集計区分：遅れ, never 進捗区分：遅れ;
    1-4 states 順調 and says so."""
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", KPI_CITY, "-o", page))
    html = page.read_text(encoding="utf-8")
    row = html[html.index('id="item-1-2"') :].split("</tr>")[0]
    cell = row[row.index('data-year="令和5年度"') :].split("</td>")[0]
    assert "集計区分：遅れ" in cell and "進捗区分" not in cell
    stated = html[html.index('id="item-1-4"') :].split("</tr>")[0]
    assert "進捗区分：順調" in stated[stated.index('data-year="令和5年度"') :].split("</td>")[0]
    partly = html[html.index('id="item-1-1"') :].split("</tr>")[0]  # one KPI of two graded: 一部未回答
    cell = partly[partly.index('data-year="令和5年度"') :].split("</td>")[0]
    assert "集計区分：一部未回答" in cell and "進捗区分" not in cell


def test_export_counts_the_office_as_the_answering_department_everywhere(
    run: Any, mixed_city: Path, tmp_path: Path
) -> None:
    """items.csv's 主管課数, progress_rollups.csv's 主管課の数 and the departments table's rows follow one rule:
    an item naming no 主管課 is answered by the plan's office, one department."""
    out = tmp_path / "open"
    ok(run("export", "--plan", mixed_city, "-o", out, "--as-of", "2025-05-01", "--format", "csv"))

    def records(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO((out / f"{name}.csv").read_text(encoding="utf-8-sig"))))

    counts = {r["取組ID"]: r["主管課数"] for r in records("items")}
    assert counts["2-3"] == "1" and counts["1-1"] == "1" and set(counts.values()) == {"1"}
    rollups = {r["取組ID"]: r["主管課の数"] for r in records("progress_rollups")}
    assert rollups and all(rollups[item] == counts[item] for item in rollups)
    rows = [(r["主管課"], r["取組ID"]) for r in records("departments")]
    assert ("区民課", "2-3") in rows and ("デジタル推進課", "1-1") in rows and len(rows) == len(counts)


def test_export_writes_the_direction_the_plan_states_and_invents_none(run: Any, tmp_path: Path) -> None:
    """kpi-city states no 目指す方向 for its KPIs: the cell is empty (the model's 増やす is for the 達成率 only);
    a 減らす it states is written."""
    plan = shutil.copytree(KPI_CITY, tmp_path / "plan")
    text = (plan / "items" / "1-1.yaml").read_text(encoding="utf-8")
    stated = text.replace("    name:", "    direction: 減らす\n    name:", 1)
    (plan / "items" / "1-1.yaml").write_text(stated, encoding="utf-8")
    ok(run("export", "--plan", plan, "-o", tmp_path / "open", "--format", "csv"))
    table = (tmp_path / "open" / "indicators.csv").read_text(encoding="utf-8-sig")
    directions = [(r["取組ID"], r["目指す方向"]) for r in csv.DictReader(io.StringIO(table))]
    assert directions[0] == ("1-1", "減らす")
    assert {d for _item, d in directions[1:]} == {""}


# What kpi-city's roadmap says in each year cell (a plan without phases): each indicator's 目標値
# for the year (最終目標 in the last year where only a final target is stated), and once answered its
# 実績値 and the 集計区分 of its grade; 記載なし only where nothing is stated for the year.
YEAR_CELLS = {
    "ja": {
        ("1-1", "令和3年度"): ["オンラインで申請できる手続の数：目標値 30手続"],
        ("1-1", "令和5年度"): [
            "オンラインで申請できる手続の数：目標値 90手続、実績値 90手続、集計区分 順調",
            "対象手続のオンライン申請率：実績値 30.4%",
        ],
        ("1-1", "令和7年度"): [
            "オンラインで申請できる手続の数：目標値 150手続",
            "対象手続のオンライン申請率：目標値 50%",
        ],
        ("1-2", "令和3年度"): [],
        ("1-2", "令和6年度"): ["電子決裁率：実績値 55%、集計区分 遅れ"],
        ("1-2", "令和7年度"): ["電子決裁率：最終目標 90%"],
        ("2-3", "令和7年度"): [],  # no indicator
        ("2-4", "令和6年度"): ["キャッシュレス決済の導入窓口（再掲）：集計区分 順調"],  # 1-3's answer
    },
    "en": {
        ("1-1", "FY2021"): ["オンラインで申請できる手続の数: target 30手続"],
        ("1-1", "FY2023"): [
            "オンラインで申請できる手続の数: target 90手続, actual 90手続, rollup on schedule",
            "対象手続のオンライン申請率: actual 30.4%",
        ],
        ("1-2", "FY2021"): [],
        ("1-2", "FY2024"): ["電子決裁率: actual 55%, rollup delayed"],
        ("1-2", "FY2025"): ["電子決裁率: final target 90%"],
        ("2-4", "FY2024"): ["キャッシュレス決済の導入窓口（再掲）: rollup on schedule"],
    },
}


def test_the_roadmap_year_cells_of_a_plan_without_phases_tell_its_indicators(
    run: Any, tmp_path: Path, language: str
) -> None:
    import html as markup
    import re

    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", KPI_CITY, "-o", page))
    html = page.read_text(encoding="utf-8")
    for (item, year), lines in YEAR_CELLS[language].items():
        row = html[html.index(f'id="item-{item}"') :].split("</tr>")[0]
        cell = row[row.index(f'data-year="{year}"') :].split("</td>")[0]
        shown = [markup.unescape(re.sub("<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", cell)]
        assert shown == lines, (item, year)
        assert ("記載なし" if language == "ja" else "not stated") in cell or lines  # only where nothing is stated
    # 2-3's five years (no indicator), 1-5's all but 令和6年度 (its one target lies after the plan period), …
    assert html.count('class="empty-mark"') == 24
    assert "ul.year-kpis" in html


def test_a_plan_with_phases_keeps_its_year_cells(run: Any, tmp_path: Path, japanese: None) -> None:
    """Suginami's roadmap (phases stated) shows phases, never indicator lines, and no CSS for them."""
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "-o", page))
    html = page.read_text(encoding="utf-8")
    assert "year-kpis" not in html and '<ul class="phases">' in html
