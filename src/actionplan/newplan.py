"""A new plan of one's own (``init --blank``, ``init --from``): its files, in Japanese, saying what to fill in.

What the tool cannot know is written with the mark 【要記入】 (model.TO_FILL_IN), which ``validate``
reports as ``to-fill-in``: a placeholder never passes for real data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from actionplan.loader import ITEMS_DIR, PLAN_FILE
from actionplan.model import TO_FILL_IN

# Item IDs of a new plan: 1-1 (pillar 1, item 1); a goal level may be added later (1-1-1).
ID_PATTERN = "^[0-9]+(-[0-9]+){1,2}$"


def to_fill(what: str) -> str:
    """A value to fill in: 【要記入】項目名."""
    return TO_FILL_IN + what


@dataclass
class NewIndicator:
    """An indicator (指標) as a table states it: a name, targets by year (numbers or words), and a final
    target with no year (year None) where the table gives one."""

    id: str
    name: str
    unit: str = ""
    kind: str | None = None  # per_year or cumulative, where the table's unit says (件/年, 人(累計))
    targets: dict[int, float] = field(default_factory=dict)
    target_texts: dict[int, str] = field(default_factory=dict)
    final: float | str | None = None
    baseline: float | None = None
    baseline_text: str = ""
    baseline_year: int | None = None
    read_from: tuple[str, str, str] = ("", "", "")  # cells, targets and baseline as written (init --from)

    def set_target(self, year: int | None, value: float | str) -> None:
        """A target as read: a number or words, for a year or (None) the final target."""
        if not isinstance(value, str) or value:
            if year is None:
                self.final = value
            elif isinstance(value, str):
                self.target_texts[year] = value
            else:
                self.targets[year] = value


@dataclass
class NewItem:
    """One item of a new plan; ``label`` is the number the table printed where it is not the ID (①)."""

    id: str
    title: str
    departments: list[str]
    headline: str = ""
    description: str = ""
    schedule: dict[int, list[str]] = field(default_factory=dict)
    indicators: list[NewIndicator] = field(default_factory=list)
    label: str = ""
    source: str = ""  # where it was read from: 工程表.xlsx の7行目


@dataclass
class NewPlan:
    """plan.yaml of a new plan: what the user gave, else values to fill in."""

    start: int
    end: int
    name: str = field(default_factory=lambda: to_fill("計画の名称"))
    municipality: str = field(default_factory=lambda: to_fill("地方公共団体名"))
    code: str = field(default_factory=lambda: to_fill("全国地方公共団体コード"))
    pillars: list[str] = field(default_factory=lambda: ["1"])
    items: list[NewItem] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)


def blank(plan: NewPlan) -> dict[str, bytes]:
    """The files of a blank plan: plan.yaml and one item to copy for the next ones."""
    plan.items = [NewItem("1-1", to_fill("項目名"), [to_fill("主管課")], description=to_fill("取組の内容"))]
    return files(plan)


def files(plan: NewPlan) -> dict[str, bytes]:
    """plan.yaml and items/<id>.yaml of ``plan``, as UTF-8 YAML."""
    result = {PLAN_FILE: _plan_yaml(plan).encode("utf-8")}
    for item in plan.items:
        result[f"{ITEMS_DIR}/{item.id}.yaml"] = _item_yaml(item).encode("utf-8")
    return result


def _q(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: any text, quoted once and safely.
    return json.dumps(text, ensure_ascii=False)


def _plan_yaml(plan: NewPlan) -> str:
    departments = list(dict.fromkeys(d for item in plan.items for d in item.departments))
    lines = [
        "# 計画の基本情報。「【要記入】」で始まる値を書き換えること（actionplan validate が残りを示す）。",
        f"name: {_q(plan.name)}  # 計画の名称",
        f"municipality: {_q(plan.municipality)}  # 地方公共団体名（例：杉並区）",
        f"municipality_code: {_q(plan.code)}  # 全国地方公共団体コード（6桁、末尾は検査数字。杉並区は131156）",
        f"published: {_q(to_fill('公表年月'))}  # 公表年月（例：令和7年3月）",
        "language: ja",
        "period:  # 計画期間（年度）",
        f"  start: {plan.start}",
        f"  end: {plan.end}",
        f"id_pattern: '{ID_PATTERN}'  # 項目番号の形（1-1、1-1-1）",
        "pillars:  # 柱。項目番号の最初の数字が柱の id",
    ]
    for pillar in plan.pillars:
        lines += [f'  - id: "{pillar}"', f"    label: {_q(to_fill('柱の表示番号（例：第一）'))}"]
        lines.append(f"    title: {_q(to_fill('柱の名称'))}")
    if departments:
        lines.append("departments:  # 主管課。報告はこの順に並ぶ")
        lines += [f"  - {_q(d)}" for d in departments]
    if any(not item.departments for item in plan.items):
        # Asked once here, never once per item: the office answers for every item naming no 主管課.
        lines.append(f"office: {_q(to_fill('回答する課'))}  # 主管課の記載がない項目に回答する課（例：情報政策課）")
    if plan.phases:
        lines.append("phases:  # 工程表に書かれた段階の語")
        lines += [f"  - name: {_q(p)}" for p in plan.phases]
    return "\n".join(lines) + "\n"


def _item_yaml(item: NewItem) -> str:
    lines = []
    if item.source:
        lines.append(f"# {item.source}")
    lines.append(f"id: {item.id}")
    if item.label:
        lines.append(f"label: {_q(item.label)}  # 表示番号（計画に印刷された番号）")
    lines += [
        f"title: {_q(item.title)}  # 項目名",
    ]
    if item.departments:
        lines.append("departments:  # 主管課（plan.yaml の departments にある名称）")
        lines += [f"  - {_q(d)}" for d in item.departments]
    else:
        lines.append("# departments:  # 主管課の記載がない項目。plan.yaml の office の課が回答する")
    if item.headline:
        lines.append(f"headline: {_q(item.headline)}  # 概要")
    if item.description:
        lines.append(f"description: {_q(item.description)}  # 取組の内容")
    if item.schedule:
        lines.append("schedule:  # 年度ごとの計画（段階の語）")
        # A JSON array is a YAML flow sequence: ["検討", "設計"].
        lines += [f"  {y}: {json.dumps(phases, ensure_ascii=False)}" for y, phases in sorted(item.schedule.items())]
    else:
        lines.append("# schedule:  # 年度ごとの計画を書く場合（例：2025: [検討]）")
    if item.indicators:
        lines.append("indicators:  # 指標")
        for indicator in item.indicators:
            lines += _indicator_lines(indicator)
    return "\n".join(lines) + "\n"


# The plan's own words beside an indicator's kind, in the comment init writes (plan files are Japanese).
KIND_COMMENTS = {"per_year": "単年度の値", "cumulative": "累計"}


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _indicator_lines(indicator: NewIndicator) -> list[str]:
    lines = [f"  - id: {indicator.id}", f"    name: {_q(indicator.name)}"]
    if indicator.unit:
        lines.append(f"    unit: {_q(indicator.unit)}")
    if indicator.kind:
        lines.append(f"    kind: {indicator.kind}  # {KIND_COMMENTS[indicator.kind]}")
    if indicator.baseline is not None or indicator.baseline_text:
        value = indicator.baseline
        stated = f"value: {_number(value)}" if value is not None else f"text: {_q(indicator.baseline_text)}"
        when = f", year: {indicator.baseline_year}" if indicator.baseline_year is not None else ""
        lines.append(f"    baseline: {{{stated}{when}}}  # 現状値")
    if indicator.targets:
        given = ", ".join(f"{year}: {_number(value)}" for year, value in sorted(indicator.targets.items()))
        lines.append(f"    targets: {{{given}}}")
    if indicator.target_texts:
        given = ", ".join(f"{year}: {_q(text)}" for year, text in sorted(indicator.target_texts.items()))
        lines.append(f"    target_texts: {{{given}}}")
    if isinstance(indicator.final, float):
        lines.append(f"    final_target: {_number(indicator.final)}  # 最終目標（年度の記載なし）")
    elif indicator.final:
        lines.append(f"    final_target_text: {_q(indicator.final)}  # 最終目標（年度の記載なし）")
    return lines
