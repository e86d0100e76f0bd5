"""Self-contained HTML pages: the shared page shell and the generic renderer of any View."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import TextIO

from actionplan import description
from actionplan.i18n import language
from actionplan.render.svg import CHART_CSS, SERIES_COLORS, chart_svg, trend_svg
from actionplan.text import SHORT_CELL, css_string, html_safe, text_width
from actionplan.views import MarkedText, Table, View


def _tint(color: str, white: float = 0.8) -> str:
    """``color`` mixed with white: a chip background that keeps near-black text above 12:1."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in rgb)


# Phase kinds: the charts' Okabe-Ito colour as the chip's edge, a light tint of it behind
# near-black text, and a mark that repeats the kind in shape, so colour is never the only sign.
PALETTE: tuple[tuple[str, str, str], ...] = tuple(
    (_tint(edge), edge, mark) for edge, mark in zip(SERIES_COLORS, "○△■◇▲●□◆", strict=True)
)

BASE_CSS = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4b5563; --line: #9ca3af; --head: #f3f4f6; --focus: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0 1.25rem 2rem; color: var(--ink); background: #fff; line-height: 1.55;
  font-family: system-ui, -apple-system, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Yu Gothic",
    Meiryo, "Noto Sans CJK JP", "Noto Sans JP", sans-serif; }
