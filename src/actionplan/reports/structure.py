"""The 体系図: pillars, goals and items, with found and stated counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from actionplan.i18n import _
from actionplan.loader import Plan, sort_key
from actionplan.model import Item, Stated
from actionplan.reports.items import printed_number
from actionplan.views import Table, View


@dataclass
class Node:
    """A pillar or goal with the items found under it and the counts the plan states."""

    kind: str  # "pillar" | "goal" | "total"
    id: str
    label: str
    title: str
    stated: Stated | None
    items: list[Item] = field(default_factory=list)
    cross: int = 0
    goals: list[Node] = field(default_factory=list)

    @property
    def stated_items(self) -> int | None:
        return self.stated.items if self.stated else None

    @property
    def stated_cross(self) -> int | None:
        return self.stated.cross_referenced if self.stated else None

    @property
    def ok(self) -> bool:
        """No stated count differs from what is found (a count not stated cannot differ)."""
        items, cross = self.stated_items, self.stated_cross
        return (items is None or items == len(self.items)) and (cross is None or cross == self.cross)


def has_counts(plan: Plan) -> tuple[bool, bool]:
    """Whether the plan states item counts anywhere, and whether it has cross-referencing tags."""
    stated = [plan.meta.stated] + [s for p in plan.meta.pillars for s in [p.stated] + [g.stated for g in p.goals]]
    items = any(s is not None and s.items is not None for s in stated)
    cross = plan.capabilities.has_cross_references or any(
        s is not None and s.cross_referenced is not None for s in stated
    )
    return items, cross


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _name(node: Node) -> str:
    """A node as a row names it: 第一 地域情報化の推進; the whole plan as 計 and its name."""
    label = _("total") if node.kind == "total" else node.label
    return f"{label} {node.title}"


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


def counts_view(plan: Plan) -> View:
    """Items per pillar and goal, found against stated; cross-referenced ones where the plan has them."""
    labels = plan.meta.labels
    stated_items, cross_columns = has_counts(plan)
    rows: list[list[str]] = []
    data = []
    for node in structure(plan):
        entries = [node] if node.kind == "total" else [node, *node.goals]
        for n in entries:
            name = f"  {_name(n)}" if n.kind == "goal" else _name(n)
            row = [n.id, name, str(len(n.items))]
            row += [_text(n.stated_items)] if stated_items else []
            row += [str(n.cross), _text(n.stated_cross)] if cross_columns else []
            row += [_("ok") if n.ok else _("MISMATCH")] if stated_items or cross_columns else []
            rows.append(row)
            data.append({"kind": n.kind} | _node_data(n))
    count = labels.item_count
    columns = [_("ID"), _("{pillar} and {goal}").format(pillar=labels.term("pillar"), goal=labels.term("goal")), count]
    columns += [_("{count} (stated)").format(count=count)] if stated_items else []
    cross = _("cross-referenced")
    columns += [cross, _("{count} (stated)").format(count=cross)] if cross_columns else []
    columns += [_("check")] if stated_items or cross_columns else []
    title = _("{plan}: {count} per {goal}").format(plan=plan.meta.name, count=count, goal=labels.term("goal"))
    table = Table(columns, rows, title=title)
    return View({"items": len(plan.items), "counts": data}, [table], table)


class _Tree:
    """The structure chart's rows as they are added: the table people read, the csv, and the JSON.

    Columns follow what the plan states (capabilities): 表示番号 where items carry one, 目標 where
    pillars have goals, the stated count where the plan states counts."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.stated = plan.capabilities
        self.stated_items = has_counts(plan)[0]
        self.rows: list[list[str]] = []
        self.flat: list[list[str]] = []

    def count(self, node: Node) -> str:
        if not self.stated_items:
            return str(len(node.items))
        found, stated = len(node.items), node.stated_items
        if stated is None:
            return f"{found}/—"
        return f"{found}/{stated}" + ("" if node.ok else "  ≠")

    def add(self, key: str, label: str, name: str, count: str, flat: list[str]) -> None:
        """A row: its ID, printed number (items only), indented name and count; ``flat`` is the csv's
        kind, pillar, goal, item ID, name, count and stated count, cut to the columns shown."""
        self.rows.append([key, *([label] if self.stated.has_labels else []), name, count])
        kind, pillar, goal, item, title, found, stated = flat
        self.flat.append(
            [
                *(kind, pillar),
                *([goal] if self.stated.has_goals else []),
                item,
                *([label] if self.stated.has_labels else []),
                *(title, found),
                *([stated] if self.stated_items else []),
            ]
        )

    def view(self, document: dict[str, object]) -> View:
        labels, item_count = self.plan.meta.labels, self.plan.meta.labels.item_count
        number = [printed_number()] if self.stated.has_labels else []
        count_column = _("{count} (found/stated)").format(count=item_count) if self.stated_items else item_count
        title = _("{plan}: structure chart").format(plan=self.plan.meta.name)
        table = Table([_("ID"), *number, _("structure"), count_column], self.rows, title=title)
        flat_columns = [
            *(_("kind"), labels.term("pillar")),
            *([labels.term("goal")] if self.stated.has_goals else []),
            *(labels.item_id, *number, _("name"), item_count),
            *([_("{count} (stated)").format(count=item_count)] if self.stated_items else []),
        ]
        return View(document, [table], Table(flat_columns, self.flat))


