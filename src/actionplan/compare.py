"""What changed between two versions of a plan, as data: items, plan.yaml and progress answers.

The comparison works on the loaded models, not on YAML lines, so reordering keys, comments
or spelling a year ``R2`` instead of ``2020`` are no differences; a changed phase is. It lives
in the core because both the diff report and the history walk (log) use it; reports.diff
turns it into views.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from actionplan.loader import Plan, sort_key
from actionplan.model import Answer, Item, carried_label

# An ID gone and a new one count as one item renumbered when the titles (or, failing that,
# the descriptions) are at least this similar, as difflib.SequenceMatcher.ratio() measures
# it (1.0 = the same text). The similarity found is shown with each renumbering.
SIMILARITY = 0.8


@dataclass(frozen=True)
class Change:
    """One field that differs. ``id`` is an item ID (the new one), a pillar/goal ID or None."""

    id: str | None
    field: str
    old: Any
    new: Any
    year: int | None = None
    department: str | None = None  # the 主管課 whose progress answer changed

    def record(self) -> dict[str, Any]:
        found = {"id": self.id, "field": self.field, "year": self.year, "old": self.old, "new": self.new}
        return found if self.department is None else found | {"department": self.department}


@dataclass(frozen=True)
class Renumbered:
    old: str
    new: str
    title: str
    similarity: float


@dataclass
class PlanDiff:
    """Everything that differs between an old and a new plan."""

    old_label: str
    new_label: str
    old: Plan
    new: Plan
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    renumbered: list[Renumbered] = field(default_factory=list)
    # Items of a next plan carried over from the old one (carried_from); only when NEW is such a plan.
    carried: list[Renumbered] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    plan: list[Change] = field(default_factory=list)
    progress: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renumbered or self.changed or self.plan or self.progress)


def diff_plans(old: Plan, new: Plan, old_label: str = "old", new_label: str = "new") -> PlanDiff:
    """Compare two loaded plans.

    Items pair up by ``carried_from`` (a next plan drafted from ``old``), else by ID, else
    as a renumbering. Schedules are compared in the fiscal years both plans cover: years
    only one plan has belong to the change of period, shown once in plan.yaml's changes.
    """
    result = PlanDiff(old_label, new_label, old, new)
    old_items = {item.id: item for item in old.items}
    new_items = {item.id: item for item in new.items}
    label = carried_label(old.meta)
    carried = {
        i.id: i.carried_from.id
        for i in new.items
        if i.carried_from is not None and i.carried_from.plan == label and i.carried_from.id in old_items
    }
    result.carried = [Renumbered(carried[i.id], i.id, i.title, 1.0) for i in new.items if i.id in carried]
    taken = set(carried.values())
    same = [i.id for i in new.items if i.id not in carried and i.id in old_items and i.id not in taken]
    removed = [i for i in old.items if i.id not in taken and i.id not in same]
    added = [i for i in new.items if i.id not in carried and i.id not in same]
    result.renumbered = match_renumbered(removed, added)
    moved_from = {r.old for r in result.renumbered}
    moved_to = {r.new for r in result.renumbered}
    result.removed = [i for i in removed if i.id not in moved_from]
    result.added = [i for i in added if i.id not in moved_to]
    years = set(old.meta.period.years) & set(new.meta.period.years)
    pairs = [(old_items[i], new_items[i], False) for i in same]
    pairs += [(old_items[r.old], new_items[r.new], False) for r in result.renumbered]
    pairs += [(old_items[r.old], new_items[r.new], True) for r in result.carried]
    pairs.sort(key=lambda pair: sort_key(pair[1].id))
    for before, after, was_carried in pairs:
        if before != after:
            result.changed.extend(diff_items(before, after, years, carried=was_carried))
    renamed = {r.old: r.new for r in [*result.renumbered, *result.carried]}
    result.plan = diff_meta(old, new, renamed)
    result.progress = diff_answers(old.answers, new.answers, renamed)
    return result


def match_renumbered(removed: list[Item], added: list[Item]) -> list[Renumbered]:
    """Pair IDs gone with new IDs of a very similar item, most similar pairs first.

    The pairs are those of comparing every removed item with every added one and taking the
    most similar pairs first (ties: the earlier removed, then the earlier added item), found
    without making every comparison: identical titles and descriptions are looked up in an
    index first, and only pairs whose texts share enough characters are compared by ratio.
    A plan with every item renumbered costs about as much as one with a few.
    """
    found = _identical(removed, added)
    used_old = {f.old for f in found}
    used_new = {f.new for f in found}
    rest_old = [i for i in removed if i.id not in used_old]
    rest_new = [i for i in added if i.id not in used_new]
    candidates: list[tuple[float, int, int]] = []
    pairs = _alike([i.title for i in rest_old], [i.title for i in rest_new])
    pairs |= _alike([i.description for i in rest_old], [i.description for i in rest_new])
    for r, a in pairs:
        score = similarity(rest_old[r], rest_new[a])
        if score >= SIMILARITY:
            candidates.append((score, r, a))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    for score, r, a in candidates:
        if rest_old[r].id in used_old or rest_new[a].id in used_new:
            continue
        used_old.add(rest_old[r].id)
        used_new.add(rest_new[a].id)
        found.append(Renumbered(rest_old[r].id, rest_new[a].id, rest_new[a].title, round(score, 3)))
    order = {item.id: index for index, item in enumerate(added)}
    return sorted(found, key=lambda f: order[f.new])


def _identical(removed: list[Item], added: list[Item]) -> list[Renumbered]:
    """The pairs of similarity 1.0, found by dictionary look-ups: first the same title and the same
    description, then the same title or the same description; each removed item in turn takes the
    earliest added item not yet taken (among equally similar pairs, the one alike in both wins)."""
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    found: list[tuple[int, int]] = []
    for keys in ((_both,), (_title, _description)):
        waiting: dict[tuple[str, ...], deque[int]] = {}
        for a, item in enumerate(added):
            if a not in taken_new:
                for key in keys:
                    waiting.setdefault(key(item), deque()).append(a)
        for r, old in enumerate(removed):
            if r in taken_old:
                continue
            heads = []
            for key in keys:
                queue = waiting.get(key(old), deque())
                while queue and queue[0] in taken_new:
                    queue.popleft()
                if queue:
                    heads.append(queue[0])
            if heads:
                taken_old.add(r)
                taken_new.add(min(heads))
                found.append((r, min(heads)))
    return [Renumbered(removed[r].id, added[a].id, added[a].title, 1.0) for r, a in found]


def _both(item: Item) -> tuple[str, ...]:
    return ("both", item.title, item.description)


def _title(item: Item) -> tuple[str, ...]:
    return ("title", item.title)


def _description(item: Item) -> tuple[str, ...]:
    return ("description", item.description)


def _alike(olds: list[str], news: list[str]) -> set[tuple[int, int]]:
    """Pairs (old, new) of texts that may be SIMILARITY alike, found without comparing every pair.

    A ratio of at least s needs the texts to share at least s/(2-s) of the characters of each,
    counting repeats (difflib's quick_ratio bound). Two texts sharing that many share one of the
    rarest len - need + 1 characters of each (prefix filtering), so each text is indexed by those
    alone; the pairs found there are then held to the quick_ratio bound itself. No pair is missed.
    """
    numbers: dict[tuple[str, int], int] = {}  # characters as small numbers: cheap to hash and intersect
    olds_tokens = [_characters(t, numbers) for t in olds]
    news_tokens = [_characters(t, numbers) for t in news]
    counts = Counter(token for tokens in [*olds_tokens, *news_tokens] for token in tokens)

    def rarest(tokens: frozenset[int]) -> list[int]:
        # The float bound less a hair: a prefix one longer than needed costs a candidate, never a pair.
        need = max(0, math.ceil(len(tokens) * SIMILARITY / (2 - SIMILARITY) - 1e-9))
        return sorted(tokens, key=lambda t: (counts[t], t))[: len(tokens) - need + 1]

    index: dict[int, list[int]] = {}
    for a, tokens in enumerate(news_tokens):
        for token in rarest(tokens):
            index.setdefault(token, []).append(a)
    pairs: set[tuple[int, int]] = set()
    for r, tokens in enumerate(olds_tokens):
        found: set[int] = set()
        for token in rarest(tokens):
            found.update(index.get(token, ()))
        for a in found:
            total = len(tokens) + len(news_tokens[a])
            # The lengths first (cheap), then the characters shared.
            if 2 * min(len(tokens), len(news_tokens[a])) >= SIMILARITY * total and (
                2 * len(tokens & news_tokens[a]) >= SIMILARITY * total
            ):
                pairs.add((r, a))
    return pairs


def _characters(text: str, numbers: dict[tuple[str, int], int]) -> frozenset[int]:
    """A text's characters as a set, repeats counted: the second 区 of a text is ("区", 1), numbered."""
    seen: Counter[str] = Counter()
    tokens = []
    for char in text:
        tokens.append(numbers.setdefault((char, seen[char]), len(numbers)))
        seen[char] += 1
    return frozenset(tokens)


def similarity(old: Item, new: Item) -> float:
    """How alike two items are: the title's ratio, or the description's when that is higher."""
    return max(_ratio(old.title, new.title), _ratio(old.description, new.description))


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # The cheap upper bounds first: most pairs of unrelated items stop here.
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio()


def diff_items(old: Item, new: Item, years: set[int] | None = None, *, carried: bool = False) -> list[Change]:
    """Field by field: text fields whole, list fields whole, the schedule year by year (in ``years`` only).

    ``carried``: ``new`` was carried over from ``old`` into a next plan; that link is no change.
    """
    skip = {"id", "carried_from"} if carried else {"id"}
    before = old.model_dump(mode="json", exclude=skip)
    after = new.model_dump(mode="json", exclude=skip)
    changes: list[Change] = []
    for name in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        if name == "schedule" and isinstance(a, dict) and isinstance(b, dict):
            for year in sorted({*a, *b}, key=int):
                if a.get(year) != b.get(year) and (years is None or int(year) in years):
                    changes.append(Change(new.id, name, a.get(year), b.get(year), int(year)))
        else:
            changes.append(Change(new.id, name, a, b))
    return changes


# Lists in plan.yaml whose entries are matched by a key rather than by position.
_KEYS = ("id", "name", "term", "old")


def diff_meta(old: Plan, new: Plan, renumbered: dict[str, str] | None = None) -> list[Change]:
    """plan.yaml: structure, stated counts, period and vocabularies; a department renamed as one change."""
    changes = _compare("", None, old.meta.model_dump(mode="json"), new.meta.model_dump(mode="json"))
    return _department_renames(old, new, changes, renumbered or {})


def _compare(path: str, ident: str | None, a: Any, b: Any) -> list[Change]:
    if a == b:
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        changes: list[Change] = []
        for key in [*a, *(k for k in b if k not in a)]:
            changes += _compare(f"{path}.{key}" if path else key, ident, a.get(key), b.get(key))
        return changes
    if isinstance(a, list) and isinstance(b, list):
        key = _list_key(a + b)
        if key is not None:
            return _compare_keyed(path, key, a, b)
        if all(isinstance(v, str) for v in a + b):
            gone = [Change(ident, path, v, None) for v in a if v not in b]
            return gone + [Change(ident, path, None, v) for v in b if v not in a]
    return [Change(ident, path, a, b)]


def _list_key(values: list[Any]) -> str | None:
    if not values or not all(isinstance(v, dict) for v in values):
        return None
    return next((k for k in _KEYS if all(k in v for v in values)), None)


def _compare_keyed(path: str, key: str, a: list[Any], b: list[Any]) -> list[Change]:
    before = {v[key]: v for v in a}
    after = {v[key]: v for v in b}
    changes: list[Change] = []
    for name, value in before.items():
        if name not in after:
            changes.append(Change(name, path, _summary(value), None))
    for name, value in after.items():
        if name not in before:
            changes.append(Change(name, path, None, _summary(value)))
        else:
            changes += _compare(path, name, before[name], value)
    return changes


def _summary(entry: dict[str, Any]) -> str:
    """A pillar, goal, tag, phase or rename in one line: 目標2 参加と協働…, 防災課 → 危機管理課（2026-04-01）."""
    if "old" in entry and "new" in entry:
        return f"{entry['old']} → {entry['new']}（{entry.get('effective', '')}）"
    words = [entry.get(k) for k in ("label", "title", "meaning", "kind", "rollup")]
    return " ".join(str(w) for w in words if w) or str(entry.get("id") or entry.get("name") or "")


def _department_renames(old: Plan, new: Plan, changes: list[Change], renumbered: dict[str, str]) -> list[Change]:
    """A department gone and one new, held by the same items (those in both plans): one rename, not two changes."""
    gone = [c for c in changes if c.field == "departments" and c.new is None]
    came = [c for c in changes if c.field == "departments" and c.old is None]
    in_both = {item.id for item in new.items} & {renumbered.get(item.id, item.id) for item in old.items}
    holders_old = _holders(old, renumbered, in_both)
    holders_new = _holders(new, {}, in_both)
    result = list(changes)
    for g in gone:
        for c in came:
            if c in result and holders_old.get(g.old) and holders_old.get(g.old) == holders_new.get(c.new):
                index = result.index(g)
                result[index] = Change(None, "departments", g.old, c.new)
                result.remove(c)
                break
    return result


def _holders(plan: Plan, renumbered: dict[str, str], kept: set[str]) -> dict[str, frozenset[str]]:
    """Each department's items among ``kept``, under their new IDs."""
    found: dict[str, set[str]] = {}
    for item in plan.items:
        ident = renumbered.get(item.id, item.id)
        if ident not in kept:
            continue
        for dept in item.departments:
            found.setdefault(dept, set()).add(ident)
    return {d: frozenset(ids) for d, ids in found.items()}


def diff_answers(old: list[Answer], new: list[Answer], renamed: dict[str, str] | None = None) -> list[Change]:
    """Progress answers added, removed or changed, field by field, per 主管課; renumbered items follow their answers."""
    moved = renamed or {}
    before = {(moved.get(r.item, r.item), r.year, r.department): r.model_dump(mode="json") for r in old}
    after = {r.key: r.model_dump(mode="json") for r in new}
    changes: list[Change] = []
    for key in sorted({*before, *after}, key=lambda k: (k[1], sort_key(k[0]), k[2])):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        item, year, department = key
        if a is None or b is None:
            changes.append(Change(item, "answer", _answer(a), _answer(b), year, department))
            continue
        for name in [*a, *(k for k in b if k not in a)]:
            if name not in _ANSWER_KEYS and a.get(name) != b.get(name):
                changes.append(Change(item, name, a.get(name), b.get(name), year, department))
    return changes


_ANSWER_KEYS = ("item", "year", "department")


def _answer(record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {k: v for k, v in record.items() if k not in _ANSWER_KEYS and v not in (None, "", [], {})}
