"""The history of one item as a view: one row per changed field, commits newest first."""

from __future__ import annotations

from actionplan.history import ItemLog
from actionplan.i18n import N_, _, ngettext
from actionplan.model import Labels
from actionplan.reports.diff import ANSWER_FIELDS, ITEM_FIELDS, change_columns, change_rows, worded
from actionplan.views import Table, View

EVENTS = {
    "added": N_("added"),
    "removed": N_("removed"),
    "renumbered": N_("renumbered"),
    "changed": N_("modified"),
    "unreadable": N_("cannot be read"),
    "history_cut": N_("no earlier history"),
}


def shallow_note() -> str:
    """What a shallow clone means for a history, and how to get the rest."""
    return _(
        "this repository is a shallow clone: commits before its cut are not in it, so the history "
        "shown is incomplete (git fetch --unshallow fetches the rest)"
    )


def log_view(item_id: str, found: ItemLog, labels: Labels, number: str = "", departments: bool = True) -> View:
    """Commits newest first; the commit's date, author and message on its first row only. ``number``:
    the item's printed number (表示番号: ①, 取組項目1) today, beside its ID in the title; the 主管課
    column only where the plan names ``departments`` (capabilities)."""
    entries = found.entries
    names = worded(ITEM_FIELDS | ANSWER_FIELDS, labels)
    columns = [
        _("date"),
        _("commit"),
        _("author"),
        _("message"),
        labels.item_id,
        _("event"),
        *([labels.term("department")] if departments else []),
        *change_columns(),
    ]
    rows: list[list[str]] = []
    flat_rows: list[list[str]] = []
    for entry in entries:
        event = _(EVENTS[entry.event])  # marked with N_
        head = [entry.date[:10], entry.commit[:10], entry.author, entry.message, entry.item, event]
        changes = [
            [*([change.department or ""] if departments else []), *row[1:]]
            for change, row in zip(entry.changes, change_rows(entry.changes, names), strict=True)
        ] or [[""] * (len(columns) - len(head))]
        for index, change in enumerate(changes):
            rows.append((head if index == 0 else [""] * len(head)) + change)
            flat_rows.append([entry.date, entry.commit, *head[2:], *change])
    named = " ".join(part for part in (item_id, number) if part)  # as show heads an item: 1-2 ②
    table = Table(columns, rows, title=_("History of {id}").format(id=named))
    count = ngettext("{n} commit", "{n} commits", len(entries)).format(n=len(entries))
    notes = [count, *([shallow_note()] if found.shallow else [])]
    return View([e.record() for e in entries], [table], Table(columns, flat_rows), notes)
