"""A wall-clock limit for one example: a hang becomes a failure instead of a stuck test run."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import Any

SECONDS = 2.0


class Hang(Exception):
    """The code under test ran past the limit."""


@contextlib.contextmanager
def time_limit(seconds: float = SECONDS) -> Iterator[None]:
    """Raise Hang if the block runs longer than ``seconds`` (POSIX; elsewhere no limit)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
