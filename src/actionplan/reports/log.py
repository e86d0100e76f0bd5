"""The history of one item as a view: one row per changed field, commits newest first."""

from __future__ import annotations

from actionplan.history import Entry
from actionplan.model import Labels
from actionplan.reports.diff import ANSWER_FIELDS, ITEM_FIELDS, change_rows, worded
from actionplan.views import Table, View

EVENTS = {"added": "追加", "removed": "削除", "renumbered": "番号変更", "changed": "変更"}


def log_view(item_id: str, entries: list[Entry], labels: Labels) -> View:
    """Commits newest first; the commit's date, author and message on its first row only."""
    names = worded(ITEM_FIELDS | ANSWER_FIELDS, labels)
    columns = [
        "日付",
        "コミット",
        "作成者",
        "メッセージ",
        labels.item_id,
        "種別",
        labels.department,
        "欄",
        "年度",
        "変更前",
        "変更後",
    ]
    rows: list[list[str]] = []
    flat_rows: list[list[str]] = []
    for entry in entries:
        head = [entry.date[:10], entry.commit[:10], entry.author, entry.message, entry.item, EVENTS[entry.event]]
        changes = [
            [change.department or "", *row[1:]]
            for change, row in zip(entry.changes, change_rows(entry.changes, names), strict=True)
        ] or [["", "", "", "", ""]]
        for index, change in enumerate(changes):
            rows.append((head if index == 0 else [""] * len(head)) + change)
            flat_rows.append([entry.date, entry.commit, *head[2:], *change])
    table = Table(columns, rows, title=f"{item_id} の履歴")
    return View([e.record() for e in entries], [table], Table(columns, flat_rows), [f"{len(entries)} 件のコミット"])
