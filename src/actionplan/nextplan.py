"""The next plan from this one (``init --next``): a draft carrying pillars, goals and items over.

plan.yaml and every item file are edited with ruamel.yaml, so comments and layout stay. Each
item gets ``carried_from`` (the old plan and its ID), a schedule whose baseline (現状) is the
old plan's last year — the phases recorded in progress answers where there are any, else the
planned ones — and an empty list for each year of the new period, for the planners to fill.
Stated counts are kept as keys with null values, "to be set"; plan.yaml gets a ``draft:``
block, and ``validate`` reports what is left as ``draft-incomplete``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from actionplan import fiscal, yamledit
from actionplan.loader import GLOSSARY_FILE, ITEMS_DIR, PLAN_FILE, Plan
from actionplan.model import Item, carried_label


@dataclass
class NextPlan:
    """The files of the draft ({path relative to the new plan: bytes}) and what was done."""

    files: dict[str, bytes]
    baseline: int
    years: list[int]
    # Item IDs whose baseline comes from recorded phases; the others' from planned ones.
    from_answers: list[str] = field(default_factory=list)
    from_schedule: list[str] = field(default_factory=list)
    # Tags that mark an item as new (新規) are not carried: item ID -> tags dropped.
    dropped_tags: dict[str, list[str]] = field(default_factory=dict)


def draft_next(plan: Plan, start: int, end: int) -> NextPlan:
    """The draft of the plan for fiscal years ``start``..``end`` that follows ``plan``.

    ``start`` must come after the old plan's last year (the caller checks).
    """
    baseline = plan.meta.period.end
    result = NextPlan({}, baseline, list(range(start, end + 1)))
    result.files[PLAN_FILE] = _plan_yaml(plan, baseline, start, end)
    new_tags = {t.name for t in plan.meta.tags if t.marks_new}
    # A plan that states no phases (KPIs only, say) gets no schedule to fill in.
    scheduled = plan.capabilities.has_phases
    for item in plan.items:
        source = _item_path(plan, item)
        document = yamledit.load_editable(source.read_bytes())
        data = document.data
        recorded = recorded_phases(plan, item.id, baseline)
        phases = recorded or list(item.schedule.get(baseline, []))
        if scheduled and phases:
            (result.from_answers if recorded else result.from_schedule).append(item.id)
        if scheduled:
            schedule = CommentedMap()
            if phases:  # a baseline the old plan does not state stays not stated, not "to be planned"
                schedule[baseline] = _flow_list(phases)
            for year in result.years:
                schedule[year] = _flow_list([])
            data["schedule"] = schedule
        dropped = [t for t in item.tags if t in new_tags]
        if dropped and "tags" in data:
            data["tags"] = _flow_list([t for t in item.tags if t not in new_tags])
            result.dropped_tags[item.id] = dropped
        if "milestones" in data:
            kept = [m for m, parsed in zip(data["milestones"], item.milestones, strict=True) if parsed.by >= start]
            if kept:
                data["milestones"] = kept
            else:
                del data["milestones"]
        for entry in data.get("indicators") or []:
            _drop_years_before(entry, start)
        carried = CommentedMap([("plan", carried_label(plan.meta)), ("id", item.id)])
        carried.fa.set_flow_style()
        data["carried_from"] = carried
        result.files[f"{ITEMS_DIR}/{source.name}"] = document.dump()
    glossary = plan.root / GLOSSARY_FILE
    if glossary.is_file():
        result.files[GLOSSARY_FILE] = glossary.read_bytes()
    return result


def recorded_phases(plan: Plan, item_id: str, year: int) -> list[str]:
    """The phases the 主管課's answers of a year record as carried out, in 主管課 order, each once."""
    found: list[str] = []
    for answer in plan.answers_for(year).get(item_id, []):
        found += [p for p in answer.phases if p not in found]
    return found


def _plan_yaml(plan: Plan, baseline: int, start: int, end: int) -> bytes:
    document = yamledit.load_editable((plan.root / PLAN_FILE).read_bytes())
    data = document.data
    period = data["period"]
    for key in ("start_month", "end_month"):
        period.pop(key, None)
    period["baseline"], period["start"], period["end"] = baseline, start, end
    for holder in _stated_holders(data):
        counts = CommentedMap((key, None) for key in holder["stated"])
        counts.fa.set_flow_style()
        holder["stated"] = counts
        holder.yaml_add_eol_comment("記載の項目数：未設定（項目が固まったら記入）", "stated")
    old = plan.meta.period
    carried = CommentedMap([("name", plan.meta.name), ("start", old.start), ("end", old.end)])
    carried.fa.set_flow_style()
    data["draft"] = CommentedMap([("carried_from", carried)])
    data.yaml_set_comment_before_after_key(
        "draft",
        before=(
            f"\n次期計画の下書き：{fiscal.era_span(old.start, old.end)}の計画から"
            " actionplan init --next で作成。\n"
            "残りは actionplan validate が draft-incomplete として示す。すべて埋めたら draft: を削除する。"
        ),
    )
    return document.dump()


def _drop_years_before(indicator: Any, start: int) -> None:
    """An indicator's targets for years the new plan no longer covers are the old plan's: dropped.

    So is a final target with no year: it was the target at the end of the old plan's period."""
    for key in ("final_target", "final_target_text"):
        if isinstance(indicator, dict) and key in indicator:
            del indicator[key]
    for key in ("targets", "target_texts"):
        targets = indicator.get(key)
        if not isinstance(targets, dict):
            continue
        for key_year in [y for y in targets if (_year_or_none(y) or start) < start]:
            del targets[key_year]
        if not targets:
            del indicator[key]


def _year_or_none(value: Any) -> int | None:
    try:
        return fiscal.parse_fiscal_year(value)
    except fiscal.FiscalYearError:
        return None


def _stated_holders(data: Any) -> list[Any]:
    """plan.yaml's mappings that state counts: the plan itself, each pillar and each goal."""
    holders = [data] if isinstance(data.get("stated"), dict) else []
    for pillar in data.get("pillars") or []:
        if isinstance(pillar.get("stated"), dict):
            holders.append(pillar)
        holders += [g for g in pillar.get("goals") or [] if isinstance(g.get("stated"), dict)]
    return holders


def _item_path(plan: Plan, item: Item) -> Path:
    shown = Path(plan.item_files[item.id])
    return shown if shown.is_absolute() else Path.cwd() / shown


def _flow_list(values: list[str]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq
