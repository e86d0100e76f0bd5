"""Open data: the plan as tidy tables (総務省's machine-readable rules) with a data dictionary.

Each table is one function in ``TABLES`` (its columns, its rows, and why it may be empty);
``export_files`` writes them as CSV (with datapackage.json) or JSON, and a typed workbook each
when the caller gives the xlsx writer (render/ is the CLI's to choose)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from importlib import metadata
from typing import Any

from actionplan import fiscal
from actionplan.capabilities import Capabilities
from actionplan.licenses import LICENSES
from actionplan.loader import Plan
from actionplan.model import Labels
from actionplan.publication import INTERNAL_MARK, internal_title, problems_note
from actionplan.ratings import answer_rollup, overall
from actionplan.reports.charts import ITEM_ROLLUP_VALUES, ROLLUP_VALUES
from actionplan.text import csv_safe, excel_csv, one_line

# One datum per cell, one header row, no merged cells, no notes inside the table; years in
# 西暦 with 和暦 in the next column; CSV in UTF-8 with BOM and CRLF (opens in Excel as is).


@dataclass(frozen=True)
class Column:
    """One column: its key (JSON, ASCII), its header (CSV, Japanese), type and meaning."""

    key: str
    label: str
    type: str  # string | integer | number | boolean | date
    description: str


@dataclass
class DataTable:
    name: str  # file name without extension
    title: str
    description: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    empty: str = ""  # why the table may have no rows, said wherever the table is described

    def records(self) -> list[dict[str, Any]]:
        """The rows as JSON-ready objects keyed by column key (dates as YYYY-MM-DD)."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, (_json_value(v) for v in row), strict=True)) for row in self.rows]

    def described(self) -> str:
        """The description, and for a table without rows why it has none (a header-only CSV cannot say)."""
        if self.rows or not self.empty:
            return self.description
        return f"{self.description}。この書き出しには行がない：{self.empty}"


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# 自治体標準オープンデータセット: every table leads with the municipality's code and name.
_CODE = Column(
    "municipality_code",
    "全国地方公共団体コード",
    "string",
    "総務省の全国地方公共団体コード（検査数字を含む 6 桁）。plan.yaml の municipality_code",
)
_MUNICIPALITY = Column("municipality", "地方公共団体名", "string", "計画を定めた地方公共団体の名称")
LEAD = (_CODE, _MUNICIPALITY)
_YEAR = Column("fiscal_year", "年度（西暦）", "integer", "年度が始まる年（西暦）。例: 2019 は 2019年4月～2020年3月")
_ERA_COLUMN = Column("fiscal_year_ja", "年度（和暦）", "string", "同じ年度の和暦表記。例: 令和元年度")
_STATUS_TEXT = "回答された進捗区分。例: 予定どおり、遅れ。指標の評価だけの回答は空"
_ITEM = Column("item_id", "項目ID", "string", "計画の項目番号（柱-目標-番号）")
_ANSWER_DEPARTMENT = Column("department", "主管課", "string", "回答した主管課")


@dataclass(frozen=True)
class Context:
    """What every table function reads: the plan, whether internal fields go out, and lookups."""

    plan: Plan
    internal: bool

    @property
    def words(self) -> Labels:
        return self.plan.meta.labels  # CSV headings and titles in the plan's own words (取組ID …)

    @cached_property
    def stated(self) -> Capabilities:
        return self.plan.capabilities  # the one rule for which tables and columns are written

    @cached_property
    def item_column(self) -> Column:
        return replace(_ITEM, label=f"{self.words.item}ID")

    @cached_property
    def kind_of_phase(self) -> dict[str, str | None]:
        return {p.name: p.kind for p in self.plan.meta.phases}

    @cached_property
    def kind_names(self) -> dict[str, str]:
        return {k.id: k.label for k in self.plan.meta.phase_kinds}

    def kind_name(self, phase: str) -> str:
        kind = self.kind_of_phase.get(phase) or ""
        return self.kind_names.get(kind, kind)


TableFunction = Callable[[Context], DataTable]
Applies = Callable[[Capabilities], bool]
TABLES: list[tuple[TableFunction, Applies]] = []


def _always(_stated: Capabilities) -> bool:
    return True


def table(when: Applies = _always) -> Callable[[TableFunction], TableFunction]:
    """Register an open-data table, written ``when`` the plan states what it holds (capabilities:
    no departments table for a plan without 主管課); tables are written in the order registered."""

    def register(fn: TableFunction) -> TableFunction:
        TABLES.append((fn, when))
        return fn

    return register


