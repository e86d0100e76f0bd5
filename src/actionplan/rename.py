"""組織改正: a department renamed in plan.yaml, in every item and every progress answer, all files or none.

Each file is edited with ruamel.yaml (comments and layout stay). The new plan is read back
from memory through the loader's own path and compared with what was meant before anything
is written; the files are then replaced together by :func:`files.commit_files` under the
progress files' own locks, so a progress writer can neither interleave nor lose an answer,
and a kill -9 leaves every file old or every file new.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from actionplan import files, fiscal, loader, locks, yamledit
from actionplan.changes import FieldChange
from actionplan.i18n import _, os_reason
from actionplan.layout import is_yaml_name
from actionplan.loader import ITEMS_DIR, PLAN_FILE, PROGRESS_DIR, Plan
from actionplan.model import DepartmentRename
from actionplan.problems import Problem
from actionplan.query import QueryError, department_now
from actionplan.text import hidden_characters, normalise, terminal_safe


class RenameRefused(Exception):
    """The rename cannot be done as asked (an unknown department, NEW exists without --merge …)."""


@dataclass
class Renaming:
    """What a rename changes: every file with its new bytes, and what it counted."""

    old: str
    new: str
    on: date
    merge: bool
    files: dict[Path, bytes] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)
    answers: int = 0
    problems: list[Problem] = field(default_factory=list)
    # What each file held when it was read, so that a file changed meanwhile is never overwritten.
    digests: dict[Path, str | None] = field(default_factory=dict)
    # Each file changed (as shown to the user), field by field, for changes.change_lines.
    changed: dict[str, list[FieldChange]] = field(default_factory=dict)
    # How OLD was read: a name it had before an earlier rename is followed, and this says so.
    note: str | None = None
    # The plan's word for a department (主管課, 担当部局 …) and the plan's folder, for the listing.
    term: str = ""
    root: Path = Path()


def prepare(plan: Plan, old: str, new: str, on: date, *, merge: bool = False) -> Renaming:
    """Work out every file's new text; nothing is written. Raises RenameRefused."""
    try:
        old, note = department_now(plan, old)  # the one resolver: an earlier name is followed
    except QueryError as exc:
        raise RenameRefused(str(exc)) from None
    new = normalise(new)
    known = list(plan.meta.departments)
    if new == old:
        raise RenameRefused(_("the new name is the old one"))
    if not new:
        raise RenameRefused(_("the new name is empty"))
    hidden = hidden_characters(new)
    if hidden:
        raise RenameRefused(
            _("the new name '{new}' holds characters that cannot be seen: {characters}; retype it without them").format(
                new=terminal_safe(new), characters=_(", ").join(hidden)
            )
        )
    if new in known and not merge:
        raise RenameRefused(
            _("'{new}' is a department already; to merge '{old}' into it, add --merge").format(new=new, old=old)
        )
    root = plan.root.absolute()
    renaming = Renaming(old, new, on, merge, note=note, term=plan.meta.labels.term("department"), root=root)
    _edit(renaming, root / PLAN_FILE, lambda data: _rename_in_plan(data, renaming))
    for item in plan.items:
        if old in item.departments:
            renaming.items.append(item.id)
            _edit(renaming, Path(plan.item_files[item.id]).absolute(), lambda data: _rename_in_list(data, renaming))
    for path in _progress_files(root):
        _edit(renaming, path, lambda data, path=path: _rename_in_answers(data, renaming, path))
    if not renaming.problems:
        renaming.problems = _read_back(plan, renaming)
    return renaming


@contextlib.contextmanager
def locked(root: Path, timeout: float = locks.TIMEOUT) -> Iterator[None]:
    """Hold every lock of the plan at ``root`` (locks.py's one order) around a whole rename.

    Load, :func:`prepare` and :func:`apply` inside it: no progress writer can store an answer
    under the old name meanwhile. A change of several files left by a run that died is
    finished first. Raises files.WriteError (nothing written) when that cannot be done.
    """
    files.refuse_protected(root)  # before a lock file is created in it
    with locks.hold(root, _progress_files(root), timeout):
        files.finish(root)
        yield


def apply(plan: Plan, renaming: Renaming) -> None:
    """Write every changed file, all or none; call inside :func:`locked`.

    Raises files.WriteError (nothing written) when a file changed on disk since
    :func:`prepare` read it (an editor ignores the locks) or the file system refuses.
    """
    root = plan.root.absolute()
    for path, digest in renaming.digests.items():
        if yamledit.digest(yamledit.read_existing(path)) != digest:
            raise files.WriteError(
                _("{path} changed on disk meanwhile; nothing was written: run the command again").format(path=path)
            )
    try:
        files.commit_files(root, renaming.files)
    except files.WriteError:
        raise
    except OSError as exc:
        raise files.WriteError(
            _("cannot write the plan: {reason}; nothing was written").format(reason=os_reason(exc))
        ) from None


def _edit(renaming: Renaming, path: Path, change: Any) -> None:
    raw = path.read_bytes()
    document = yamledit.load_editable(raw)
    changed: list[FieldChange] = change(document.data)
    if not changed:
        return
    renaming.changed[path.relative_to(renaming.root).as_posix()] = changed
    renaming.files[path] = document.dump()
    renaming.digests[path] = yamledit.digest(raw)


