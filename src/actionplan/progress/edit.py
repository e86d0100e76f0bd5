"""Comment-keeping edits of a progress file with ruamel.yaml: answers changed in place, new ones in plan order."""

from __future__ import annotations

import bisect
import re
from typing import Any, cast

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from actionplan import fiscal, yamledit
from actionplan.loader import Plan, sort_key
from actionplan.model import PROGRESS_FORMAT, Answer
from actionplan.progress.fields import FIELDS
from actionplan.progress.records import AnswerChange
from actionplan.text import normalise

Key = tuple[str, int, str]


def header(year: int) -> str:
    return (
        f"# 進捗管理 {fiscal.era_label(year)}: each 主管課's answer for its items.\n"
        "# One answer per item and 主管課. note (庁内メモ) is internal and never published.\n"
        "# Written by `actionplan progress set` and `actionplan progress import`; comments and\n"
        "# hand edits are kept. Check with `actionplan validate`.\n"
        f"format: {PROGRESS_FORMAT}\n"
        "answers:\n"
    )


def edited_bytes(old_raw: bytes | None, changes: list[AnswerChange], plan: Plan) -> bytes:
    """The file's new bytes: each change applied in place, new answers at their plan position.

    ``old_raw`` is the file as read (None for a new file); its layout, BOM and line ends are kept.
    """
    loaded = yamledit.load_editable(old_raw, header(changes[0].after.year))
    document: Any = loaded.data
    entries = document.get("answers")
    if not isinstance(entries, CommentedSeq) or (not entries and entries.fa.flow_style()):
        entries = CommentedSeq()
        document["answers"] = entries
    found = {key: entry for entry in entries if (key := key_of(entry)) is not None}
    new: list[CommentedMap] = []
    for change in changes:
        entry = found.get(change.after.key)
        if entry is None:
            new.append(_entry(change.after))
        else:
            _update(entry, change.after)
    _insert_in_order(entries, new, plan)
    return loaded.dump()


def key_of(entry: Any) -> Key | None:
    """(item, year, 主管課) of a mapping as written by hand or by us; None if it has no such key."""
    if not isinstance(entry, dict):
        return None
    try:
        year = fiscal.parse_fiscal_year(str(entry.get("year")))
    except fiscal.FiscalYearError:
        return None
    return normalise(str(entry.get("item"))), year, normalise(str(entry.get("department")))


def _insert_in_order(entries: CommentedSeq, new: list[CommentedMap], plan: Plan) -> None:
    """Insert each new entry before the first answer that comes after it in plan order, else at the end.

    Plan order is item order, then the item's 主管課 order. One pass: a running maximum of the
    existing ranks is sorted even when hand edits left the answers out of order, so each
    position is a binary search. A comment written above the answer that follows stays above it.
    """
    order = {item.id: index for index, item in enumerate(plan.items)}
    departments = {item.id: {d: n for n, d in enumerate(plan.meta.answerers(item))} for item in plan.items}

    def rank(key: Key | None) -> tuple[Any, ...]:
        if key is None:
            return (-1,)
        item_id, _, dept = key
        return order.get(item_id, len(order)), sort_key(item_id), departments.get(item_id, {}).get(dept, 99), dept

    running: list[tuple[Any, ...]] = []
    for entry in entries:
        current = rank(key_of(entry))
        running.append(max(running[-1], current) if running else current)
    at: dict[int, list[CommentedMap]] = {}
    for entry in sorted(new, key=lambda e: rank(key_of(e))):
        at.setdefault(bisect.bisect_right(running, rank(key_of(entry))), []).append(entry)
    # From the end backwards, so earlier positions stay valid.
    for position in sorted(at, reverse=True):
        group = at[position]
        if 0 < position < len(entries):
            _move_trailing_comment(entries[position - 1], group[-1])
        for entry in reversed(group):
            entries.insert(position, entry)


def _move_trailing_comment(before: Any, after: CommentedMap) -> None:
    """Comment lines between two answers belong to the lower one: they follow an inserted answer.

    ruamel keeps them on the last value of the answer above; that answer keeps only its own
    end-of-line comment.
    """
    if not isinstance(before, CommentedMap) or not before:
        return
    slot = before.ca.items.get(list(before)[-1])
    if not slot or len(slot) < 3 or not isinstance(slot[2], CommentToken):
        return
    token = slot[2]
    own, newline, rest = token.value.partition("\n")
    if not rest.strip():
        return
    if own.strip():
        token.value = own + newline
    else:
        slot[2] = None
    after.ca.items[list(after)[-1]] = [None, None, CommentToken("\n" + rest, token.start_mark, None), None]


def _entry(answer: Answer) -> CommentedMap:
    entry = CommentedMap()
    entry["item"] = answer.item
    entry["year"] = answer.year
    entry["department"] = answer.department
    _update(entry, answer)
    return entry


def _update(entry: CommentedMap, answer: Answer) -> None:
    """Set the answered fields of an existing mapping, keeping its keys' places and comments."""
    for name in FIELDS:
        value = getattr(answer, name)
        if value is None or value in ("", [], {}):
            entry.pop(name, None)
        elif name == "phases":
            old = entry.get("phases")
            if isinstance(old, CommentedSeq):
                old.clear()
                old.extend(value)
            else:
                flow = CommentedSeq(value)
                flow.fa.set_flow_style()
                entry["phases"] = flow
        elif name == "values":
            values = CommentedMap((k, _number(v)) for k, v in value.items())
            values.fa.set_flow_style()
            entry["values"] = values
        elif name == "grades":
            grades = CommentedMap(value)
            grades.fa.set_flow_style()
            entry["grades"] = grades
        elif name == "results":
            entry["results"] = CommentedMap((k, _text(v)) for k, v in value.items())
        elif name in ("result", "challenge", "evidence", "note"):
            entry[name] = _text(value)
        else:
            entry[name] = value


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


_LITERAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _text(text: str) -> str:
    """Several lines as a literal block (readable in a diff) where that reads back exactly."""
    lines = text.split("\n")
    readable = not _LITERAL_UNSAFE.search(text) and all(line == line.rstrip() for line in lines)
    if len(lines) > 1 and readable and not lines[0].startswith(" "):
        return cast(str, LiteralScalarString(text))
    if _LITERAL_UNSAFE.search(text):
        # Escaped in double quotes; left to itself the emitter may keep a block style the
        # old value had, and write the character raw (which YAML forbids).
        return cast(str, DoubleQuotedScalarString(text))
    return text
