"""What may be published: public and internal fields, decided here and nowhere else.

Every field of the plan's files and of progress answers is public, except:
- the answer's 庁内メモ (``note``) and 回答者・連絡先 (``answered_by``), always;
- the fields plan.yaml lists under ``internal:`` (``answer.evidence``, ``item.description`` …).

Public outputs (``roadmap``, ``export``, ``report --public``) are made from :func:`public_plan`,
a copy of the plan with every internal field emptied, so no report or renderer can leak one.
Internal outputs (``--internal``, and ``report`` by default) carry the 庁内限り mark: in the
run's language on the documents people read (internal_mark, marked_title, problems_warning), and
in Japanese in the open data (INTERNAL_MARK, internal_title, problems_note: open data is published
in Japanese, reports/export.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel

from actionplan.i18n import _, ngettext
from actionplan.loader import Plan
from actionplan.views import Table, View

INTERNAL_MARK = "庁内限り"
ALWAYS_INTERNAL: dict[str, frozenset[str]] = {"answer": frozenset({"note", "answered_by"})}

M = TypeVar("M", bound=BaseModel)


def problems_note(count: int) -> str:
    """The note open data carries when it was made from a plan that does not validate (Japanese)."""
    return f"注意: 検証で問題が{count}件見つかった計画から作成"


def problems_warning(count: int) -> str:
    """The line a document carries when it was made from a plan that does not validate."""
    return ngettext(
        "Note: made from a plan in which validation found {count} problem",
        "Note: made from a plan in which validation found {count} problems",
        count,
    ).format(count=count)


def warned_title(title: str, count: int) -> str:
    """A document title that says the plan did not validate (see problems_warning)."""
    return _("{title} [{warning}]").format(title=title, warning=problems_warning(count))


def internal_fields(plan: Plan) -> dict[str, frozenset[str]]:
    """The internal fields of answers and items: always-internal ones and those the plan marks."""
    fields = {kind: set(names) for kind, names in ALWAYS_INTERNAL.items()}
    for name in plan.meta.internal:
        kind, field = name.split(".", 1)
        fields.setdefault(kind, set()).add(field)
    return {kind: frozenset(names) for kind, names in fields.items()}


def public_plan(plan: Plan) -> Plan:
    """A copy of ``plan`` with every internal field of its items and answers emptied."""
    fields = internal_fields(plan)
    return replace(
        plan,
        items=[_blank(item, fields.get("item", frozenset())) for item in plan.items],
        answers=[_blank(answer, fields.get("answer", frozenset())) for answer in plan.answers],
    )


def _blank(model: M, fields: frozenset[str]) -> M:
    if not fields:
        return model
    empty: dict[str, Any] = {}
    for name in fields:
        info = type(model).model_fields[name]
        empty[name] = "" if info.is_required() else info.get_default(call_default_factory=True)
    return model.model_copy(update=empty)


def internal_title(title: str) -> str:
    """An open-data title marked for internal use only, in Japanese (see marked_title)."""
    return f"{title}【{INTERNAL_MARK}】"


def internal_mark() -> str:
    """庁内限り in the run's language: "internal use only"."""
    return _("internal use only")


def marked_title(title: str) -> str:
    """A document title marked for internal use only (at the end: the title still reads first)."""
    return _("{title} [internal use only]").format(title=title)


def mark_internal(view: View) -> View:
    """The view of an internal document, marked 庁内限り in every format: after the title (table,
    markdown, html, pdf, xlsx), in a column of every CSV row, and at the top of every printed
    page (html, pdf, xlsx). The JSON document is data, not a page: it stays as documented."""
    mark = internal_mark()
    flat = Table([*view.flat.columns, _("classification")], [[*row, mark] for row in view.flat.rows], view.flat.title)
    return replace(view, flat=flat, title=marked_title(view.title or ""), classification=mark)
