"""The one writer of everything the tool writes, with one policy for every output target.

Policy (the same for every command; README "Output files"):

- ``-`` means standard output.
- A regular file is replaced atomically: a temp file beside it, fsync, rename. Readers see
  the old file or the new one, never a mix; the old file's permission bits are kept.
- A symbolic link is resolved and its target is written by these rules; the link itself is
  never replaced by a file.
- An existing character device or FIFO (``/dev/null``, a named pipe) is written to directly,
  never replaced. Sockets, block devices and directories are refused.
- Nothing is ever written inside the installed package or the embedded plan.
- A folder of files (``init``, ``export -o``) is written whole or not at all.

Every failure is a :class:`WriteError` whose message names the target and the reason; the
CLI turns it into exit code 1 for every command, and the target is unchanged.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from actionplan.i18n import _, os_reason
from actionplan.layout import embedded_plan_dir

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


def write_output(target: Path, data: bytes) -> Path | None:
    """Write ``data`` to ``target`` by the module's policy; the path written, None for stdout."""
    if is_stdout(target):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    real = Path(os.path.realpath(target))
    refuse_protected(real)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _failed(target, exc) from None
    if mode is None or stat.S_ISREG(mode):
        if not real.parent.is_dir():
            raise WriteError(
                _("cannot write {path}: directory does not exist: {folder}").format(path=target, folder=real.parent)
            )
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

    Every file is first written to a temp file beside its target; only when all are
    written are they renamed into place. A failure removes the temp files and leaves every
    target as it was. Returns the paths written.
    """
    refuse_protected(folder)
    if folder.exists() and not folder.is_dir():
        raise WriteError(_("{path} exists and is not a directory; give a folder for the files").format(path=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(_("cannot create {path}: {reason}").format(path=folder, reason=os_reason(exc))) from None
    targets = []
    for name in files:
        path = Path(os.path.realpath(folder / name))
        refuse_protected(path)
        if path.exists() and not path.is_file():
            raise WriteError(
                _("{path} exists and is not a regular file; nothing was written").format(path=folder / name)
            )
        targets.append(path)
    temps: list[Path] = []
    try:
        for path, data in zip(targets, files.values(), strict=True):
            temps.append(_temp_beside(path, data))
        for tmp, path in zip(temps, targets, strict=True):
            _commit(tmp, path)
    except OSError as exc:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise WriteError(
            _("cannot write to {path}: {reason}; nothing was written").format(path=folder, reason=os_reason(exc))
        ) from None
    _fsync_dir(folder)
    return [folder / name for name in files]


def create_tree(target: Path, files: Mapping[str, bytes], empty_dirs: Iterable[str] = ()) -> None:
    """Create the new folder ``target`` holding ``files`` (relative POSIX paths), whole or not at all.

    ``target`` must not exist or be an empty folder. Everything is built in a hidden temp
    folder beside it and renamed into place at the end; a failure (a full disk) removes
    the temp folder, so nothing is left behind and the same command can simply be run again.
    """
    refuse_protected(target)
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
        if target.exists():
            target.rmdir()  # empty, checked above; a rename over a folder is not portable
        os.rename(build, target)
    except OSError as exc:
        shutil.rmtree(build, ignore_errors=True)
        raise _not_created(target, exc) from None
    _fsync_dir(parent)


# --- several files of a plan changed together, across a kill -9 ------------------------------
#
# A commit writes every new file beside its target as a hidden temp file (fsync'd), then the
# journal - the list of temp files and their targets - renamed into place: that rename is the
# commit point. Only then are the temp files renamed over their targets and the journal
# removed. A run that dies before the commit point leaves every target as it was (its temp
# files are removed by the next commit); one that dies after it leaves a journal, and
# recover() - which the loader calls before it reads a plan - finishes the renames, so no
# reader sees some files old and others new.

JOURNAL = ".actionplan-journal.json"
# Not TMP_SUFFIX: a single-file writer's cleanup of its own orphans must never take these.
COMMIT_SUFFIX = ".commit" + TMP_SUFFIX


def commit_files(root: Path, files: Mapping[Path, bytes]) -> None:
    """Replace every file of ``files`` (paths inside the folder ``root``) with its bytes: all or none.

    The caller holds the locks that keep other writers out of these files.
    """
    refuse_protected(root)
    for target in files:
        refuse_protected(target)
    recover(root)
    discard_orphans(root)
    entries: list[dict[str, str]] = []
    try:
        for target, data in files.items():
            real = Path(os.path.realpath(target))  # a link's target is written, the link kept
            tmp = _temp_beside(real, data, COMMIT_SUFFIX)
            entries.append({"tmp": _inside(root, tmp), "target": _inside(root, real)})
        for folder in {(root / e["target"]).parent for e in entries}:
            _fsync_dir(folder)
        journal = _temp_beside(root / JOURNAL, json.dumps({"replace": entries}, ensure_ascii=False).encode("utf-8"))
        os.replace(journal, root / JOURNAL)  # the commit point
        _fsync_dir(root)
    except BaseException:
        for entry in entries:
            with contextlib.suppress(OSError):
                (root / entry["tmp"]).unlink()
        raise
    recover(root)


def recover(root: Path) -> list[Path]:
    """Finish a commit whose journal is in place; returns the files it replaced (none without one)."""
    journal = root / JOURNAL
    try:
        entries = json.loads(journal.read_bytes().decode("utf-8"))["replace"]
    except FileNotFoundError:
        return []
    done = []
    for entry in entries:
        tmp, target = root / entry["tmp"], root / entry["target"]
        try:
            os.replace(tmp, target)
            done.append(target)
        except FileNotFoundError:
            pass  # renamed already: before the run died, or by another reader finishing the same commit
    for folder in {(root / e["target"]).parent for e in entries}:
        _fsync_dir(folder)
    journal.unlink(missing_ok=True)
    _fsync_dir(root)
    return done


def discard_orphans(root: Path) -> list[Path]:
    """Remove the temp files of commits that died before their commit point (call while holding the locks)."""
    folders = [root, *(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    orphans = [o for folder in folders for o in folder.glob(f".*{COMMIT_SUFFIX}")]
    orphans += list(root.glob(f".{JOURNAL}.*{TMP_SUFFIX}"))
    for orphan in orphans:
        with contextlib.suppress(FileNotFoundError):
            orphan.unlink()
    return orphans


def _inside(root: Path, path: Path) -> str:
    return Path(os.path.realpath(path)).relative_to(os.path.realpath(root)).as_posix()


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
