"""Safe YAML reading: bytes to plain Python values, every refusal a Problem with a position.

The reader composes nodes with libyaml (``CSafeLoader`` when present) and builds values
itself, so that it can refuse what PyYAML accepts silently: duplicate keys, anchors and
aliases, non-standard tags. Plain scalars stay the text written (``yes``, ``0755``,
``1:20`` and ``2019-04-01`` are strings); only ``~``/``null``/empty become ``None``.
Typing numbers and booleans is left to the models, which know what each field wants.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from actionplan.fiscal import FiscalYearError, parse_fiscal_year
from actionplan.i18n import N_, SOURCE_LANGUAGE, _, language, os_reason
from actionplan.problems import Loc, Problem, Result
from actionplan.text import normalise

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 64

_YAML = "tag:yaml.org,2002:"


try:
    # libyaml's parser and composer alone: CSafeLoader adds a constructor and a resolver that
    # compose() never uses, and setting them up for every file cost 2 µs each.
    _Composer: type[Any] = yaml._yaml.CParser
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Composer = yaml.SafeLoader


class _PlainLoader(_Composer):  # type: ignore[misc]
    """The composer without implicit typing: build() keeps plain scalars as text anyway.

    PyYAML runs a Python regex resolver for every plain scalar to pick int, bool, float …;
    every tag it can pick is accepted by build() alike, so only the merge key ``<<`` (which
    build() refuses) needs telling apart. This is a third of the reading time of a plan.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _YAML + "merge" if implicit[0] and value == "<<" else _YAML + "str"
        return _YAML + "seq" if kind is yaml.SequenceNode else _YAML + "map"

    # Path resolvers are never registered on a safe loader; the composer still calls these for every node.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


# Tags that plain scalars resolve to implicitly; an explicit tag outside this set is refused.
_SCALAR_TAGS = frozenset(_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value", "merge"))
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# Characters that must be present once per nesting level; fewer of them than MAX_DEPTH in a
# file proves it cannot nest too deeply, so the slower event scan is skipped.
_NESTING_INDICATORS = "[{-:?"


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML file read successfully: its top-level mapping and where it came from."""

    display: str
    data: dict[str, Any]


def read_file(path: str | Path, display: str) -> Result[Document]:
    """Read one YAML file; return the document or the problems that stopped it."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return _refused(
            Problem(display, "file-unreadable", _("cannot read file: {reason}").format(reason=os_reason(exc)))
        )
    if not stat.S_ISREG(st.st_mode):
        return _refused(Problem(display, "not-a-regular-file", _("not a regular file; skipped")))
    if st.st_size > MAX_FILE_BYTES:
        return _refused(
            Problem(
                display,
                "file-too-large",
                _("file is {size} bytes; the limit is {limit}").format(
                    size=f"{st.st_size:,}", limit=f"{MAX_FILE_BYTES:,}"
                ),
            )
        )
    try:
        # O_NONBLOCK: a FIFO swapped in after the stat() above must not hang the run.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            raw = _read_all(fd, st.st_size + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        return _refused(
            Problem(display, "file-unreadable", _("cannot read file: {reason}").format(reason=os_reason(exc)))
        )
    return read_bytes(raw, display)


