"""What a write changes, field by field: the one listing every writer prints.

``progress set``, ``progress import``, ``progress migrate`` and ``rename-department`` each
say what they changed (or, with --dry-run, would change) as a line naming the thing changed,
then one line per field, old → new. A field emptied shows its old value and 「（空欄）」, so a
colleague's words are never dropped without the listing saying which.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from actionplan.i18n import N_, _
from actionplan.text import terminal_safe

EMPTY = N_("(empty)")


@dataclass(frozen=True)
class FieldChange:
    """One field of a record, as people read it (its label in the run's language), before and after."""

    label: str
    old: str
    new: str


def change_lines(subject: str, fields: Iterable[FieldChange], notes: Iterable[str] = ()) -> list[str]:
    """``subject`` (what changed and where), then ``  field: old → new`` for each field, then notes.

    Every line is terminal-safe and on one line (terminal_safe shows a text's line breaks as
    spaces), so the listing reads the same on a terminal, in a pipe and in a log.
    """
    lines = [terminal_safe(subject)]
    for field in fields:
        line = _("  {field}: {old} → {new}").format(field=field.label, old=_shown(field.old), new=_shown(field.new))
        lines.append(terminal_safe(line))
    lines += [terminal_safe(_("  note: {note}").format(note=note)) for note in notes]
    return lines


def _shown(value: str) -> str:
    return value or _(EMPTY)  # marked with N_
