"""An answer field by field: what each field is called, what changed, and one answer edited field by field.

``progress set`` changes only the fields it is given (:func:`edit`); every writer lists what
it changed with :func:`field_changes` and :func:`actionplan.changes.change_lines`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from actionplan import fiscal
from actionplan.changes import FieldChange, change_lines
from actionplan.i18n import N_, _
from actionplan.model import Answer
from actionplan.progress.records import AnswerChange, clean_text, status_and_phases
from actionplan.text import phases_text, suggest, terminal_safe

# Every field of an answer after its key, in the order files and listings show them.
FIELDS = (
    "status",
    "phases",
    "result",
    "rating",
    "challenge",
    "values",
    "grades",
    "results",
    "evidence",
    "note",
    "answered_by",
    "answered_on",
)
# The fields `progress set --clear` may empty: status is what makes an answer, who and when are kept by --by/--on.
CLEARABLE = ("phases", "result", "rating", "challenge", "values", "grades", "results", "evidence", "note")
# Fields that hold one entry per indicator: merged, listed and removed indicator by indicator.
PER_INDICATOR = ("values", "grades", "results")
# A field emptied by --clear: no rating, no phases, no values, grades or results; the texts become "".
EMPTIED: dict[str, Any] = {"rating": None, "phases": [], "values": {}, "grades": {}, "results": {}}
WORDS = {
    "status": N_("status"),
    "phases": N_("phases carried out"),
    "result": N_("result"),
    "rating": N_("rating"),
    "challenge": N_("challenges and next steps"),
    "values": N_("actual"),
    "grades": N_("indicator rating"),
    "results": N_("indicator result"),
    "evidence": N_("evidence"),
    "note": N_("internal note"),
    "answered_by": N_("answered by"),
    "answered_on": N_("answered on"),
}


class EditRefused(ValueError):
    """The fields given cannot make an answer (a new one without a status, a field both set and cleared …)."""


def word(name: str) -> str:
    """A field as people read it: 取組実績 / result."""
    return _(WORDS[name])  # marked with N_


def field_changes(before: Answer | None, after: Answer, names: Sequence[str] = FIELDS) -> list[FieldChange]:
    """Each of ``names`` whose value differs between two answers of one key, old → new; indicators one by one."""
    found: list[FieldChange] = []
    for name in names:
        if name in PER_INDICATOR:
            old_values = getattr(before, name) if before else {}
            new_values = getattr(after, name)
            for indicator in dict.fromkeys([*old_values, *new_values]):
                old, new = _entry_text(old_values.get(indicator)), _entry_text(new_values.get(indicator))
                if old != new:
                    label = _("{field} ({indicator})").format(field=word(name), indicator=indicator)
                    found.append(FieldChange(label, old, new))
            continue
        old, new = _shown(before, name), _shown(after, name)
        if old != new:
            found.append(FieldChange(word(name), old, new))
    return found


def _shown(answer: Answer | None, name: str) -> str:
    value: Any = getattr(answer, name) if answer is not None else None
    if name == "phases":
        return phases_text(value or [])
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _entry_text(value: float | str | None) -> str:
    """One indicator's value, grade or result as the listing shows it."""
    if value is None or isinstance(value, str):
        return value or ""
    return str(int(value)) if value.is_integer() else str(value)


@dataclass(frozen=True)
class Edit:
    """What `progress set` was given: None is "not given", so the stored value stays.

    ``values`` are merged indicator by indicator; ``drop_values`` names indicators given with
    no number (``--value sites=``), which are removed; ``grades`` and ``results`` (per indicator)
    are merged the same way, an empty text removing one; ``clear`` names whole fields to empty.
    """

    status: str | None = None
    phases: list[str] | None = None
    result: str | None = None
    rating: str | None = None
    challenge: str | None = None
    values: dict[str, float] = field(default_factory=dict)
    drop_values: list[str] = field(default_factory=list)
    grades: dict[str, str] = field(default_factory=dict)
    results: dict[str, str] = field(default_factory=dict)
    evidence: str | None = None
    note: str | None = None
    clear: list[str] = field(default_factory=list)
    by: str | None = None
    on: date | None = None


