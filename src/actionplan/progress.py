"""Progress records (進捗管理) on disk: one YAML file per fiscal year, edited in place under a lock.

A write is all or nothing. Under ``progress/.<year>.yaml.lock`` the file is read, edited with
ruamel.yaml (so hand-written comments and layout stay), the new text is parsed again with the
project's own reader and checked with the project's own rules, compared with what was meant
to be written, and only then put in place by an atomic rename. Problems in the data come back
as values in :class:`Outcome`; failures of the file system are :class:`WriteError`.

Temp files are named ``.<year>.yaml.<random>.tmp``: hidden, so the loader never reads one.
They are only ever created while the lock is held, so a writer that holds the lock and finds
one knows its writer died (kill -9, power loss) and removes it.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

from filelock import FileLock, Timeout
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from actionplan import checks, fiscal, yamlio
from actionplan.files import TMP_SUFFIX, write_atomic
from actionplan.loader import PROGRESS_DIR, Plan, display_path, schema_problems, sort_key
from actionplan.model import ProgressFile, Record
from actionplan.problems import Problem
from actionplan.text import normalise

LOCK_TIMEOUT = 30.0
# Phases typed in one field: 運用、普及啓発 / 運用,普及啓発. "・" is part of phase names (調査・研究).
PHASE_SEPARATORS = re.compile(r"[、,，;；\s]+")


class WriteError(Exception):
    """The file system refused a write; the progress file is as it was."""


class Conflict(WriteError):
    """The file changed on disk while it was being updated by a writer that ignores the lock."""


class LockTimeout(WriteError):
    """Another writer held the lock for too long."""


ChangeKind = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True)
class Change:
    """One record to write: what the file held for the item and year before, and the new one."""

    before: Record | None
    after: Record

    @property
    def kind(self) -> ChangeKind:
        if self.before is None:
            return "added"
        return "unchanged" if same_report(self.before, self.after) else "updated"


@dataclass
class Outcome:
    """What a write did: the changes, or the problems that stopped it (then nothing was written)."""

    path: Path
    changes: list[Change]
    problems: list[Problem] = field(default_factory=list)
    written: bool = False


# --- reading -------------------------------------------------------------------------------


def progress_path(root: Path, year: int) -> Path:
    """Where the records of a fiscal year live: ``<plan>/progress/<year>.yaml``."""
    return root / PROGRESS_DIR / f"{year}.yaml"


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def same_report(a: Record, b: Record) -> bool:
    """Whether two records say the same thing (who recorded it and when aside)."""
    return (a.item, a.year, a.status, list(a.phases), a.note) == (b.item, b.year, b.status, list(b.phases), b.note)


def split_phases(values: Iterable[str]) -> list[str]:
    """Phase words from options or sheet cells; several may share one value (運用、普及啓発)."""
    words: list[str] = []
    for value in values:
        words += [w for w in PHASE_SEPARATORS.split(unicodedata.normalize("NFKC", value)) if w]
    return words


def clean_note(note: str) -> str:
    """A note as stored: one kind of line break, no blank lines around it."""
    return note.replace("\r\n", "\n").replace("\r", "\n").strip()


def check_records(plan: Plan, records: Sequence[Record], today: date) -> list[list[Problem]]:
    """The problems of each record about to be written, before anything is touched.

    Uses the same rules as ``actionplan validate`` (unknown item, year outside the plan or
    not begun, unknown status or phase), plus: the same item and year twice in the input,
    or already recorded in another file than ``progress/<year>.yaml``. Each problem's
    path is ``<input>``; the caller says where the record came from.
    """
    # One pass of the validate rule over all of them (a Plan per record would cost O(n) each).
    together = dataclasses.replace(
        plan, records=list(records), record_files=[("<input>", i) for i in range(len(records))]
    )
    result: list[list[Problem]] = [[] for _ in records]
    for problem in checks.check_progress(together, today):
        # Duplicates within the input get their own wording below.
        if problem.code != "progress-duplicate" and problem.loc is not None:
            result[int(problem.loc[1])].append(problem)
    stored: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for other, place in zip(plan.records, plan.record_files, strict=True):
        stored.setdefault((other.item, other.year), []).append(place)
    first: dict[tuple[str, int], int] = {}
    for index, record in enumerate(records):
        problems = result[index]
        key = (record.item, record.year)
        if key in first:
            problems.append(
                Problem(
                    "<input>",
                    "progress-duplicate",
                    f"{record.item} in {fiscal.era_name(record.year)} is given twice (also #{first[key] + 1})",
                    item=record.item,
                )
            )
        else:
            first[key] = index
        target = display_path(progress_path(plan.root, record.year))
        for path, at in stored.get(key, []):
            if path != target:
                problems.append(
                    Problem(
                        "<input>",
                        "progress-elsewhere",
                        f"{record.item} in {fiscal.era_name(record.year)} is already recorded in {path}"
                        f" (record #{at + 1}); change it there",
                        item=record.item,
                    )
                )
    return result


# --- writing -------------------------------------------------------------------------------


def preview(plan: Plan, year: int, records: Sequence[Record]) -> list[Change]:
    """What :func:`save` would change, from the file as it is now; writes nothing."""
    path = progress_path(plan.root, year)
    raw = _read(path)
    existing: dict[tuple[str, int], Record] = {}
    if raw is not None:
        parsed, _ = _parse(raw, display_path(path), path)
        if parsed is not None:
            for record in parsed.records:
                existing.setdefault((record.item, record.year), record)
    return [Change(existing.get((r.item, r.year)), r) for r in records]


def save(plan: Plan, year: int, records: Sequence[Record], *, today: date, timeout: float = LOCK_TIMEOUT) -> Outcome:
    """Add or replace records of one fiscal year in ``progress/<year>.yaml``, all or nothing.

    A record replaces the one for the same item and year. One whose status, phases and note
    are already recorded is left alone (so importing a sheet twice changes nothing). Raises
    :class:`WriteError` when the file system refuses; returns problems when the data does.
    """
    if any(r.year != year for r in records):
        raise ValueError("every record must be for the fiscal year of the file")
    path = progress_path(plan.root, year)
    display = display_path(path)
    try:
        path.parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {display_path(path.parent)}: {exc.strerror}") from None
    lock = FileLock(lock_path(path), timeout=timeout)
    try:
        with lock:
            return _save_locked(plan, path, display, list(records), today)
    except Timeout:
        raise LockTimeout(
            f"{display} is being written by another actionplan (lock {lock_path(path).name} held"
            f" for more than {timeout:g} s); nothing was written, try again"
        ) from None
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(f"cannot write {display}: {exc.strerror or exc}; the file is unchanged") from None


def _save_locked(plan: Plan, path: Path, display: str, records: list[Record], today: date) -> Outcome:
    remove_orphans(path)
    old_raw = _read(path)
    old: ProgressFile | None = None
    if old_raw is not None:
        old, problems = _parse(old_raw, display, path)
        if old is None:
            return Outcome(path, [], problems)
        problems = _check_file(plan, display, old, today)
        if problems:
            # Never build on a file that is already wrong: the user fixes it first.
            return Outcome(path, [], _place(problems, old_raw))
    existing: dict[tuple[str, int], Record] = {}
    for record in old.records if old else []:
        existing.setdefault((record.item, record.year), record)
    changes = [Change(existing.get((r.item, r.year)), r) for r in records]
    todo = [c for c in changes if c.kind != "unchanged"]
    if not todo:
        return Outcome(path, changes)
    old_text = None if old_raw is None else _text(old_raw)
    new_text = _render(old_text, todo, plan, path)
    new_raw = _encode(new_text, old_raw)
    problems = _revalidate(plan, path, display, old_raw, new_raw, todo, today)
    if problems:
        return Outcome(path, changes, problems)
    if _digest(_read(path)) != _digest(old_raw):
        raise Conflict(
            f"{display} changed on disk while it was being updated (by an editor or a program that does"
            " not take the lock); nothing was written: run the command again"
        )
    write_atomic(path, new_raw)
    return Outcome(path, changes, written=True)


def remove_orphans(path: Path) -> list[Path]:
    """Remove temp files of ``path`` left by a writer that died; call only while holding the lock."""
    removed = []
    for orphan in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            orphan.unlink()
            removed.append(orphan)
    return removed


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _digest(raw: bytes | None) -> str | None:
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def _text(raw: bytes) -> str:
    # The reader has accepted these bytes already: UTF-8, perhaps with a BOM.
    return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8").replace("\r\n", "\n")


def _encode(text: str, old_raw: bytes | None) -> bytes:
    """Back to bytes the way the old file was written: BOM and CRLF kept if it had them."""
    if old_raw is not None and b"\r\n" in old_raw:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if old_raw is not None and old_raw.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    return data


def _parse(raw: bytes, display: str, path: Path) -> tuple[ProgressFile | None, list[Problem]]:
    """Read progress bytes exactly as the loader does."""
    document, problems = yamlio.read_bytes(raw, display, path)
    if document is None:
        return None, problems
    try:
        return ProgressFile.model_validate(document.data), []
    except ValidationError as exc:
        return None, _place(schema_problems(exc, display, document.data), raw)


def _place(problems: list[Problem], raw: bytes) -> list[Problem]:
    """Give problems their line and column in ``raw`` (which may not be on disk yet)."""
    text, _ = yamlio.decode(raw, "")
    node = yamlio.compose(text, "")[0] if text is not None else None
    result = []
    for p in problems:
        if p.line is None and p.loc is not None and node is not None:
            key = p.code in ("unknown-field", "duplicate-id")
            p = p.with_position(*yamlio.position(node, p.loc, key=key))
        result.append(p)
    return result


# --- editing with ruamel.yaml ----------------------------------------------------------------


def _yaml(text: str | None) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long note into several lines
    # Records of one import share objects (the same date); our reader refuses anchors and aliases.
    yaml.representer.ignore_aliases = lambda *_: True
    # Lists keep the indentation the file already uses ("- " at column 0 or 2 under records:).
    # Found from the first list entry: ruamel's own guess would parse the whole file a second time.
    offset = 2
    if text is not None and (first := _FIRST_ENTRY.search(text)):
        offset = len(first.group(1))
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


_FIRST_ENTRY = re.compile(r"^( *)- ", re.MULTILINE)


def header(year: int) -> str:
    return (
        f"# 進捗管理 {fiscal.label(year)}: what each 主管課 reported for its items.\n"
        "# status is a word of plan.yaml's statuses; phases are the phases actually carried out.\n"
        "# Written by `actionplan progress set` and `actionplan progress import`; comments and\n"
        "# hand edits are kept. Check with `actionplan validate`.\n"
        "records:\n"
    )


def _render(old_text: str | None, changes: list[Change], plan: Plan, path: Path) -> str:
    """The file's new text: each change applied in place, new records at their plan position."""
    year = changes[0].after.year
    text = header(year) if old_text is None else old_text
    yaml = _yaml(old_text)
    document: Any = yaml.load(text)
    entries = document.get("records")
    if not isinstance(entries, CommentedSeq) or (not entries and entries.fa.flow_style()):
        entries = CommentedSeq()
        document["records"] = entries
    order = {item.id: index for index, item in enumerate(plan.items)}
    found = {key: entry for entry in entries if (key := _key_of(entry)) is not None}
    new: list[CommentedMap] = []
    for change in changes:
        record = change.after
        entry = found.get((record.item, record.year))
        if entry is None:
            new.append(_entry(record))
        else:
            _update(entry, record)
    _insert_in_order(entries, new, order)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _key_of(entry: Any) -> tuple[str, int] | None:
    if not isinstance(entry, dict):
        return None
    try:
        return normalise(str(entry.get("item"))), fiscal.parse_fiscal_year(str(entry.get("year")))
    except fiscal.FiscalYearError:
        return None


