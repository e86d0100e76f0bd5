"""The registry of output formats: name -> renderer of a View (the choices of --format)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from actionplan.render.plain import render_csv, render_json, render_markdown, render_plain
from actionplan.views import View


def render_table(view: View, out: TextIO, *, tty: bool) -> None:
    """Rich tables on a terminal; tab-separated plain text, one line per row, when piped."""
    if tty:
        from actionplan.render.terminal import print_tables  # rich loads only for a terminal

        print_tables(view, out)
        return
    render_plain(view, out, tty=tty)


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


def _xlsx(view: View) -> bytes:
    from actionplan.render.xlsx import render_xlsx  # openpyxl loads only for a workbook

    return render_xlsx(view)


def _pdf(view: View) -> bytes:
    from actionplan.render.pdf import render_pdf  # WeasyPrint (optional extra) loads only for a PDF

    return render_pdf(view)


# Formats that make a file (bytes), not text: they need -o FILE.
FILE_FORMATS: dict[str, Callable[[View], bytes]] = {"xlsx": _xlsx, "pdf": _pdf}
NAMES = (*FORMATS, *FILE_FORMATS)


def render(view: View, fmt: str, out: TextIO, *, tty: bool) -> None:
    """Print ``view`` in the format named ``fmt`` (a key of FORMATS)."""
    FORMATS[fmt](view, out, tty=tty)
