"""The validation rules: one small function per rule, all listed in RULES."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from actionplan import fiscal
from actionplan.fieldnames import field_word
from actionplan.i18n import _
from actionplan.licenses import LICENSES
from actionplan.loader import Plan, collector_paused, load, locate
from actionplan.model import TO_FILL_IN, Answer, Item, Stated
from actionplan.problems import Loc, Problem, Result
from actionplan.ratings import PARTLY_ANSWERED, ROLLUP_WORDS, computed_rating, grades_rollup, rollup_of
from actionplan.text import hidden_characters, normalise, suggest, suggest_or_list, terminal_safe

Rule = Callable[[Plan, date], Iterable[Problem]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under a name (its problems may use more specific codes)."""

    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return register


def run(plan: Plan, today: date) -> list[Problem]:
    """Every rule over the plan on the day ``today`` (the CLI's clock); the problems of all of them, in rule order."""
    problems: list[Problem] = []
    for check in RULES.values():
        problems.extend(check(plan, today))
    return problems


def _unread_ids(plan: Plan) -> set[str]:
    """IDs, guessed from their file names, of item files that could not be read (reported already)."""
    return {normalise(Path(path).stem) for path in plan.unread_items}


def _item_problem(
    plan: Plan, item: Item, code: str, message: str, loc: tuple[str | int, ...], hint: str | None = None
) -> Problem:
    return Problem(plan.item_files[item.id], code, message, loc=loc, hint=hint, item=item.id)


# --- plan.yaml -------------------------------------------------------------------------


@rule("plan-structure")
def check_structure(plan: Plan, today: date) -> Iterator[Problem]:
    """Pillar and goal IDs are unique, and each goal's ID starts with its pillar's."""
    seen: set[str] = set()
    for p, pillar in enumerate(plan.meta.pillars):
        places: list[tuple[str, tuple[str | int, ...]]] = [(pillar.id, ("pillars", p, "id"))]
        places += [(g.id, ("pillars", p, "goals", i, "id")) for i, g in enumerate(pillar.goals)]
        for i, goal in enumerate(pillar.goals):
            if not goal.id.startswith(pillar.id + "-"):
                yield Problem(
                    plan.plan_file,
                    "plan-structure",
                    _("goal '{goal}' does not start with its pillar's ID '{pillar}-'").format(
                        goal=goal.id, pillar=pillar.id
                    ),
                    loc=("pillars", p, "goals", i, "id"),
                )
        for ident, loc in places:
            if ident in seen:
                yield Problem(plan.plan_file, "plan-structure", _("ID '{id}' is used twice").format(id=ident), loc=loc)
            seen.add(ident)


@rule("plan-vocabulary")
def check_vocabulary(plan: Plan, today: date) -> Iterator[Problem]:
    """No word twice in a vocabulary; tag requirements and phase kinds are defined."""
    meta = plan.meta
    lists: list[tuple[str, list[str]]] = [
        ("departments", list(meta.departments)),
        ("tags", [t.name for t in meta.tags]),
        ("phases", [ph.name for ph in meta.phases]),
        ("statuses", [s.name for s in meta.statuses]),
        ("ratings", [r.name for r in meta.ratings]),
    ]
    for key, words in lists:
        for index, word in enumerate(words):
            if word in words[:index]:
                loc: tuple[str | int, ...] = (key, index) if key == "departments" else (key, index, "name")
                yield Problem(
                    plan.plan_file,
                    "plan-vocabulary",
                    _("'{word}' is listed twice in {key}").format(word=word, key=field_word(type(meta).__name__, key)),
                    loc=loc,
                )
    tag_names = {t.name for t in meta.tags}
    for t, tag in enumerate(meta.tags):
        for r, required in enumerate(tag.requires):
            if required not in tag_names:
                yield Problem(
                    plan.plan_file,
                    "plan-vocabulary",
                    _("tag '{tag}' requires unknown tag '{required}'").format(tag=tag.name, required=required),
                    loc=("tags", t, "requires", r),
                )
    kinds = [k.id for k in meta.phase_kinds]
    if kinds:
        for i, phase in enumerate(meta.phases):
            if phase.kind is not None and phase.kind not in kinds:
                yield Problem(
                    plan.plan_file,
                    "plan-vocabulary",
                    _("phase '{phase}' has unknown kind '{kind}'").format(phase=phase.name, kind=phase.kind),
                    loc=("phases", i, "kind"),
                    hint=suggest_or_list(phase.kind, kinds),
                )
    try:
        re.compile(meta.id_pattern)
    except re.error as exc:
        yield Problem(
            plan.plan_file,
            "plan-vocabulary",
            _("id_pattern is not a valid regular expression: {error}").format(error=exc),
            loc=("id_pattern",),
        )


