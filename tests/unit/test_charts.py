"""Charts: data from the plan and its answers, drawn as inline SVG with a text alternative."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from actionplan.loader import Plan, load
from actionplan.render.svg import OKABE_ITO, ROLES, chart_svg, colors, describe
from actionplan.reports.charts import kind_labels, phase_kind_chart, rollup_chart, year_charts
from actionplan.text import text_width
from actionplan.views import Chart
from support import MINIMAL

SVG = "{http://www.w3.org/2000/svg}"


def loaded(root: Path) -> Plan:
    result = load(root)
    assert result.value is not None and result.problems == []
    return result.value


def svg_of(html: str) -> ET.Element:
    found = re.search(r"<svg.*</svg>", html, re.S)
    assert found is not None, html
    return ET.fromstring(found.group(0))


def text_of(svg: ET.Element, tag: str) -> str | None:
    element = svg.find(f"{SVG}{tag}")
    assert element is not None, tag
    return element.text


def test_rollup_per_pillar_and_goal() -> None:
    plan = loaded(MINIMAL)
    items = {i.id: i for i in plan.items}
    chart = rollup_chart(
        plan, 2020, [(items["1-1-1"], "partly_answered"), (items["1-1-3"], "delayed"), (items["3-1"], None)]
    )
    assert chart.series == ["on schedule", "delayed", "stopped", "partly answered", "not answered"]
    assert chart.categories == ["all", "第一", "第一 目標1", "第三"]  # the plan's labels stay its own
    assert chart.values == [[0, 1, 0, 1, 1], [0, 1, 0, 1, 0], [0, 1, 0, 1, 0], [0, 0, 0, 0, 1]]
    assert chart.title == "Progress in FY2020 (number of items by rollup, per pillar and goal)"


def test_rollup_chart_in_japanese(japanese: None) -> None:
    plan = loaded(MINIMAL)
    chart = rollup_chart(plan, 2020, [(item, "on_schedule") for item in plan.items])
    assert chart.series == ["順調", "遅れ", "中止", "一部未回答", "未回答"]
    assert chart.categories[0] == "全体"
    assert chart.title == "令和2年度の進捗状況（集計区分別の項目数、柱・目標ごと）"


def test_phase_kinds_per_year_count_items() -> None:
    plan = loaded(MINIMAL)
    chart = phase_kind_chart(plan, plan.items)
    assert chart is not None
    assert chart.categories == ["baseline FY2018", "FY2019", "FY2020", "FY2021"]
    assert chart.series == ["検討・準備", "実施・運用"]
    assert [sum(row) for row in chart.values] == [3, 3, 3, 3]


def test_no_rollup_chart_without_answers(japanese: None) -> None:
    plan = loaded(MINIMAL)
    charts = year_charts(plan, 2020, [(item, None) for item in plan.items])
    assert [c.title for c in charts] == ["年度ごとの段階の種類（項目数）"]


def test_svg_has_title_description_labels_and_no_script() -> None:
    chart = Chart(
        "Test <chart>", ["第一", "第二"], ["順調", "遅れ"], [[3, 1], [0, 1]], colors=["on_schedule", "delayed"]
    )
    html = chart_svg(chart, "c1")
    svg = svg_of(html)  # well-formed XML
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c1-title c1-desc"
    assert text_of(svg, "title") == "Test <chart>"
    assert text_of(svg, "desc") == "第一: 順調 3 items, 遅れ 1 item; 第二: 遅れ 1 item."
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"順調", "遅れ", "第一", "第二", "3", "1", "4 items", "1 item"} <= set(
        texts
    )  # legend, labels, numbers, totals
    assert "<script" not in html and "href" not in html and "http://" not in html.replace(SVG[1:-1], "")


def test_svg_counts_answers_and_keeps_its_totals_inside(japanese: None) -> None:
    chart = Chart("評価", ["全体"], ["A", "B"], [[3, 1]], counted="answers")
    svg = svg_of(chart_svg(chart, "c1"))
    assert text_of(svg, "desc") == "全体：A 3件、B 1件。"
    assert "4件" in [t.text for t in svg.iter(f"{SVG}text")]


def test_english_totals_fit_in_the_picture() -> None:
    chart = Chart("Ratings", ["all"], ["A", "B"], [[300, 100]], counted="answers")
    svg = svg_of(chart_svg(chart, "c1"))
    total = next(t for t in svg.iter(f"{SVG}text") if t.text == "400 answers")
    assert float(total.get("x", "")) + text_width("400 answers", 12) <= float(svg.get("viewBox", "").split()[2])


def test_colour_blind_safe_palette() -> None:
    roles = Chart(
        "t",
        ["a"],
        ["順調", "遅れ", "中止", "未回答"],
        [[1, 1, 1, 1]],
        colors=["on_schedule", "delayed", "stopped", "none"],
    )
    assert colors(roles) == [ROLES["on_schedule"], ROLES["delayed"], ROLES["stopped"], ROLES["none"]]
    kinds = Chart("t", ["a"], ["検討", "構築", "運用"], [[1, 1, 1]])
    assert set(colors(kinds)) <= set(OKABE_ITO)
    assert len(set(colors(kinds))) == 3


def test_describe_says_none_for_an_empty_bar() -> None:
    assert describe(Chart("t", ["第一"], ["順調"], [[0]])) == "第一: none."


CITY = Path(__file__).parents[1] / "fixtures" / "shapes" / "city"  # its plan.yaml lists no phase kinds


def test_default_phase_kinds_speak_the_runs_language() -> None:
    chart = phase_kind_chart(loaded(CITY), loaded(CITY).items)
    assert chart is not None and "implementation and operation" in chart.series
    assert kind_labels(loaded(MINIMAL))["plan"] == "検討・準備"  # a plan's own kinds stay its own


def test_default_phase_kinds_in_japanese_are_the_models(japanese: None) -> None:
    from actionplan.model import DEFAULT_PHASE_KINDS

    assert kind_labels(loaded(CITY)) == {k.id: k.label for k in DEFAULT_PHASE_KINDS}
