"""The diff report: what changed between two versions of a plan, as JSON, rows and a view.

The comparison itself (items, plan.yaml, answers, renumbered items) is actionplan.compare.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Any

from actionplan import fiscal
from actionplan.compare import Change, PlanDiff
from actionplan.i18n import N_, _, ngettext
from actionplan.loader import Plan
from actionplan.model import Item, Labels
from actionplan.reports.items import printed_number, words_text
from actionplan.text import phases_text
from actionplan.views import MarkedText, Table, View

# --- text -------------------------------------------------------------------------------

_TOKENS = re.compile(r"[A-Za-z0-9_]+|.", re.DOTALL)


def text_edits(old: str, new: str) -> tuple[MarkedText, MarkedText]:
    """Both sides of a changed text, whole and alike: the old one with its removed parts marked,
    the new one with its added parts. Japanese is compared character by character, Latin words whole."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            before.append(("", gone))
            after.append(("", came))
            continue
        before.append(("del", gone))
        after.append(("ins", came))
    return MarkedText(before), MarkedText(after)


# --- view -------------------------------------------------------------------------------

# The words for fields, with the plan's own level words filled in by ``worded``: {item} ID is
# 項目番号, or 取組番号 in a plan whose labels say 取組.
ITEM_FIELDS = {
    "id": N_("{item} ID"),
    "title": N_("{item} title"),
    "headline": N_("headline"),
    "description": N_("description"),
    "departments": N_("{department}"),
    "tags": N_("{tag}"),
    "schedule": N_("planned phase"),
    "milestones": N_("milestone"),
    "sources": N_("source"),
    "indicators": N_("indicator"),
    "glossary": N_("term"),
    "carried_from": N_("carried over from"),
}
ANSWER_FIELDS = {
    "answer": N_("answer"),
    "status": N_("status"),
    "phases": N_("phases carried out"),
    "result": N_("result"),
    "rating": N_("rating"),
    "challenge": N_("challenges and next steps"),
    "values": N_("actual values"),
    "grades": N_("indicator rating"),
    "results": N_("indicator result"),
    "evidence": N_("evidence"),
    "note": N_("internal note"),
    "answered_by": N_("answered by"),
    "answered_on": N_("answered on"),
}
PLAN_FIELDS = {
    "name": N_("plan name"),
    "municipality": N_("municipality"),
    "published": N_("published"),
    "summary": N_("plan summary"),
    "period.baseline": N_("baseline year"),
    "period.start": N_("plan period (first year)"),
    "period.end": N_("plan period (last year)"),
    "id_pattern": N_("{item} ID pattern"),
    "stated.items": N_("stated number of {item}s"),
    "stated.cross_referenced": N_("stated number cross-referenced"),
    "pillars": N_("{pillar}"),
    "pillars.title": N_("{pillar} name"),
    "pillars.label": N_("{pillar} label"),
    "pillars.lead": N_("{pillar} introduction"),
    "pillars.stated.items": N_("stated number of {item}s"),
    "pillars.stated.cross_referenced": N_("stated number cross-referenced"),
    "pillars.goals": N_("{goal}"),
    "pillars.goals.title": N_("{goal} name"),
    "pillars.goals.label": N_("{goal} label"),
    "pillars.goals.lead": N_("{goal} introduction"),
    "pillars.goals.stated.items": N_("stated number of {item}s"),
    "pillars.goals.stated.cross_referenced": N_("stated number cross-referenced"),
    "departments": N_("{department}"),
    "tags": N_("{tag}"),
    "phases": N_("phases"),
    "phase_kinds": N_("kinds of phase"),
    "statuses": N_("status"),
    "draft": N_("draft of the next plan"),
    "renamed": N_("reorganisation"),
}
# Lists of words where what was added and removed says more than the two whole lists.
_WORD_LISTS = ("departments", "tags", "glossary")
_TEXT_FIELDS = ("description", "headline", "title", "summary", "pillars.lead", "pillars.goals.lead")


def worded(names: dict[str, str], labels: Labels) -> dict[str, str]:
    """Field names in the run's language and the plan's words: 主管課 → 担当部局 where plan.yaml's labels say so."""
    words = {kind: labels.term(kind) for kind in ("pillar", "goal", "item", "department", "tag")}
    return {key: _(text).format(**words) for key, text in names.items()}  # marked with N_


def field_name(name: str, names: dict[str, str]) -> str:
    """The word for a field (``names`` from ``worded``), or the field's own name where there is none."""
    return names.get(name, name)


def value_text(value: Any, *, words: bool = False) -> str:
    """A value as a cell shows it: phases 検討／実施, ``words`` (departments, tags) 防災課、広報課, an answer
    as lines of 欄：value."""
    if value is None:
        return "—"
    if isinstance(value, list):
        if not value:
            return _("(none)")
        texts = [str(v) for v in value]
        return words_text(texts) if words else phases_text(texts)
    if isinstance(value, dict):  # an answer: one field a line
        names = worded(ANSWER_FIELDS, Labels())
        return "\n".join(
            _("{field}: {value}").format(field=field_name(k, names), value=value_text(v)) for k, v in value.items()
        )
    return str(value)