def stated_only(made: DataTable, shown: dict[str, bool]) -> DataTable:
    """Leave out the columns (by key) the plan does not state, as every other output does."""
    keep = [n for n, column in enumerate(made.columns) if shown.get(column.key, True)]
    made.columns = [made.columns[n] for n in keep]
    made.rows = [[row[n] for n in keep] for row in made.rows]
    return made


def tables(plan: Plan, *, internal: bool = False) -> list[DataTable]:
    """Every table the plan states, each row led by the municipality's code and name, text on one line."""
    context = Context(plan, internal)
    data = [fn(context) for fn, when in TABLES if when(context.stated)]
    for made in data:
        _lead(made, plan.meta.municipality_code or "", plan.meta.municipality)
        if internal:
            _classify(made)
    return data


def printed_table(plan: Plan, *, internal: bool = False) -> DataTable:
    """The one table ``export`` prints without ``-o``: the schedule, or the items where the plan has no phases."""
    made = {t.name: t for t in tables(plan, internal=internal)}
    return made.get("schedule") or made["items"]


@table()
def items_table(c: Context) -> DataTable:
    words = c.words
    made = DataTable(
        "items",
        words.item,
        "計画の項目。1 行 1 項目",
        [
            c.item_column,
            Column("label", "表示番号", "string", "計画が項目に付けて印刷している番号。例: ①、取組項目1"),
            Column("pillar_id", f"{words.pillar}ID", "string", "項目が属する柱（基本方針）の番号"),
            Column("pillar", words.pillar, "string", "柱の名称"),
            Column("goal_id", f"{words.goal}ID", "string", "項目が属する目標の番号。柱に直接属する項目では空"),
            Column("goal", words.goal, "string", "目標の名称。柱に直接属する項目では空"),
            Column("title", f"{words.item}名", "string", "項目の名称"),  # Japanese in every run, as every heading
            Column("headline", "概要", "string", "項目の取組を一文で表したもの"),
            Column("description", "内容", "string", "取組の内容（計画の改行は半角スペース 1 つに置き換え）"),
            Column(
                "department_count",
                f"{words.department}数",
                "integer",
                "項目に回答する主管課の数。主管課の記載がない項目は計画の所管課の 1（課ごとの行は departments 表）",
            ),
            Column("cross_referenced", "他計画掲載", "boolean", "他の計画に掲載された事業であるか（有／無）"),
        ],
        empty="計画に項目がない",
    )
    pillars = {p.id: p for p in c.plan.meta.pillars}
    goals = {g.id: g for p in c.plan.meta.pillars for g in p.goals}
    for item in c.plan.items:
        pillar_id, goal_id = c.plan.parent(item.id)
        pillar = pillars.get(pillar_id or "")
        goal = goals.get(goal_id or "")
        made.rows.append(
            [
                *(item.id, item.label, pillar_id or ""),
                *(pillar.title if pillar else "", goal_id or "", goal.title if goal else ""),
                *(item.title, item.headline, item.description, len(c.plan.meta.answerers(item))),
                c.plan.cross_referenced(item),
            ]
        )
    stated = c.stated
    return stated_only(
        made,
        {
            "label": stated.has_labels,
            **dict.fromkeys(("goal_id", "goal"), stated.has_goals),
            "department_count": stated.has_departments,
            "cross_referenced": stated.has_cross_references,
        },
    )


@table(lambda stated: stated.has_phases)
def schedule_table(c: Context) -> DataTable:
    made = DataTable(
        "schedule",
        "年度別の予定",
        "項目 × 年度 × 段階の縦持ち表。1 行は、ある項目のある年度に予定された 1 つの段階",
        [
            c.item_column,
            _YEAR,
            _ERA_COLUMN,
            Column("baseline", "現状年度", "boolean", "計画期間の前年度（現状）の列であるか（有／無）"),
            Column("order", "順序", "integer", "その年度の中で段階が記載された順（1 から）"),
            Column("phase", "段階", "string", "予定された段階。例: 検討、構築、運用"),
            Column("phase_kind_id", "段階の種類ID", "string", "段階の種類の識別子"),
            Column("phase_kind", "段階の種類", "string", "段階の種類の名称。例: 検討・準備"),
        ],
        empty="計画の項目に年度別の段階の記載がない",
    )
    baseline = c.plan.meta.period.baseline
    for item in c.plan.items:
        for year in sorted(item.schedule):
            for order, phase in enumerate(item.schedule[year], 1):
                kind = c.kind_of_phase.get(phase) or ""
                era = fiscal.era_name(year)
                made.rows.append([item.id, year, era, year == baseline, order, phase, kind, c.kind_name(phase)])
    return made


