"""The history of one item as a view: one row per changed field, commits newest first."""

from __future__ import annotations

from actionplan.history import Entry
from actionplan.reports.diff import ANSWER_FIELDS, ITEM_FIELDS, change_rows
from actionplan.views import Table, View

EVENTS = {"added": "追加", "removed": "削除", "renumbered": "番号変更", "changed": "変更"}


def log_view(item_id: str, entries: list[Entry]) -> View:
    """Commits newest first; the commit's date, author and message on its first row."""
    columns = ["日付", "コミット", "作成者", "メッセージ", "ID", "種別", "項目", "年度", "変更前", "変更後"]
    rows: list[list[str]] = []
    for entry in entries:
        head = [entry.date[:10], entry.commit[:10], entry.author, entry.message, entry.item, EVENTS[entry.event]]
        changes = change_rows(entry.changes, ITEM_FIELDS | ANSWER_FIELDS) or [[entry.item, "", "", "", ""]]
        for index, change in enumerate(changes):
            rows.append((head if index == 0 else ["", "", "", "", "", ""]) + change[1:])
    table = Table(columns, rows, title=f"{item_id} の履歴")
    flat_rows = [
        [e.date, e.commit, e.author, e.message, e.item, EVENTS[e.event], *change]
        for e in entries
        for change in (change_rows(e.changes, ITEM_FIELDS | ANSWER_FIELDS) or [[e.item, "", "", "", ""]])
        for change in [change[1:]]
    ]
    flat = Table(columns, flat_rows)
    return View([e.record() for e in entries], [table], flat, [f"{len(entries)} 件のコミット"])
