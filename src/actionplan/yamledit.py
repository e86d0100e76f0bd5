"""Comment-keeping YAML round trips: one ruamel set-up, the file's own layout kept, digests.

Every writer that changes a YAML file a person also edits by hand (progress answers,
rename-department, migrate, the next plan's draft) reads and writes it here, so that they all
keep comments, quotes, the list indentation the file uses, a byte-order mark and CRLF line
ends the same way. The lock a writer takes is named by locks.lock_path.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

BOM = b"\xef\xbb\xbf"
# The first list entry of a file: its "- " at column 0 or 2 under its key says how the file indents lists.
_FIRST_ENTRY = re.compile(r"^( *)- ", re.MULTILINE)


def round_trip(text: str | None = None) -> YAML:
    """A round-trip YAML that writes lists with the indentation ``text`` uses (column 2 for a new file)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long text into several lines
    # Values written twice share objects (one date for many answers); our reader refuses aliases.
    yaml.representer.ignore_aliases = lambda *_: True
    offset = 2
    if text is not None and (first := _FIRST_ENTRY.search(text)):
        offset = len(first.group(1))
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def edit_text(raw: bytes) -> str:
    """The text of bytes the reader accepted (UTF-8, perhaps with a BOM), with LF line ends."""
    return raw.removeprefix(BOM).decode("utf-8").replace("\r\n", "\n")


def encode(text: str, like: bytes | None) -> bytes:
    """``text`` as bytes the way ``like`` (the file's old bytes) was written: BOM and CRLF kept if it had them."""
    if like is not None and b"\r\n" in like:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if like is not None and like.startswith(BOM):
        data = BOM + data
    return data


@dataclass
class Editable:
    """A YAML file loaded for editing: its old bytes (None for a new file), the set-up that read it, the data."""

    raw: bytes | None
    yaml: YAML
    data: Any

    def dump(self) -> bytes:
        """The edited data as bytes, in the old file's layout, BOM and line ends."""
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return encode(out.getvalue(), self.raw)


def load_editable(raw: bytes | None, new_text: str = "") -> Editable:
    """Bytes of a file (or ``new_text`` for a file not written yet) loaded for a comment-keeping edit."""
    text = new_text if raw is None else edit_text(raw)
    yaml = round_trip(None if raw is None else text)
    return Editable(raw, yaml, yaml.load(text))


def digest(raw: bytes | None) -> str | None:
    """What a file held, to tell later whether someone changed it meanwhile (None: it did not exist)."""
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def read_existing(path: Path) -> bytes | None:
    """A file's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