def _cell(change: Change, value: Any) -> str:
    """One side of a change as a cell: departments and tags with 、, phases with ／."""
    return value_text(value, words=change.field in _WORD_LISTS)


def to_json(diff: PlanDiff) -> dict[str, Any]:
    """The documented contract of ``actionplan diff --format json``."""

    def side(label: str, plan: Plan) -> dict[str, Any]:
        return {"label": label, "name": plan.meta.name, "items": len(plan.items)}

    def item(i: Item) -> dict[str, Any]:
        return {"id": i.id, "label": i.label, "title": i.title, "departments": list(i.departments)}

    return {
        "old": side(diff.old_label, diff.old),
        "new": side(diff.new_label, diff.new),
        "added": [item(i) for i in diff.added],
        "removed": [item(i) for i in diff.removed],
        "renumbered": [
            {"old": r.old, "new": r.new, "title": r.title, "similarity": r.similarity} for r in diff.renumbered
        ],
        "carried": [{"old": r.old, "new": r.new, "title": r.title} for r in diff.carried],
        "changed": [c.record() for c in diff.changed],
        "plan": [{"id": c.id, "field": c.field, "old": c.old, "new": c.new} for c in diff.plan],
        "progress": [c.record() for c in diff.progress],
    }


def change_rows(changes: list[Change], names: dict[str, str]) -> list[list[str]]:
    """Rows of ID, field, fiscal year, before, after; a text field's own diff goes in 変更後 (after)."""
    rows = []
    for c in changes:
        name = field_name(c.field, names)
        if c.field == "departments" and isinstance(c.old, str) and isinstance(c.new, str):
            name = _("{field} (renamed)").format(field=name)
        if c.field in _TEXT_FIELDS and isinstance(c.old, str) and isinstance(c.new, str):
            rows.append([c.id or "", name, fiscal.short(c.year), *text_edits(c.old, c.new)])
        elif (
            c.field in _WORD_LISTS and isinstance(c.old, list) and isinstance(c.new, list) and set(c.old) != set(c.new)
        ):
            gone = words_text([v for v in c.old if v not in c.new])
            came = words_text([v for v in c.new if v not in c.old])
            rows.append(
                [
                    c.id or "",
                    name,
                    "",
                    _("removed: {words}").format(words=gone) if gone else "",
                    _("added: {words}").format(words=came) if came else "",
                ]
            )
        else:
            rows.append([c.id or "", name, fiscal.short(c.year), _cell(c, c.old), _cell(c, c.new)])
    return rows


def change_columns() -> list[str]:
    """The columns after the ID of a table of changes: field, fiscal year, before, after (欄, 年度, 変更前, 変更後)."""
    return [_("field"), _("fiscal year"), _("before"), _("after")]


def _heading(label: str) -> str:
    """A summary row's label as the title of its table: items added → Items added (Japanese has no case)."""
    return label[:1].upper() + label[1:]


def _rename_shown(diff: PlanDiff, change: Change) -> Change:
    """A rename (組織改正) added or removed, in this run's words: 防災課 → 危機管理課（2026-04-01）.

    The JSON keeps the summary ``diff_meta`` made; only the tables say it in the run's language."""
    if change.field != "renamed" or change.id is None:
        return change

    def shown(plan: Plan, value: Any) -> Any:
        found = next((r for r in plan.meta.renamed if r.old == change.id), None)
        if value is None or found is None:
            return value
        return _("{old} → {new} ({day})").format(old=found.old, new=found.new, day=found.effective.isoformat())

    return replace(change, old=shown(diff.old, change.old), new=shown(diff.new, change.new))


def _numbers(diff: PlanDiff) -> dict[str, str]:
    """Each item's printed number (表示番号), the new plan's where both have the item; empty where
    neither plan prints numbers (capabilities), and then no column for them."""
    return {i.id: i.label for plan in (diff.old, diff.new) for i in plan.items if i.label}


def _numbered(table: Table, numbers: dict[str, str], at: int = 0) -> Table:
    """The printed number beside the item ID of column ``at`` (表示番号 after 取組番号), where the plan prints them."""
    if not numbers:
        return table
    columns = [*table.columns[: at + 1], printed_number(), *table.columns[at + 1 :]]
    rows = [[*row[: at + 1], numbers.get(row[at], ""), *row[at + 1 :]] for row in table.rows]
    return replace(table, columns=columns, rows=rows)


def _stated(table: Table, departments: bool, at: int) -> Table:
    """The table without its 主管課 column ``at`` where neither plan names 主管課 (capabilities)."""
    if departments:
        return table
    rows = [[*row[:at], *row[at + 1 :]] for row in table.rows]
    return replace(table, columns=[*table.columns[:at], *table.columns[at + 1 :]], rows=rows)


