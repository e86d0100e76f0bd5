"""The 体系図: pillars, goals and items, with found and stated counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from actionplan.loader import Plan
from actionplan.model import Item, Stated
from actionplan.render.views import Table, View


@dataclass
class Node:
    """A pillar or goal with the items found under it and the counts the plan states."""

    kind: str  # "pillar" | "goal" | "total"
    id: str
    label: str
    title: str
    stated: Stated
    items: list[Item] = field(default_factory=list)
    cross: int = 0
    goals: list[Node] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (len(self.items), self.cross) == (self.stated.items, self.stated.cross_referenced)


def structure(plan: Plan) -> list[Node]:
    """Pillars in plan order, each with its goals; the last node is the whole plan."""
    pillars = []
    for pillar in plan.meta.pillars:
        goals = [Node("goal", g.id, g.label, g.title, g.stated) for g in pillar.goals]
        pillars.append(Node("pillar", pillar.id, pillar.label, pillar.title, pillar.stated, goals=goals))
    by_id = {n.id: n for p in pillars for n in [p, *p.goals]}
    total = Node("total", "", "計", plan.meta.name, plan.meta.stated)
    for item in plan.items:
        pillar_id, goal_id = plan.parent(item.id)
        flagged = plan.cross_referenced(item)
        targets = [by_id[i] for i in (pillar_id, goal_id) if i in by_id] + [total]
        for node in targets:
            node.items.append(item)
            node.cross += flagged
    return [*pillars, total]


def _count(found: int, stated: int) -> str:
    return f"{found}" if found == stated else f"{found} (≠{stated})"


def counts_view(plan: Plan) -> View:
    """Items and cross-referenced items per pillar and goal, found against stated."""
    rows: list[list[str]] = []
    data = []
    for node in structure(plan):
        entries = [node] if node.kind == "total" else [node, *node.goals]
        for n in entries:
            name = f"  {n.label} {n.title}" if n.kind == "goal" else f"{n.label} {n.title}"
            rows.append(
                [
                    n.id,
                    name,
                    str(len(n.items)),
                    str(n.stated.items),
                    str(n.cross),
                    str(n.stated.cross_referenced),
                    "ok" if n.ok else "MISMATCH",
                ]
            )
            data.append(
                {
                    "kind": n.kind,
                    "id": n.id or None,
                    "title": n.title,
                    "items": len(n.items),
                    "stated_items": n.stated.items,
                    "cross_referenced": n.cross,
                    "stated_cross_referenced": n.stated.cross_referenced,
                }
            )
    columns = ["ID", "柱・目標", "項目数", "項目数（記載）", "他計画掲載", "他計画掲載（記載）", "照合"]
    table = Table(columns, rows, title=f"{plan.meta.name}: 目標ごとの項目数")
    return View({"items": len(plan.items), "counts": data}, [table], table)
