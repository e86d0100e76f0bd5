"""Views of items: the list, one item in full, and the glossary."""

from __future__ import annotations

from typing import Any

from actionplan import fiscal
from actionplan.i18n import N_, _, ngettext
from actionplan.loader import Plan
from actionplan.model import Answer, Indicator, Item, Term
from actionplan.ratings import status_shown
from actionplan.text import fold, phases_text
from actionplan.views import Table, View

# A fiscal year for which the plan states no phase: shown as such, never as 継続 or a phase.
NOT_STATED = N_("not stated")
# How an indicator's value counts (Indicator.kind): one year's (1,000人/年) or all so far (75人（累計）).
KIND_WORDS = {"per_year": N_("per year"), "cumulative": N_("cumulative")}


def not_stated() -> str:
    """記載なし: the cell of a year for which the plan states no phase."""
    return _(NOT_STATED)  # marked with N_


def words_text(words: list[str] | tuple[str, ...]) -> str:
    """Departments, terms and other words in one cell: 土木管理課、情報政策課."""
    # TRANSLATORS: between departments, item IDs and other words listed in one cell.
    return _(", ").join(words)


def tags_text(tags: list[str] | tuple[str, ...]) -> str:
    """An item's tags in one cell: 実計・重点 as the plan prints them."""
    # TRANSLATORS: between an item's tags (実計・重点・協働).
    return _(" · ").join(tags)


def item_record(plan: Plan, item: Item) -> dict[str, Any]:
    """The JSON object of one item: the documented contract of ``list --format json``."""
    pillar_id, goal_id = plan.parent(item.id)
    return {
        "id": item.id,
        "label": item.label,
        "pillar": pillar_id,
        "goal": goal_id,
        "title": item.title,
        "headline": item.headline,
        "description": item.description,
        "departments": list(item.departments),
        "tags": list(item.tags),
        # null: the plan states no phase for that year.
        "schedule": {
            str(year): list(item.schedule[year]) if year in item.schedule else None for year in plan.meta.period.years
        },
        "milestones": [{"by": m.by, "text": m.text} for m in item.milestones],
        "sources": [s.model_dump() for s in item.sources],
        "indicators": indicator_record(item),
        "glossary": list(item.glossary),
    }


def planned(plan: Plan, item: Item, year: int) -> list[str]:
    """The phases a year's schedule means: → or 継続 resolved to the phases they carry on.

    Empty where the plan states nothing for the year (or an arrow follows a year it states nothing for).
    """
    continuing = {p.name for p in plan.meta.phases if p.continues}
    phases = item.schedule.get(year, [])
    while phases and all(p in continuing for p in phases):
        year -= 1
        phases = item.schedule.get(year, [])
    return list(phases)


def schedule_text(item: Item, year: int) -> str:
    """The phases of a year as the plan writes them, or 記載なし where it states none."""
    return phases_text(item.schedule.get(year, [])) or not_stated()


def schedule_years(plan: Plan) -> list[int]:
    """The years that get a schedule column: all of them, or none for a plan that states no schedule."""
    if not plan.capabilities.has_phases:
        return []
    return plan.meta.period.years


def year_columns(plan: Plan) -> list[str]:
    return [fiscal.short(y, plan.meta.period.partial(y)) for y in schedule_years(plan)]


def list_view(plan: Plan, items: list[Item]) -> View:
    """The items as one table: 項目番号, 項目名, 主管課, 区分 (where the plan has tags) and the phase of
    every fiscal year (where it has schedules), headed in the plan's own words."""
    labels = plan.meta.labels
    years = schedule_years(plan)
    stated = plan.capabilities
    tagged = stated.has_tags
    columns = [
        labels.item_id,
        *([printed_number()] if stated.has_labels else []),
        labels.item_title,
        *([labels.term("department")] if stated.has_departments else []),
        *([labels.term("tag")] if tagged else []),
        *year_columns(plan),
    ]
    rows = [
        [
            item.id,
            *([item.label] if stated.has_labels else []),
            item.title,
            *([words_text(item.departments)] if stated.has_departments else []),
            *([tags_text(item.tags)] if tagged else []),
            *(schedule_text(item, y) for y in years),
        ]
        for item in items
    ]
    table = Table(columns, rows)
    # csv: the printed number and 目標 only where the plan has them, like every other column.
    goals = stated.has_goals
    flat_columns = [
        labels.item_id,
        *([printed_number()] if stated.has_labels else []),
        labels.term("pillar"),
        *([labels.term("goal")] if goals else []),
        labels.item_title,
        _("headline"),
        *columns[columns.index(labels.item_title) + 1 :],
    ]
    flat_rows = []
    for item, row in zip(items, rows, strict=True):
        pillar_id, goal_id = plan.parent(item.id)
        rest = row[columns.index(labels.item_title) + 1 :]
        number = [item.label] if stated.has_labels else []
        flat_rows.append(
            [item.id, *number, pillar_id or "", *([goal_id or ""] if goals else []), item.title, item.headline, *rest]
        )
    notes = [ngettext("{n} item", "{n} items", len(items)).format(n=len(items))]
    return View([item_record(plan, i) for i in items], [table], Table(flat_columns, flat_rows), notes)