@table(lambda stated: stated.has_departments)
def departments_table(c: Context) -> DataTable:
    words = c.words
    made = DataTable(
        "departments",
        words.department,
        "主管課 × 項目。1 行は、ある課が主管する 1 つの項目（主管課の記載がない項目は、回答する計画の所管課）",
        [
            Column("department", words.department, "string", "項目を主管する課・担当"),
            Column("department_order", "課の順序", "integer", "計画の課の一覧での順（1 から）。一覧にない課は空"),
            c.item_column,
            Column("order", "順序", "integer", "その項目の主管課の中での記載順（1 から）"),
        ],
        empty="計画の項目に主管課の記載がない",
    )
    dept_order = {d: n for n, d in enumerate(c.plan.meta.departments, 1)}
    for item in c.plan.items:
        # The office answering an item that names no 主管課 is its one row, as every count of answers has it.
        for order, dept in enumerate(c.plan.meta.answerers(item), 1):
            made.rows.append([dept, dept_order.get(dept), item.id, order])
    made.rows.sort(key=lambda r: (r[1] is None, r[1] or 0, r[0]))  # plan order of departments, stable
    return made


@table(lambda stated: stated.has_tags)
def tags_table(c: Context) -> DataTable:
    tag = c.words.tag
    made = DataTable(
        "tags",
        tag,
        f"項目 × {tag}。1 行は、ある項目に付いた 1 つの{tag}（凡例）",
        [
            c.item_column,
            Column("tag", tag, "string", "凡例の略称。例: 実計"),
            Column("meaning", f"{tag}の意味", "string", "凡例の説明"),
        ],
        empty=f"計画の項目に{tag}が付いていない",
    )
    meaning = {t.name: t.meaning for t in c.plan.meta.tags}
    made.rows = [[item.id, name, meaning.get(name, "")] for item in c.plan.items for name in item.tags]
    return made


@table(lambda stated: stated.has_milestones)
def milestones_table(c: Context) -> DataTable:
    made = DataTable(
        "milestones",
        "到達目標",
        "項目 × 到達目標。1 行は、計画が「○年度までに」と定めた 1 つの到達目標",
        [
            c.item_column,
            replace(_YEAR, description="この年度の末までに達成する。" + _YEAR.description),
            _ERA_COLUMN,
            Column("text", "到達目標", "string", "期限までに達成すること"),
        ],
        empty="計画の項目に到達目標（「○年度までに」）の記載がない",
    )
    made.rows = [[i.id, m.by, fiscal.era_name(m.by), m.text] for i in c.plan.items for m in i.milestones]
    return made


_INDICATOR_ID = Column("indicator_id", "指標ID", "string", "項目の中での指標の識別子")


@table(lambda stated: stated.has_indicators)
def indicators_table(c: Context) -> DataTable:
    made = DataTable(
        "indicators",
        "指標",
        "項目 × 指標。1 行は 1 つの指標と、計画が示す現状値",
        [
            c.item_column,
            _INDICATOR_ID,
            Column("name", "指標名", "string", "指標の名称"),
            Column("unit", "単位", "string", "値の単位。例: %、件"),
            Column("direction", "目指す方向", "string", "計画が示す方向（増やす または 減らす）。記載がなければ空"),
            Column("baseline", "現状値", "number", "現状値（数値）。数値でなければ空"),
            Column("baseline_text", "現状値（文章）", "string", "数値でない現状値。例: 未実施"),
            Column("baseline_fiscal_year", "現状値の年度（西暦）", "integer", "現状値の年度。記載がなければ空"),
            Column("baseline_fiscal_year_ja", "現状値の年度（和暦）", "string", "同じ年度の和暦表記。例: 令和4年度"),
            Column("baseline_calendar_year", "現状値の年（西暦）", "integer", "現状値が暦年で示されているときの年"),
            Column("baseline_calendar_year_ja", "現状値の年（和暦）", "string", "同じ暦年の和暦表記。例: 令和4年"),
            Column("baseline_survey", "現状値の調査", "string", "現状値の出典となる調査"),
            Column("note", "測定方法の注", "string", "値の測り方についての計画の注（※）"),
        ],
        empty="計画の項目に指標の記載がない",
    )
    for item in c.plan.items:
        for indicator in item.indicators:
            base = indicator.baseline
            year = base.year if base else None
            calendar = base.calendar_year if base else None
            made.rows.append(
                [
                    *(item.id, indicator.id, indicator.name, indicator.unit, indicator.stated_direction),
                    *(base.value if base else None, base.text if base else ""),
                    *(year, fiscal.era_name(year), calendar, fiscal.calendar_era_name(calendar)),
                    *(base.survey if base else "", indicator.note),
                ]
            )
    return made


