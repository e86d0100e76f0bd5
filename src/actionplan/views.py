"""View and Table: what reports produce and every renderer prints, apart from the renderers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

# How plain formats mark a removed and an added part, as ``git diff --word-diff`` does.
_MARKS = {"": ("", ""), "del": ("[-", "-]"), "ins": ("{+", "+}")}


class MarkedText(str):
    """One side of a changed text, its removed ("del") or added ("ins") parts marked. As a str it
    is the text with git's word-diff marks ([-gone-], {+new+}), which plain formats print; html
    and markdown show the parts as <del> and <ins>."""

    parts: tuple[tuple[str, str], ...]

    def __new__(cls, parts: Iterable[tuple[str, str]]) -> MarkedText:
        kept = tuple((kind, text) for kind, text in parts if text)
        edited = super().__new__(cls, "".join(_MARKS[kind][0] + text + _MARKS[kind][1] for kind, text in kept))
        edited.parts = kept
        return edited


@dataclass
class Table:
    """Rows of text under column labels; an optional title becomes a heading.

    ``groups`` says how many consecutive rows belong together (an item's row and its 主管課'
    rows): a page keeps them together and repeats the first row's header cell beside the rest.
    Empty: every row stands alone.
    """

    columns: list[str]
    rows: list[list[str]]
    title: str | None = None
    groups: list[int] = field(default_factory=list)


@dataclass
class Chart:
    """A stacked bar chart as data: one bar per category, one segment per series.

    ``values[c][s]`` is the count of category ``c`` in series ``s``. ``colors`` names a
    palette role per series (a rollup such as ``on_schedule``, or ``""`` for the next colour).
    ``counted`` says what a count counts, ``"items"`` or ``"answers"`` (both 件 in Japanese).
    """

    title: str
    categories: list[str]
    series: list[str]
    values: list[list[int]]
    counted: Literal["items", "answers"] = "items"
    colors: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class LineChart:
    """Values across fiscal years as data: one point per year (category) and series.

    ``values[c][s]`` is series ``s``'s value in year ``c``, None where it has none. The first
    series (実績値) is drawn solid with filled marks, the others (目標値) dashed with hollow marks;
    every value is a number of ``unit``.
    """

    title: str
    categories: list[str]
    series: list[str]
    values: list[list[float | None]]
    unit: str = ""


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
    charts: list[Chart] = field(default_factory=list)  # drawn by the html (and pdf) format
    # Line charts, drawn by the html (and pdf) format; a table of ``tables`` holds the same numbers.
    trends: list[LineChart] = field(default_factory=list)
    classification: str = ""  # 庁内限り on every page of an internal document (publication.mark_internal)
