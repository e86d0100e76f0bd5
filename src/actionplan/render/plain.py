"""Plain-text formats of a View: json, csv, markdown, and tab-separated text for pipes."""

from __future__ import annotations

import json
from typing import TextIO

from actionplan.text import csv_safe, excel_csv, markdown_safe, terminal_safe
from actionplan.views import MarkedText, View


def render_json(view: View, out: TextIO, *, tty: bool) -> None:
    json.dump(view.data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_csv(view: View, out: TextIO, *, tty: bool) -> None:
    table = [view.flat.columns, *view.flat.rows]
    out.write(excel_csv([csv_safe(c) for c in row] for row in table))


def _md_cell(text: str) -> str:
    """A table cell: its lines joined by <br>; a changed text (views.MarkedText) with <del> and <ins>, as
    GitHub shows them in a pull request."""
    if isinstance(text, MarkedText):
        marked = (f"<{kind}>{_md_lines(part)}</{kind}>" if kind else _md_lines(part) for kind, part in text.parts)
        return "".join(marked) or " "
    return _md_lines(text) or " "


def _md_lines(text: str) -> str:
    return "<br>".join(markdown_safe(line) for line in text.split("\n"))


def render_markdown(view: View, out: TextIO, *, tty: bool) -> None:
    parts: list[str] = [f"# {markdown_safe(view.title)}"] if view.title else []
    for table in view.tables:
        lines = []
        if table.title:
            lines += [f"## {markdown_safe(table.title)}", ""]
        lines.append("| " + " | ".join(_md_cell(c) for c in table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        parts.append("\n".join(lines))
    if view.notes:
        parts.append("\n".join(markdown_safe(n) for n in view.notes))
    out.write("\n\n".join(parts) + "\n")


def render_plain(view: View, out: TextIO, *, tty: bool) -> None:
    """Tab-separated plain text, one line per row: what `table` prints when piped."""
    parts: list[str] = [terminal_safe(view.title)] if view.title else []
    for table in view.tables:
        lines = [terminal_safe(table.title)] if table.title else []
        lines.append("\t".join(terminal_safe(c) for c in table.columns))
        lines += ["\t".join(terminal_safe(c) for c in row) for row in table.rows]
        parts.append("\n".join(lines))
    if view.notes:
        parts.append("\n".join(terminal_safe(n) for n in view.notes))
    out.write("\n\n".join(parts) + "\n")
