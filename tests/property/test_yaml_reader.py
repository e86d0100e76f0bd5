"""The YAML reader on any input: a Document or problems, never a traceback, never a hang."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan import yamlio
from actionplan.problems import Problem
from limits import time_limit

# Bounded so the whole file runs in a few seconds; the deadline (ms) flags slow paths early.
FAST = settings(max_examples=250, deadline=1000)

# YAML's own punctuation and the plan's own words, so the parser gets past the first character
# and into anchors, tags, flow collections, block scalars, comments and full-width colons.
YAMLISH = st.lists(
    st.sampled_from(
        [*"ab1 :-?[]{},#&*!|>'\"%@`~<=\n\t\r", ": ", "- ", "  ", "\n  ", "!!str ", "!!binary ", "&a ", "*a",
         "<<", "---\n", "...\n", "%YAML 1.1\n", "id", "年度", "令和2", "：", "\ufeff", "\x00", "\x85", "\u2028"]
    ),
    max_size=60,
).map("".join)  # fmt: skip


def read(raw: bytes) -> tuple[Any, list[Problem]]:
    with time_limit():
        result = yamlio.read_bytes(raw, "items/x.yaml")
        document, problems = result.value, result.problems
    if document is None:
        assert problems, "no document and no problem"
        for p in problems:
            assert isinstance(p, Problem)
            assert p.path == "items/x.yaml" and p.code and p.message
            assert p.line is None or p.line >= 1
            assert p.col is None or p.col >= 1
        return None, problems
    assert problems == []
    assert isinstance(document.data, dict)
    return document.data, problems


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes(raw: bytes) -> None:
    read(raw)


@FAST
@given(st.text(max_size=2000))
def test_any_text(text: str) -> None:
    read(text.encode("utf-8"))


@FAST
@given(YAMLISH)
def test_yaml_like_text(text: str) -> None:
    read(text.encode("utf-8"))


@FAST
@given(YAMLISH)
def test_yaml_like_text_in_other_encodings(text: str) -> None:
    for encoding in ("utf-16", "utf-8-sig"):
        read(text.encode(encoding, errors="replace"))
    read(text.encode("cp932", errors="replace"))


# What the reader gives back: text or nothing, in lists and mappings. NEL and the Unicode line and
# paragraph separators are left out: PyYAML's writer folds them in quoted text, so they would not
# survive yaml.safe_dump, whatever the reader does.
CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029")
TEXT = st.text(CHARACTERS, max_size=20)
KEYS = st.text(CHARACTERS, max_size=8).filter(lambda k: k != "<<")
VALUES = st.recursive(
    st.none() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


@FAST
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=5))
def test_what_yaml_writes_reads_back(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    assert read(text.encode("utf-8"))[0] == data


@settings(max_examples=60, deadline=1000)
@given(st.integers(min_value=1, max_value=400))
def test_deep_nesting_is_a_problem_not_a_crash(depth: int) -> None:
    data, problems = read(("key: " + "[" * depth + "]" * depth + "\n").encode())
    if depth < yamlio.MAX_DEPTH:
        assert data is not None
    else:
        assert data is None
        assert {p.code for p in problems} <= {"yaml-too-deep"}
