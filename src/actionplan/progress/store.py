"""The progress files on disk: one YAML file per fiscal year, changed under a lock, all or nothing.

Under the plan's locks (locks.py: the plan's, then ``progress/.<year>.yaml.lock``) the file is
read, edited with ruamel.yaml (so comments and layout stay), the new text is parsed again on
the loader's own path and checked with validate's own rules, compared with what was meant
to be written, and only then put in place by an atomic rename. Problems in the data come back
as values in a :class:`~actionplan.problems.Result`; failures of the file system are
:class:`WriteError`.

Temp files are named ``.<year>.yaml.<random>.tmp``: hidden, so the loader never reads one.
They are only ever created while the lock is held, so a writer that holds the lock and finds
one knows its writer died (kill -9, power loss) and removes it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from actionplan import checks, files, fiscal, locks, yamledit, yamlio
from actionplan.files import COMMIT_SUFFIX, TMP_SUFFIX, WriteError, write_atomic
from actionplan.i18n import _, os_reason
from actionplan.loader import PLAN_FILE, Plan, display_path, place, read_model
from actionplan.model import Answer, PlanMeta, ProgressFile
from actionplan.problems import Problem, Result
from actionplan.progress import edit
from actionplan.progress.records import AnswerChange, progress_path


class Conflict(WriteError):
    """The file changed on disk while it was being updated by a writer that ignores the lock."""


class LockTimeout(WriteError):
    """Another writer held the lock for too long."""


@dataclass(frozen=True)
class Saved:
    """What a write did or would have done: the file, the changes, and whether it was written."""

    path: Path
    changes: list[AnswerChange]
    written: bool = False


@contextlib.contextmanager
def writing(plan: Plan, paths: Sequence[Path], timeout: float = locks.TIMEOUT) -> Iterator[None]:
    """Hold the plan's locks for writing ``paths``, with the plan on disk as ``plan`` says.

    A change of several files left by a run that died is finished first. Raises LockTimeout
    when a lock is not free, Conflict when plan.yaml changed since ``plan`` was read (a
    department renamed meanwhile: an answer must never be stored under the old name), and
    WriteError when the file system refuses.
    """
    try:
        with locks.hold(plan.root, paths, timeout):
            files.finish(plan.root)
            _same_plan(plan)
            yield
    except locks.LockError as exc:
        raise LockTimeout(str(exc)) from None


def _same_plan(plan: Plan) -> None:
    path = plan.root / PLAN_FILE
    if read_model(path.read_bytes(), display_path(path), PlanMeta).value != plan.meta:
        raise Conflict(
            _(
                "{path} changed while the answers were being prepared (another actionplan renamed a department,"
                " or the file was edited); nothing was written: run the command again"
            ).format(path=display_path(path))
        )


def target(plan: Plan, year: int) -> Path:
    """The file to write for a year, links resolved; one that leads out of the plan is refused.

    The reader refuses such links (symlink-outside), so the writer must never follow them.
    """
    path = progress_path(plan.root, year)
    root = plan.root.resolve()
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        raise WriteError(_("cannot write {path}: symbolic link loop").format(path=display_path(path))) from None
    if not real.is_relative_to(root):
        raise WriteError(
            _(
                "{path} is a symbolic link (or in a linked folder) leading out of the plan ({target});"
                " nothing was written"
            ).format(path=display_path(path), target=real)
        )
    return real


def existing(plan: Plan, year: int) -> dict[tuple[str, int, str], Answer]:
    """The answers stored for a year, as the file is now (empty if it has none or cannot be read)."""
    path = progress_path(plan.root, year)
    raw = yamledit.read_existing(path)
    found: dict[tuple[str, int, str], Answer] = {}
    if raw is not None:
        parsed = read_model(raw, display_path(path), ProgressFile).value
        for answer in parsed.answers if parsed else []:
            found.setdefault(answer.key, answer)
    return found


def save(
    plan: Plan,
    year: int,
    answers: Sequence[Answer],
    *,
    today: date,
    timeout: float = locks.TIMEOUT,
    based_on: Mapping[edit.Key, Answer | None] | None = None,
    dry_run: bool = False,
) -> Result[Saved]:
    """Add or replace answers of one fiscal year in ``progress/<year>.yaml``, all or nothing.

    An answer replaces the one of the same item, year and 主管課 only. One that says what is
    stored already is left alone (so importing a sheet twice changes nothing). ``based_on``
    holds the stored answers an edit was made from: one changed meanwhile is a
    :class:`Conflict`, never overwritten. ``dry_run`` does everything but write (the same
    locks and checks, no folder created), so it fails exactly where the write would. Raises
    :class:`WriteError` when the file system refuses; returns problems when the data does.
    """
    if any(a.year != year for a in answers):
        raise ValueError("every answer must be for the fiscal year of the file")
    shown = progress_path(plan.root, year)
    display = display_path(shown)
    folder = shown.parent
    if folder.is_symlink() or not folder.exists():
        target(plan, year)  # a link leading out is refused before anything is created
    if not dry_run:
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise WriteError(
                _("cannot create {path}: {reason}").format(path=display_path(folder), reason=os_reason(exc))
            ) from None
    path = target(plan, year)
    try:
        with writing(plan, [path] if folder.is_dir() else [], timeout):
            if not dry_run:
                remove_orphans(path)
            return _save_locked(plan, path, display, list(answers), today, based_on, dry_run=dry_run)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(
            _("cannot write {path}: {reason}; the file is unchanged").format(path=display, reason=os_reason(exc))
        ) from None


def _save_locked(
    plan: Plan,
    path: Path,
    display: str,
    answers: list[Answer],
    today: date,
    based_on: Mapping[edit.Key, Answer | None] | None,
    *,
    dry_run: bool = False,
) -> Result[Saved]:
    old_raw = yamledit.read_existing(path)
    old: ProgressFile | None = None
    old_data: Any = None
    if old_raw is not None:
        read = read_model(old_raw, display, ProgressFile)
        old, old_data = read.value, read.data
        if old is None:
            return Result(Saved(path, []), read.problems)
        problems = _check_file(plan, display, old, today)
        if problems:
            # Never build on a file that is already wrong: the user fixes it first.
            return Result(Saved(path, []), place(problems, old_raw))
    stored: dict[tuple[str, int, str], Answer] = {}
    for answer in old.answers if old else []:
        stored.setdefault(answer.key, answer)
    for key, expected in (based_on or {}).items():
        if stored.get(key) != expected:
            item, year, department = key
            raise Conflict(
                _(
                    "{department}'s answer for {item} in {year} changed while it was being edited (another"
                    " actionplan or an editor); nothing was written: run the command again"
                ).format(department=department, item=item, year=fiscal.short(year))
            )
    changes = [AnswerChange(stored.get(a.key), a) for a in answers]
    todo = [c for c in changes if c.kind != "unchanged"]
    if not todo:
        return Result(Saved(path, changes))
    new_raw = edit.edited_bytes(old_raw, todo, plan)
    if len(new_raw) > yamlio.MAX_FILE_BYTES:
        # The new answers are to blame, not the file: say so.
        return Result(Saved(path, changes), [_too_large(display, len(new_raw), todo)])
    problems = _revalidate(plan, path, display, old_data, new_raw, todo, today)
    if problems:
        return Result(Saved(path, changes), problems)
    if dry_run:
        return Result(Saved(path, changes))
    if yamledit.digest(yamledit.read_existing(path)) != yamledit.digest(old_raw):
        raise Conflict(
            _(
                "{path} changed on disk while it was being updated (by an editor or a program that does"
                " not take the lock); nothing was written: run the command again"
            ).format(path=display)
        )
    write_atomic(path, new_raw)
    return Result(Saved(path, changes, written=True))


def _too_large(display: str, size: int, changes: list[AnswerChange]) -> Problem:
    longest = max(changes, key=lambda c: sum(len(getattr(c.after, f)) for f in ("result", "challenge", "note")))
    return Problem(
        "<input>",
        "progress-too-large",
        _("the new answers would make {path} {size:,} bytes, over the limit of {limit:,}; nothing was written").format(
            path=display, size=size, limit=yamlio.MAX_FILE_BYTES
        ),
        hint=_("shorten the texts (the longest: {department}'s answer for {item})").format(
            department=longest.after.department, item=longest.after.item
        ),
        item=longest.after.item,
    )


def remove_orphans(path: Path) -> None:
    """Remove temp files of ``path`` left by a writer that died; call only while holding the lock."""
    for orphan in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
        if orphan.name.endswith(COMMIT_SUFFIX):
            continue  # a several-file commit's (rename-department): files.recover finishes or discards it
        with contextlib.suppress(FileNotFoundError):
            orphan.unlink()


def _revalidate(
    plan: Plan,
    path: Path,
    display: str,
    old_data: Any,
    new_raw: bytes,
    changes: list[AnswerChange],
    today: date,
) -> list[Problem]:
    """Parse the new text as the loader will, run the progress rules, compare with the intent."""
    read = read_model(new_raw, display, ProgressFile)
    new, new_data = read.value, read.data
    if new is None:
        return read.problems
    problems = _check_file(plan, display, new, today)
    if problems:
        return place(problems, new_raw)
    readback = {a.key: a for a in new.answers}
    for change in changes:
        if readback.get(change.after.key) != change.after:
            item, year, dept = change.after.key
            problems.append(
                Problem(
                    display,
                    "progress-readback",
                    _(
                        "{department}'s answer for {item} in {year} would not read back as written;"
                        " nothing was written (this is a bug in actionplan)"
                    ).format(department=dept, item=item, year=fiscal.short(year)),
                )
            )
    touched = {c.after.key for c in changes}
    before, after = _untouched(old_data, touched), _untouched(new_data, touched)
    if old_data is None:
        before[0] = after[0]  # a new file: the header is ours
    if before != after:
        problems.append(
            Problem(
                display,
                "progress-readback",
                _("the edit would change other answers of the file; nothing was written (this is a bug in actionplan)"),
            )
        )
    return problems


def _check_file(plan: Plan, display: str, progress: ProgressFile, today: date) -> list[Problem]:
    """validate's progress rule over the plan as it would be with ``progress`` as the file at ``display``."""
    others = [(a, path, i) for a, (path, i) in zip(plan.answers, plan.answer_files, strict=True) if path != display]
    placed = others + [(a, display, i) for i, a in enumerate(progress.answers)]
    return [p for p in checks.check_answers(plan, placed, today) if p.path == display]


def _untouched(data: Any, touched: set[tuple[str, int, str]]) -> list[Any]:
    """Every answer of the file other than ``touched``, as the reader sees it, with the rest of the mapping."""
    if data is None:
        return [{}, []]
    rest = dict(data)
    entries = rest.pop("answers", None) or []
    return [rest, [e for e in entries if edit.key_of(e) not in touched]]