def diff_view(diff: PlanDiff) -> View:
    """The differences as tables: a summary, then each kind of change that occurs, in the plan's words."""
    labels = diff.new.meta.labels
    item_names, plan_names, answer_names = (worded(n, labels) for n in (ITEM_FIELDS, PLAN_FIELDS, ANSWER_FIELDS))
    item = labels.term("item")
    added = _("{item}s added").format(item=item)
    removed = _("{item}s removed").format(item=item)
    renumbered = _("{item}s renumbered").format(item=item)
    carried = _("{item}s carried over").format(item=item)
    changed = _("{item}s changed").format(item=item)
    plan_changes = _("changes to the plan as a whole")
    progress_changes = _("changes to progress answers")

    def items(n: int) -> str:
        return ngettext("{n} item", "{n} items", n).format(n=n)

    def changes(n: int) -> str:
        return ngettext("{n} change", "{n} changes", n).format(n=n)

    title = _("Plan changes: {old} → {new}").format(old=diff.old_label, new=diff.new_label)
    plan_shown = [_rename_shown(diff, c) for c in diff.plan]
    summary = [
        [added, items(len(diff.added))],
        [removed, items(len(diff.removed))],
        [renumbered, items(len(diff.renumbered))],
        *([[carried, items(len(diff.carried))]] if diff.carried else []),
        [changed, items(len({c.id for c in diff.changed}))],
        [plan_changes, changes(len(diff.plan))],
        [progress_changes, changes(len(diff.progress))],
    ]
    tables = [Table([_("kind of change"), _("count")], summary, title=_("Summary"))]
    columns = [labels.item_id, *change_columns()]
    listed = [labels.item_id, labels.item_title, labels.term("department")]
    old_id = _("old {id}").format(id=labels.item_id)
    new_id = _("new {id}").format(id=labels.item_id)
    numbers = _numbers(diff)
    departments = diff.old.capabilities.has_departments or diff.new.capabilities.has_departments
    if diff.added:
        rows = [[i.id, i.title, words_text(i.departments)] for i in diff.added]
        tables.append(_numbered(_stated(Table(listed, rows, title=_heading(added)), departments, 2), numbers))
    if diff.removed:
        rows = [[i.id, i.title, words_text(i.departments)] for i in diff.removed]
        tables.append(_numbered(_stated(Table(listed, rows, title=_heading(removed)), departments, 2), numbers))
    if diff.renumbered:
        rows = [[r.old, r.new, r.title, f"{r.similarity:.0%}"] for r in diff.renumbered]
        heading = [old_id, new_id, labels.item_title, _("similarity")]
        tables.append(_numbered(Table(heading, rows, title=_heading(renumbered)), numbers, at=1))
    if diff.carried:
        rows = [[r.old, r.new, r.title] for r in diff.carried]
        tables.append(_numbered(Table([old_id, new_id, labels.item_title], rows, title=_heading(carried)), numbers, 1))
    if diff.changed:
        tables.append(
            _numbered(Table(columns, change_rows(diff.changed, item_names), title=_heading(changed)), numbers)
        )
    if diff.plan:
        # A plan change names a pillar or goal (or nothing): 番号, not the item word.
        tables.append(Table([_("ID"), *columns[1:]], change_rows(plan_shown, plan_names), title=_heading(plan_changes)))
    if diff.progress:
        rows = [
            [row[0], c.department or "", *row[1:]]
            for c, row in zip(diff.progress, change_rows(diff.progress, answer_names), strict=True)
        ]
        heading = [labels.item_id, labels.term("department"), *columns[1:]]
        progress = _stated(Table(heading, rows, title=_heading(progress_changes)), departments, 1)
        tables.append(_numbered(progress, numbers))
    flat_rows = [[_("added"), i.id, "", "", "", "", i.title] for i in diff.added]
    flat_rows += [[_("removed"), i.id, "", "", "", i.title, ""] for i in diff.removed]
    flat_rows += [[_("renumbered"), r.new, "", labels.item_id, "", r.old, r.new] for r in diff.renumbered]
    flat_rows += [[_("carried over"), r.new, "", labels.item_id, "", r.old, r.new] for r in diff.carried]
    for kind, found, names in (
        (item, diff.changed, item_names),
        (_("plan"), plan_shown, plan_names),
        (_("progress"), diff.progress, answer_names),
    ):
        flat_rows += [
            [
                kind,
                c.id or "",
                c.department or "",
                field_name(c.field, names),
                fiscal.short(c.year),
                *(_cell(c, v) for v in (c.old, c.new)),
            ]
            for c in found
        ]
    # Rows of several kinds (item, plan: pillar/goal, progress): 番号.
    flat = Table([_("kind"), _("ID"), labels.term("department"), *change_columns()], flat_rows)
    flat = _numbered(_stated(flat, departments, 2), numbers, 1)
    count = len(flat_rows)
    differences = ngettext("{n} difference", "{n} differences", count).format(n=count)
    notes = [_("no differences") if diff.empty else differences]
    return View(to_json(diff), tables, flat, notes, title=title)