def show_view(plan: Plan, item: Item) -> View:
    """Everything about one item: text, departments, tags with legend, schedule, glossary."""
    labels = plan.meta.labels
    pillar_id, goal_id = plan.parent(item.id)
    pillar = next((p for p in plan.meta.pillars if p.id == pillar_id), None)
    goal = next((g for p in plan.meta.pillars for g in p.goals if g.id == goal_id), None)
    legend = {t.name: t.meaning for t in plan.meta.tags}
    tag_lines = [_("{tag} ({meaning})").format(tag=t, meaning=legend[t]) if t in legend else t for t in item.tags]
    terms = terms_of(plan, item)
    answers = {y: a[item.id] for y in plan.meta.period.years if item.id in (a := plan.answers_for(y))}
    facts = [
        [labels.item_id, item.id],
        *([[printed_number(), item.label]] if item.label else []),
        [labels.item_title, item.title],
        [labels.term("pillar"), f"{pillar.label} {pillar.title}" if pillar else ""],
    ]
    if goal is not None or not pillar or (pillar.goals and not item.id.startswith(pillar.id + "-")):
        facts.append([labels.term("goal"), f"{goal.label} {goal.title}" if goal else ""])
    if item.headline:
        facts.append([_("headline"), item.headline])
    # Labelled blocks (【現状と課題】…) keep their labels; paragraphs and list entries one row each.
    from actionplan import description  # its patterns are compiled only for `show` (start-up of the others)

    facts += [
        [label or (_("description") if n == 0 else ""), line]
        for n, (label, line) in enumerate(description.lines(item.description))
    ]
    if item.departments:  # an item naming none, where others do, gets no empty 主管課 row
        facts.append([labels.term("department"), words_text(item.departments)])
    if plan.capabilities.has_tags:
        facts.append([labels.term("tag"), "\n".join(tag_lines) or "—"])
    facts += [
        [_("milestone"), _("by {year}: {text}").format(year=fiscal.label(m.by), text=m.text)] for m in item.milestones
    ]
    facts += [[_("source"), s.line] for s in item.sources]
    schedule_rows = []
    for year in plan.meta.period.years:
        name = fiscal.label(year, plan.meta.period.partial(year))
        if year == plan.meta.period.baseline:
            name = _("{year} (baseline)").format(year=name)
        row = [name, schedule_text(item, year)] if plan.capabilities.has_phases else [name]
        if answers:
            row.append("\n".join(_answer_line(a, bool(item.departments)) for a in answers.get(year, [])))
        schedule_rows.append(row)
    schedule_columns = [_("fiscal year"), *([_("planned phase")] if plan.capabilities.has_phases else [])]
    if answers:
        answered = _("answers of the {department}s").format(department=labels.term("department"))
        schedule_columns.append(answered if plan.capabilities.has_departments else _("answer"))
    field_columns = [_("field"), _("content")]
    tables = [Table(field_columns, facts, title=item_heading(item))]
    if schedule_years(plan) or answers:
        tables.append(Table(schedule_columns, schedule_rows, title=_("Schedule by fiscal year")))
    if item.indicators:
        tables.append(indicator_table(plan, item))
    if terms:
        glossary_rows = [[t.term, t.definition] for t in terms]
        tables.append(Table([_("term"), _("definition")], glossary_rows, title=_("Glossary")))
    data = item_record(plan, item) | {
        "pillar_title": pillar.title if pillar else None,
        "goal_title": goal.title if goal else None,
        "tag_legend": {t: legend.get(t) for t in item.tags},
        "glossary_terms": [{"term": t.term, "definition": t.definition} for t in terms],
        "progress": {str(y): [_answer_record(a) for a in given] for y, given in sorted(answers.items())},
    }
    planned_rows = (
        [[_("{year} planned phase").format(year=row[0]), row[1]] for row in schedule_rows]
        if schedule_years(plan)
        else []
    )
    flat = Table(field_columns, facts + planned_rows)
    return View(data, tables, flat)


def _answer_line(answer: Answer, named: bool = True) -> str:
    """An answer on one line: 防災課：予定どおり [実施] — 取組実績; without the name for an item that
    names no 主管課 (the plan's office answers it alone)."""
    status = status_shown(answer.status)
    said = _("{department}: {status}").format(department=answer.department, status=status)
    text = said if named else status
    if answer.phases:
        text += _(" [{phases}]").format(phases=phases_text(answer.phases))
    return text + (f" — {answer.result}" if answer.result else "")


