"""diff's renumber matching, found through indexes, pairs exactly as comparing every pair would."""

from __future__ import annotations

import difflib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.compare import SIMILARITY, Renumbered, match_renumbered, similarity
from actionplan.model import Item

# A few characters and whole words, so that identical, near and far texts all occur.
TEXTS = st.lists(
    st.sampled_from(["区", "の", "情報", "推進", "システム", "a", "b", "（改訂）", "災害"]), max_size=8
).map("".join)
ITEMS = st.lists(st.tuples(TEXTS, TEXTS), max_size=9)


def _items(prefix: str, texts: list[tuple[str, str]]) -> list[Item]:
    return [
        Item(id=f"{prefix}-{n}", title=title or "-", description=description, departments=["情報政策課"])
        for n, (title, description) in enumerate(texts)
    ]


def _every_pair(removed: list[Item], added: list[Item]) -> list[Renumbered]:
    """The definition: every pair scored, most similar first; among equals, alike in title and
    description first, then the earlier removed, then the earlier added item."""
    scored = []
    for r, old in enumerate(removed):
        for a, new in enumerate(added):
            score = similarity(old, new)
            if score >= SIMILARITY:
                both = old.title == new.title and old.description == new.description
                scored.append((-score, not both, r, a))
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    found = []
    for score, _both, r, a in sorted(scored):
        if r not in taken_old and a not in taken_new:
            taken_old.add(r)
            taken_new.add(a)
            found.append(Renumbered(removed[r].id, added[a].id, added[a].title, round(-score, 3)))
    return sorted(found, key=lambda f: int(f.new.split("-")[1]))


@settings(max_examples=300, deadline=None)
@given(ITEMS, ITEMS)
def test_same_pairs_as_comparing_every_pair(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> None:
    removed, added = _items("old", old), _items("new", new)
    assert match_renumbered(removed, added) == _every_pair(removed, added)


def test_the_pair_alike_in_both_wins_a_tie() -> None:
    removed = _items("old", [("情報システムの更新", "第一の説明"), ("情報システムの更新", "第二の説明")])
    added = _items("new", [("情報システムの更新", "第二の説明"), ("情報システムの更新", "第一の説明")])
    assert [(f.old, f.new) for f in match_renumbered(removed, added)] == [("old-1", "new-0"), ("old-0", "new-1")]


def test_every_item_renumbered_compares_only_the_reworded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Comparing every pair made a plan with every item renumbered quadratic (3,000 items: 10 minutes).
    made = 0
    real = difflib.SequenceMatcher

    def counted(*args: Any, **kwargs: Any) -> difflib.SequenceMatcher[str]:
        nonlocal made
        made += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(difflib, "SequenceMatcher", counted)
    texts = [(f"取組{n:04d}の推進", f"第{n:04d}の取組を推進する。") for n in range(300)]
    reworded = [(t + "（改訂）", d) if n % 100 == 0 else (t, d) for n, (t, d) in enumerate(texts)]
    found = match_renumbered(_items("old", texts), _items("new", reworded))
    assert [(f.old, f.new) for f in found] == [(f"old-{n}", f"new-{n}") for n in range(300)]
    assert made <= 2 * 3 * 3  # title and description of the 3 reworded items, against a few look-alikes at most