def tree_view(plan: Plan) -> View:
    """The 体系図: pillars, goals and their items (with the number the plan prints), and found and
    (where stated) stated counts. Items that sit directly in a pillar are listed among its goals in ID order.
    """
    labels = plan.meta.labels
    tree = _Tree(plan)
    # TRANSLATORS: one level of indentation in the structure chart (a full-width space in Japanese).
    indent = _("  ")

    def add_item(item: Item, pillar: str, goal: str, depth: int) -> dict[str, str]:
        flat = [labels.term("item"), pillar, goal, item.id, item.title, "", ""]
        tree.add(item.id, item.label, indent * depth + item.title, "", flat)
        return {"id": item.id, "label": item.label, "title": item.title}

    def add_node(node: Node, pillar: str, goal: str, name: str) -> None:
        found, stated = str(len(node.items)), _text(node.stated_items)
        kind = labels.term("goal") if goal else labels.term("pillar")
        tree.add(node.id, "", name, tree.count(node), [kind, pillar, goal, "", node.title, found, stated])

    nodes = structure(plan)
    data = []
    for pillar in nodes[:-1]:
        add_node(pillar, pillar.id, "", f"{pillar.label} {pillar.title}")
        direct = [i for i in pillar.items if plan.parent(i.id)[1] is None]
        goals, items = [], []
        entries: list[Node | Item] = [*pillar.goals, *direct]
        for entry in sorted(entries, key=lambda e: sort_key(e.id)):
            if isinstance(entry, Item):
                items.append(add_item(entry, pillar.id, "", 1))
                continue
            add_node(entry, pillar.id, entry.id, f"{indent}{entry.label} {entry.title}")
            goal_items = [add_item(i, pillar.id, entry.id, 2) for i in entry.items]
            goals.append(_node_data(entry) | {"items": goal_items})
        data.append(_node_data(pillar) | {"goals": goals, "items": items})
    total = nodes[-1]
    total_flat = [_("total"), "", "", "", plan.meta.name, str(len(total.items)), _text(total.stated_items)]
    tree.add("", "", _("total"), tree.count(total), total_flat)
    return tree.view({"name": plan.meta.name, "pillars": data, "total": _node_data(total)})


def _node_data(node: Node) -> dict[str, object]:
    return {
        "id": node.id or None,
        "label": node.label,
        "title": node.title,
        "found": len(node.items),
        "stated": node.stated_items,
        "cross_referenced": node.cross,
        "stated_cross_referenced": node.stated_cross,
    }