def _plan_words(plan: Plan) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every word plan.yaml names things with (主管課, 区分 and their aliases, phases, statuses, ratings, renames)."""
    meta = plan.meta
    yield from ((word, ("departments", i)) for i, word in enumerate(meta.departments))
    for t, tag in enumerate(meta.tags):
        yield tag.name, ("tags", t, "name")
        yield from ((alias, ("tags", t, "aliases", a)) for a, alias in enumerate(tag.aliases))
    yield from ((ph.name, ("phases", i, "name")) for i, ph in enumerate(meta.phases))
    yield from ((st.name, ("statuses", i, "name")) for i, st in enumerate(meta.statuses))
    yield from ((r.name, ("ratings", i, "name")) for i, r in enumerate(meta.ratings))
    for i, rename in enumerate(meta.renamed):
        yield rename.old, ("renamed", i, "old")
        yield rename.new, ("renamed", i, "new")


@rule("names")
def check_names(plan: Plan, today: date) -> Iterator[Problem]:
    """A name holds no character that cannot be seen: no control (newline, tab, ESC), bidi or zero-width.

    Such a name looks like another one (防災課 and 防災課+U+200B), reorders the text around it
    (U+202E) or breaks the line of a list, a sheet or a file name.
    """
    for word, loc in _plan_words(plan):
        hidden = hidden_characters(word)
        if hidden:
            message = _("'{name}' holds characters that cannot be seen: {characters}").format(
                name=terminal_safe(word), characters=_(", ").join(hidden)
            )
            hint = _("retype the name without control, bidi or zero-width characters")
            yield Problem(plan.plan_file, "hidden-character", message, loc=loc, hint=hint)


def code_check_digit(first_five: str) -> str:
    """The check digit of a 全国地方公共団体コード (総務省's rule for the sixth digit).

    Weights 6, 5, 4, 3, 2 on the five digits; 11 minus the sum's remainder mod 11, last digit
    kept (remainder 0 gives 1, remainder 1 gives 0). 杉並区: 13115 -> 6, so 131156.
    """
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


@rule("department-renames")
def check_department_renames(plan: Plan, today: date) -> Iterator[Problem]:
    """Each rename recorded in plan.yaml (組織改正) leads to a department of the plan, and the old name is gone."""
    known = set(plan.meta.departments)
    for i, rename in enumerate(plan.meta.renamed):
        steps = plan.meta.renames_from(rename.new)
        if (steps[-1].new if steps else rename.new) not in known:
            message = _("renamed '{old}' to '{new}', which is not in departments").format(
                old=rename.old, new=rename.new
            )
            hint = suggest_or_list(rename.new, plan.meta.departments)
            yield Problem(plan.plan_file, "department-rename", message, loc=("renamed", i, "new"), hint=hint)
        # A later rename may give the name back (A → B, then B → A): then it belongs in departments.
        given_back = any(later.new == rename.old for later in plan.meta.renamed[i + 1 :])
        if rename.old in known and not given_back:
            message = _("'{old}' was renamed on {day} but is still in departments").format(
                old=rename.old, day=rename.effective.isoformat()
            )
            yield Problem(plan.plan_file, "department-rename", message, loc=("renamed", i, "old"))


@rule("municipality-code")
def check_municipality_code(plan: Plan, today: date) -> Iterator[Problem]:
    """municipality_code is a 6-digit 全国地方公共団体コード whose last digit is its check digit."""
    code = plan.meta.municipality_code
    if code is None or code.startswith(TO_FILL_IN):  # still to fill in: check_to_fill_in says so
        return
    if not re.fullmatch(r"[0-9]{6}", code):
        yield Problem(
            plan.plan_file,
            "municipality-code",
            _("municipality_code '{code}' is not 6 digits").format(code=code),
            loc=("municipality_code",),
            hint=_("a municipality code has 6 digits, the last one a check digit (Suginami City: 131156)"),
        )
    elif code[5] != (digit := code_check_digit(code[:5])):
        yield Problem(
            plan.plan_file,
            "municipality-code",
            _("municipality_code '{code}' has check digit {given}, expected {digit}").format(
                code=code, given=code[5], digit=digit
            ),
            loc=("municipality_code",),
            hint=_("did you mean '{code}'?").format(code=code[:5] + digit),
        )


@rule("unknown-license")
def check_license(plan: Plan, today: date) -> Iterator[Problem]:
    """license names one of the known open-data licenses (compatible with CC BY 4.0), by identifier."""
    given = plan.meta.license
    if given is None or given in LICENSES:
        return
    yield Problem(
        plan.plan_file,
        "unknown-license",
        _("license '{license}' is not a known open-data license").format(license=given),
        loc=("license",),
        hint=suggest_or_list(given, list(LICENSES)),
    )


@rule("stated-sums")
def check_stated_sums(plan: Plan, today: date) -> Iterator[Problem]:
    """Where the plan states a total and every one of its parts, the parts add up to it."""
    meta = plan.meta

    def differs(total: Stated | None, parts: list[Stated | None]) -> str | None:
        for field in ("items", "cross_referenced"):
            whole = getattr(total, field, None)
            values = [getattr(s, field, None) for s in parts]
            if whole is None or any(v is None for v in values):
                continue  # not stated: nothing to add up
            found = sum(v for v in values if v is not None)
            if found != whole:
                if field == "items":
                    return _("{stated} items stated, but its parts add up to {found}").format(stated=whole, found=found)
                return _("{stated} cross-referenced items stated, but its parts add up to {found}").format(
                    stated=whole, found=found
                )
        return None

    for p, pillar in enumerate(meta.pillars):
        if pillar.goals and (why := differs(pillar.stated, [g.stated for g in pillar.goals])):
            yield Problem(
                plan.plan_file,
                "stated-sums",
                _("pillar {pillar}: {why}").format(pillar=pillar.label, why=why),
                loc=("pillars", p, "stated"),
            )
    if why := differs(meta.stated, [p.stated for p in meta.pillars]):
        yield Problem(plan.plan_file, "stated-sums", _("total: {why}").format(why=why), loc=("stated",))


# --- items ------------------------------------------------------------------------------


@rule("id-format")
def check_id_format(plan: Plan, today: date) -> Iterator[Problem]:
    """Every item ID matches the plan's id_pattern."""
    try:
        pattern = re.compile(plan.meta.id_pattern)
    except re.error:
        return
    for item in plan.items:
        if not pattern.fullmatch(item.id):
            yield _item_problem(
                plan,
                item,
                "id-format",
                _("item ID '{id}' does not match the plan's pattern {pattern}").format(
                    id=item.id, pattern=plan.meta.id_pattern
                ),
                ("id",),
            )


@rule("file-name")
def check_file_name(plan: Plan, today: date) -> Iterator[Problem]:
    """items/<id>.yaml: the file name is the item's ID, written as an ID is (1-1-1, not 1-① or １-１-１).

    A file name is read as written: NFKC would make 1-① the ID 1-1, and the name of a file is
    what people, git and other tools see, so it stays within the plan's id_pattern.
    """
    try:
        pattern: re.Pattern[str] | None = re.compile(plan.meta.id_pattern)
    except re.error:
        pattern = None  # reported by plan-vocabulary; the names are still compared below
    for item in plan.items:
        written = os.path.splitext(os.path.basename(plan.item_files[item.id]))[0]  # PurePath.stem, a tenth of the cost
        if written == item.id:
            continue  # the common case: nothing below can differ
        hint = _("rename the file to {name}").format(name=f"{item.id}.yaml")
        if pattern is not None and not pattern.fullmatch(written) and pattern.fullmatch(item.id):
            message = _("file name '{name}' is not an item ID (the plan's pattern is {pattern})")
            yield _item_problem(
                plan,
                item,
                "file-name-not-id",
                message.format(name=terminal_safe(written), pattern=plan.meta.id_pattern),
                ("id",),
                hint=hint,
            )
        elif normalise(written) != item.id:
            message = _("file name '{name}' does not match item ID '{id}'")
            yield _item_problem(
                plan, item, "file-name", message.format(name=normalise(written), id=item.id), ("id",), hint=hint
            )


@rule("item-parent")
def check_parent(plan: Plan, today: date) -> Iterator[Problem]:
    """Each item sits under an existing pillar or goal (the longest matching ID prefix).

    An item may sit directly in a pillar next to its goals (``1-1`` beside goal ``1-2``),
    but an ID one level deeper than that (``1-4-1``) must name an existing goal.
    """
    words = plan.meta.labels
    pillars = {}
    for p in reversed(plan.meta.pillars):  # where an ID is used twice, the first (as next() found it)
        pillars[p.id] = p
    for item in plan.items:
        pillar_id, goal_id = plan.parent(item.id)
        if pillar_id is None:
            yield _item_problem(
                plan,
                item,
                "item-parent",
                _("{item} '{id}' belongs to no {pillar} or {goal} of the plan").format(
                    id=item.id, item=words.term("item"), pillar=words.term("pillar"), goal=words.term("goal")
                ),
                ("id",),
            )
            continue
        pillar = pillars[pillar_id]
        if pillar.goals and goal_id is None and item.id.count("-") != pillar_id.count("-") + 1:
            goals = _(", ").join(g.id for g in pillar.goals)
            yield _item_problem(
                plan,
                item,
                "item-parent",
                _("{item} '{id}' is under {pillar} {label} but under none of its {goal}s ({goals})").format(
                    id=item.id,
                    item=words.term("item"),
                    pillar=words.term("pillar"),
                    label=pillar.label,
                    goal=words.term("goal"),
                    goals=goals,
                ),
                ("id",),
            )


@rule("departments")
def check_departments(plan: Plan, today: date) -> Iterator[Problem]:
    """主管課 come from the plan's department list."""
    words = plan.meta.labels
    known = plan.meta.departments
    allowed = set(known)
    for item in plan.items:
        for i, dept in enumerate(item.departments):
            if dept not in allowed:
                yield _item_problem(
                    plan,
                    item,
                    "unknown-department",
                    _("unknown {what} '{value}'").format(what=words.term("department"), value=dept),
                    ("departments", i),
                    hint=suggest_or_list(dept, known),
                )
            if dept in item.departments[:i]:
                yield _item_problem(
                    plan,
                    item,
                    "duplicate-department",
                    _("{what} '{value}' is listed twice").format(what=words.term("department"), value=dept),
                    ("departments", i),
                )


@rule("tags")
def check_tags(plan: Plan, today: date) -> Iterator[Problem]:
    """Tags come from the legend, once each, with the tags they require (重点 only with 実計)."""
    defs = {t.name: t for t in plan.meta.tags}
    aliases = {a: t.name for t in plan.meta.tags for a in t.aliases}
    words = plan.meta.labels
    for item in plan.items:
        for i, tag in enumerate(item.tags):
            if tag not in defs:
                hint = (
                    _("did you mean '{word}'?").format(word=aliases[tag])
                    if tag in aliases
                    else suggest_or_list(tag, list(defs))
                )
                yield _item_problem(
                    plan,
                    item,
                    "unknown-tag",
                    _("unknown {what} '{value}'").format(what=words.term("tag"), value=tag),
                    ("tags", i),
                    hint=hint,
                )
            elif item.tags.index(tag) != i:
                yield _item_problem(
                    plan, item, "duplicate-tag", _("tag '{tag}' is given twice").format(tag=tag), ("tags", i)
                )
            else:
                missing = [r for r in defs[tag].requires if r not in item.tags]
                if missing:
                    yield _item_problem(
                        plan,
                        item,
                        "tag-requires",
                        _("tag '{tag}' is only valid together with {tags}").format(tag=tag, tags=_(", ").join(missing)),
                        ("tags", i),
                    )


@rule("phases")
def check_phases(plan: Plan, today: date) -> Iterator[Problem]:
    """Schedule phases come from the plan's phase list."""
    known = [p.name for p in plan.meta.phases]
    allowed = set(known)
    none_hint = _("the plan lists no phases: add the words its schedules use under phases: in plan.yaml")
    for item in plan.items:
        for year, phases in item.schedule.items():
            for i, phase in enumerate(phases):
                if phase not in allowed:
                    yield _item_problem(
                        plan,
                        item,
                        "unknown-phase",
                        _("unknown phase '{phase}' in {year}").format(phase=phase, year=fiscal.short(year)),
                        ("schedule", year, i),
                        hint=suggest_or_list(phase, known) if known else none_hint,
                    )


@rule("schedule-years")
def check_schedule_years(plan: Plan, today: date) -> Iterator[Problem]:
    """No schedule entry or milestone outside the plan; with ``schedule: every-year``, none missing."""
    years = plan.meta.period.years
    covered = fiscal.covered(plan.meta.period.start, plan.meta.period.end, plan.meta.period.baseline)
    every_year = plan.meta.schedule == "every-year"
    for item in plan.items:
        missing = [y for y in years if y not in item.schedule]
        if missing and every_year:
            names = _(", ").join(fiscal.label(y) for y in missing)
            yield _item_problem(
                plan,
                item,
                "schedule-missing-year",
                _("no schedule entry for {years}").format(years=names),
                ("schedule",),
            )
        for year in item.schedule:
            if year not in years:
                yield _item_problem(
                    plan,
                    item,
                    "schedule-outside-period",
                    _("{year} is outside the plan").format(year=fiscal.label(year)),
                    ("schedule", year),
                    hint=covered,
                )
            elif not item.schedule[year] and plan.meta.draft is None:  # a draft's empty years: check_draft
                yield _item_problem(
                    plan,
                    item,
                    "schedule-empty",
                    _("no phase given for {year}").format(year=fiscal.label(year)),
                    ("schedule", year),
                )
        for m, milestone in enumerate(item.milestones):
            if milestone.by not in years:
                yield _item_problem(
                    plan,
                    item,
                    "schedule-outside-period",
                    _("milestone year {year} is outside the plan").format(year=fiscal.label(milestone.by)),
                    ("milestones", m, "by"),
                    hint=covered,
                )


@rule("indicators")
def check_indicators(plan: Plan, today: date) -> Iterator[Problem]:
    """Indicator IDs are unique within an item; targets name years from the plan's first on.

    A target after the plan period (a 2030 goal in a 2022–2026 plan) is kept as the plan states
    it; outputs mark it as after the period.
    """
    first = plan.meta.period.years[0]
    for item in plan.items:
        for n, indicator in enumerate(item.indicators):
            if indicator.id in [i.id for i in item.indicators[:n]]:
                yield _item_problem(
                    plan,
                    item,
                    "indicator-duplicate",
                    _("indicator '{id}' is defined twice").format(id=indicator.id),
                    ("indicators", n, "id"),
                )
            for key, targets in (("targets", indicator.targets), ("target_texts", indicator.target_texts)):
                for year in targets:
                    if year < first:
                        yield _item_problem(
                            plan,
                            item,
                            "indicator-year",
                            _("target for {year}, which is before the plan").format(year=fiscal.label(year)),
                            ("indicators", n, key, year),
                        )


@rule("indicator-final-target")
def check_final_targets(plan: Plan, today: date) -> Iterator[Problem]:
    """A final target with no year is the target at the end of the plan period: where the plan also
    states a target for its last year, the two say the same (else which one counts is a guess)."""
    end = plan.meta.period.end
    for item in plan.items:
        for n, indicator in enumerate(item.indicators):
            final, yearly = indicator.final_shown(), indicator.target_shown(end)
            if final is None or yearly is None or final == yearly:
                continue
            key = "final_target" if indicator.final_target is not None else "final_target_text"
            message = _("final target {final} differs from the target for {year}, {target}, the plan's last year")
            yield _item_problem(
                plan,
                item,
                "indicator-final-target",
                message.format(final=final, year=fiscal.label(end), target=yearly),
                ("indicators", n, key),
                hint=_("a final target is the target at the end of the plan period: keep one of the two"),
            )


@rule("indicator-repeats")
def check_indicator_repeats(plan: Plan, today: date) -> Iterator[Problem]:
    """A 再掲 indicator names an indicator of another item, itself not a 再掲."""
    for item in plan.items:
        for n, indicator in enumerate(item.indicators):
            ref = indicator.repeats
            if ref is None:
                continue
            target = plan.item(ref.item)
            found = next((i for i in target.indicators if i.id == ref.indicator), None) if target else None
            if found is None or found.repeats is not None or target is item:
                yield _item_problem(
                    plan,
                    item,
                    "indicator-repeats",
                    _("indicator '{id}' repeats '{item}/{indicator}', which is no indicator of another item").format(
                        id=indicator.id, item=ref.item, indicator=ref.indicator
                    ),
                    ("indicators", n, "repeats"),
                )


@rule("glossary")
def check_glossary(plan: Plan, today: date) -> Iterator[Problem]:
    """Glossary terms are defined once, and every term an item names is defined."""
    terms = [t.term for t in plan.glossary]
    folded = {normalise(t).casefold(): t for t in terms}
    for i, term in enumerate(terms):
        if term in terms[:i]:
            yield Problem(
                plan.glossary_file,
                "glossary-duplicate",
                _("term '{term}' is defined twice").format(term=term),
                loc=("terms", i, "term"),
            )
    item_ids = {item.id for item in plan.items} | _unread_ids(plan)
    for i, t in enumerate(plan.glossary):
        if t.item is not None and t.item not in item_ids and not plan.items_missing:
            yield Problem(
                plan.glossary_file,
                "glossary-item",
                _("term '{term}' names unknown item '{item}'").format(term=t.term, item=t.item),
                loc=("terms", i, "item"),
            )
    if plan.glossary_unread:
        return  # glossary.yaml itself is reported already
    for item in plan.items:
        for i, ref in enumerate(item.glossary):
            if normalise(ref).casefold() not in folded:
                yield _item_problem(
                    plan,
                    item,
                    "glossary-unresolved",
                    _("glossary term '{term}' is not defined in glossary.yaml").format(term=ref),
                    ("glossary", i),
                    hint=suggest(ref, terms),
                )


@rule("stated-counts")
def check_counts(plan: Plan, today: date) -> Iterator[Problem]:
    """Items per goal, per pillar and in total, and the cross-referenced ones, match the table."""
    if plan.unread_items or plan.items_missing:
        return  # an unreadable item file is reported already; counting without it would only add noise
    cross = {item.id for item in plan.items if plan.cross_referenced(item)}  # once, not once per goal, pillar and plan
    for what, stated, items, loc in _stated_places(plan):
        yield from _compare(plan, what, stated, items, loc, cross)


def _stated_places(plan: Plan) -> Iterator[tuple[str, Stated | None, list[Item], tuple[str | int, ...]]]:
    """Each place that may state counts (goals, pillars, the whole plan): its name, counts, items and loc."""
    by_goal: dict[str, list[Item]] = defaultdict(list)
    by_pillar: dict[str, list[Item]] = defaultdict(list)
    for item in plan.items:
        pillar_id, goal_id = plan.parent(item.id)
        if pillar_id is not None:
            by_pillar[pillar_id].append(item)
        if goal_id is not None:
            by_goal[goal_id].append(item)
    for p, pillar in enumerate(plan.meta.pillars):
        for g, goal in enumerate(pillar.goals):
            loc: tuple[str | int, ...] = ("pillars", p, "goals", g, "stated")
            place = _("{pillar} {goal} ({id})").format(pillar=pillar.label, goal=goal.label, id=goal.id)
            yield place, goal.stated, by_goal[goal.id], loc
        yield (
            _("{pillar} (pillar {id})").format(pillar=pillar.label, id=pillar.id),
            pillar.stated,
            by_pillar[pillar.id],
            ("pillars", p, "stated"),
        )
    yield _("the whole plan"), plan.meta.stated, plan.items, ("stated",)


@rule("to-fill-in")
def check_to_fill_in(plan: Plan, today: date) -> Iterator[Problem]:
    """A value marked 【要記入】 (by init --blank or --from, which could not know it) is left to fill in."""
    for where, value, loc in _marked(plan.meta, ()):
        yield Problem(plan.plan_file, "to-fill-in", _fill_in_message(where, value), loc=loc)
    for item in plan.items:
        if not _has_mark(item):
            continue  # the walk below, with a place for every value, only for items that have a mark
        for where, value, loc in _marked(item, ()):
            yield _item_problem(plan, item, "to-fill-in", _fill_in_message(where, value), loc)


def _has_mark(model: BaseModel) -> bool:
    """Whether any text under ``model`` starts with the mark: what _marked finds, without places, in a plain loop."""
    # Plain lists and dicts by exact type, every field's value from __dict__ (a default never holds the mark;
    # _marked, which reports, walks only the keys the file wrote): a quarter less time at 10,000 items.
    stack: list[object] = [model]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if value.startswith(TO_FILL_IN):
                return True
        elif type(value) is list:
            stack.extend(value)
        elif type(value) is dict:
            stack.extend(value.values())
        elif isinstance(value, BaseModel):
            stack.extend(value.__dict__.values())
    return False


def _fill_in_message(where: str, value: str) -> str:
    return _("{key} is left to fill in: {value}").format(key=where, value=terminal_safe(value))


def _marked(value: object, loc: Loc, where: str = "") -> Iterator[tuple[str, str, Loc]]:
    """Every text under ``value`` that starts with the mark, with the field it is in (fieldnames) and its place."""
    if isinstance(value, str):
        if value.startswith(TO_FILL_IN):
            yield where, value, loc
    elif isinstance(value, BaseModel):
        # Only keys the file wrote: a default never holds the mark, and this keeps big plans quick.
        for name in value.model_fields_set:
            yield from _marked(getattr(value, name), (*loc, name), field_word(type(value).__name__, name))
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            yield from _marked(entry, (*loc, i), where)
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield from _marked(entry, (*loc, key), where)


@rule("draft")
def check_draft(plan: Plan, today: date) -> Iterator[Problem]:
    """A draft of the next plan (init --next) says what is left: counts to state, years to plan."""
    if plan.meta.draft is None:
        return
    left = False
    for what, stated, items, loc in _stated_places(plan):
        if stated is None or (stated.items is not None and stated.cross_referenced is not None):
            continue
        left = True
        cross = sum(plan.cross_referenced(i) for i in items)
        message = _("stated count to be set: {place} has {items} items now, {cross} cross-referenced").format(
            place=what, items=len(items), cross=cross
        )
        yield Problem(plan.plan_file, "draft-incomplete", message, loc=loc)
    for item in plan.items:
        empty = [year for year, phases in item.schedule.items() if not phases]
        if empty:
            left = True
            names = _(", ").join(fiscal.label(y) for y in sorted(empty))
            message = _("phases to be planned for {years}").format(years=names)
            yield _item_problem(plan, item, "draft-incomplete", message, ("schedule", min(empty)))
    if not left:
        message = _("nothing left to fill in: delete the draft: block of plan.yaml to finish the draft")
        yield Problem(plan.plan_file, "draft-incomplete", message, loc=("draft",))


def _compare(
    plan: Plan, what: str, stated: Stated | None, items: list[Item], loc: tuple[str | int, ...], flagged: set[str]
) -> Iterator[Problem]:
    if stated is None:
        return  # the plan states no count here: nothing to compare
    if stated.items is not None and len(items) != stated.items:
        ids = _(", ").join(i.id for i in items) or _("none")
        yield Problem(
            plan.plan_file,
            "count-mismatch",
            _("{place}: {stated} items stated, {found} found ({ids})").format(
                place=what, stated=stated.items, found=len(items), ids=ids
            ),
            loc=(*loc, "items"),
        )
    if stated.cross_referenced is None:
        return
    cross = [i for i in items if i.id in flagged]
    if len(cross) != stated.cross_referenced:
        tags = _(" / ").join(t.name for t in plan.meta.tags if t.cross_reference)
        ids = _(", ").join(i.id for i in cross) or _("none")
        yield Problem(
            plan.plan_file,
            "count-mismatch",
            _("{place}: {stated} cross-referenced ({tags}) items stated, {found} found ({ids})").format(
                place=what, stated=stated.cross_referenced, tags=tags, found=len(cross), ids=ids
            ),
            loc=(*loc, "cross_referenced"),
        )


# --- progress answers ------------------------------------------------------------------------


@rule("progress")
def check_progress(plan: Plan, today: date) -> Iterator[Problem]:
    """Answers name known items, their 主管課, begun plan years and known words; once each."""
    placed = ((answer, path, index) for answer, (path, index) in zip(plan.answers, plan.answer_files, strict=True))
    return check_answers(plan, placed, today)


def check_answers(plan: Plan, placed: Iterable[tuple[Answer, str, int]], today: date) -> Iterator[Problem]:
    """The progress rule over answers given with their file and index (the writers pass a file to be)."""
    first: dict[tuple[str, int, str], str] = {}
    for answer, path, index in placed:
        yield from answer_problems(plan, answer, path, ("answers", index), today)
        if (seen := first.get(answer.key)) is not None:
            yield Problem(
                path,
                "progress-duplicate",
                _("a second answer of {department} for {item} in {year} (first in {first})").format(
                    department=answer.department, item=answer.item, year=fiscal.short(answer.year), first=seen
                ),
                loc=("answers", index),
                item=answer.item,
            )
        else:
            first[answer.key] = f"{path} #{index + 1}"


@rule("rollup-disagrees")
def check_rollup_agrees(plan: Plan, today: date) -> Iterator[Problem]:
    """A warning where an answer's status and its indicators' grades count as different rollups.

    The status wins (ratings.answer_rollup); the grades may be right and the status stale, so a
    person looks. Only fully graded answers are compared: a partly graded one says nothing yet.
    """
    for answer, (path, index) in zip(plan.answers, plan.answer_files, strict=True):
        item = plan.item(answer.item)
        if item is None or answer.status is None:
            continue
        stated, graded = rollup_of(plan.meta, answer.status), grades_rollup(plan.meta, item, answer)
        if stated is None or graded is None or graded in (PARTLY_ANSWERED, stated):
            continue
        said, by_grades = _(ROLLUP_WORDS[stated]), _(ROLLUP_WORDS[graded])  # marked with N_
        message = _("the status {status} counts as {stated}, its indicators' grades as {graded}").format(
            status=answer.status, stated=said, graded=by_grades
        )
        hint = _("the status is used; change the status or the grades if they disagree by mistake")
        yield Problem(
            path, "rollup-disagrees", message, loc=("answers", index, "status"), hint=hint, item=item.id, warning=True
        )


def answer_problems(plan: Plan, answer: Answer, path: str, base: Loc, today: date) -> Iterator[Problem]:
    """Every rule one answer must keep; validate and the progress writers both call this."""
    meta = plan.meta
    item = plan.item(answer.item)

    def problem(code: str, message: str, where: Loc = (), hint: str | None = None) -> Problem:
        return Problem(path, code, message, loc=(*base, *where), hint=hint, item=answer.item)

    if item is None and answer.item not in _unread_ids(plan):
        ids = [i.id for i in plan.items]
        yield problem(
            "progress-unknown-item",
            _("answer for unknown item '{item}'").format(item=answer.item),
            ("item",),
            suggest(answer.item, ids),
        )
    years = meta.period.years
    if answer.year not in years:
        yield problem(
            "progress-year", _("{year} is outside the plan").format(year=fiscal.label(answer.year)), ("year",)
        )
    elif fiscal.start(answer.year) > today:
        start = fiscal.start(answer.year).isoformat()
        yield problem(
            "progress-future",
            _("{year} has not begun yet (it starts on {start})").format(year=fiscal.label(answer.year), start=start),
            ("year",),
        )
    answerers = meta.answerers(item) if item is not None else []
    if item is not None and answer.department not in answerers:
        owners = _(", ").join(answerers)
        yield problem(
            "progress-department",
            _("'{department}' is not a department of {item} (its departments: {departments})").format(
                department=answer.department, item=item.id, departments=owners
            ),
            ("department",),
            suggest(answer.department, answerers),
        )
    statuses = [s.name for s in meta.statuses]
    if answer.status is None:
        # Without a status the grades must give the rollup (ratings.answer_rollup).
        if item is not None and grades_rollup(meta, item, answer) is None:
            how = _("give a status, or grades of the item's indicators whose ratings name a rollup in plan.yaml")
            yield problem("progress-no-status", _("the answer gives no status"), (), how)
    elif answer.status not in statuses:
        hint = suggest_or_list(answer.status, statuses)
        yield problem("progress-status", _("unknown status '{status}'").format(status=answer.status), ("status",), hint)
    phases = [p.name for p in meta.phases]
    for i, phase in enumerate(answer.phases):
        if phase not in phases:
            yield problem(
                "unknown-phase",
                _("unknown phase '{phase}'").format(phase=phase),
                ("phases", i),
                suggest_or_list(phase, phases),
            )
        elif phase in answer.phases[:i]:
            yield problem(
                "progress-phase-twice", _("phase '{phase}' is given twice").format(phase=phase), ("phases", i)
            )
    yield from _answer_rating(plan, answer, item, problem)
    if item is not None:
        yield from _answer_indicators(plan, answer, item, problem)
    for name in meta.required_answer_fields:
        if not getattr(answer, name):
            yield problem(
                "progress-required",
                _("{field} is required by the plan but empty").format(field=field_word(type(answer).__name__, name)),
            )
    if answer.answered_on is not None and answer.answered_on > today:
        yield problem(
            "progress-answered-on",
            _("answered_on {day} is in the future (today is {today})").format(
                day=answer.answered_on.isoformat(), today=today.isoformat()
            ),
            ("answered_on",),
        )


def _answer_indicators(plan: Plan, answer: Answer, item: Item, problem: Callable[..., Problem]) -> Iterator[Problem]:
    """Values, grades and results name indicators of the item; a grade is a word of the plan's ratings."""
    indicators = [i.id for i in item.indicators]
    for key, given in (("values", answer.values), ("grades", answer.grades), ("results", answer.results)):
        for name in given:
            if name not in indicators:
                none = _("{item} has no indicators").format(item=item.id)
                yield problem(
                    "progress-indicator",
                    _("{item} has no indicator '{name}'").format(item=item.id, name=name),
                    (key, name),
                    suggest_or_list(name, indicators) or none,
                )
    ratings = [r.name for r in plan.meta.ratings]
    for name, grade in answer.grades.items():
        if name in indicators and grade not in ratings:
            hint = suggest_or_list(grade, ratings) or _("plan.yaml defines no ratings")
            message = _("unknown rating '{rating}'").format(rating=grade)
            yield problem("progress-rating", message, ("grades", name), hint)


def _answer_rating(plan: Plan, answer: Answer, item: Item | None, problem: Callable[..., Problem]) -> Iterator[Problem]:
    if answer.rating is None:
        return
    ratings = [r.name for r in plan.meta.ratings]
    if answer.rating not in ratings:
        hint = suggest_or_list(answer.rating, ratings) or _("plan.yaml defines no ratings")
        yield problem("progress-rating", _("unknown rating '{rating}'").format(rating=answer.rating), ("rating",), hint)
        return
    computed = computed_rating(plan.meta, item, answer) if item is not None else None
    if computed is not None and computed != answer.rating:
        yield problem(
            "progress-rating-computed",
            _("rating '{rating}' given, but the 達成率 gives '{computed}' (the plan computes ratings)").format(
                rating=answer.rating, computed=computed
            ),
            ("rating",),
            _("leave the rating out; it follows from the indicator values"),
        )


def load_and_check(root: Path, today: date) -> Result[Plan]:
    """Load the plan at ``root`` and run every rule: all problems of one run, with positions."""
    with collector_paused():  # the rules too keep every item alive: collecting would only walk them again
        loaded = load(root)
        problems = list(loaded.problems)
        if loaded.value is not None:
            problems.extend(run(loaded.value, today))
        return Result(loaded.value, locate(problems))
