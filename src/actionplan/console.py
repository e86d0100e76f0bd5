"""Standard output and error on any console: no crash for an encoding, a closed pipe or a full disk.

On Japanese Windows, ``actionplan list > x.csv`` writes through the ANSI code page (cp932),
which has no em dash, no BOM and no ``〜``: such characters become a cp932 look-alike where
one exists (— → ―, 〜 → ～, − → －), else a visible ``?``; a BOM is dropped. Documents that
declare their encoding (HTML, JSON) are written as UTF-8 bytes when they go to a file or
pipe, so the page or data stays valid whatever the console's code page.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from typing import TextIO

ERRORS = "actionplan-console"
# Characters cp932 lacks, with the cp932 character a Japanese reader expects in their place.
LOOKALIKES = {
    "\u2014": "\u2015",  # EM DASH → HORIZONTAL BAR (the cp932 dash)
    "\u2212": "\uff0d",  # MINUS SIGN → FULLWIDTH HYPHEN-MINUS
    "\u301c": "\uff5e",  # WAVE DASH → FULLWIDTH TILDE (the cp932 wave dash)
    "\u2016": "\u2225",  # DOUBLE VERTICAL LINE → PARALLEL TO
    "\u00a2": "\uffe0",
    "\u00a3": "\uffe1",
    "\u00ac": "\uffe2",
    "\ufeff": "",  # a BOM belongs at the start of a UTF-8 file, never on a console
}
# Failures of the device written to, not bugs: a full disk (> /dev/full), a quota, an I/O error.
WRITE_ERRNOS = frozenset(
    code for code in (errno.ENOSPC, errno.EFBIG, errno.EIO, getattr(errno, "EDQUOT", None)) if code is not None
)


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        substitute = LOOKALIKES.get(char)
        if substitute is not None:
            try:
                substitute.encode(error.encoding)
            except UnicodeEncodeError:
                substitute = None
        out.append("?" if substitute is None else substitute)
    return "".join(out), error.end


codecs.register_error(ERRORS, _replace)


def setup() -> None:
    """Make standard output and error replace what their encoding cannot show, instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=ERRORS)


def is_utf8(stream: TextIO) -> bool:
    return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"


def write_document(text: str, stream: TextIO | None = None) -> None:
    """Write an HTML or JSON document (which declares UTF-8) to standard output.

    To a terminal it is text in the terminal's encoding; to a file or pipe whose encoding is
    not UTF-8 (``> page.html`` on Japanese Windows) it is the UTF-8 bytes the document says
    it is in.
    """
    stream = stream or sys.stdout
    binary = getattr(stream, "buffer", None)
    if binary is None or is_utf8(stream) or stream.isatty():
        stream.write(text)
        return
    stream.flush()
    binary.write(text.encode("utf-8"))
    binary.flush()


def silence_stdout() -> None:
    """After a failed write, point standard output at the null device so the exit flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
