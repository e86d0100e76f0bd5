"""Every command on plans of three real shapes, each validated as written.

- the embedded Suginami plan: phases every year, stated counts, tags, 主管課;
- tests/fixtures/shapes/prefecture: an invented prefecture DX plan — KPIs only (no phases),
  mixed depth (取組 1-1 beside the group 1-2), no stated counts, 担当部局, a period from 令和4年12月;
- tests/fixtures/shapes/city: an invented city plan whose 工程表 marks years with → or 継続,
  with sub-measures (取組) under each 施策, and counts stated for the whole plan only;
- tests/fixtures/shapes/kpi-city: an invented KPI-first city plan — no 主管課 (its office answers),
  no phases, no tags or goals, numbers printed as ① and 取組項目1, KPIs graded A–D (test_kpi_plan).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from actionplan import loader
from actionplan.loader import embedded_plan_dir
from history_repo import commit, edit, git
from support import FIXTURES, KPI_CITY, ok

SHAPES = FIXTURES / "shapes"
PREFECTURE = SHAPES / "prefecture"
CITY = SHAPES / "city"
# plan, an item, a plan year that has begun, the plan's word for 主管課 and a department (None:
# the plan names no 主管課, and no output has a column, filter or heading for one)
PLANS: dict[str, tuple[Path, str, str, str, str | None]] = {
    "suginami": (embedded_plan_dir(), "1-2-4", "2020", "主管課", "情報政策課"),
    "prefecture": (PREFECTURE, "1-1", "2023", "担当部局", "総務部"),
    "city": (CITY, "1-1-2", "2024", "所管課", "市民課"),
    "kpi-city": (KPI_CITY, "1-5", "2024", "主管課", None),
}
FORMATS = ("table", "json", "csv", "markdown", "html")


@pytest.mark.parametrize("shape", PLANS)
def test_every_read_command_runs_on_each_shape(run: Any, shape: str, tmp_path: Path) -> None:
    plan, item, year, _department, dept = PLANS[shape]
    validated = ok(run("validate", "--plan", plan, "--format", "json"))
    # kpi-city's one warning (rollup-disagrees, test_kpi_plan) is meant; no shape has an error
    assert [p for p in json.loads(validated.stdout)["problems"] if p["severity"] != "warning"] == []
    for fmt in FORMATS:
        listed = ok(run("list", "--plan", plan, "--format", fmt))
        assert listed.stdout.strip()
        ok(run("show", item, "--plan", plan, "--format", fmt))
        ok(run("tree", "--plan", plan, "--format", fmt))
        ok(run("report", year, "--plan", plan, "--format", fmt))
    heading = ok(run("list", "--plan", plan, *(["--dept", dept] if dept else []))).stdout.splitlines()[0]
    # in English, the generic word (docs/terms.md); none where the plan names no 主管課
    assert ("department" in heading.split("\t")) == (dept is not None)
    ok(run("report", year, "--plan", plan, "--missing"))
    ok(run("report", year, "--plan", plan, "--format", "xlsx", "-o", tmp_path / "report.xlsx"))
    ok(run("glossary", "--plan", plan))


@pytest.mark.parametrize("shape", PLANS)
def test_japanese_headings_say_the_plans_own_words(run: Any, shape: str, japanese: None) -> None:
    plan, _item, _year, department, dept = PLANS[shape]
    heading = ok(run("list", "--plan", plan, *(["--dept", dept] if dept else []))).stdout.splitlines()[0]
    assert (department in heading.split("\t")) == (dept is not None)


@pytest.mark.parametrize("shape", PLANS)
def test_publishing_commands_run_on_each_shape(run: Any, shape: str, tmp_path: Path) -> None:
    plan, item, _year, _department, dept = PLANS[shape]
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", plan, "-o", page))
    text = page.read_text(encoding="utf-8")
    assert item in text
    # English: the generic word; no 主管課 filter where the plan names none
    assert ('<label for="f-dept">Department</label>' in text) == (dept is not None)
    ok(run("export", "--plan", plan, "-o", tmp_path / "open", "--format", "csv"))
    assert (tmp_path / "open" / "items.csv").exists()
    for kind in ("plan", "item", "progress"):
        ok(run("schema", "--kind", kind, "--plan", plan, "-o", tmp_path / f"{kind}.json"))


@pytest.mark.parametrize("shape", PLANS)
def test_progress_commands_run_on_each_shape(run: Any, shape: str, tmp_path: Path) -> None:
    source, item, year, _department, _dept = PLANS[shape]
    plan = tmp_path / "plan"
    shutil.copytree(source, plan, ignore=shutil.ignore_patterns("progress"))
    loaded = loader.load(plan).value
    assert loaded is not None
    owner = loaded.meta.answerers(loaded.item(item))[0]  # type: ignore[arg-type]  # the office, where no 主管課
    # The prefecture plan states no statuses: the default vocabulary works out of the box.
    status = next((s.name for s in loaded.meta.statuses if s.rollup == "on_schedule"), "予定どおり")
    ok(run("progress", "set", item, year, "--dept", owner, "--status", status, "--plan", plan))
    sheets = tmp_path / "sheets"
    ok(run("progress", "sheets", year, "--dept", owner, "-o", sheets, "--format", "csv", "--plan", plan))
    ok(run("progress", "import", sheets, "--plan", plan))
    assert json.loads(ok(run("validate", "--plan", plan, "--format", "json")).stdout)["problems"] == []
    shown = ok(run("show", item, "--plan", plan, "--format", "json")).stdout
    assert json.loads(shown)["progress"][year][0]["status"] == status


@pytest.mark.parametrize("shape", ["prefecture", "city", "kpi-city"])
def test_history_commands_run_on_each_shape(run: Any, shape: str, tmp_path: Path, japanese: None) -> None:
    source, item, _year, _department, _dept = PLANS[shape]
    repo = tmp_path / "repo"
    shutil.copytree(source, repo / "plan")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "first", 0)
    edit(next((repo / "plan" / "items").glob(f"{item}.yaml")), "title: ", "title: 新・")
    commit(repo, "retitled", 1)
    changed = ok(run("diff", "HEAD~1", "--plan", repo / "plan")).stdout.splitlines()
    logged = ok(run("log", item, "--plan", repo / "plan", "--format", "json"))
    assert len(json.loads(logged.stdout)) == 2
    # Japanese tables head the item column with the plan's word + 番号 (取組番号), never a bare ID.
    table = changed[changed.index("内容が変わった取組") + 1].split("\t")
    assert table[0] == "取組番号"
    history = ok(run("log", item, "--plan", repo / "plan")).stdout.splitlines()
    assert "取組番号" in history[1].split("\t") and "ID" not in history[1].split("\t")


def test_prefecture_speaks_its_own_words_and_invents_nothing(run: Any, japanese: None) -> None:
    listed = ok(run("list", "--plan", PREFECTURE)).stdout.splitlines()
    # No tags, no schedules: no 区分 column and no year columns, rather than empty or invented ones.
    assert listed[0].split("\t") == ["取組番号", "取組名", "担当部局"]  # the plan's word + 番号, never a bare ID
    assert listed[-1] == "10件"  # 件 for items (docs/terms.md)
    counts = ok(run("validate", "--plan", PREFECTURE)).stdout
    assert "取組数（記載）" not in counts and "他計画掲載" not in counts and "MISMATCH" not in counts
    tree = [line.split("\t")[0] for line in ok(run("tree", "--plan", PREFECTURE)).stdout.splitlines()[2:]]
    assert tree[:5] == ["1", "1-1", "1-2", "1-2-1", "1-2-2"] and tree[5] == "1-3"  # mixed depth in ID order
    report = ok(run("report", "R4", "--plan", PREFECTURE)).stdout
    assert report.startswith("令和4年度（2022年度）（12月～） 進捗状況表")
    assert "継続" not in report and "段階" not in report
    due = ok(run("report", "R6", "--plan", PREFECTURE)).stdout
    assert (
        "令和6年度に到達目標のある取組（1件）\n取組番号\t取組名\t到達目標\n1-1\t県庁業務のデジタル化\t電子決裁を全庁で利用できるようにする"
        in due
    )


def test_prefecture_show_keeps_labelled_blocks_and_sources(run: Any, japanese: None) -> None:
    rows = [line.split("\t") for line in ok(run("show", "1-1", "--plan", PREFECTURE)).stdout.splitlines()]
    assert ["現状と課題", "・紙の決裁と押印が多く、在宅勤務の妨げになっている。"] in rows
    assert ["", "・定型的な入力作業に多くの時間がかかっている。"] in rows
    assert ["到達目標", "令和6年度（2024年度）までに 電子決裁を全庁で利用できるようにする"] in rows
    assert ["出典", "架空県DX推進計画（テスト用） p.12 https://example.jp/fictional-pref/dx-plan.pdf"] in rows
    assert not any(row[0] in ("取組", "区分", "概要") for row in rows)  # 1-1 sits directly in 分野1
    assert [
        "rpa-hours",
        "RPAによる削減時間",
        "時間",
        "1,200時間（2022年）",
        "令和6年度（2024年度） 5,000時間、令和8年度（2026年度） 10,000時間",
        "",
    ] in rows
    data = json.loads(ok(run("show", "1-1", "--plan", PREFECTURE, "--format", "json")).stdout)
    assert data["goal"] is None and data["schedule"]["2022"] is None
    assert data["milestones"] == [{"by": 2024, "text": "電子決裁を全庁で利用できるようにする"}]


def test_city_arrows_continue_and_unstated_years_stay_unstated(run: Any) -> None:
    report = json.loads(ok(run("report", "R7", "--plan", CITY, "--format", "json")).stdout)
    change = {row["id"]: row["change"] for row in report["items"]}
    assert change["1-1-1"] == "段階変更"  # 実施 → 拡大
    assert change["2-1-2"] == "継続"  # 実施 → (arrow)
    assert change["1-1-3"] is None  # nothing stated in 令和6年度: never 継続
    assert report["summary"]["phases"]["実施"] >= 2 and "→" not in report["summary"]["phases"]
    later = json.loads(ok(run("report", "R8", "--plan", CITY, "--format", "json")).stdout)
    assert {row["id"]: row["change"] for row in later["items"]}["2-1-2"] == "継続"  # → after →
    text = ok(run("report", "R6", "--plan", CITY)).stdout
    assert "1-1-3\tキャッシュレス決済の導入\t市民課\tnot stated\tnot stated\t\n" in text
    counts = ok(run("validate", "--plan", CITY)).stdout.splitlines()
    assert counts[1].split("\t") == ["ID", "pillar and goal", "number of items", "number of items (stated)", "check"]


def test_city_counts_are_headed_in_the_plans_words(run: Any, japanese: None) -> None:
    counts = ok(run("validate", "--plan", CITY)).stdout.splitlines()
    assert counts[0] == "架空市DX推進計画（テスト用）：施策ごとの取組数"
    assert counts[1].split("\t") == ["番号", "基本方針・施策", "取組数", "取組数（記載）", "照合"]


def test_export_carries_milestones_sources_and_the_plans_words(run: Any) -> None:
    document = json.loads(ok(run("export", "--plan", PREFECTURE, "--format", "json")).stdout)
    tables = document["tables"]
    assert tables["items"]["title"] == "取組" and tables["departments"]["title"] == "担当部局"
    assert {"item_id": "1-1", "fiscal_year": 2024, "text": "電子決裁を全庁で利用できるようにする"}.items() <= (
        tables["milestones"]["rows"][0].items()
    )
    sources = [(r["item_id"], r["page"]) for r in tables["sources"]["rows"]]
    assert sources[0] == ("", "") and ("1-1", "12") in sources  # the plan's own source first
    labels = {(r["table"], r["column"]): r["label"] for r in document["dictionary"]}
    assert labels[("items", "item_id")] == "取組ID" and labels[("departments", "department")] == "担当部局"


def test_roadmap_marks_the_partial_first_year_and_shows_blocks_and_milestones(
    run: Any, tmp_path: Path, japanese: None
) -> None:
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", PREFECTURE, "-o", page))
    text = page.read_text(encoding="utf-8")
    assert '<span class="ad">（2022年度）</span><span class="ad">（12月～）</span>' in text
    assert '<h4>現状と課題</h4><ul class="entries"><li>紙の決裁と押印が多く、在宅勤務の妨げになっている。</li>' in text
    assert '<p class="milestone">◆ 電子決裁を全庁で利用できるようにする（到達目標）</p>' in text
    assert "すべての担当部局（10）" in text and "架空県DX推進計画（テスト用） p.12" in text


def test_an_english_roadmap_marks_the_partial_first_year_and_milestones(run: Any, tmp_path: Path) -> None:
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", PREFECTURE, "-o", page))
    text = page.read_text(encoding="utf-8")
    assert '<span class="era">FY2022</span><span class="ad">(R4)</span><span class="ad">(from December)</span>' in text
    assert '<p class="milestone">◆ 電子決裁を全庁で利用できるようにする (milestone)</p>' in text
    assert '<dt>Milestone</dt><dd>by FY2024: <span lang="ja">電子決裁を全庁で利用できるようにする</span></dd>' in text
    # The plan's Japanese on an English page says so, for screen readers (WCAG 3.1.2) …
    assert '<summary><span class="id">1-1</span><span lang="ja">県庁業務のデジタル化</span></summary>' in text
    assert '<h4 lang="ja">現状と課題</h4>' in text and '<li lang="ja">紙の決裁と押印が多く' in text
    assert 'lang="ja"' not in re.sub(r'<span lang="ja">|<(?:p|li|h4|dd|span)[^>]* lang="ja"', "", text)


def test_a_japanese_roadmap_marks_no_language_of_its_own(run: Any, tmp_path: Path, japanese: None) -> None:
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", PREFECTURE, "-o", page))
    assert 'lang="ja"' not in page.read_text(encoding="utf-8").replace('<html lang="ja">', "")


@pytest.mark.parametrize("shape", ["prefecture", "city", "kpi-city"])
def test_the_json_schema_accepts_each_shape(run: Any, shape: str, tmp_path: Path) -> None:
    from cli.test_publish_schema import check_jsonschema

    plan = PLANS[shape][0]
    for kind, files in (("plan", [plan / "plan.yaml"]), ("item", sorted((plan / "items").glob("*.yaml")))):
        schema = tmp_path / f"{kind}.json"
        ok(run("schema", "--kind", kind, "--plan", plan, "-o", schema))
        assert check_jsonschema(schema, files) == set()


def test_validate_checks_only_what_a_plan_states(run: Any, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PREFECTURE, plan)
    edit(plan / "plan.yaml", "pillars:\n", "stated:\n  items: 9\npillars:\n")
    edit(plan / "items" / "3-2.yaml", "departments:", "schedule:\n  2023: [実施]\ndepartments:")
    result = run("validate", "--plan", plan, "--format", "json")
    assert result.exit_code == 1
    problems = [(p["code"], p["message"], p["hint"]) for p in json.loads(result.stdout)["problems"]]
    assert [code for code, _message, _hint in problems] == ["unknown-phase", "count-mismatch"]
    assert "the plan lists no phases" in (problems[0][2] or "")
    assert "9 items stated, 10 found" in problems[1][1]


def test_kpi_shapes_of_the_prefecture_plan(run: Any, tmp_path: Path) -> None:
    rows = [line.split("\t") for line in ok(run("show", "1-1", "--plan", PREFECTURE)).stdout.splitlines()]
    assert [
        "e-approval",
        "電子決裁率",
        "%",
        "35.2% (in 2022)",
        "FY2026 (R8) 100%",
        "* 全庁の決裁件数のうち電子決裁で行った件数の割合",
    ] in rows
    assert [
        "rpa-hours",
        "RPAによる削減時間",
        "時間",
        "1,200時間 (in 2022)",
        "FY2024 (R6) 5,000時間, FY2026 (R8) 10,000時間",
        "",
    ] in rows
    survey = ok(run("show", "2-1", "--plan", PREFECTURE)).stdout
    assert "61.5% (令和4年度県民意識調査)" in survey
    words = ok(run("show", "1-3", "--plan", PREFECTURE)).stdout
    assert "cities\t市町村との共同公開\t\t未実施 (FY2022)\tFY2026 (R8) 県内すべての市町村と共同で公開\t" in words
    plan = tmp_path / "plan"
    shutil.copytree(PREFECTURE, plan)
    ok(run("progress", "set", "1-1", "R6", "--status", "遅れ", "--value", "rpa-hours=4000", "--plan", plan))
    ok(run("progress", "set", "1-3", "R8", "--status", "予定どおり", "--value", "datasets=20", "--plan", plan))
    r6 = ok(run("report", "R6", "--plan", plan)).stdout
    # The plan states a target for 令和8年度 only: the value is measured against it, named with its year.
    assert "1-1\t総務部\t電子決裁率\tFY2026 100%\tnot answered\t\t" in r6
    assert "1-1\t総務部\tRPAによる削減時間\t5,000時間\t4,000時間\t80.0%\t" in r6
    r8 = json.loads(ok(run("report", "R8", "--plan", plan, "--format", "json")).stdout)
    found = next(i for i in r8["items"] if i["id"] == "1-3")["answers"][0]["indicators"]
    assert [(i["id"], i["target"], i["target_text"], i["achievement"]) for i in found] == [
        ("datasets", 24.0, None, 83.3),
        ("cities", None, "県内すべての市町村と共同で公開", None),
    ]
    tables = json.loads(ok(run("export", "--plan", PREFECTURE, "--format", "json")).stdout)["tables"]
    indicators = {r["indicator_id"]: r for r in tables["indicators"]["rows"]}
    assert indicators["e-approval"]["baseline_calendar_year"] == 2022 and indicators["e-approval"]["baseline"] == 35.2
    assert indicators["satisfied"]["baseline_survey"] == "令和4年度県民意識調査"
    targets = [(r["indicator_id"], r["fiscal_year"], r["target"], r["target_text"]) for r in tables["targets"]["rows"]]
    assert ("e-approval", 2026, 100.0, "") in targets and (
        "cities",
        2026,
        None,
        "県内すべての市町村と共同で公開",
    ) in targets
    assert not any(t[0] == "e-approval" and t[1] != 2026 for t in targets)  # final year only


def test_roadmap_colours_an_arrow_as_the_phase_it_carries_on(run: Any, tmp_path: Path) -> None:
    city, prefecture = tmp_path / "city.html", tmp_path / "prefecture.html"
    ok(run("roadmap", "--plan", CITY, "-o", city))
    ok(run("roadmap", "--plan", PREFECTURE, "-o", prefecture))
    assert '<span class="chip k-none"' not in city.read_text(encoding="utf-8")
    arrow = 'title="implementation and operation"><span class="mark" aria-hidden="true">■</span>→'
    assert arrow in city.read_text(encoding="utf-8")
    assert "legend-kinds" not in prefecture.read_text(encoding="utf-8")  # no phases, no legend of kinds


def test_survey_sheets_speak_the_plans_words(run: Any, tmp_path: Path, japanese: None) -> None:
    ok(
        run(
            "progress",
            "sheets",
            "R6",
            "--dept",
            "総務部",
            "-o",
            tmp_path / "pref",
            "--format",
            "csv",
            "--plan",
            PREFECTURE,
        )
    )
    ok(run("progress", "sheets", "R6", "--dept", "市民課", "-o", tmp_path / "city", "--format", "csv", "--plan", CITY))
    (pref,) = (tmp_path / "pref").iterdir()
    (city,) = (tmp_path / "city").iterdir()
    pref_rows = pref.read_text(encoding="utf-8-sig").splitlines()
    heading = next(line for line in pref_rows if line.startswith("取組番号"))
    # A plan without schedules: no 計画 and no 実施した段階 column; the plan's 取組 in the headings.
    assert heading.split(",") == [
        "取組番号", "取組名", "進捗区分", "取組実績", "課題・今後の方向性", "目標値", "前回の値", "指標の実績値",
        "根拠資料", "庁内メモ", "指標ID（変更しないこと）", "調査票ID（変更しないこと）",
    ]  # fmt: skip
    assert not any("記載なし" in line for line in pref_rows)
    assert any(
        line.startswith("1-1-3,キャッシュレス決済の導入,") and ",記載なし," in line
        for line in city.read_text(encoding="utf-8-sig").splitlines()
    )


def test_a_sheet_with_the_plans_words_imports_in_either_language(run: Any, tmp_path: Path) -> None:
    """取組番号 (a Japanese sheet of a plan that calls its items 取組) reads on an English PC,
    and item ID on a Japanese one."""
    from actionplan import i18n

    for made_in, read_in in (("ja", "en"), ("en", "ja")):
        plan, out = tmp_path / f"pref-{made_in}", tmp_path / f"sheets-{made_in}"
        shutil.copytree(PREFECTURE, plan)
        i18n.use(made_in)
        ok(run("progress", "sheets", "R6", "--dept", "総務部", "-o", out, "--format", "csv", "--plan", plan))
        (sheet,) = out.iterdir()
        rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
        assert rows[4][:3] == (
            ["取組番号", "取組名", "進捗区分"] if made_in == "ja" else ["item ID", "item title", "status"]
        )
        rows[5][2] = "予定どおり"
        with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, lineterminator="\r\n").writerows(rows)
        i18n.use(read_in)
        try:
            ok(run("progress", "import", sheet, "--plan", plan))
        finally:
            i18n.use("en")
        loaded = loader.load(plan).value
        assert loaded is not None
        assert [(a.item, a.department, a.status) for a in loaded.answers] == [(rows[5][0], "総務部", "予定どおり")]


def test_messages_name_the_plans_units_in_japanese(run: Any) -> None:
    from actionplan import i18n

    i18n.use("ja")
    try:
        wrong = run("list", "--plan", PREFECTURE, "--dept", "総務課")
        assert wrong.exit_code == 2 and "担当部局「総務課」は計画にない" in wrong.stderr
        assert ok(run("validate", "--plan", PREFECTURE)).stdout.endswith("問題なし：10取組\n")
        assert "分野「9」は計画にない" in run("list", "--plan", PREFECTURE, "--pillar", "9").stderr
    finally:
        i18n.use("en")
    english = run("list", "--plan", PREFECTURE, "--dept", "総務課")
    assert "unknown department '総務課'" in english.stderr


@pytest.mark.parametrize("shape", ["prefecture", "city"])
def test_next_plan_and_rename_run_on_each_shape(run: Any, shape: str, tmp_path: Path) -> None:
    source, _item, _year, _department, dept = PLANS[shape]
    draft = tmp_path / "next"
    ok(run("init", draft, "--next", "--period", "2028-2030", "--plan", source))
    problems = json.loads(run("validate", "--plan", draft, "--format", "json").stdout)["problems"]
    assert {p["code"] for p in problems} == {"draft-incomplete"}
    copy = tmp_path / "plan"
    shutil.copytree(source, copy)
    ok(run("rename-department", dept or "", f"新{dept}", "--plan", copy))
    assert json.loads(ok(run("validate", "--plan", copy, "--format", "json")).stdout)["problems"] == []


def test_the_next_plan_invents_no_schedule_and_drops_past_targets(run: Any, tmp_path: Path) -> None:
    prefecture, city = tmp_path / "prefecture", tmp_path / "city"
    ok(run("init", prefecture, "--next", "--period", "2027-2029", "--plan", PREFECTURE))
    ok(run("init", city, "--next", "--period", "2028-2030", "--plan", CITY))
    problems = json.loads(run("validate", "--plan", prefecture, "--format", "json").stdout)["problems"]
    assert [p["message"] for p in problems] == [
        "nothing left to fill in: delete the draft: block of plan.yaml to finish the draft"
    ]  # a plan without phases gets no phases to plan; targets of past years are gone
    assert "schedule:" not in (prefecture / "items" / "1-1.yaml").read_text(encoding="utf-8")
    assert "    targets:" not in (prefecture / "items" / "1-1.yaml").read_text(encoding="utf-8")
    # 1-2-2 states nothing for 令和9年度: the new baseline stays not stated, only new years to plan
    assert "schedule:\n  2028: []\n  2029: []\n  2030: []\n" in (city / "items" / "1-2-2.yaml").read_text(
        encoding="utf-8"
    )


def test_roadmap_charts_count_arrows_by_kind_in_the_plans_words(run: Any, tmp_path: Path, japanese: None) -> None:
    page = tmp_path / "city.html"
    ok(run("roadmap", "--plan", CITY, "-o", page))
    text = page.read_text(encoding="utf-8")
    assert "年度ごとの段階の種類（取組数）" in text and "種類未定義" not in text


def test_problems_name_the_plans_units_in_japanese(run: Any, tmp_path: Path) -> None:
    from actionplan import i18n

    plan = tmp_path / "plan"
    shutil.copytree(PREFECTURE, plan)
    edit(plan / "items" / "3-2.yaml", "  - デジタル戦略局", "  - デジタル戦略課")
    i18n.use("ja")
    try:
        messages = [
            p["message_local"]
            for p in json.loads(run("validate", "--plan", plan, "--format", "json").stdout)["problems"]
        ]
    finally:
        i18n.use("en")
    assert messages == ["担当部局「デジタル戦略課」は計画にない"]


def test_hostile_labels_stay_text_in_every_output(run: Any, tmp_path: Path, japanese: None) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PREFECTURE, plan)
    edit(plan / "plan.yaml", "  department: 担当部局", "  department: '=HYPERLINK(\"x\")<script>'")
    ok(run("export", "--plan", plan, "-o", tmp_path / "open", "--format", "csv"))
    header = (tmp_path / "open" / "departments.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "'=HYPERLINK" in header  # quoted: a spreadsheet shows it as text
    page = tmp_path / "roadmap.html"
    ok(run("roadmap", "--plan", plan, "-o", page))
    assert "<script>'" not in page.read_text(encoding="utf-8") and "&lt;script&gt;" in page.read_text(encoding="utf-8")
