"""Filters over a plan's items: pure functions, vocabulary-checked, in plan order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from actionplan import fiscal
from actionplan.fiscal import FiscalYearError
from actionplan.i18n import _
from actionplan.loader import Plan
from actionplan.model import Item, Term
from actionplan.text import fold, normalise, suggest, suggest_or_list


class QueryError(ValueError):
    """A filter value the plan does not know; the message names what it does know.

    ``problem`` is the sentence alone and ``hint`` the way forward, for a reader that shows them
    apart (a survey sheet's problem has a hint of its own)."""

    def __init__(self, message: str, problem: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.problem = problem or message
        self.hint = hint


@dataclass(frozen=True)
class Filter:
    """What ``list`` and ``report`` narrow the items to; every given condition must hold."""

    departments: tuple[str, ...] = ()
    pillar: str | None = None
    goal: str | None = None
    tags: tuple[str, ...] = ()
    year: int | None = None
    phases: tuple[str, ...] = ()
    search: str | None = None
    # What the user should know about how a word was read: a department renamed since (組織改正).
    notes: tuple[str, ...] = ()

    def matches(self, plan: Plan, item: Item) -> bool:
        pillar_id, goal_id = plan.parent(item.id)
        # Who answers: the item's 主管課, or the office answering for an item without one.
        if self.departments and not any(d in plan.meta.answerers(item) for d in self.departments):
            return False
        if self.pillar is not None and pillar_id != self.pillar:
            return False
        if self.goal is not None and goal_id != self.goal:
            return False
        if any(tag not in item.tags for tag in self.tags):
            return False
        if self.phases:
            years = [self.year] if self.year is not None else plan.meta.period.plan_years
            planned = {p for y in years for p in item.schedule.get(y, [])}
            if not any(p in planned for p in self.phases):
                return False
        if self.search:
            needle = fold(self.search)
            texts = (item.id, item.label, item.title, item.headline, item.description)
            return any(needle in fold(text) for text in texts)
        return True


def select(plan: Plan, where: Filter) -> list[Item]:
    """The items that satisfy ``where``, in plan order."""
    return [item for item in plan.items if where.matches(plan, item)]


def make_filter(
    plan: Plan,
    *,
    departments: Iterable[str] = (),
    pillar: str | None = None,
    goal: str | None = None,
    tags: Iterable[str] = (),
    year: str | None = None,
    phases: Iterable[str] = (),
    search: str | None = None,
) -> Filter:
    """Build a Filter from what a user typed, checking every word against the plan.

    Raises QueryError naming the closest known words for anything unknown.
    """
    found = [department_now(plan, d) for d in departments]
    return Filter(
        departments=tuple(name for name, _note in found),
        notes=tuple(note for _name, note in found if note),
        pillar=_pillar(plan, pillar) if pillar else None,
        goal=_goal(plan, goal) if goal else None,
        tags=tuple(_tag(plan, t) for t in tags),
        year=plan_year(plan, year) if year else None,
        phases=tuple(_known([p.name for p in plan.meta.phases], p, plan.meta.labels.term("phase")) for p in phases),
        search=search or None,
    )


def plan_year(plan: Plan, text: str) -> int:
    """A fiscal year typed by a user that the plan covers (baseline included)."""
    years = plan.meta.period.years
    covered = fiscal.covered(plan.meta.period.start, plan.meta.period.end, plan.meta.period.baseline)
    try:
        year = fiscal.parse_fiscal_year(text)
    except FiscalYearError as exc:
        raise QueryError(_("{problem}; {hint}").format(problem=exc, hint=covered)) from None
    if year not in years:
        outside = _("{year} is outside the plan").format(year=fiscal.label(year))
        raise QueryError(_("{problem}; {hint}").format(problem=outside, hint=covered))
    return year


def find_item(plan: Plan, text: str) -> Item:
    """The item with this ID (full-width digits accepted), or QueryError with close IDs."""
    wanted = normalise(text)
    item = plan.item(wanted)
    if item is None:
        hint = suggest(wanted, [i.id for i in plan.items], n=5)
        raise QueryError(_with_hint(_("unknown item '{item}'").format(item=text), hint))
    return item


def find_terms(plan: Plan, text: str) -> list[Term]:
    """Glossary terms named by ``text``: an exact term (or its short form) first, else partial matches."""
    wanted = fold(text.strip())
    exact = [t for t in plan.glossary if wanted in _names(t.term)]
    if exact:
        return exact
    partial = [t for t in plan.glossary if any(wanted in n for n in _names(t.term))]
    if partial:
        return partial
    hint = suggest(text, [t.term for t in plan.glossary])
    raise QueryError(_with_hint(_("no glossary term '{term}'").format(term=text), hint))


def _names(term: str) -> set[str]:
    # "GIS（地理情報システム）" is found as itself, as "GIS" and as "地理情報システム".
    folded = fold(term)
    names = {folded}
    if "(" in folded and folded.endswith(")"):
        head, _sep, rest = folded.partition("(")
        names |= {head.strip(), rest[:-1].strip()}
    return names


def department_now(plan: Plan, text: str) -> tuple[str, str | None]:
    """A department by its name now or by a name it had before a rename recorded in plan.yaml.

    Returns the name now and, for an old name, a note saying so. Raises QueryError for a name
    the plan never had.
    """
    wanted = normalise(text)
    steps = plan.meta.renames_from(wanted)
    # The listed 主管課, and an office that answers for items without one.
    known = list(dict.fromkeys([*plan.meta.departments, *plan.answering]))
    if not steps:
        # An unknown name gets the closest names, former ones too (they are followed).
        former = [r.old for r in plan.meta.renamed]
        return _known(known, text, plan.meta.labels.term("department"), former), None
    name = steps[-1].new
    note = _("; ").join(
        _("'{old}' was renamed '{new}' on {day}").format(old=r.old, new=r.new, day=r.effective.isoformat())
        for r in steps
    )
    return _known(known, name, plan.meta.labels.term("department")), note


def _known(words: list[str], text: str, what: str, also: list[str] | None = None) -> str:
    """``text`` if the plan knows it; ``what`` is the plan's word for the kind (担当部局, 分野 …).

    ``also`` are more words to suggest (a department's former names), not listed as known.
    """
    wanted = normalise(text)
    if wanted in words:
        return wanted
    problem = _("unknown {what} '{value}'").format(what=what, value=text)
    if hint := suggest(wanted, [*words, *(also or [])]):
        raise QueryError(_("unknown {what} '{value}'; {hint}").format(what=what, value=text, hint=hint), problem, hint)
    raise QueryError(
        _("unknown {what} '{value}'; known: {known}").format(what=what, value=text, known=_(", ").join(words)),
        problem,
        suggest_or_list(wanted, words),
    )


def _with_hint(problem: str, hint: str | None) -> str:
    return _("{problem}; {hint}").format(problem=problem, hint=hint) if hint else problem


def _tag(plan: Plan, text: str) -> str:
    wanted = normalise(text)
    for tag in plan.meta.tags:
        if wanted == tag.name or wanted in tag.aliases:
            return tag.name
    return _known([t.name for t in plan.meta.tags], text, plan.meta.labels.term("tag"))


def _pillar(plan: Plan, text: str) -> str:
    wanted = normalise(text)
    for pillar in plan.meta.pillars:
        if wanted in (pillar.id, normalise(pillar.label)):
            return pillar.id
    return _known([p.id for p in plan.meta.pillars], text, plan.meta.labels.term("pillar"))


def _goal(plan: Plan, text: str) -> str:
    goals = [g.id for p in plan.meta.pillars for g in p.goals]
    return _known(goals, text, plan.meta.labels.term("goal"))
