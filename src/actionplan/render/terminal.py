"""Rich output for a terminal: the only module that imports rich."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from actionplan.i18n import _
from actionplan.text import terminal_safe
from actionplan.views import Table, View


def console(out: TextIO) -> Console:
    # rich honours NO_COLOR itself; highlight=False keeps numbers and paths uncoloured.
    return Console(file=out, highlight=False, soft_wrap=False)


# A column needs room for two wide (CJK) characters besides its border and padding; rich
# gives a narrower column nothing to print, so every Japanese cell would come out blank.
_MIN_COLUMN = 4 + 3


def print_tables(view: View, out: TextIO) -> None:
    con = console(out)
    if view.title:
        con.print(Text(terminal_safe(view.title), style="bold underline"))
    for table in view.tables:
        if con.width < len(table.columns) * _MIN_COLUMN + 1:
            _print_records(con, table)
            continue
        rich_table = RichTable(
            title=Text(terminal_safe(table.title), style="bold") if table.title else None,
            title_justify="left",
            show_lines=False,
        )
        for index, column in enumerate(table.columns):
            # Short key columns (IDs) never wrap; long text folds instead of being cut off.
            short = all(len(row[index]) <= 12 for row in table.rows if index < len(row))
            rich_table.add_column(Text(terminal_safe(column)), overflow="fold", no_wrap=short and index == 0)
        for row in table.rows:
            # Text objects, never strings: a title like "[bold]" must print as written.
            rich_table.add_row(*(Text(terminal_safe(cell, one_line=False)) for cell in row))
        con.print(rich_table)
    for note in view.notes:
        con.print(Text(terminal_safe(note)))


def _print_records(con: Console, table: Table) -> None:
    """A table too wide for the terminal, one record per row: the first cell, then label: value lines."""
    if table.title:
        con.print(Text(terminal_safe(table.title), style="bold"))
    for row in table.rows:
        con.print(Text(terminal_safe(row[0]) if row else "", style="bold"), overflow="fold")
        for label, cell in zip(table.columns[1:], row[1:], strict=False):
            if cell:
                line = _("{field}: {value}").format(field=terminal_safe(label), value=terminal_safe(cell))
                con.print(Text(f"  {line}"), overflow="fold")
