"""The status table of one fiscal year (report YEAR): planned phase, change, recorded status."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from actionplan import fiscal
from actionplan.loader import Plan
from actionplan.model import Item, Record
from actionplan.reports.items import NOT_STATED, phases_text, planned, schedule_years, year_name
from actionplan.views import Table, View

# How a phase moves from the year before; the words the report prints. There is no change
# where either year states no phase: "not stated" is never 継続.
SAME, CHANGED = "継続", "変更"
ROLLUP_LABELS = {"on_schedule": "順調", "delayed": "遅れ", "stopped": "中止"}
NOT_RECORDED = "未記録"


@dataclass(frozen=True)
class Row:
    """One item in the year's report."""

    item: Item
    pillar: str | None
    goal: str | None
    phases: list[str]  # empty: the plan states no phase for the year
    previous: list[str] | None  # None: the year before is not in the plan
    record: Record | None
    change: str  # SAME, CHANGED, or "" where either year states no phase


@dataclass(frozen=True)
class YearReport:
    plan: Plan
    year: int
    previous_year: int | None
    rows: list[Row]
    recorded: bool  # any row has a record: the report then shows status columns

    def rollup(self, row: Row) -> str:
        if row.record is None:
            return NOT_RECORDED
        rollups = {s.name: ROLLUP_LABELS[s.rollup] for s in self.plan.meta.statuses}
        return rollups.get(row.record.status, NOT_RECORDED)


def year_report(plan: Plan, year: int, items: list[Item]) -> YearReport:
    """Compute the report of ``year`` over ``items`` (already filtered, in plan order)."""
    years = plan.meta.period.years
    previous = year - 1 if year - 1 in years else None
    records = plan.records_for(year)
    rows = []
    for item in items:
        pillar, goal = plan.parent(item.id)
        before = list(item.schedule.get(previous, [])) if previous is not None else None
        now = list(item.schedule.get(year, []))
        change = ""
        if before and now and previous is not None:
            # Compared as meant: → or 継続 carries the year before's phases on.
            change = SAME if planned(plan, item, previous) == planned(plan, item, year) else CHANGED
        rows.append(Row(item, pillar, goal, now, before, records.get(item.id), change))
    return YearReport(plan, year, previous, rows, any(r.record is not None for r in rows))


def report_view(report: YearReport) -> View:
    """The year's report: one table per goal (in ID order, items directly in a pillar between
    its goals), then the summaries. A plan with no schedules gets no phase columns."""
    plan, year = report.plan, report.year
    prev_label = year_name(plan, report.previous_year) if report.previous_year else "前年度"
    labels = plan.meta.labels
    scheduled = bool(schedule_years(plan))
    phase_columns = [prev_label, year_name(plan, year), "変化"] if scheduled else []
    columns = ["ID", labels.item_title, labels.department, *phase_columns]
    if report.recorded:
        columns += ["実績", "実施した段階", "状況"]
    tables = []
    for title, rows in _groups(report):
        body = [_cells(report, row, scheduled) for row in rows]
        tables.append(Table(columns, body, title=title))
    tables += _summaries(report, scheduled)
    flat_columns = [
        *["ID", labels.pillar, labels.goal, labels.item_title, labels.department, *phase_columns],
        *["実績", "実施した段階", "状況"],
    ]
    flat_rows = [
        [row.item.id, row.pillar or "", row.goal or "", *_cells(report, row, scheduled, full=True)[1:]]
        for row in report.rows
    ]
    part = plan.meta.period.partial(year)
    return View(
        _report_data(report),
        tables,
        Table(flat_columns, flat_rows),
        notes=[f"{len(report.rows)} {labels.item}"],
        title=f"{fiscal.label(year)}{f'（{part}）' if part else ''} 進捗状況表 — {plan.meta.name}",
    )


def _cells(report: YearReport, row: Row, scheduled: bool, *, full: bool = False) -> list[str]:
    cells = [row.item.id, row.item.title, "、".join(row.item.departments)]
    if scheduled:
        cells += [
            (phases_text(row.previous) or NOT_STATED) if row.previous is not None else "",
            phases_text(row.phases) or NOT_STATED,
            row.change,
        ]
    if report.recorded or full:
        record = row.record
        cells += [record.status if record else "", phases_text(record.phases) if record else "", report.rollup(row)]
    return cells


def _groups(report: YearReport) -> list[tuple[str, list[Row]]]:
    """Runs of rows under one pillar or goal, in plan order: 1-1 | goal 1-2 | 1-3 stay in that order."""
    pillars = {p.id: p for p in report.plan.meta.pillars}
    goals = {g.id: g for p in report.plan.meta.pillars for g in p.goals}
    groups: list[tuple[str, list[Row]]] = []
    current: tuple[str | None, str | None] | None = None
    for row in report.rows:
        key = (row.pillar, row.goal)
        if key != current:
            pillar, goal = pillars.get(row.pillar or ""), goals.get(row.goal or "")
            title = f"{pillar.label} {pillar.title}" if pillar else "その他"
            if goal is not None:
                title += f" ／ {goal.label} {goal.title}"
            groups.append((title, []))
            current = key
        groups[-1][1].append(row)
    return groups