def _answer_record(answer: Answer) -> dict[str, Any]:
    """An answer's public fields (the internal note, 庁内メモ, is left out)."""
    return {
        "department": answer.department,
        "status": answer.status,
        "phases": list(answer.phases),
        "result": answer.result,
        "rating": answer.rating,
        "challenge": answer.challenge,
        "values": dict(answer.values),
        "grades": dict(answer.grades),
        "results": dict(answer.results),
        "evidence": answer.evidence,
        "answered_on": answer.answered_on.isoformat() if answer.answered_on else None,
    }


def printed_number() -> str:
    """The heading of the number a plan prints for an item (表示番号 / printed number)."""
    return _("printed number")


def item_heading(item: Item) -> str:
    """An item as a heading: 1-1 ① 行政手続のオンライン化, with the number the plan prints where it has one."""
    return " ".join(part for part in (item.id, item.label, item.title) if part)


def kind_word(indicator: Indicator) -> str:
    """How a value counts: 単年度 (per year) or 累計 (cumulative); empty where the plan does not say."""
    return _(KIND_WORDS[indicator.kind]) if indicator.kind else ""  # marked with N_


def target_year_text(plan: Plan, indicator: Indicator, year: int, *, western: bool = False) -> str:
    """令和7年度 150手続; a year after the plan period is marked: 令和8年度（計画期間後） 20業務;
    the final target with no year says so, never an invented year: 最終目標 90%. ``western`` adds the
    西暦 where the year stands alone, as headings give it (fiscal.label): 令和7年度（2025年度） 150手続."""
    if indicator.is_final(year, plan.meta.period.end):
        return _("final target {target}").format(target=indicator.final_shown())
    when = fiscal.label(year) if western else fiscal.short(year)
    if year > plan.meta.period.end:
        when = _("{year} (after the plan period)").format(year=when)
    return f"{when} {indicator.target_shown(year)}"


def repeats_text(indicator: Indicator) -> str:
    """再掲：1-4 trained-staff, or empty for an indicator of the item's own."""
    ref = indicator.repeats
    return _("repeated from {item} {indicator}").format(item=ref.item, indicator=ref.indicator) if ref else ""


def indicator_table(plan: Plan, item: Item) -> Table:
    """指標: several per item, 現状値 as the plan dates it, 目標値 for the years it states, the ※ note."""
    rows = []
    for indicator in item.indicators:
        stated = plan.original(indicator)  # a 再掲 shows the targets of the indicator it repeats
        years = stated.years_with_target(plan.meta.period.end)
        targets = words_text([target_year_text(plan, stated, year, western=True) for year in years])
        baseline = stated.baseline.shown(stated.unit) if stated.baseline else "—"
        notes = [repeats_text(indicator)] + ([_("* {note}").format(note=indicator.note)] if indicator.note else [])
        unit = _(", ").join(w for w in (indicator.unit, kind_word(indicator)) if w)
        rows.append([indicator.id, indicator.name, unit, baseline, targets or "—", "\n".join(n for n in notes if n)])
    columns = [_("indicator ID"), _("indicator"), _("unit"), _("baseline"), _("target"), _("note")]
    return Table(columns, rows, title=_("Indicators"))


def indicator_record(item: Item) -> list[dict[str, Any]]:
    """The indicators of an item as JSON: baseline and targets as the plan states them."""
    return [
        {
            "id": i.id,
            "name": i.name,
            "unit": i.unit,
            "direction": i.direction,
            "kind": i.kind,
            "repeats": i.repeats.model_dump() if i.repeats else None,
            "baseline": i.baseline.model_dump() if i.baseline else None,
            "targets": {str(year): i.targets.get(year) for year in i.target_years},
            "target_texts": {str(year): text for year, text in i.target_texts.items()},
            "final_target": i.final_target,
            "final_target_text": i.final_target_text,
            "note": i.note,
        }
        for i in item.indicators
    ]


def terms_of(plan: Plan, item: Item) -> list[Term]:
    wanted = {fold(t) for t in item.glossary}
    return [t for t in plan.glossary if fold(t.term) in wanted]


def glossary_view(plan: Plan, terms: list[Term]) -> View:
    """Terms with their definitions and the items that use them."""
    used_by: dict[str, list[str]] = {}
    for item in plan.items:
        for term in item.glossary:
            used_by.setdefault(fold(term), []).append(item.id)
    rows = [[t.term, t.definition, words_text(used_by.get(fold(t.term), []))] for t in terms]
    data = [{"term": t.term, "definition": t.definition, "items": used_by.get(fold(t.term), [])} for t in terms]
    items = _("{item}s").format(item=plan.meta.labels.term("item"))
    table = Table([_("term"), _("definition"), items], rows, title=_("Glossary"))
    return View(data, [table], table, [ngettext("{n} term", "{n} terms", len(terms)).format(n=len(terms))])
