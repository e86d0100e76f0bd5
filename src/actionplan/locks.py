"""The locks every writer of a plan takes, their names, and the one order they are taken in.

A writer of a plan (progress set/import/migrate, rename-department, recover) first takes the
plan's lock, ``.plan.yaml.lock`` in the plan folder, then the lock of every progress file it
writes (``progress/.<year>.yaml.lock``), in sorted order. One order for all writers means no
two of them can wait for each other; holding the plan lock means no department is renamed and
no interrupted change is finished while an answer is being written.

Every failure to take a lock (another writer holds it too long, a read-only folder, a lock
file that is a symbolic link) is a :class:`LockError` with a message for people, never a
traceback.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from actionplan.files import WriteError
from actionplan.i18n import _, os_reason

TIMEOUT = 30.0
PLAN_FILE_NAME = "plan.yaml"


class LockError(WriteError):
    """A lock could not be taken; nothing was written."""


def lock_path(path: Path) -> Path:
    """The lock file guarding ``path``: ``.<name>.lock`` beside it (the one naming rule)."""
    return path.with_name(f".{path.name}.lock")


def plan_lock(root: Path) -> Path:
    """The lock every writer of the plan at ``root`` takes first."""
    return lock_path(root / PLAN_FILE_NAME)


@contextlib.contextmanager
def hold(root: Path, paths: Iterable[Path] = (), timeout: float = TIMEOUT) -> Iterator[None]:
    """Hold the plan's lock, then the lock of each of ``paths``, in the one order; raises LockError."""
    order = [plan_lock(root), *sorted({lock_path(p) for p in paths})]
    with contextlib.ExitStack() as held:
        for lock in order:
            held.enter_context(_taken(lock, timeout))
        yield


@contextlib.contextmanager
def _taken(lock: Path, timeout: float) -> Iterator[None]:
    _refuse_link(lock)
    taken = FileLock(lock, timeout=timeout)
    try:
        taken.acquire()
    except Timeout:
        raise LockError(
            _(
                "{lock} is held by another actionplan for more than {seconds} s (another write to the plan);"
                " nothing was written: try again when it has finished"
            ).format(lock=lock, seconds=f"{timeout:g}")
        ) from None
    except OSError as exc:
        raise LockError(
            _("cannot take the lock {lock}: {reason}; nothing was written").format(lock=lock, reason=os_reason(exc))
        ) from None
    try:
        yield
    finally:
        taken.release()


def _refuse_link(lock: Path) -> None:
    # A planted link would make the lock truncate or create a file elsewhere.
    try:
        mode = os.lstat(lock).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LockError(
            _("cannot take the lock {lock}: {reason}; nothing was written").format(lock=lock, reason=os_reason(exc))
        ) from None
    if not stat.S_ISREG(mode):
        raise LockError(
            _(
                "the lock file {lock} is a symbolic link or not a regular file; nothing was written:"
                " remove it (actionplan only ever makes a plain empty file there)"
            ).format(lock=lock)
        )
