"""The one writer of everything the tool writes, with one policy for every output target.

Policy (the same for every command; README "Output files"):

- ``-`` means standard output.
- Missing folders on the way to an output are created, for a file (``roadmap -o new/x.html``)
  as for a folder of files (``export -o new/data``): one rule for every -o (:func:`make_folder`).
- A regular file is replaced atomically: a temp file beside it, fsync, rename. Readers see
  the old file or the new one, never a mix; the old file's permission bits are kept.
- A symbolic link is resolved and its target is written by these rules; the link itself is
  never replaced by a file.
- An existing character device or FIFO (``/dev/null``, a named pipe) is written to directly,
  never replaced. Sockets, block devices and directories are refused.
- Nothing is ever written inside the installed package or the embedded plan.
- A new folder (``init``) is built beside its place and renamed into it: whole or not at all.
- Several files (``export -o``, ``progress sheets -o``, a plan's own files) go through one
  journalled commit (:func:`commit_files`): all or none, also when a rename fails at the
  second file; each must land inside its folder, after links are resolved.

Every failure is a :class:`WriteError` whose message names the target and the reason; the
CLI turns it into exit code 1 for every command, and the target is unchanged.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from actionplan.i18n import _, os_reason
from actionplan.layout import GLOSSARY_FILE, ITEMS_DIR, PLAN_FILE, PROGRESS_DIR, embedded_plan_dir

TMP_SUFFIX = ".tmp"
STDOUT = "-"


class WriteError(OSError):
    """An output could not be written (or was refused); the target is unchanged.

    An OSError, so that code catching file-system failures catches refusals too.
    """


def is_stdout(target: Path | str) -> bool:
    return str(target) == STDOUT


def protected_dirs() -> tuple[Path, ...]:
    """The embedded plan and the installed package: read-only for every command."""
    return (embedded_plan_dir().resolve(), Path(__file__).resolve().parent)


def refuse_protected(path: Path) -> None:
    """Raise WriteError if ``path`` (resolved) is inside the embedded plan or the package."""
    real = Path(os.path.realpath(path))
    plan, package = protected_dirs()
    if real == plan or real.is_relative_to(plan):
        raise WriteError(
            _(
                "{path} is in the embedded plan ({plan}), which is never written to;"
                " for a plan of your own: actionplan init DIR, then --plan DIR"
            ).format(path=path, plan=plan)
        )
    if real.is_relative_to(package):
        raise WriteError(
            _(
                "{path} is inside the installed actionplan package ({package}), which is never written to;"
                " write somewhere else (for a plan of your own: actionplan init DIR)"
            ).format(path=path, package=package)
        )


def dangling_link(path: Path) -> str:
    """What to say of a symbolic link whose target does not exist (it is neither read nor followed)."""
    try:
        target = os.readlink(path)
    except OSError as exc:
        target = os_reason(exc)
    return _("{path} is a symbolic link to {target}, which does not exist").format(path=path, target=target)


def refuse_plan_files(path: Path) -> None:
    """Raise WriteError if ``path`` is a plan's own file, or in or at its items/ or progress/ folder.

    Those change only through actionplan's writers, under the plan's lock (locks.py): an output
    written there would replace answers behind the lock's back, or be read as part of the plan.
    """
    real = Path(os.path.realpath(path))
    for folder in real.parents:
        if not (folder / PLAN_FILE).is_file():
            continue
        parts = real.relative_to(folder).parts
        if parts[0] in (ITEMS_DIR, PROGRESS_DIR) or parts in ((PLAN_FILE,), (GLOSSARY_FILE,)):
            raise WriteError(
                _(
                    "{path} is in the plan {plan} (its plan.yaml, glossary.yaml, items/ or progress/), which"
                    " only actionplan's own commands change, under the plan's lock; write to another folder"
                ).format(path=path, plan=folder)
            )


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents: the one rule for every -o (a file's folder or a folder of files)."""
    refuse_protected(folder)
    if folder.exists() and not folder.is_dir():
        raise WriteError(_("{path} exists and is not a directory; give a folder for the files").format(path=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(_("cannot create {path}: {reason}").format(path=folder, reason=os_reason(exc))) from None


def write_output(target: Path, data: bytes) -> Path | None:
    """Write ``data`` to ``target`` by the module's policy; the path written, None for stdout."""
    if is_stdout(target):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    real = Path(os.path.realpath(target))
    refuse_protected(real)
    refuse_plan_files(target)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _failed(target, exc) from None
    if mode is None or stat.S_ISREG(mode):
        make_folder(real.parent)
        _write_regular(target, real, data)
    elif stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        try:
            with open(real, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise _failed(target, exc) from None
    elif stat.S_ISDIR(mode):
        raise WriteError(
            _("{path} is a directory; give a file name, e.g. {example}").format(
                path=target, example=Path(target) / "out.txt"
            )
        )
    else:
        raise WriteError(_("{path} is a socket or block device, not a file; nothing was written").format(path=target))
    return real


def _failed(target: Path, exc: OSError) -> WriteError:
    return WriteError(_("cannot write {path}: {reason}").format(path=target, reason=os_reason(exc)))


def _write_regular(target: Path, real: Path, data: bytes) -> None:
    try:
        write_atomic(real, data)
    except OSError as exc:
        raise WriteError(
            _("cannot write {path}: {reason}; it is unchanged").format(path=target, reason=os_reason(exc))
        ) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the regular file ``path`` with ``data``: readers see the old file or the new one.

    The low-level step of :func:`write_output` (plan files use it directly, under their
    lock). The temp file sits beside the target (a rename never crosses file systems), is
    flushed and fsync'd, gets the old file's permission bits (or the umask's for a new file)
    and is renamed over the target. On any error it is removed and the target is untouched.
    Raises WriteError inside the package, OSError when the file system fails.
    """
    refuse_protected(path)
    tmp = _temp_beside(path, data)
    _commit(tmp, path)
    _fsync_dir(path.parent)


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write several files into ``folder`` (created if missing), all or none of them.

    Each name must be a file inside ``folder``: a name with '..', a folder part or a link
    leading out is refused before anything is written. The files go through one journalled
    commit (:func:`commit_files`): a failure while writing or renaming any of them leaves
    every target as it was. Returns the paths written.
    """
    refuse_protected(folder)
    if folder.is_symlink() and not folder.exists():
        raise WriteError(dangling_link(folder))
    refuse_plan_files(folder)
    if folder.exists() and not folder.is_dir():
        raise WriteError(_("{path} exists and is not a directory; give a folder for the files").format(path=folder))
    targets = {_named_in(folder, name): data for name, data in files.items()}
    for target in targets:
        refuse_plan_files(target)  # a name that is a link into a plan
    make_folder(folder)
    try:
        commit_files(folder, targets)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(
            _("cannot write to {path}: {reason}; nothing was written").format(path=folder, reason=os_reason(exc))
        ) from None
    return list(targets)


def _named_in(folder: Path, name: str) -> Path:
    """``folder / name`` when ``name`` is one plain file name; a name that would lead out is refused."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or PureWindowsPath(name).drive or "\0" in name:
        raise WriteError(
            _("the file name {name} would be written outside {folder}; nothing was written").format(
                name=json.dumps(name, ensure_ascii=False), folder=folder
            )
        )
    return folder / name


def create_tree(target: Path, files: Mapping[str, bytes], empty_dirs: Iterable[str] = ()) -> None:
    """Create the new folder ``target`` holding ``files`` (relative POSIX paths), whole or not at all.

    ``target`` must not exist or be an empty folder. Everything is built in a hidden temp
    folder beside it and renamed into place at the end; a failure (a full disk) removes
    the temp folder, so nothing is left behind and the same command can simply be run again.
    """
    refuse_protected(target)
    refuse_plan_files(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WriteError(_("{path} exists and is not an empty directory; choose a new one").format(path=target))
    parent = target.absolute().parent
    if not parent.is_dir():
        raise WriteError(
            _("cannot create {path}: directory does not exist: {folder}").format(path=target, folder=parent)
        )
    try:
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=parent))
    except OSError as exc:
        raise _not_created(target, exc) from None
    try:
        for name in empty_dirs:
            (build / name).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = build / name
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        emptied = target.exists()
        if emptied:
            target.rmdir()  # empty, checked above; a rename over a folder is not portable
        try:
            os.rename(build, target)
        except OSError:
            if emptied:
                target.mkdir()  # the user's empty folder, as it was
            raise
    except OSError as exc:
        shutil.rmtree(build, ignore_errors=True)
        raise _not_created(target, exc) from None
    _fsync_dir(parent)


# --- several files changed together: all or none, across a failed rename and a kill -9 -------
#
# A commit writes every new file beside its target as a hidden temp file, and a copy of every
# target that exists (the undo copy), all fsync'd; then the journal - the list of targets with
# their new and undo files - is renamed into place: that rename is the commit point. Only then
# are the new files renamed over their targets, the undo copies and the journal removed.
#
# - A run that dies before the commit point leaves every target as it was; its temp files
#   are removed by the next writer (they are never read: hidden).
# - A rename that fails after it (on Windows: a file open in Excel) turns the journal into an
#   undo: every target already replaced is put back from its undo copy, so all stay old.
# - A run that dies after it leaves the journal. Commands that only read never act on it:
#   they report it (unfinished-change). `actionplan recover` finishes it, or with --discard
#   puts every file back; writers of the plan finish it first, under the plan's lock.
#
# The journal is data from disk like any other: one that does not have exactly the shape
# below, names a temp file actionplan would not have made, or a path outside the folder
# (after links are resolved), hidden, or in the installed package, is refused whole and
# nothing is moved (docs/recovery.md describes the format).

JOURNAL = ".actionplan-journal.json"
JOURNAL_FORMAT = "actionplan-journal"
JOURNAL_VERSION = 1
JOURNAL_MAX_BYTES = 1_000_000
REPLACE, UNDO = "replace", "undo"
# Both end in COMMIT_SUFFIX, never only TMP_SUFFIX: a single-file writer's cleanup of its own
# orphans (progress/store.py) must never take them.
COMMIT_SUFFIX = ".commit" + TMP_SUFFIX
UNDO_SUFFIX = ".undo" + COMMIT_SUFFIX
_RANDOM = "[A-Za-z0-9_]{6,32}"  # tempfile's random part


class JournalError(WriteError):
    """A journal actionplan would not have written (damaged, or planted): nothing was moved."""

    def __init__(self, root: Path, reason: str) -> None:
        self.reason = reason
        super().__init__(
            _(
                "{journal} is not a journal actionplan wrote, or it is damaged: {reason}; nothing was moved."
                " Look at what it is, then remove it: actionplan recover --plan {folder} --discard"
            ).format(journal=root / JOURNAL, reason=reason, folder=root)
        )


@dataclass(frozen=True)
class Replacement:
    """One file of a commit, paths relative to the folder: the target, its new file, its undo copy."""

    target: str
    new: str
    undo: str | None  # None: the target did not exist before the commit


@dataclass(frozen=True)
class Journal:
    state: str  # REPLACE (finish it) or UNDO (put every file back)
    files: tuple[Replacement, ...]


def commit_files(root: Path, files: Mapping[Path, bytes]) -> None:
    """Replace every file of ``files`` (paths inside the folder ``root``) with its bytes: all or none.

    The caller holds the locks that keep other writers out of these files. A journal left by
    an earlier commit is finished first (JournalError if it is not one of ours). Raises
    WriteError (every target as it was) when a file cannot be written or renamed.
    """
    refuse_protected(root)
    finish(root)
    discard_orphans(root)
    if not files:
        return
    entries: list[Replacement] = []
    try:
        for target, data in files.items():
            entries.append(_prepare(root, target, data))
        for folder in {(root / e.target).parent for e in entries}:
            _fsync_dir(folder)
        _write_journal(root, Journal(REPLACE, tuple(entries)))  # the commit point
    except BaseException:
        for temp in [t for e in entries for t in (e.new, e.undo) if t is not None]:
            with contextlib.suppress(OSError):
                (root / temp).unlink()
        raise
    _replace_all(root, Journal(REPLACE, tuple(entries)))


def _prepare(root: Path, target: Path, data: bytes) -> Replacement:
    real = Path(os.path.realpath(target))  # a link's target is written, the link kept
    refuse_protected(real)
    relative = _inside(root, real, target)
    if os.path.lexists(real) and not real.is_file():
        raise WriteError(_("{path} exists and is not a regular file; nothing was written").format(path=target))
    new = _temp_beside(real, data, COMMIT_SUFFIX)
    try:
        undo = _temp_beside(real, real.read_bytes(), UNDO_SUFFIX) if real.exists() else None
    except BaseException:
        new.unlink(missing_ok=True)
        raise
    parent = Path(relative).parent
    undo_name = None if undo is None else (parent / undo.name).as_posix()
    return Replacement(relative, (parent / new.name).as_posix(), undo_name)


def _replace_all(root: Path, journal: Journal) -> list[Path]:
    """Rename every new file over its target; if one cannot be, put every target back."""
    done = []
    try:
        for entry in journal.files:
            new = root / entry.new
            if os.path.lexists(new):
                os.replace(new, root / entry.target)
                done.append(root / entry.target)
    except OSError as exc:
        _undo(root, journal, exc)
        raise WriteError(
            _("cannot replace {path}: {reason}; every file was put back as it was").format(
                path=root / entry.target, reason=os_reason(exc)
            )
        ) from None
    _done(root, journal)
    return done


def _undo(root: Path, journal: Journal, cause: OSError | None = None) -> list[Path]:
    """Put every target of ``journal`` back as it was before the commit; idempotent."""
    try:
        _write_journal(root, Journal(UNDO, journal.files))  # a kill from here on goes on undoing
        restored = []
        for entry in journal.files:
            target, new = root / entry.target, root / entry.new
            if os.path.lexists(new):
                new.unlink()  # never renamed: the target is as it was (and may be the file held open)
            elif entry.undo is not None and os.path.lexists(root / entry.undo):
                os.replace(root / entry.undo, target)
                restored.append(target)
            elif entry.undo is None and os.path.lexists(target):
                target.unlink()  # made by the commit
                restored.append(target)
    except OSError as exc:
        raise WriteError(
            _(
                "cannot put {folder} back as it was: {reason}; some files may be new and others old:"
                " close the programs using them and run: actionplan recover --plan {folder} --discard"
            ).format(folder=root, reason=os_reason(exc if cause is None else cause))
        ) from None
    _done(root, journal)
    return restored


def _done(root: Path, journal: Journal) -> None:
    for folder in {(root / e.target).parent for e in journal.files}:
        _fsync_dir(folder)
    # The journal goes first: one left behind always has every undo copy it names, so --discard
    # can put every file back. Copies a kill leaves after this are orphans for the next writer.
    (root / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(root)
    for entry in journal.files:
        if entry.undo is not None:
            with contextlib.suppress(FileNotFoundError):
                (root / entry.undo).unlink()


def _write_journal(root: Path, journal: Journal) -> None:
    document = {
        "format": JOURNAL_FORMAT,
        "version": JOURNAL_VERSION,
        "state": journal.state,
        "files": [{"target": e.target, "new": e.new, "undo": e.undo} for e in journal.files],
    }
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    os.replace(_temp_beside(root / JOURNAL, data), root / JOURNAL)
    _fsync_dir(root)


def finish(root: Path, *, discard: bool = False) -> list[Path] | None:
    """Finish the commit whose journal is in ``root`` (or put its files back, ``discard``).

    Returns the files replaced or put back, None without a journal. Call holding the locks.
    Raises JournalError (nothing moved) for a journal actionplan would not have written, and
    WriteError when a file cannot be renamed (every file then put back when possible).
    """
    journal = read_journal(root)
    if journal is None:
        return None
    if discard or journal.state == UNDO:
        return _undo(root, journal)
    return _replace_all(root, journal)


def discard_journal(root: Path) -> None:
    """Remove a journal that is not actionplan's, and nothing else it names (call holding the locks)."""
    refuse_protected(root)
    (root / JOURNAL).unlink(missing_ok=True)
    discard_orphans(root)


def read_journal(root: Path) -> Journal | None:
    """The journal in ``root``, checked whole; None without one. Raises JournalError; moves nothing."""
    path = root / JOURNAL
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise JournalError(root, os_reason(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise JournalError(root, _("it is a symbolic link or not a regular file"))
    if info.st_size > JOURNAL_MAX_BYTES:
        raise JournalError(root, _("it is {size:,} bytes, more than actionplan ever writes").format(size=info.st_size))
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise JournalError(root, _("it is not JSON in UTF-8")) from None
    if not isinstance(document, dict) or set(document) != {"format", "version", "state", "files"}:
        raise JournalError(root, _("it is not a journal of this actionplan (format, version, state, files)"))
    if document["format"] != JOURNAL_FORMAT or document["version"] != JOURNAL_VERSION:
        raise JournalError(
            root,
            _("format {found} is not {expected}").format(
                found=json.dumps([document["format"], document["version"]]),
                expected=json.dumps([JOURNAL_FORMAT, JOURNAL_VERSION]),
            ),
        )
    entries = document["files"]
    if document["state"] not in (REPLACE, UNDO) or not isinstance(entries, list) or not entries:
        raise JournalError(root, _("its state or its list of files is not one actionplan writes"))
    checked = tuple(_checked_entry(root, entry) for entry in entries)
    if len({e.target for e in checked}) != len(checked):
        raise JournalError(root, _("it names a file twice"))
    return Journal(document["state"], checked)


def _checked_entry(root: Path, entry: object) -> Replacement:
    if not isinstance(entry, dict) or set(entry) != {"target", "new", "undo"}:
        raise JournalError(root, _("an entry does not hold exactly target, new and undo"))
    target, new, undo = entry["target"], entry["new"], entry["undo"]
    if not isinstance(target, str) or not isinstance(new, str) or not (undo is None or isinstance(undo, str)):
        raise JournalError(root, _("an entry does not hold exactly target, new and undo"))
    _safe_relative(root, target)
    folder, name = posixpath.split(target)
    for temp, suffix in ((new, COMMIT_SUFFIX), (undo, UNDO_SUFFIX)):
        if temp is None:
            continue
        pattern = re.escape(f".{name}.") + _RANDOM + re.escape(suffix)
        if posixpath.dirname(temp) != folder or not re.fullmatch(pattern, posixpath.basename(temp)):
            message = _("{file} is not a temp file actionplan makes for {target}")
            raise JournalError(root, message.format(file=temp, target=target))
    real_root = os.path.realpath(root)
    if os.path.realpath(root / folder) != os.path.normpath(os.path.join(real_root, folder)):
        raise JournalError(root, _("{path} leads out of the folder through a symbolic link").format(path=target))
    for path in (target, new, undo):
        if path is not None and os.path.islink(root / path):
            raise JournalError(root, _("{path} is a symbolic link").format(path=path))
    for path in (target, new, undo):
        if path is not None and os.path.lexists(root / path) and not (root / path).is_file():
            raise JournalError(root, _("{path} is not a regular file").format(path=path))
    try:
        refuse_protected(root / target)
    except WriteError as exc:
        raise JournalError(root, str(exc)) from None
    return Replacement(target, new, undo)


def _safe_relative(root: Path, path: str) -> None:
    """A path relative to the folder, inside it, in no hidden folder (.git) and not hidden itself."""
    parts = path.split("/")
    if (
        not path
        or "\\" in path
        or PureWindowsPath(path).drive
        or path.startswith("/")
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
        or any(ord(c) < 0x20 for c in path)
    ):
        raise JournalError(
            root,
            _("{path} is not a file inside the folder (absolute, '..', hidden or a hidden folder such as .git)").format(
                path=json.dumps(path, ensure_ascii=False)
            ),
        )


def discard_orphans(root: Path) -> list[Path]:
    """Remove the temp files of commits that died before their commit point (call while holding the locks)."""
    folders = [root, *(p for p in root.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))]
    orphans = [o for folder in folders for o in folder.glob(f".*{COMMIT_SUFFIX}")]
    orphans += list(root.glob(f".{JOURNAL}.*{TMP_SUFFIX}"))
    for orphan in orphans:
        with contextlib.suppress(FileNotFoundError):
            orphan.unlink()
    return orphans


def _inside(root: Path, real: Path, shown: Path) -> str:
    """``real`` relative to ``root`` (both resolved); WriteError when it is not inside it."""
    base = Path(os.path.realpath(root))
    if not real.is_relative_to(base) or real == base:
        raise WriteError(
            _(
                "{path} is not inside the folder {folder} (a symbolic link or '..' leads out); nothing was written"
            ).format(path=shown, folder=root)
        )
    return real.relative_to(base).as_posix()


def _not_created(target: Path, exc: OSError) -> WriteError:
    return WriteError(
        _("cannot create {path}: {reason}; nothing was created").format(path=target, reason=os_reason(exc))
    )


def _temp_beside(path: Path, data: bytes, suffix: str = TMP_SUFFIX) -> Path:
    """``data`` in a new temp file next to ``path``, with the permission bits ``path`` will get."""
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _commit(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory is; not every platform can open one.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