def _insert_in_order(entries: CommentedSeq, new: list[CommentedMap], order: dict[str, int]) -> None:
    """Insert each new entry before the first record that comes after it in plan order, else at the end.

    One pass: a running maximum of the existing ranks is sorted even when hand edits left the
    records out of order, so each position is a binary search (no quadratic scans).
    """

    def rank(item_id: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
        return order.get(item_id, len(order)), sort_key(item_id)

    running: list[tuple[int, tuple[tuple[int, int | str], ...]]] = []
    for entry in entries:
        key = _key_of(entry)
        current = rank(key[0]) if key is not None else (-1, ())
        running.append(max(running[-1], current) if running else current)
    at: dict[int, list[CommentedMap]] = {}
    for entry in sorted(new, key=lambda e: rank(str(e["item"]))):
        at.setdefault(bisect.bisect_right(running, rank(str(entry["item"]))), []).append(entry)
    # From the end backwards, so earlier positions stay valid; insert() keeps comments in place.
    for position in sorted(at, reverse=True):
        for entry in reversed(at[position]):
            entries.insert(position, entry)


def _entry(record: Record) -> CommentedMap:
    entry = CommentedMap()
    entry["item"] = record.item
    entry["year"] = record.year
    _update(entry, record)
    return entry


def _update(entry: CommentedMap, record: Record) -> None:
    """Set the reported fields of an existing mapping, keeping its keys' places and comments."""
    entry["status"] = record.status
    phases = entry.get("phases")
    if record.phases and isinstance(phases, CommentedSeq):
        phases.clear()
        phases.extend(record.phases)
    elif record.phases:
        flow = CommentedSeq(record.phases)
        flow.fa.set_flow_style()
        entry["phases"] = flow
    else:
        entry.pop("phases", None)
    if record.note:
        entry["note"] = _note(record.note)
    else:
        entry.pop("note", None)
    for key in ("recorded_by", "recorded_on"):
        value = getattr(record, key)
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value


_LITERAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _note(note: str) -> str:
    """Several lines as a literal block (readable in a diff) where that reads back exactly."""
    lines = note.split("\n")
    readable = not _LITERAL_UNSAFE.search(note) and all(line == line.rstrip() for line in lines)
    if len(lines) > 1 and readable and not lines[0].startswith(" "):
        return cast(str, LiteralScalarString(note))
    if _LITERAL_UNSAFE.search(note):
        # Escaped in double quotes; left to itself the emitter may keep a block style the
        # old value had, and write the character raw (which YAML forbids).
        return cast(str, DoubleQuotedScalarString(note))
    return note


# --- checking the new text before it replaces the old ---------------------------------------


def _revalidate(
    plan: Plan,
    path: Path,
    display: str,
    old_raw: bytes | None,
    new_raw: bytes,
    changes: list[Change],
    today: date,
) -> list[Problem]:
    """Parse the new text as the loader will, run the progress rules, compare with the intent."""
    new, problems = _parse(new_raw, display, path)
    if new is None:
        return problems
    problems = _check_file(plan, display, new, today)
    if problems:
        return _place(problems, new_raw)
    readback = {(r.item, r.year): r for r in new.records}
    for change in changes:
        key = (change.after.item, change.after.year)
        if readback.get(key) != change.after:
            problems.append(
                Problem(
                    display,
                    "progress-readback",
                    f"the record for {key[0]} {fiscal.era_name(key[1])} would not read back as written;"
                    " nothing was written (this is a bug in actionplan)",
                )
            )
    touched = {(c.after.item, c.after.year) for c in changes}
    if _untouched(old_raw, display, touched) != _untouched(new_raw, display, touched):
        problems.append(
            Problem(
                display,
                "progress-readback",
                "the edit would change other records of the file; nothing was written (this is a bug in actionplan)",
            )
        )
    return problems


def _check_file(plan: Plan, display: str, progress: ProgressFile, today: date) -> list[Problem]:
    """The progress rules over the plan as it would be with ``progress`` as the file at ``display``."""
    others = [(r, where) for r, where in zip(plan.records, plan.record_files, strict=True) if where[0] != display]
    would_be = dataclasses.replace(
        plan,
        records=[r for r, _ in others] + list(progress.records),
        record_files=[where for _, where in others] + [(display, i) for i in range(len(progress.records))],
    )
    return [p for p in checks.check_progress(would_be, today) if p.path == display]


def _untouched(raw: bytes | None, display: str, touched: set[tuple[str, int]]) -> list[Any]:
    """Every record of the file other than ``touched``, as the reader sees it, with the rest of the mapping."""
    if raw is None:
        return [{}, []]
    document, _ = yamlio.read_bytes(raw, display)
    if document is None:
        return [None, raw]
    data = dict(document.data)
    entries = data.pop("records", None) or []
    kept = [e for e in entries if _key_of(e) not in touched]
    return [data, kept]