def _read_all(fd: int, expected: int) -> bytes:
    """Everything up to MAX_FILE_BYTES + 1 bytes, until end of file; the first read asks for what stat() said.

    Plain os.read in small pieces, no buffered file object: a buffered read(MAX_FILE_BYTES + 1)
    allocates 1 MiB per file, which was most of the reading time of a plan of small files.
    """
    parts: list[bytes] = []
    size = 0
    want = max(expected, 1)
    while size <= MAX_FILE_BYTES:
        chunk = os.read(fd, min(want, MAX_FILE_BYTES + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        want = 64 * 1024  # the file grew since stat(), or a short read: go on in small pieces
    return b"".join(parts)


def read_bytes(raw: bytes, display: str) -> Result[Document]:
    """Decode and parse YAML bytes that claim to be one mapping document."""
    text = decode(raw, display)
    if text.value is None:
        return Result(None, text.problems)
    node = compose(text.value, display)
    if node.value is None:
        return Result(None, node.problems)
    built = build(node.value, display)
    if built.problems:
        return Result(None, built.problems)
    if not isinstance(built.value, dict):
        return _refused(_not_a_mapping(node.value, built.value, display))
    return Result(Document(display, built.value))


def _refused(problem: Problem) -> Result[Any]:
    return Result(None, [problem])


def decode(raw: bytes, display: str) -> Result[str]:
    """UTF-8 (with or without BOM) to text; anything else is a problem with a hint."""
    if len(raw) > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES:,}"
        return _refused(Problem(display, "file-too-large", _("file is larger than {limit} bytes").format(limit=limit)))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _refused(Problem(display, "encoding", _("file is UTF-16; save it as UTF-8"), line=1, col=1))
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _offset_position(raw, exc.start)
        hint = None
        if b"\x00" in raw:
            hint = _("the file looks like UTF-16; save it as UTF-8")
        try:
            raw.decode("cp932")
            hint = hint or _("the file looks like Shift_JIS (cp932); save it as UTF-8")
        except UnicodeDecodeError:
            pass
        message = _("file is not valid UTF-8 (byte {byte})").format(byte=f"0x{raw[exc.start]:02x}")
        return _refused(Problem(display, "encoding", message, line=line, col=col, hint=hint))
    if not text.strip():
        return _refused(Problem(display, "empty-file", _("file is empty"), line=1, col=1))
    return Result(text)


def compose(text: str, display: str) -> Result[yaml.Node]:
    """Parse text into one node tree, refusing anchors, aliases and deep nesting first."""
    if "&" in text or "*" in text or _may_nest_deeply(text):
        problem = _scan_events(text, display)
        if problem is not None:
            return _refused(problem)
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return _refused(_syntax_problem(exc, display, text))
    except yaml.reader.ReaderError as exc:
        line, col = _text_position(text, _char_offset(text, exc.position))
        reason = _("{reason} (character {char})").format(reason=exc.reason, char=f"U+{exc.character:04X}")
        return _refused(Problem(display, "yaml-syntax", reason, line, col))
    except yaml.YAMLError as exc:
        return _refused(Problem(display, "yaml-syntax", str(exc)))
    finally:
        loader.dispose()
    if node is None:
        return _refused(Problem(display, "empty-file", _("file has no YAML content"), line=1, col=1))
    return Result(node)


def _may_nest_deeply(text: str) -> bool:
    return sum(text.count(c) for c in _NESTING_INDICATORS) >= MAX_DEPTH


def _scan_events(text: str, display: str) -> Problem | None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                if isinstance(event, yaml.AliasEvent):
                    message = _("YAML alias '*{name}' is not allowed; write the value out in full")
                else:
                    message = _("YAML anchor '&{name}' is not allowed; write the value out in full")
                return _at(event.start_mark, display, "yaml-anchor", message.format(name=anchor))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return _at(
                        event.start_mark,
                        display,
                        "yaml-too-deep",
                        _("nesting deeper than {n} levels").format(n=MAX_DEPTH),
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        return _syntax_problem(exc, display, text)
    except yaml.YAMLError:
        return None  # the composer reports it with its own position
    return None


def build(node: yaml.Node, display: str) -> Result[Any]:
    """Turn a node tree into dicts, lists, strings and None, collecting refusals."""
    problems: list[Problem] = []
    value = _build(node, display, problems)
    return Result(value, problems)


def _build(node: yaml.Node, display: str, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            problems.append(_tag_problem(node, display))
            return None
        if not node.style and node.value in _NULLS:  # plain style: None in PyYAML, '' in libyaml
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _YAML + "seq":
            problems.append(_tag_problem(node, display))
            return None
        # Plain scalars, the common case, are taken inline: a call per value is a fifth of the reading time.
        return [
            (None if not child.style and child.value in _NULLS else child.value)
            if type(child) is yaml.ScalarNode and child.tag in _SCALAR_TAGS
            else _build(child, display, problems)
            for child in node.value
        ]
    if node.tag != _YAML + "map":
        problems.append(_tag_problem(node, display))
        return None
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(_at(key_node.start_mark, display, "yaml-key", _("a key must be plain text")))
            continue
        if key_node.tag == _YAML + "merge":
            problems.append(_at(key_node.start_mark, display, "yaml-anchor", _("merge keys ('<<') are not allowed")))
            continue
        if key_node.tag not in _SCALAR_TAGS:
            problems.append(_tag_problem(key_node, display))
            continue
        key = key_node.value
        if key in result:
            first = next(k for k, _value in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)
            problems.append(
                _at(
                    key_node.start_mark,
                    display,
                    "duplicate-key",
                    _("duplicate key '{key}' (first at line {line}); YAML would keep only the last value").format(
                        key=key, line=first.start_mark.line + 1
                    ),
                )
            )
            continue
        if type(value_node) is yaml.ScalarNode and value_node.tag in _SCALAR_TAGS:  # as above, inline
            result[key] = None if not value_node.style and value_node.value in _NULLS else value_node.value
        else:
            result[key] = _build(value_node, display, problems)
    return result


def position(node: yaml.Node, loc: Loc, *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the node at ``loc``, or of its nearest existing parent.

    With ``key`` the position of the last mapping key itself is returned (for "unknown
    field" errors), otherwise the position of its value.
    """
    current = node
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, yaml.MappingNode):
            found = None
            for k, v in current.value:
                if isinstance(k, yaml.ScalarNode) and _same_key(k.value, part):
                    found = k if (last and key) else v
            if found is None:
                break
            current = found
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(current.value):
                break
            current = current.value[part]
        else:
            break
    mark = current.start_mark
    return mark.line + 1, mark.column + 1


def _same_key(written: str, part: str | int) -> bool:
    if written == str(part):
        return True
    if isinstance(part, int):  # a fiscal-year key, written as 2020, R2, 令和2年度 …
        try:
            return bool(parse_fiscal_year(written) == part)
        except FiscalYearError:
            return False
    return normalise(written) == part


def _not_a_mapping(node: yaml.Node, data: Any, display: str) -> Problem:
    if isinstance(data, list):
        message = _("the top level must be a mapping of keys to values, but it is a list")
    elif isinstance(data, str):
        message = _("the top level must be a mapping of keys to values, but it is text")
    else:
        message = _("the top level must be a mapping of keys to values, but it is empty")
    hint = _full_width_colon_hint() if isinstance(data, str) and "：" in data else None
    return _at(node.start_mark, display, "not-a-mapping", message, hint=hint)


def _tag_problem(node: yaml.Node, display: str) -> Problem:
    tag = node.tag.replace(_YAML, "!!")
    return _at(node.start_mark, display, "yaml-tag", _("tag '{tag}' is not allowed; plain values only").format(tag=tag))


def _full_width_colon_hint() -> str:
    return _("a full-width colon '：' does not separate a key from its value; use ': ' (colon and space)")


def _quote_hint() -> str:
    return _('if this is meant as text, put the whole value in quotes: key: "…"')


# What libyaml says, in the user's language (its words, unknown ones, stay as they are).
_LIBYAML = {
    "mapping values are not allowed here": N_("mapping values are not allowed here"),
    "could not find expected ':'": N_("could not find the expected ':'"),
    "did not find expected key": N_("did not find the expected key"),
    "found character '\\t' that cannot start any token": N_("found a tab character, which cannot start any token"),
    "found character that cannot start any token": N_("found a character that cannot start any token"),
    "while scanning a simple key": N_("while reading a key"),
    "while scanning for the next token": N_("while reading the next token"),
    "while parsing a block mapping": N_("while reading a mapping"),
    "while parsing a block collection": N_("while reading a list"),
    "while scanning a quoted scalar": N_("while reading a quoted value"),
    "found unexpected end of stream": N_("found the end of the file too early"),
    "expected a single document in the stream": N_("expected a single document in the file"),
    "but found another document": N_("but found another document"),
    "while parsing a flow mapping": N_("while reading a mapping in braces"),
    "while parsing a flow sequence": N_("while reading a list in brackets"),
    "did not find expected ',' or ']'": N_("did not find the expected ',' or ']'"),
    "did not find expected ',' or '}'": N_("did not find the expected ',' or '}'"),
    "did not find expected '-' indicator": N_("did not find the expected '-' of a list entry"),
    "did not find expected node content": N_("did not find the expected value"),
    "while parsing a block node": N_("while reading a value"),
    "while parsing a flow node": N_("while reading a value"),
    "while parsing a node": N_("while reading a value"),
    "block sequence entries are not allowed in this context": N_("a list entry ('- ') cannot stand here"),
    "while scanning a plain scalar": N_("while reading a value"),
    "while scanning a block scalar": N_("while reading a block of text (| or >)"),
    "found unknown escape character": N_("found an unknown escape character (\\)"),
    "while parsing a block sequence": N_("while reading a list"),
    "did not find expected <document start>": N_("did not find the expected start of a document ('---')"),
    "did not find expected comment or line break": N_("did not find the expected comment or line break"),
    "found a tab character that violates indentation": N_("found a tab character in the indentation"),
    "found a tab character where an indentation space is expected": N_("found a tab character in the indentation"),
    "found undefined tag handle": N_("found an undefined tag handle"),
    "while scanning an alias": N_("while reading an alias (*)"),
    "while scanning an anchor": N_("while reading an anchor (&)"),
}


def _libyaml(words: str) -> str | None:
    """libyaml's words in the user's language; words it has no entry for only in English."""
    known = _LIBYAML.get(words)
    if known:
        return _(known)  # marked with N_ in _LIBYAML
    return words if language() == SOURCE_LANGUAGE else None


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    parts = [p for p in (exc.context, exc.problem) if p]
    message = _("; ").join(w for w in map(_libyaml, parts) if w) or _("invalid YAML")
    if mark is None:
        return Problem(display, "yaml-syntax", message)
    code = "yaml-syntax"
    if any("exceeded maximum nesting depth" in p for p in parts):  # libyaml's own limit, met before ours
        code = "yaml-too-deep"
    elif any("expected a single document" in p for p in parts):
        code = "several-documents"
    lines = text.splitlines()
    first = min(mark.line, exc.context_mark.line) if exc.context_mark is not None else mark.line
    colon = (
        _full_width_colon(lines, max(first, mark.line - 1), mark.line)
        if any("expected ':'" in p for p in parts)
        else None
    )
    if colon is not None:
        # The parser trips a line or more later; point at what the author has to change.
        return Problem(display, code, message, line=colon[0], col=colon[1], hint=_full_width_colon_hint())
    line = lines[mark.line] if mark.line < len(lines) else ""
    return _at(mark, display, code, message, hint=_syntax_hint(" ".join(parts), line[mark.column : mark.column + 1]))


def _full_width_colon(lines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """1-based position of a full-width colon in the lines a syntax error spans."""
    for index in range(first, min(last, len(lines) - 1) + 1):
        if (col := lines[index].find("：")) >= 0:
            return index + 1, col + 1
    return None


def _syntax_hint(message: str, at: str) -> str | None:
    """The likely cause of a syntax error, from its message and the character it points at."""
    if "tab character" in message or at == "\t":
        return _("indent with spaces, not tabs")
    if "mapping values are not allowed" in message:
        return _("a ': ' inside a value starts a mapping; {hint}").format(hint=_quote_hint())
    if "cannot start any token" in message or "did not find expected key" in message:
        return _quote_hint()
    if "expected a single document" in message:
        return _("a plan file holds one YAML document; remove the '---' line or move the rest to its own file")
    return None


def _at(mark: Any, display: str, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(display, code, message, line=mark.line + 1, col=mark.column + 1, hint=hint)


def _offset_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    return line, len(before[start:].decode("utf-8", errors="replace")) + 1


def _char_offset(text: str, position: int) -> int:
    """A reader error's offset in characters: libyaml (the C loader) counts UTF-8 bytes."""
    if _Loader is yaml.SafeLoader:
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