def _summaries(report: YearReport, scheduled: bool) -> list[Table]:
    plan, rows = report.plan, report.rows
    labels = plan.meta.labels
    phase_order = [p.name for p in plan.meta.phases]
    # Counted as meant: an arrow counts as the phase it carries on.
    per_phase = Counter(p for row in rows for p in planned(plan, row.item, report.year))
    phase_rows = [[p, str(per_phase[p])] for p in phase_order if per_phase[p]]
    phase_rows += [[p, str(n)] for p, n in per_phase.items() if p not in phase_order]
    changing = [r for r in rows if r.change == CHANGED]
    new_tag = _new_tag(plan)
    new_items = [r for r in rows if new_tag and new_tag in r.item.tags]
    per_dept = Counter(d for row in rows for d in row.item.departments)
    dept_rows = [[d, str(per_dept[d])] for d in plan.meta.departments if per_dept[d]]
    tables = []
    if scheduled:
        tables += [
            Table(["段階", labels.item_count], phase_rows, title=f"段階別{labels.item_count}"),
            Table(
                ["ID", labels.item_title, "前年度", "当年度", "変化"],
                [
                    [r.item.id, r.item.title, phases_text(r.previous or []), phases_text(r.phases), r.change]
                    for r in changing
                ],
                title=f"段階が変わる{labels.item}（{len(changing)}）",
            ),
        ]
    due = [(r, m) for r in rows for m in r.item.milestones if m.by == report.year]
    if any(m for r in rows for m in r.item.milestones):
        tables.append(
            Table(
                ["ID", labels.item_title, "到達目標"],
                [[r.item.id, r.item.title, m.text] for r, m in due],
                title=f"{fiscal.era_name(report.year)}が期限の{labels.item}（{len(due)}）",
            )
        )
    if new_tag:
        tables.append(
            Table(
                ["ID", labels.item_title],
                [[r.item.id, r.item.title] for r in new_items],
                title=f"{new_tag}{labels.item}（{len(new_items)}）",
            )
        )
    tables.append(
        Table([labels.department, labels.item_count], dept_rows, title=f"{labels.department}別{labels.item_count}")
    )
    if report.recorded:
        tables.append(_rollup_table(report))
    return tables


def _new_tag(plan: Plan) -> str | None:
    # The plan's legend says which tag marks new items (Suginami's: 新規).
    return next((t.name for t in plan.meta.tags if t.marks_new), None)


def _rollup_table(report: YearReport) -> Table:
    words = report.plan.meta.labels
    labels = [*ROLLUP_LABELS.values(), NOT_RECORDED]
    members: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in report.rows:
        rollup = report.rollup(row)
        keys = [("pillar", row.pillar), ("goal", row.goal)] + [("department", d) for d in row.item.departments]
        for key in keys:
            if key[1] is not None:
                members[(key[0], key[1])][rollup] += 1
    groups: list[tuple[str, str, Counter[str]]] = [("計", "全体", Counter(report.rollup(r) for r in report.rows))]
    for pillar in report.plan.meta.pillars:
        groups.append((words.pillar, f"{pillar.label} {pillar.title}", members[("pillar", pillar.id)]))
        groups += [(words.goal, f"{g.id} {g.title}", members[("goal", g.id)]) for g in pillar.goals]
    groups += [(words.department, d, members[("department", d)]) for d in report.plan.meta.departments]
    rows = [[kind, name, *(str(counts[label]) for label in labels)] for kind, name, counts in groups if counts]
    return Table(["区分", "名称", *labels], rows, title="進捗状況の集計")


def _report_data(report: YearReport) -> dict[str, Any]:
    rows = report.rows
    return {
        "year": report.year,
        "label": fiscal.era_name(report.year),
        "previous_year": report.previous_year,
        "items": [
            {
                "id": r.item.id,
                "pillar": r.pillar,
                "goal": r.goal,
                "title": r.item.title,
                "departments": list(r.item.departments),
                "tags": list(r.item.tags),
                "phases": r.phases,
                "previous_phases": r.previous,
                "change": r.change or None,
                "milestones": [{"by": m.by, "text": m.text} for m in r.item.milestones if m.by == report.year],
                "status": r.record.status if r.record else None,
                "recorded_phases": list(r.record.phases) if r.record else None,
                "note": r.record.note if r.record else None,
                "rollup": report.rollup(r),
            }
            for r in rows
        ],
        "summary": {
            "phases": dict(Counter(p for r in rows for p in planned(report.plan, r.item, report.year))),
            "changing": [r.item.id for r in rows if r.change == CHANGED],
            "departments": dict(Counter(d for r in rows for d in r.item.departments)),
            "rollup": dict(Counter(report.rollup(r) for r in rows)),
        },
    }


def missing_view(report: YearReport) -> View:
    """The coordinator's chase list: items with no record for the year, by department."""
    plan = report.plan
    labels = plan.meta.labels
    missing = [r for r in report.rows if r.record is None]
    tables = []
    data: dict[str, list[str]] = {}
    flat = []
    by_dept: dict[str, list[Row]] = defaultdict(list)
    for row in missing:
        for dept in row.item.departments:
            by_dept[dept].append(row)
    for dept in plan.meta.departments:
        rows = by_dept.get(dept)
        if not rows:
            continue
        data[dept] = [r.item.id for r in rows]
        body = [[r.item.id, r.item.title, phases_text(r.phases)] for r in rows]
        tables.append(
            Table(["ID", labels.item_title, fiscal.era_name(report.year)], body, title=f"{dept}（{len(rows)}）")
        )
        flat += [[dept, *cells] for cells in body]
    return View(
        {"year": report.year, "missing": data},
        tables,
        Table([labels.department, "ID", labels.item_title, fiscal.era_name(report.year)], flat),
        notes=[f"{len(missing)} 項目に{fiscal.era_name(report.year)}の記録がありません"],
        title=f"{fiscal.label(report.year)} 未記録の{labels.item}",
    )
