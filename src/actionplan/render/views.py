"""Format-neutral views of data, and the registry of formats that print them."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class Table:
    """Rows of text under column labels; an optional title becomes a heading."""

    columns: list[str]
    rows: list[list[str]]
    title: str | None = None


@dataclass
class View:
    """What a command prints, in every form.

    ``data`` is the JSON document (a documented contract), ``tables`` the sections people
    read (table, markdown), ``flat`` one tidy table for csv, and ``notes`` lines of text
    printed after the tables in human formats.
    """

    data: Any
    tables: list[Table]
    flat: Table
    notes: list[str] = field(default_factory=list)
    title: str | None = None


# Control characters (C0, C1, DEL) and the invisible format characters that can reorder or
# hide text on a terminal (bidi overrides, zero-width marks).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(text: str, *, one_line: bool = True) -> str:
    """Text safe for a terminal: no escape sequences or control characters."""
    text = unicodedata.normalize("NFC", text)
    if one_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _UNSAFE.sub("\ufffd", text)


def render_json(view: View, out: TextIO, *, tty: bool) -> None:
    json.dump(view.data, out, ensure_ascii=False, indent=2)
    out.write("\n")


_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """Neutralise formula injection (OWASP): a leading = + - @ TAB CR gets a quote mark."""
    text = clean(text, one_line=False)
    return "'" + text if text.startswith(_CSV_RISKY) else text


def excel_csv(rows: Iterable[Sequence[str]]) -> str:
    """CSV text with a BOM and CRLF, so Excel on Japanese Windows opens it as UTF-8.

    Cells are written as given: callers neutralise them with :func:`csv_cell`.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + buffer.getvalue()


def render_csv(view: View, out: TextIO, *, tty: bool) -> None:
    table = [view.flat.columns, *view.flat.rows]
    out.write(excel_csv([csv_cell(c) for c in row] for row in table))


def _md_cell(text: str) -> str:
    return clean(text).replace("\\", "\\\\").replace("|", "\\|") or " "


def render_markdown(view: View, out: TextIO, *, tty: bool) -> None:
    parts: list[str] = [f"# {clean(view.title)}"] if view.title else []
    for table in view.tables:
        lines = []
        if table.title:
            lines += [f"## {clean(table.title)}", ""]
        lines.append("| " + " | ".join(_md_cell(c) for c in table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        parts.append("\n".join(lines))
    if view.notes:
        parts.append("\n".join(clean(n) for n in view.notes))
    out.write("\n\n".join(parts) + "\n")


def render_table(view: View, out: TextIO, *, tty: bool) -> None:
    """Rich tables on a terminal; tab-separated plain text, one line per row, when piped."""
    if tty:
        from actionplan.render.terminal import print_tables

        print_tables(view, out)
        return
    parts: list[str] = [clean(view.title)] if view.title else []
    for table in view.tables:
        lines = [clean(table.title)] if table.title else []
        lines.append("\t".join(clean(c) for c in table.columns))
        lines += ["\t".join(clean(c) for c in row) for row in table.rows]
        parts.append("\n".join(lines))
    if view.notes:
        parts.append("\n".join(clean(n) for n in view.notes))
    out.write("\n\n".join(parts) + "\n")


def _html(view: View, out: TextIO, *, tty: bool) -> None:
    from actionplan.render.html import render_html  # only commands asked for html pay for it

    render_html(view, out, tty=tty)


FORMATS: dict[str, Callable[..., None]] = {
    "table": render_table,
    "markdown": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "html": _html,
}


def render(view: View, fmt: str, out: TextIO, *, tty: bool) -> None:
    """Print ``view`` in the format named ``fmt`` (a key of FORMATS)."""
    FORMATS[fmt](view, out, tty=tty)
