"""HTML pages: every plan text escaped, real table semantics, colours by kind position."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from actionplan.loader import Plan, load
from actionplan.render.formats import FORMATS, render
from actionplan.render.html import PALETTE, render_html
from actionplan.render.roadmap import asset, roadmap_html
from actionplan.reports.roadmap import build_roadmap, kinds_of
from actionplan.text import html_safe
from actionplan.views import Table, View
from support import FIXTURES, MINIMAL, Run

OTHER = FIXTURES / "publish" / "other-kinds"
HOSTILE = '<script>alert(1)</script> & "quoted" <img src=x onerror=alert(2)>'


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text outside script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    return parser


def loaded(root: Path) -> Plan:
    result = load(root)
    plan, problems = result.value, result.problems
    assert plan is not None and problems == []
    return plan


def test_esc_escapes_markup_and_drops_control_characters() -> None:
    assert html_safe('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert html_safe("赤\x1b[31m\u202e") == "赤\ufffd\ufffd"


def test_any_view_renders_as_one_escaped_page() -> None:
    table = Table(["ID", "項目名", "件数"], [["1-1-1", HOSTILE, "3"]], title="表 <1>")
    view = View({}, [table], table, notes=["注 <b>"], title="報告 & 集計")
    out = io.StringIO()
    FORMATS["html"](view, out, tty=False)
    page = out.getvalue()
    tags = parse(page)
    assert [t for t, _ in tags.tags if t in ("script", "img")] == []
    assert HOSTILE in "".join(tags.text)
    assert '<th scope="col" lang="ja">項目名</th>' in page  # Japanese text on an English page says so
    assert '<th scope="row" class="nowrap" data-label="ID">1-1-1</th>' in page  # short cells never wrap
    assert '<td class="nowrap num" data-label="件数">3</td>' in page  # its column named on a phone card
    assert '<h2 id="table-1">表 &lt;1&gt;</h2>' in page
    assert '<table class="fixed" aria-labelledby="table-1">' in page
    assert "<title>報告 &amp; 集計</title>" in page
    assert '<html lang="en">' in page  # the run's language (tests: English)


def test_a_japanese_run_makes_a_japanese_page(japanese: None) -> None:
    table = Table(["項目番号", "主管課"], [["1-1-1", "防災課"]])
    out = io.StringIO()
    render_html(View({}, [table], table), out, tty=False)
    assert '<html lang="ja">' in out.getvalue() and 'lang="ja">' not in out.getvalue().split("\n", 2)[2]


def test_an_english_page_marks_the_plans_japanese_cells() -> None:
    table = Table(["item ID", "評価"], [["1-1-1", "防災課"], ["3-1", "not answered"], ["3-2", "20施設"]])
    out = io.StringIO()
    render_html(View({}, [table], table), out, tty=False)
    page = out.getvalue()
    assert '<th scope="col" lang="ja">評価</th>' in page  # a heading from the plan (a rating)
    assert '<td data-label="評価" lang="ja">防災課</td>' in page
    assert '<td data-label="評価" lang="ja">20施設</td>' in page
    assert '<td data-label="評価">not answered</td>' in page
    assert '<th scope="row" class="nowrap" data-label="item ID">1-1-1</th>' in page


def test_generic_page_fetches_nothing() -> None:
    table = Table(["a"], [["b"]])
    out = io.StringIO()
    render_html(View({}, [table], table), out, tty=False)
    page = out.getvalue()
    assert "default-src 'none'" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_html_format_is_imported_only_when_used() -> None:
    code = "import sys, actionplan.cli; print('actionplan.render.html' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_roadmap_of_the_minimal_plan() -> None:
    page = roadmap_html(build_roadmap(loaded(MINIMAL)))
    tags = parse(page)
    rows = [a for t, a in tags.tags if t == "tr" and a.get("class") == "item"]
    assert len(rows) == 3
    assert rows[0]["data-departments"] == '["土木管理課", "情報政策課", "防災課"]'
    headers = [a for t, a in tags.tags if t == "th"]
    assert {a.get("scope") for a in headers} == {"col", "row", "rowgroup"}
    assert [a["for"] for t, a in tags.tags if t == "label"] == ["f-dept", "f-tag", "f-text"]
    assert "@page { size: A4 landscape" in page
    assert '<option value="情報政策課">情報政策課 (2)</option>' in page
    assert '<span class="era">Baseline FY2018</span><span class="ad">(H30)</span>' in page
    assert (
        '<label for="f-dept">Department</label>' in page
        and "<title>杉並区情報化アクションプラン（抜粋） roadmap</title>" in page
    )
    # The script's words come from the page, in its language: the script itself holds none.
    form = next(a for t, a in tags.tags if t == "form")
    messages = json.loads(form["data-messages"] or "")
    assert messages["count"] == "Showing {shown} of {total} {item}s" and messages["keyword"] == "Keyword"
    assert not re.search(r"[\u3000-\u30ff\u4e00-\u9fff]", asset("roadmap.js"))


def test_roadmap_in_japanese_reads_as_the_plan_does(japanese: None) -> None:
    page = roadmap_html(build_roadmap(loaded(MINIMAL)))
    assert '<html lang="ja">' in page and "<title>杉並区情報化アクションプラン（抜粋） ロードマップ</title>" in page
    assert '<option value="情報政策課">情報政策課（2）</option>' in page
    assert '<span class="era">現状（平成30年度）</span><span class="ad">（2018年度）</span>' in page
    assert "<p>杉並区・計画期間 令和元年度～令和3年度（2019～2021年度）・令和元年7月・全3項目</p>" in page
    form = next(a for t, a in parse(page).tags if t == "form")
    messages = json.loads(form["data-messages"] or "")
    assert messages["count"] == "{total}件中 {shown}件の{item}を表示" and messages["filtered"] == "{count}（{filters}）"


def test_script_is_allowed_by_its_hash_only() -> None:
    page = roadmap_html(build_roadmap(loaded(MINIMAL)))
    digest = base64.b64encode(hashlib.sha256(asset("roadmap.js").encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert page.count("<script>") == 1
    assert "unsafe-inline'; script" not in page


def test_hostile_item_text_is_shown_as_text(minimal: Path) -> None:
    item = minimal / "items" / "1-1-1.yaml"
    text = item.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: '" + HOSTILE.replace("'", "''") + "'", text)
    text = re.sub(r"(?m)^  - 防災課$", '  - "防災課\\"]"', text)  # breaks out of a JSON attribute if unescaped
    item.write_text(text, encoding="utf-8")
    plan = load(minimal).value
    assert plan is not None
    page = roadmap_html(build_roadmap(plan))
    tags = parse(page)
    assert [t for t, _ in tags.tags if t in ("script", "img")] == ["script"]  # only the page's own
    assert HOSTILE in "".join(tags.text)
    row = next(a for t, a in tags.tags if t == "tr" and a.get("class") == "item")
    assert row["data-departments"] == '["土木管理課", "情報政策課", "防災課\\"]"]'


def test_another_plan_gets_its_own_kinds_colours_and_statuses() -> None:
    plan = loaded(OTHER)
    kinds = kinds_of(plan)
    assert [(k.label, k.position) for k in kinds] == [
        ("調査研究", 0),
        ("試行", 1),
        ("本格実施", 2),
        ("評価", 3),
        ("終了", 4),
    ]
    data = build_roadmap(plan)
    assert [y.year for y in data.years] == [2023, 2024, 2025]
    assert data.has_records
    page = roadmap_html(data)
    for kind in kinds:
        background, edge, _ = PALETTE[kind.position]
        assert f".chip.k{kind.position} {{ background: {background}; border-color: {edge}; }}" in page
    assert "杉並" not in page and "検討・準備" not in page
    status = '<p class="status delayed" title="計画した段階に届かなかった">status: 遅れ'
    assert status + '<span class="note">人事課: 端末の調達が翌年度にずれ込んだ</span></p>' in page
    assert "Baseline" not in page  # no baseline year in this plan


def test_more_kinds_than_colours_reuse_the_palette() -> None:
    plan = loaded(OTHER)
    meta = plan.meta.model_copy(
        update={
            "phase_kinds": [
                k.model_copy(update={"id": f"k{n}", "label": f"種類{n}"})
                for n, k in enumerate(plan.meta.phase_kinds * 2)
            ]
        }
    )
    plan.meta = meta
    kinds = kinds_of(plan)
    assert len(kinds) == 10 + 5  # ten defined, five only named by phases
    page = roadmap_html(build_roadmap(plan))
    assert ".chip.k9 {" in page and "種類9" in page


def test_report_view_renders_as_html(run: Run) -> None:
    result = run("report", "2020", "--format", "html")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "<table" in result.stdout


def test_render_dispatches_html() -> None:
    table = Table(["a"], [["<b>"]])
    out = io.StringIO()
    render(View({}, [table], table), "html", out, tty=False)
    assert "&lt;b&gt;" in out.getvalue()


def test_an_item_outside_the_plan_and_an_undefined_phase_are_named_in_english() -> None:
    plan = loaded(MINIMAL)
    stray = plan.items[-1].model_copy(update={"id": "9-9", "schedule": {2020: ["謎の段階"]}})
    plan.items.append(stray)  # published only with --allow-problems: no pillar, a phase the plan lacks
    page = roadmap_html(build_roadmap(plan))
    assert '<span class="heading">Other items in no pillar or goal</span>' in page
    assert '<span lang="ja">謎の段階</span><span class="sr-only"> (kind not defined)</span>' in page
    assert "その他" not in page and "未定義" not in page


def test_css_string_cannot_close_the_string_rule_or_style() -> None:
    from actionplan.text import css_string

    assert css_string("庁内限り") == '"庁内限り"'
    assert css_string('a"; } </style>\\') == '"a\\000022\\00003b \\00007d \\00003c\\00002fstyle\\00003e\\00005c"'


def test_row_groups_repeat_their_header_and_no_header_is_empty() -> None:
    rows = [["1-1-1", "項目", ""], ["", "", "防災課"], ["", "計", "2"]]
    table = Table(["ID", "項目名", "主管課"], rows, groups=[2, 1])
    out = io.StringIO()
    render_html(View({}, [table], table), out, tty=False)
    page = out.getvalue()
    bodies = re.findall(r"<tbody>(.*?)</tbody>", page, flags=re.S)
    assert len(bodies) == 2  # an item with its 主管課 row, then the total row
    assert '<th scope="row" class="nowrap again" data-label="ID">1-1-1</th>' in bodies[0]  # the item ID again
    assert '<th scope="row"' not in bodies[1] and '<td class="nowrap" data-label="ID"></td>' in bodies[1]
    assert 'class="cards"' not in page  # three columns stay a table on a phone