@table(lambda stated: stated.has_indicators)
def targets_table(c: Context) -> DataTable:
    made = DataTable(
        "targets",
        "目標値",
        "指標 × 年度の目標値。計画が目標値を示す年度だけの行（最終年度だけのこともある）。"
        "年度を示さない最終目標は年度が空の行（最終目標の列は計画に最終目標があるときだけ）",
        [
            c.item_column,
            _INDICATOR_ID,
            _YEAR,
            _ERA_COLUMN,
            Column("target", "目標値", "number", "目標値（数値）。数値でなければ空"),
            Column("target_text", "目標値（文章）", "string", "数値でない目標値。例: 全市町村で導入"),
            Column("final", "最終目標", "boolean", "年度を示さない最終目標（計画期間の終わり）であるか（有／無）"),
        ],
        empty="計画の指標に目標値の記載がない",
    )
    for item in c.plan.items:
        for indicator in item.indicators:
            for year in indicator.target_years:
                target, text = indicator.targets.get(year), indicator.target_texts.get(year, "")
                made.rows.append([item.id, indicator.id, year, fiscal.era_name(year), target, text, False])
            if indicator.final_shown() is not None:
                final = [indicator.final_target, indicator.final_target_text or "", True]
                made.rows.append([item.id, indicator.id, None, "", *final])
    return stated_only(made, {"final": c.stated.has_final_targets})


@table(lambda stated: stated.has_sources)
def sources_table(c: Context) -> DataTable:
    made = DataTable(
        "sources",
        "出典",
        "計画と項目の出典。1 行は 1 つの資料。項目IDが空の行は計画全体の出典",
        [
            c.item_column,
            Column("order", "順序", "integer", "その計画・項目の出典の中での記載順（1 から）"),
            Column("title", "資料名", "string", "出典の資料名"),
            Column("url", "URL", "string", "出典の所在（URL）。記載がなければ空"),
            Column("page", "ページ", "string", "出典のページ。記載がなければ空"),
        ],
        empty="計画にも項目にも出典の記載がない",
    )
    made.rows = [["", n, s.title, s.url, s.page] for n, s in enumerate(c.plan.meta.sources, 1)]
    for item in c.plan.items:
        made.rows += [[item.id, n, s.title, s.url, s.page] for n, s in enumerate(item.sources, 1)]
    return made


@table()
def progress_table(c: Context) -> DataTable:
    internal = [
        Column("note", "庁内メモ", "string", "庁内限りのメモ（--internal のときだけ）"),
        Column("answered_by", "回答者・連絡先", "string", "回答した職員と連絡先（--internal のときだけ）"),
    ]
    made = DataTable(
        "progress",
        "進捗",
        "項目 × 年度 × 主管課の回答（庁内メモは含まない）",
        [
            *(c.item_column, _YEAR, _ERA_COLUMN, _ANSWER_DEPARTMENT),
            Column("status", "進捗区分", "string", _STATUS_TEXT),
            Column(
                "rollup",
                "集計区分",
                "string",
                "集計区分のコード: " + "、".join(ITEM_ROLLUP_VALUES) + "。進捗区分から、なければ指標の評価から",
            ),
            Column("rollup_name", "集計区分名", "string", "集計区分の名称: " + _rollup_names(ITEM_ROLLUP_VALUES)),
            Column("result", "取組実績", "string", "実際に行った取組"),
            Column("rating", "評価", "string", "回答された評価（plan.yaml の ratings）。なければ空"),
            Column("challenge", "課題・今後の方向性", "string", "課題と今後の方向性"),
            Column("evidence", "根拠資料", "string", "取組実績の根拠となる資料"),
            Column("phase_count", "実施した段階の数", "integer", "実施した段階の数（段階ごとは progress_phases 表）"),
            Column("answered_on", "回答日", "date", "回答した日（YYYY-MM-DD）。記録がなければ空"),
            *(internal if c.internal else []),
        ],
        empty="進捗状況調査の回答がまだない",
    )
    for a in c.plan.answers:
        code = answer_rollup(c.plan.meta, c.plan.item(a.item), a) or ""
        made.rows.append(
            [
                *(
                    a.item,
                    a.year,
                    fiscal.era_name(a.year),
                    a.department,
                    a.status or "",
                    code,
                    ITEM_ROLLUP_VALUES.get(code, ""),
                ),
                *(a.result, a.rating or "", a.challenge, a.evidence, len(a.phases), a.answered_on),
                *([a.note, a.answered_by or ""] if c.internal else []),
            ]
        )
    stated = c.stated
    return stated_only(
        made, {"department": stated.has_departments, "rating": stated.has_ratings, "phase_count": stated.has_phases}
    )


