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
            data.append({"kind": n.kind} | _node_data(n))
    columns = ["ID", "柱・目標", "項目数", "項目数（記載）", "他計画掲載", "他計画掲載（記載）", "照合"]
    table = Table(columns, rows, title=f"{plan.meta.name}: 目標ごとの項目数")
    return View({"items": len(plan.items), "counts": data}, [table], table)


def tree_view(plan: Plan) -> View:
    """The 体系図: pillars, goals and their items, with found and stated counts."""
    rows: list[list[str]] = []
    flat: list[list[str]] = []
    data = []

    def count(node: Node) -> str:
        found, stated = len(node.items), node.stated.items
        return f"{found}/{stated}" + ("" if node.ok else "  ≠")

    def add_items(items: list[Item], pillar: str, goal: str, depth: int) -> list[dict[str, str]]:
        for item in items:
            rows.append([item.id, "　" * depth + item.title, ""])
            flat.append(["item", pillar, goal, item.id, item.title, "", ""])
        return [{"id": i.id, "title": i.title} for i in items]

    nodes = structure(plan)
    for pillar in nodes[:-1]:
        rows.append([pillar.id, f"{pillar.label} {pillar.title}", count(pillar)])
        flat.append(["pillar", pillar.id, "", "", pillar.title, str(len(pillar.items)), str(pillar.stated.items)])
        goals = []
        for goal in pillar.goals:
            rows.append([goal.id, f"　{goal.label} {goal.title}", count(goal)])
            flat.append(["goal", pillar.id, goal.id, "", goal.title, str(len(goal.items)), str(goal.stated.items)])
            goals.append(_node_data(goal) | {"items": add_items(goal.items, pillar.id, goal.id, 2)})
        direct = [i for i in pillar.items if plan.parent(i.id)[1] is None]
        entry = _node_data(pillar) | {"goals": goals, "items": add_items(direct, pillar.id, "", 1)}
        data.append(entry)
    total = nodes[-1]
    rows.append(["", "計", count(total)])
    flat.append(["total", "", "", "", plan.meta.name, str(len(total.items)), str(total.stated.items)])
    document = {"name": plan.meta.name, "pillars": data, "total": _node_data(total)}
    table = Table(["ID", "体系", "項目数（実数/記載）"], rows, title=f"{plan.meta.name} 体系図")
    flat_table = Table(["種別", "柱", "目標", "項目番号", "名称", "項目数", "項目数（記載）"], flat)
    return View(document, [table], flat_table)


def _node_data(node: Node) -> dict[str, object]:
    return {
        "id": node.id or None,
        "label": node.label,
        "title": node.title,
        "found": len(node.items),
        "stated": node.stated.items,
        "cross_referenced": node.cross,
        "stated_cross_referenced": node.stated.cross_referenced,
    }
