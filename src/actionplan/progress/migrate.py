"""`progress migrate`: old progress files (records:, one per item and year) to answers per 主管課."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from actionplan import checks, files, yamledit, yamlio
from actionplan.changes import FieldChange
from actionplan.files import WriteError
from actionplan.i18n import _, os_reason
from actionplan.layout import is_yaml_name
from actionplan.loader import PROGRESS_DIR, Plan, display_path, read_model
from actionplan.model import PROGRESS_FORMAT, ProgressFile
from actionplan.problems import Problem, Result
from actionplan.progress.store import target, writing
from actionplan.text import normalise

# Old key → new key; the old note said what happened, which is now 取組実績.
RENAMED = {"note": "result", "recorded_by": "answered_by", "recorded_on": "answered_on"}


@dataclass(frozen=True)
class Converted:
    """One file converted: its path, how many answers it holds, and each record's keys, old → new."""

    path: Path
    answers: int
    changes: list[FieldChange]


def migrate_files(plan: Plan, *, today: date, dry_run: bool = False) -> Result[list[Converted]]:
    """Convert every old-format file of the plan, all files or none.

    ``dry_run`` does everything but write (the same locks and checks), so it fails where the
    conversion would.
    """
    problems: list[Problem] = []
    pending: list[tuple[Path, bytes, Converted]] = []
    folder = plan.root / PROGRESS_DIR
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith(".") or not is_yaml_name(path.name):
            continue
        raw = path.read_bytes()
        display = display_path(path)
        document = yamlio.read_bytes(raw, display).value
        if document is None or "format" in document.data or "records" not in document.data:
            continue
        conversion = _convert(plan, raw, display)
        if conversion.value is None:
            problems += conversion.problems
            continue
        converted, changes = conversion.value
        reread = read_model(converted, display, ProgressFile)
        parsed, found = reread.value, reread.problems
        if parsed is not None:
            placed = [(a, display, i) for i, a in enumerate(parsed.answers)]
            found = list(checks.check_answers(plan, placed, today))
        if found or parsed is None:
            problems += found
            continue
        pending.append((path, converted, Converted(path, len(parsed.answers), changes)))
    if problems:
        return Result(None, problems)
    writes = {(target(plan, int(path.stem)) if path.stem.isdigit() else path): data for path, data, _n in pending}
    with writing(plan, list(writes)):
        if dry_run:
            return Result([done for _path, _data, done in pending])
        try:
            files.commit_files(plan.root, writes)  # every file or none (files.py's journal)
        except OSError as exc:
            raise WriteError(
                _("cannot write {path}: {reason}; no file was changed").format(
                    path=display_path(plan.root / PROGRESS_DIR), reason=os_reason(exc)
                )
            ) from None
    return Result([done for _path, _data, done in pending])


def _convert(plan: Plan, raw: bytes, display: str) -> Result[tuple[bytes, list[FieldChange]]]:
    """The file in the current format and what changed in each record, or why a record cannot be converted."""
    loaded = yamledit.load_editable(raw)  # the file's own list indentation, BOM and line ends are kept
    document: Any = loaded.data
    records = document.get("records")
    problems = []
    changes: list[FieldChange] = []
    entries = records if isinstance(records, CommentedSeq) else CommentedSeq()
    for index, entry in enumerate(entries):
        if not isinstance(entry, CommentedMap):
            continue
        before = {str(k): str(v) for k, v in entry.items()}
        department = _department(plan, entry)
        if department is None:
            item = plan.item(normalise(str(entry.get("item"))))
            # TRANSLATORS: between the words of a list: 、 in Japanese
            owners = _(", ").join(item.departments) if item else _("unknown item")
            problems.append(
                Problem(
                    display,
                    "progress-old-format",
                    _("record #{number} ({item}) does not say which department answered ({owners})").format(
                        number=index + 1, item=entry.get("item"), owners=owners
                    ),
                    line=entry.lc.line + 1,
                    col=entry.lc.col + 1,
                    hint=_(
                        "add `department: <department>` to the record, then run `actionplan progress migrate` again"
                    ),
                )
            )
            continue
        if (clash := _rename_keys(entry, display, index)) is not None:
            problems.append(clash)
            continue
        if "department" not in entry:
            entry.insert(list(entry).index("year") + 1 if "year" in entry else 1, "department", department)
        changes += _keys_changed(f"{entry.get('item')} {entry.get('year')} {department}", before, entry)
    if problems:
        return Result(None, problems)
    document.insert(list(document).index("records"), "answers", document.pop("records"))
    document.insert(0, "format", PROGRESS_FORMAT)
    return Result((loaded.dump(), changes))


def _keys_changed(record: str, before: dict[str, str], entry: CommentedMap) -> list[FieldChange]:
    """Each key of a record that the conversion added, removed or changed: ``1-1-1 2019 防災課 note: … → （空欄）``."""
    after = {str(k): str(v) for k, v in entry.items()}
    return [
        FieldChange(f"{record} {key}", before.get(key, ""), after.get(key, ""))
        for key in dict.fromkeys([*after, *before])
        if before.get(key) != after.get(key)
    ]


def _rename_keys(entry: CommentedMap, display: str, index: int) -> Problem | None:
    """The old keys under their new names, every value kept.

    A record that has both an old key and its new one (note and result) keeps both: the old
    note, which said what happened, is added to 取組実績 on a line of its own; the same value
    twice is kept once. Who and when cannot be two: a record whose recorded_by and answered_by
    (or recorded_on and answered_on) differ is a problem, and nothing is written.
    """
    for old, new in RENAMED.items():
        if old not in entry:
            continue
        value = entry[old]
        if new in entry and str(entry[new]).strip() != str(value).strip():
            if new != "result":
                message = _("record #{number} has both {old} ({first}) and {new} ({second})").format(
                    number=index + 1, old=old, first=value, new=new, second=entry[new]
                )
                hint = _("keep one of them, then run `actionplan progress migrate` again")
                return Problem(
                    display, "progress-old-format", message, line=entry.lc.line + 1, col=entry.lc.col + 1, hint=hint
                )
            value = LiteralScalarString(f"{str(entry[new]).rstrip()}\n{str(value).strip()}")
        at = list(entry).index(old)
        entry.pop(old)
        if new in entry:
            at = list(entry).index(new)
            entry.pop(new)
        entry.insert(at, new, value)
    return None


def _department(plan: Plan, entry: CommentedMap) -> str | None:
    item = plan.item(normalise(str(entry.get("item"))))
    named = [normalise(str(entry[k])) for k in ("department", "recorded_by") if entry.get(k)]
    if item is None:
        return named[0] if named else None
    answerers = plan.meta.answerers(item)
    for name in named:
        if name in answerers:
            return name
    return answerers[0] if len(answerers) == 1 else None