@table()
def progress_rollups_table(c: Context) -> DataTable:
    """Each item's 集計区分 in each year with answers, by the one rule of report and roadmap (ratings.overall)."""
    made = DataTable(
        "progress_rollups",
        "項目の集計区分",
        "項目 × 年度の集計区分。すべての主管課が回答するまで順調とせず一部未回答とする（遅れ・中止の回答はそのまま）",
        [
            c.item_column,
            *(_YEAR, _ERA_COLUMN),
            Column(
                "rollup", "集計区分", "string", "集計区分のコード: " + "、".join(ITEM_ROLLUP_VALUES) + "。未回答は空"
            ),
            Column(
                "rollup_name",
                "集計区分名",
                "string",
                "集計区分の名称: " + _rollup_names(ITEM_ROLLUP_VALUES) + "、未回答",
            ),
            Column("answered", "回答した主管課の数", "integer", "その年度に回答した主管課の数"),
            Column("departments", "主管課の数", "integer", "項目に回答する主管課の数（記載がない項目は所管課の 1）"),
        ],
        empty="進捗状況調査の回答がまだない",
    )
    for year in c.plan.meta.period.years:
        answers = c.plan.answers_for(year)
        if not answers:
            continue
        for item in c.plan.items:
            given = answers.get(item.id, [])
            code = overall(c.plan.meta, item, given) or ""
            name = ITEM_ROLLUP_VALUES.get(code, "未回答")
            answerers = c.plan.meta.answerers(item)
            answered = len({a.department for a in given} & set(answerers))
            made.rows.append([item.id, year, fiscal.era_name(year), code, name, answered, len(answerers)])
    return stated_only(made, dict.fromkeys(("answered", "departments"), c.stated.has_departments))


def _rollup_names(values: dict[str, str] = ROLLUP_VALUES) -> str:
    return "、".join(f"{name}（{code}）" for code, name in values.items())


def _answer_key(c: Context) -> list[Column]:
    return [c.item_column, _YEAR, _ERA_COLUMN, _ANSWER_DEPARTMENT]


@table(lambda stated: stated.has_phases)
def progress_phases_table(c: Context) -> DataTable:
    made = DataTable(
        "progress_phases",
        "実施した段階",
        "回答 × 実施した段階の縦持ち表。1 行は、ある主管課がある年度に実施した 1 つの段階",
        [
            *_answer_key(c),
            Column("order", "順序", "integer", "回答の中で段階が記載された順（1 から）"),
            Column("phase", "段階", "string", "実施した段階"),
            Column("phase_kind", "段階の種類", "string", "段階の種類の名称"),
        ],
        empty="実施した段階を記載した回答がない",
    )
    for a in c.plan.answers:
        key = [a.item, a.year, fiscal.era_name(a.year), a.department]
        made.rows += [[*key, n, phase, c.kind_name(phase)] for n, phase in enumerate(a.phases, 1)]
    return stated_only(made, {"department": c.stated.has_departments})