@dataclass(frozen=True)
class Edited:
    """The answer an edit makes, and what the user should be told about how it was made."""

    answer: dict[str, Any]
    notes: list[str]


def edit(before: Answer | None, given: Edit, *, login: str | None) -> Edited:
    """The fields of the answer ``given`` makes of ``before`` (None: a new answer); raises EditRefused.

    Fields not given keep their stored value. Who answered: ``given.by``, else the named
    respondent already stored (kept, with a note saying so), else ``login``.
    """
    _check(before, given)
    fields: dict[str, Any] = {name: getattr(before, name) for name in FIELDS} if before else {}
    for name in ("status", "rating"):
        if (value := getattr(given, name)) is not None:
            fields[name] = value or None
    if given.phases is not None:
        fields["phases"] = given.phases
    for name in ("result", "challenge", "evidence", "note"):
        if (value := getattr(given, name)) is not None:
            fields[name] = clean_text(value)
    values = {k: v for k, v in dict(fields.get("values") or {}).items() if k not in given.drop_values}
    fields["values"] = values | given.values
    for name, texts in (("grades", given.grades), ("results", given.results)):
        merged = dict(fields.get(name) or {}) | {k: clean_text(v) for k, v in texts.items()}
        fields[name] = {k: v for k, v in merged.items() if v}
    for name in given.clear:
        fields[name] = EMPTIED.get(name, "")
    if given.on is not None:
        fields["answered_on"] = given.on
    notes: list[str] = []
    if given.by is not None:
        fields["answered_by"] = given.by
    elif before is not None and before.answered_by:
        notes.append(
            _("{field} kept: {name} (give --by to name who answered)").format(
                field=word("answered_by"), name=before.answered_by
            )
        )
    else:
        fields["answered_by"] = login
    return Edited(fields, notes)


def _check(before: Answer | None, given: Edit) -> None:
    for name in given.clear:
        if name not in CLEARABLE:
            problem = _("--clear {field}: not a field that can be emptied ({known})").format(
                field=name, known=_(", ").join(CLEARABLE)
            )
            hint = suggest(name, CLEARABLE)
            raise EditRefused(_("{problem}; {hint}").format(problem=problem, hint=hint) if hint else problem)
        if name == "values":
            also_given = bool(given.values or given.drop_values)
        elif name in PER_INDICATOR:
            also_given = bool(getattr(given, name))
        else:
            also_given = getattr(given, name) is not None
        if also_given:
            raise EditRefused(_("--clear {field} and a new {field} given together: say one").format(field=name))
    if before is None and given.status is None and not given.grades:
        raise EditRefused(_("a new answer needs --status or a --grade (nothing is stored for it yet)"))


def answer_lines(change: AnswerChange, path: str, *, dry_run: bool = False, notes: Sequence[str] = ()) -> list[str]:
    """What writing one answer does, for people: a line naming it, then each field changed, old → new.

    The one listing of ``progress set`` and ``progress import`` (``path`` as shown to the user);
    an unchanged answer is one line. ``notes`` follow a change (a respondent kept …).
    """
    after = change.after
    what = f"{after.item} {fiscal.short(after.year)} {after.department}"
    words = status_and_phases(after.status, after.phases)
    if change.kind == "unchanged":
        return [terminal_safe(_("unchanged {answer}: {words}").format(answer=what, words=words))]
    if change.before is None:
        subject = _("would add {answer}: {words} → {path}") if dry_run else _("added {answer}: {words} → {path}")
        subject = subject.format(answer=what, words=words, path=path)
    else:
        old = status_and_phases(change.before.status, change.before.phases)
        subject = (
            _("would update {answer}: {old} → {new} in {path}")
            if dry_run
            else _("updated {answer}: {old} → {new} in {path}")
        ).format(answer=what, old=old, new=words, path=path)
    # The line above says the status and phases, old → new; the other fields follow one by one.
    # Who answered and when are listed when they replace something, not on every new answer.
    names = FIELDS[2:] if change.before is not None else FIELDS[2:-2]
    return change_lines(subject, field_changes(change.before, after, names), notes)
