"""The structure of an item's description: labelled blocks (【現状と課題】), paragraphs and lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A line that is only a block label, as plans print them: 【現状と課題】, ■取組概要, ＜めざす姿＞.
_LABEL = re.compile(r"^(?:【(?P<a>[^】]+)】|■\s*(?P<b>.+)|＜(?P<c>[^＞]+)＞|<(?P<d>[^>]+)>)\s*(?P<rest>.*)$")
# A line that is an entry of a list: ・…, • …, ● …, ○ …, - …
_ENTRY = re.compile(r"^(?:[・•●○◯]|-\s)\s*")


@dataclass(frozen=True)
class Part:
    """A paragraph (one line of the description) or a list (consecutive entries)."""

    kind: str  # "paragraph" | "list"
    lines: list[str]


@dataclass
class Block:
    """A labelled block of a description; the text before any label has no label."""

    label: str | None
    parts: list[Part] = field(default_factory=list)

    def add(self, line: str) -> None:
        entry = _ENTRY.match(line)
        if entry is None:
            self.parts.append(Part("paragraph", [line]))
        elif self.parts and self.parts[-1].kind == "list":
            self.parts[-1].lines.append(line[entry.end() :])
        else:
            self.parts.append(Part("list", [line[entry.end() :]]))


def blocks(text: str) -> list[Block]:
    """Split a description into blocks, keeping every line break as the plan writes it.

    A line ``【見出し】`` (or ``■見出し``, ``＜見出し＞``) starts a labelled block; lines that
    start with ``・``, ``●``, ``○`` or ``- `` are list entries; every other line is a paragraph.
    Blank lines only separate. A description with none of these is one unlabelled block.
    """
    result: list[Block] = []
    current: Block | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if match := _LABEL.match(line):
            label = next(g for g in match.group("a", "b", "c", "d") if g is not None).strip()
            current = Block(label)
            result.append(current)
            if match.group("rest"):
                current.add(match.group("rest"))
            continue
        if current is None:
            current = Block(None)
            result.append(current)
        current.add(line)
    return result


def lines(text: str) -> list[tuple[str, str]]:
    """(label, line) pairs for plain tables: the label on a block's first line, ・ before list entries."""
    result: list[tuple[str, str]] = []
    for block in blocks(text):
        first = True
        for part in block.parts:
            for line in part.lines:
                shown = f"・{line}" if part.kind == "list" else line
                result.append(((block.label or "") if first else "", shown))
                first = False
        if first and block.label:  # a label with no text under it
            result.append((block.label, ""))
    return result