def _rename_in_plan(data: Any, renaming: Renaming) -> list[FieldChange]:
    changed = _rename_in_list(data, renaming)
    record = CommentedMap([("old", renaming.old), ("new", renaming.new), ("effective", renaming.on.isoformat())])
    record.fa.set_flow_style()
    if not isinstance(data.get("renamed"), list):
        data["renamed"] = CommentedSeq()
    data["renamed"].append(record)
    return changed  # never empty: OLD is a department of plan.yaml (department_now)


def _rename_in_list(data: Any, renaming: Renaming) -> list[FieldChange]:
    """departments: OLD becomes NEW in place, or goes where NEW is listed already (--merge)."""
    departments = data.get("departments")
    if not isinstance(departments, list):
        return []
    names = [normalise(str(d)) for d in departments]
    if renaming.old not in names:
        return []
    index = names.index(renaming.old)
    if renaming.new in names:
        del departments[index]
    else:
        departments[index] = renaming.new
    between = _(", ")  # TRANSLATORS: between the words of a list: 、 in Japanese
    return [FieldChange(renaming.term, between.join(names), between.join(normalise(str(d)) for d in departments))]


def _rename_in_answers(data: Any, renaming: Renaming, path: Path) -> list[FieldChange]:
    entries = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    # 2020 and R2 are one year: an answer of the new name under either spelling is a conflict.
    keys = {(str(e.get("item")), _year(e), normalise(str(e.get("department")))) for e in entries if isinstance(e, dict)}
    changed: list[FieldChange] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or normalise(str(entry.get("department"))) != renaming.old:
            continue
        year = _year(entry)
        shown = fiscal.short(year) if isinstance(year, int) else year
        if (str(entry.get("item")), year, renaming.new) in keys:
            renaming.problems.append(
                Problem(
                    loader.display_path(path),
                    "rename-conflict",
                    _("{item} {year}: both '{old}' and '{new}' answered; merge the two answers by hand first").format(
                        item=entry.get("item"), year=shown, old=renaming.old, new=renaming.new
                    ),
                    loc=("answers", index, "department"),
                )
            )
            continue
        entry["department"] = renaming.new
        renaming.answers += 1
        which = _("{field} ({item} {year})").format(field=renaming.term, item=entry.get("item"), year=shown)
        changed.append(FieldChange(which, renaming.old, renaming.new))
    return changed


def _year(entry: dict[Any, Any]) -> int | str:
    """An answer's fiscal year, or its text as written where it is none (the plan was read, so it is one)."""
    try:
        return fiscal.parse_fiscal_year(str(entry.get("year")))
    except fiscal.FiscalYearError:
        return str(entry.get("year"))


def _read_back(plan: Plan, renaming: Renaming) -> list[Problem]:
    """Read the plan as it would be, from memory and through the loader, and compare it with the intent."""
    root = plan.root.absolute()
    tree = {p.relative_to(root).as_posix(): p.read_bytes() for p in _plan_files(root)}
    tree.update({p.relative_to(root).as_posix(): data for p, data in renaming.files.items()})
    after = loader.load(root, tree, label="").value
    rename = DepartmentRename(old=renaming.old, new=renaming.new, effective=renaming.on)

    def moved(names: list[str]) -> list[str]:
        result: list[str] = []
        for name in names:
            name = renaming.new if name == renaming.old else name
            if name not in result:
                result.append(name)
        return result

    expected_meta = plan.meta.model_copy(
        update={"departments": moved(plan.meta.departments), "renamed": [*plan.meta.renamed, rename]}
    )
    expected_items = [i.model_copy(update={"departments": moved(i.departments)}) for i in plan.items]
    answers = getattr(plan, "answers", [])
    expected_answers = [
        a.model_copy(update={"department": renaming.new}) if a.department == renaming.old else a for a in answers
    ]
    ok = (
        after is not None
        and after.meta == expected_meta
        and after.items == expected_items
        and getattr(after, "answers", []) == expected_answers
    )
    if ok:
        return []
    if loader.load(root).value != plan:
        return [
            Problem(
                PLAN_FILE,
                "rename-changed",
                _(
                    "the plan changed on disk while it was being renamed (an editor, or a program that does not"
                    " take actionplan's locks); nothing was written: run the command again"
                ),
            )
        ]
    return [
        Problem(
            PLAN_FILE,
            "rename-readback",
            _("the renamed plan would not read back as intended; nothing was written (this is a bug in actionplan)"),
        )
    ]


def _plan_files(root: Path) -> Iterator[Path]:
    yield root / PLAN_FILE
    for folder in (root, root / ITEMS_DIR, root / PROGRESS_DIR):
        if folder.is_dir():
            yield from (p for p in folder.iterdir() if is_yaml_name(p.name) and p.name != PLAN_FILE)


def _progress_files(root: Path) -> list[Path]:
    folder = root / PROGRESS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_yaml_name(p.name) and not p.name.startswith("."))
