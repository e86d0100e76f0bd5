"""View and Table: what reports produce and every renderer prints, apart from the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