@table(lambda stated: stated.has_indicators)
def indicator_values_table(c: Context) -> DataTable:
    made = DataTable(
        "indicator_values",
        "指標の実績値",
        "回答 × 指標の縦持ち表。1 行は、ある主管課がある年度に回答した 1 つの指標の実績値・評価・取組実績と目標値",
        [
            *_answer_key(c),
            Column("indicator_id", "指標ID", "string", "項目の指標の識別子"),
            Column("indicator", "指標", "string", "指標の名称"),
            Column("unit", "単位", "string", "実績値・目標値の単位"),
            Column("target", "目標値", "number", "その年度の目標値。なければ空"),
            Column("actual", "実績値", "number", "回答された実績値。なければ空"),
            Column("grade", "評価", "string", "指標ごとに回答された評価（plan.yaml の ratings）。なければ空"),
            Column("result", "取組実績", "string", "指標ごとに回答された取組実績。なければ空"),
        ],
        empty="指標の実績値・評価・取組実績を記載した回答がない",
    )
    for a in c.plan.answers:
        answered = c.plan.item(a.item)
        by_id = {i.id: i for i in answered.indicators} if answered else {}
        # An indicator answered with a value, a grade or a result alone (a KPI graded A–D, its 実績 in words).
        for indicator_id in dict.fromkeys([*a.values, *a.grades, *a.results]):
            found = by_id.get(indicator_id)
            target = found.target_at(a.year, c.plan.meta.period.end) if found else None
            named = (found.name, found.unit) if found else ("", "")
            key = [a.item, a.year, fiscal.era_name(a.year), a.department]
            given = [a.values.get(indicator_id), a.grades.get(indicator_id, ""), a.results.get(indicator_id, "")]
            made.rows.append([*key, indicator_id, *named, target, *given])
    return stated_only(made, {"department": c.stated.has_departments, "grade": c.stated.has_ratings})


_CLASSIFICATION = Column("classification", "公開区分（庁内限り）", "string", "庁内限り: 公開しない（--internal）")


def _classify(table: DataTable) -> None:
    """An internal export: every row of every table says 庁内限り."""
    table.columns.append(_CLASSIFICATION)
    for row in table.rows:
        row.append(INTERNAL_MARK)


def _lead(table: DataTable, code: str, municipality: str) -> None:
    """Put the municipality's code and name in front of every row, and text on one line."""
    table.columns[:0] = LEAD
    table.rows[:] = [
        [code, municipality, *(one_line(v) if isinstance(v, str) else v for v in row)] for row in table.rows
    ]


TYPES = {
    "string": "string（文字列）",
    "integer": "integer（整数）",
    "number": "number（数値）",
    "boolean": "boolean（真偽値。CSV では 有／無）",
    "date": "date（日付。YYYY-MM-DD）",
}


def dictionary(data: list[DataTable]) -> DataTable:
    """The data dictionary: one row per column of every table, itself included."""
    columns = [
        Column("table", "表", "string", "表のファイル名（拡張子なし）"),
        Column("table_title", "表の名称", "string", "表の日本語の名称"),
        Column("position", "列番号", "integer", "表の中での列の位置（1 から）"),
        Column("column", "列名（JSON）", "string", "JSON のキー"),
        Column("label", "列名（CSV）", "string", "CSV の見出し"),
        Column("type", "型", "string", "、".join(TYPES.values())),
        Column("description", "説明", "string", "列の意味"),
    ]
    result = DataTable("dictionary", "データ定義", "各表の各列の意味", columns, empty="表がない")
    lead = data[0].rows[0][: len(LEAD)] if data and data[0].rows else ["", ""]
    for table in data:
        for n, c in enumerate(table.columns, 1):
            result.rows.append([table.name, table.title, n, c.key, c.label, c.type, c.description])
    for n, c in enumerate([*LEAD, *columns], 1):
        result.rows.append([result.name, result.title, n, c.key, c.label, c.type, c.description])
    _lead(result, *lead)
    return result


# Coded values get a Japanese name column beside the code; yes/no columns read 有/無 in CSV, the
# way Japanese government open data writes 有無 (the data dictionary and datapackage.json say so).
BOOLEAN_CSV = {True: "有", False: "無"}


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return BOOLEAN_CSV[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):  # a number, never a formula: -5 stays -5
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return csv_safe(str(value))


def table_csv(table: DataTable) -> str:
    """CSV text with a BOM and CRLF line ends; the header is the Japanese labels."""
    # The headings may carry the plan's own words (labels:), so they are made formula-safe as well.
    header = [csv_safe(c.label) for c in table.columns]
    return excel_csv([header, *([_csv_value(v) for v in row] for row in table.rows)])