h1 { font-size: 1.45rem; margin: 1.25rem 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
a { color: #1d4ed8; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem .5rem; z-index: 10; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; text-align: left; }
thead th { background: var(--head); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.fixed { table-layout: fixed; width: 100%; }
table.fixed td, table.fixed th { overflow-wrap: anywhere; }
table.fixed .nowrap { white-space: nowrap; overflow-wrap: normal; }
section.table { overflow-x: auto; }
.classification { position: fixed; top: .25rem; right: .5rem; margin: 0; padding: 0 .5rem; z-index: 20;
  border: 2px solid #b91c1c; color: #b91c1c; background: #fff; font-weight: 700; }
.notes { color: var(--muted); }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { margin: 0; font-size: 9pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .no-print, .skip { display: none !important; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  section.table { overflow: visible; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


# The generic page's own styles (render_html): cards on a phone, the print margins' marks.
REPORT_CSS = resources.files("actionplan.render").joinpath("assets", "report.css").read_text(encoding="utf-8")


def page(title: str, body: str, *, css: str = "", script: str = "") -> str:
    """A whole HTML document that needs nothing from the network, in the run's language.

    The Content-Security-Policy forbids every fetch and allows only the page's own script
    (by its hash), so even text that slipped through unescaped could not run.
    """
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        policy += f"; script-src 'sha256-{digest}'"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}">',  # the run's language: screen readers pronounce by it
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="actionplan">',
        f"<title>{html_safe(title)}</title>",
        f"<style>{BASE_CSS}{css}</style>",
        "</head>",
        "<body>",
        body,
    ]
    if script:
        parts.append(f"<script>{script}</script>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


_NUMERIC_CELL = re.compile(r"^[-+]?[0-9][0-9,]*(\.[0-9]+)?%?$")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _lang(text: str, page: str) -> str:
    """lang="ja" on a cell of a page in another language that holds the plan's Japanese text, so that a
    screen reader reads it with a Japanese voice (WCAG 3.1.2); nothing on a Japanese page."""
    return ' lang="ja"' if page != "ja" and _JAPANESE.search(text) else ""


def plan_lang(text: str) -> str:
    """The lang attribute of an element holding only ``text`` (the plan's words) on this run's page."""
    return _lang(text, language())


def plan_text(text: str) -> str:
    """``text`` (the plan's words) escaped, inside <span lang="ja"> where the page is in another language."""
    return f'<span lang="ja">{html_safe(text)}</span>' if plan_lang(text) else html_safe(text)


NOWRAP = ' class="nowrap"'
# The width the layout is planned for: an A4 landscape page at the print size, in em. Widths are
# given in percent of it, so the same layout also fits a screen.
PAGE_EM = 84.0
# Short columns take at most this share of the page; the widest give way to text columns.
SHORT_SHARE = 0.55
PADDING = 1.5  # em of cell padding and border
WORD = 5.0  # a text column is at least as wide as its longest word (phase, 主管課), up to this
# Words of a cell a line may break between: phases (運用／普及啓発), lists (防災課、情報政策課).
_WORDS = re.compile(r"[\s／、,，・]+")
# A table with more columns than this turns into one card per row (or row group) on a phone.
CARD_COLUMNS = 3


@dataclass(frozen=True)
class ColumnShare:
    """One column's share of the table width (percent) and whether its cells may wrap."""

    percent: float
    nowrap: bool


def column_widths(tables: list[Table]) -> dict[tuple[str, ...], list[ColumnShare]]:
    """One layout per set of columns, so that every table with the same columns (a report's goal
    tables) lines up with the others and the report prints as one document.

    Short columns get their widest cell (nowrap). Text columns get at least their longest word
    (so 普及啓発 or 令和元年度 never break inside), and the rest goes where it shortens the rows
    most: to the columns with the most lines of text (取組実績 and 課題), not to a title.
    """
    cells: dict[tuple[str, ...], list[list[str]]] = {}
    for table in tables:
        cells.setdefault(tuple(table.columns), []).extend(table.rows)
    layouts: dict[tuple[str, ...], list[ColumnShare]] = {}
    for columns, rows in cells.items():
        widest, least, average = [], [], []
        for n, column in enumerate(columns):
            values = [row[n] for row in rows if n < len(row)]
            widths = [text_width(v) for v in values if v.strip()]
            widest.append(max([*widths, text_width(column), 2.0]) + PADDING)
            words = [text_width(w) for v in values for w in _WORDS.split(v)]
            heading = [text_width(w) for w in _WORDS.split(column)]  # a heading of up to 6 characters stays whole
            least.append(max(min(max([*words, 2.0]), WORD), min(max(heading), SHORT_CELL)) + PADDING)
            average.append(sum(widths) / len(widths) if widths else 0.0)
        short = {n for n, width in enumerate(widest) if width <= SHORT_CELL + PADDING}
        while short and sum(widest[n] for n in short) > PAGE_EM * SHORT_SHARE:
            short.discard(max(short, key=lambda n: widest[n]))
        text = [n for n in range(len(columns)) if n not in short]
        room = PAGE_EM - sum(widest[n] for n in short)
        fitted = _fewest_lines(room, [least[n] for n in text], [widest[n] for n in text], [average[n] for n in text])
        ems = [widest[n] if n in short else fitted[text.index(n)] for n in range(len(columns))]
        scale = 100.0 / (sum(ems) or 1.0)
        layouts[columns] = [ColumnShare(em * scale, n in short) for n, em in enumerate(ems)]
    return layouts


def _fewest_lines(room: float, least: list[float], most: list[float], text: list[float]) -> list[float]:
    """Widths (em) for text columns in ``room`` that make the tallest cell as short as they can: each
    column as wide as its average ``text`` over the same number of lines, within [least, most]
    (found by bisection on that number of lines)."""
    if not least:
        return []

    def widths(lines: float) -> list[float]:
        return [min(max(t / lines + PADDING, lo), hi) for t, lo, hi in zip(text, least, most, strict=True)]

    low, high = 0.05, 1000.0
    for _step in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if sum(widths(middle)) > room else (low, middle)
    result = widths(high)
    spare = room - sum(result)
    if spare > 0:  # every column at its widest: the rest by how much each holds
        total = sum(result)
        result = [w + spare * w / total for w in result]
    return result


def without_empty_columns(tables: list[Table]) -> list[Table]:
    """The tables without the columns that are empty in every row of every table of the same
    columns (評価 when the plan has no ratings): a column that is empty for the whole document."""
    rows: dict[tuple[str, ...], list[list[str]]] = {}
    for table in tables:
        rows.setdefault(tuple(table.columns), []).extend(table.rows)
    keep = {
        columns: [n for n in range(len(columns)) if n == 0 or any(n < len(r) and r[n].strip() for r in body)]
        for columns, body in rows.items()
    }
    result = []
    for table in tables:
        kept = keep[tuple(table.columns)]
        if len(kept) == len(table.columns):
            result.append(table)
            continue
        body = [[row[n] if n < len(row) else "" for n in kept] for row in table.rows]
        result.append(replace(table, columns=[table.columns[n] for n in kept], rows=body))
    return result


def _row_groups(table: Table) -> list[list[list[str]]]:
    """The table's rows in their groups (Table.groups), or one group a row."""
    sizes = table.groups if sum(table.groups) == len(table.rows) else [1] * len(table.rows)
    groups, start = [], 0
    for size in sizes:
        groups.append(table.rows[start : start + size])
        start += size
    return groups


def table_html(
    table: Table,
    *,
    row_headers: bool = True,
    labelled_by: str | None = None,
    widths: list[ColumnShare] | None = None,
) -> str:
    """A View table as a real table: named by a heading (or its caption), column headers,
    and the first cell of a row as its header. With ``widths`` (see column_widths) the table
    has a fixed layout: short columns keep their width and never wrap. On a page in another language
    than Japanese, cells of Japanese text say so (lang="ja").

    Each row group (Table.groups) is a <tbody> that print keeps on one page where it fits; a
    row of a group whose header cell is empty repeats the group's header (the item ID), so no
    row is without one. A table of more than CARD_COLUMNS columns turns into cards on a phone:
    every cell carries its column's name (data-label) to show beside it.
    """
    fixed = widths is not None and len(widths) == len(table.columns)
    classes = [c for c, on in (("fixed", fixed), ("cards", len(table.columns) > CARD_COLUMNS)) if on]
    css = f' class="{" ".join(classes)}"' if classes else ""
    if labelled_by:
        lines = [f'<table{css} aria-labelledby="{html_safe(labelled_by)}">']
    else:
        lines = [f"<table{css}>"]
        if table.title:
            lines.append(f"<caption>{html_safe(table.title)}</caption>")
    short = [False] * len(table.columns)
    if widths is not None and fixed:
        short = [w.nowrap for w in widths]
        cols = [f'<col style="width: {w.percent:.1f}%">' for w in widths]
        lines.append("<colgroup>" + "".join(cols) + "</colgroup>")
    page = language()
    heads = [
        f'<th scope="col"{NOWRAP if nowrap else ""}{_lang(c, page)}>{html_safe(c)}</th>'
        for c, nowrap in zip(table.columns, short, strict=True)
    ]
    lines.append("<thead><tr>" + "".join(heads) + "</tr></thead>")
    for group in _row_groups(table):
        lines.append("<tbody>")
        lines += [_row_html(table.columns, row, group[0][0], short, row_headers) for row in group]
        lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


def _row_html(columns: list[str], row: list[str], group_header: str, short: list[bool], row_headers: bool) -> str:
    page, cells = language(), []
    for n, cell in enumerate(row):
        classes = []
        if n < len(short) and short[n]:
            classes.append("nowrap")
        if _NUMERIC_CELL.match(cell.strip()) and not (n == 0 and row_headers):
            classes.append("num")
        text = cell
        if n == 0 and row_headers and not cell.strip() and group_header.strip():
            text = group_header  # a 主管課's row under its item: the item ID again
            classes.append("again")
        label = f' data-label="{html_safe(columns[n])}"' if n < len(columns) else ""
        attr = (f' class="{" ".join(classes)}"' if classes else "") + label + _lang(text, page)
        if n == 0 and row_headers and text.strip():  # an empty header names nothing (a total row): a cell
            cells.append(f'<th scope="row"{attr}>{html_safe(text)}</th>')
        else:
            cells.append(f"<td{attr}>{_cell_html(text)}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _cell_html(text: str) -> str:
    """A cell's text escaped; a changed text (views.MarkedText) with its parts in <del> and <ins>."""
    if not isinstance(text, MarkedText):
        return html_safe(text)
    return "".join(f"<{kind}>{html_safe(part)}</{kind}>" if kind else html_safe(part) for kind, part in text.parts)


def render_html(view: View, out: TextIO, *, tty: bool) -> None:
    """Any View as one self-contained, escaped HTML page: a heading and a table per section."""
    title = view.title or next((t.title for t in view.tables if t.title), None) or "actionplan"
    body = []
    css = REPORT_CSS
    if view.classification:  # at the top of the screen, in the margin of every printed page
        body.append(f'<header class="classification"><p>{html_safe(view.classification)}</p></header>')
        css += f"@media print {{ @page {{ @top-right {{ content: {css_string(view.classification)}; }} }} }}"
    body.append(f'<main id="main">\n<h1 id="title">{html_safe(title)}</h1>')
    drawn = [chart_svg(chart, f"chart-{n}") for n, chart in enumerate(view.charts, 1)]
    drawn += [trend_svg(chart, f"chart-{n}") for n, chart in enumerate(view.trends, len(drawn) + 1)]
    if drawn:
        # A phone scrolls a chart sideways rather than shrink its words: a region one can reach
        # with the keyboard, named by the chart's title.
        body += [
            f'<div class="chart-scroll" role="region" tabindex="0" aria-labelledby="chart-{n}-title">{svg}</div>'
            for n, svg in enumerate(drawn, 1)
        ]
        css = CHART_CSS + css
    tables = without_empty_columns(view.tables)
    layouts = column_widths(tables)
    for n, table in enumerate(tables, 1):
        if not table.rows:
            continue  # an empty section would print a heading and no rows
        heading = "title" if table.title in (None, title) else f"table-{n}"
        section = []
        if table.title is not None and heading != "title":
            section.append(f'<h2 id="{heading}">{html_safe(table.title)}</h2>')
        section.append(table_html(table, labelled_by=heading, widths=layouts[tuple(table.columns)]))
        body.append('<section class="table">' + "\n".join(section) + "</section>")
    body += [f'<p class="notes">{html_safe(note)}</p>' for note in view.notes]
    body.append("</main>")
    out.write(page(title, "\n".join(body), css=css))


def description_html(text: str) -> list[str]:
    """An item's description as HTML: each labelled block a heading, paragraphs and lists kept."""
    parts: list[str] = []
    for block in description.blocks(text):
        if block.label:
            parts.append(f"<h4{plan_lang(block.label)}>{html_safe(block.label)}</h4>")
        for part in block.parts:
            if part.kind == "list":
                entries = "".join(f"<li{plan_lang(x)}>{html_safe(x)}</li>" for x in part.lines)
                parts.append(f'<ul class="entries">{entries}</ul>')
            else:
                parts += [f"<p{plan_lang(x)}>{html_safe(x)}</p>" for x in part.lines]
    return parts