@dataclass(frozen=True)
class Stamp:
    """What every export says about itself: its as-of date (基準日), the tool, and plan problems."""

    as_of: date
    generator: str  # "actionplan 0.1.0"
    problems: int = 0
    classification: str = ""  # 庁内限り for an internal export (--internal)

    def fields(self) -> dict[str, Any]:
        note = {"note": problems_note(self.problems)} if self.problems else {}
        mark = {"classification": self.classification} if self.classification else {}
        return {**mark, "as_of": self.as_of.isoformat(), "generator": self.generator, **note}


def generator() -> str:
    """This tool and its version, as exports name it."""
    try:
        return f"actionplan {metadata.version('actionplan')}"
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "actionplan"


def table_json(table: DataTable, stamp: Stamp) -> str:
    """A JSON document: the table's name, title, description, the stamp and its rows as objects."""
    document = {
        "table": table.name,
        "title": table.title,
        "description": table.described(),
        **stamp.fields(),
        "rows": table.records(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def bundle(plan: Plan, stamp: Stamp) -> dict[str, Any]:
    """Every table and the dictionary in one JSON document (for standard output)."""
    data = tables(plan, internal=bool(stamp.classification))
    return {
        "plan": plan.meta.name,
        **stamp.fields(),
        "tables": {t.name: {"title": t.title, "description": t.described(), "rows": t.records()} for t in data},
        "dictionary": dictionary(data).records(),
    }


DATAPACKAGE = "datapackage.json"
# The CSV dialect every table is written in (Frictionless Data Package, https://specs.frictionlessdata.io/).
_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True}


def _field(column: Column) -> dict[str, Any]:
    """A Table Schema field: the CSV header as name, the JSON key as title, the type and how it is written."""
    field: dict[str, Any] = {"name": column.label, "title": column.key, "description": column.description}
    field["type"] = column.type
    if column.type == "boolean":
        field |= {"trueValues": [BOOLEAN_CSV[True]], "falseValues": [BOOLEAN_CSV[False]]}
    if column.type == "date":
        field["format"] = "default"  # ISO 8601, YYYY-MM-DD
    return field


def _resource(table: DataTable) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.described(),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": _DIALECT,
        "schema": {"fields": [_field(c) for c in table.columns], "missingValues": [""]},
    }


def datapackage(plan: Plan, data: list[DataTable], stamp: Stamp) -> dict[str, Any]:
    """The Tabular Data Package describing every CSV table and field of the export.

    The municipality publishes the data under the plan's license; the tool is only its generator."""
    meta = plan.meta
    description = f"{meta.name}（{meta.municipality}、{meta.published}）のオープンデータ。"
    description += f"基準日 {stamp.as_of.isoformat()}"
    if stamp.problems:
        description += f"。{problems_note(stamp.problems)}"
    known = LICENSES.get(meta.license or "")
    licenses = [{"name": meta.license, "path": known.url, "title": known.title}] if known else []
    return {
        "profile": "tabular-data-package",
        "name": "actionplan-" + (meta.municipality_code or "plan"),
        "title": internal_title(meta.name) if stamp.classification else meta.name,
        "description": description,
        "created": f"{stamp.as_of.isoformat()}T00:00:00Z",
        "keywords": [meta.municipality, meta.municipality_code or "", "情報化アクションプラン"],
        **({"licenses": licenses} if licenses else {}),
        "sources": [{"title": f"{meta.name}（{meta.published}）"}],
        "contributors": [{"title": meta.municipality, "role": "publisher"}],
        **stamp.fields(),
        "resources": [_resource(t) for t in data],
    }


Workbook = Callable[[DataTable, Plan, Stamp], bytes]


def export_files(plan: Plan, fmt: str, stamp: Stamp, workbook: Workbook | None = None) -> dict[str, bytes]:
    """Every table and the dictionary as ``<name>.<fmt>`` file name -> content.

    A CSV export also gets datapackage.json, which describes every table and field, and with
    ``workbook`` a typed ``<name>.xlsx`` per table for Excel users (a CSV's 1-1-1 becomes a date there).
    """
    data = tables(plan, internal=bool(stamp.classification))
    data.append(dictionary(data))
    outputs = {f"{t.name}.{fmt}": (table_csv(t) if fmt == "csv" else table_json(t, stamp)).encode() for t in data}
    if fmt == "csv" and workbook is not None:
        outputs |= {f"{t.name}.xlsx": workbook(t, plan, stamp) for t in data}
    if fmt == "csv":
        document = datapackage(plan, data, stamp)
        outputs[DATAPACKAGE] = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    return outputs
