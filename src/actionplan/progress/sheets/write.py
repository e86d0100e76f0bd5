"""Writing survey sheets: a sheet as data (build_sheet), its filling-in instructions, and the sheet as CSV.

The xlsx workbook, laid out for print, is in sheets/workbook.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from actionplan import capabilities, fiscal
from actionplan.i18n import N_, _
from actionplan.loader import Plan
from actionplan.model import Answer, Indicator, Item
from actionplan.progress.records import status_and_phases
from actionplan.progress.sheets.layout import (
    ANSWERED_ON,
    BY,
    CHALLENGE,
    CONTACT,
    CONTENT,
    DUE,
    EVIDENCE,
    ID,
    INDICATOR,
    INDICATOR_INPUTS,
    INDICATORS,
    INPUTS,
    LABEL,
    LAST_VALUE,
    LAST_YEAR,
    NOTE,
    OTHERS,
    PHASES,
    PLANNED,
    RATING,
    RESULT,
    SHEET_ID,
    SHEET_ID_WORD,
    STATUS,
    TARGET,
    TITLE,
    TITLE_FORM,
    VALUES,
    headings,
    sheet_id,
)
from actionplan.ratings import computes_ratings, rating_of
from actionplan.reports.charts import rollup_word
from actionplan.reports.indicators import state
from actionplan.reports.items import kind_word, not_stated, target_year_text
from actionplan.text import amount, csv_safe, excel_csv, file_names, phases_text

# 回答者（連絡先） as the reader joins them: split again to fill a sheet issued a second time.
_RESPONDENT = re.compile(r"^(?P<who>.*?)\s*[（(](?P<contact>[^（()）]*)[)）]$")


@dataclass(frozen=True)
class SheetItem:
    """One item on a sheet: the cells of its row by column, the lines to read under it, the inputs it has
    no use for, and a row of the same shape per indicator of its own (its 指標の行, without lines to read)."""

    cells: dict[int, str]
    reference: list[str]
    closed: frozenset[int] = frozenset()
    indicators: tuple[SheetItem, ...] = ()


@dataclass(frozen=True)
class Guide:
    """記入要領: what to do, what each column takes, what each 進捗区分 and 評価 means; the drop-downs' words."""

    notes: list[str]
    columns: dict[int, str]
    indicator_columns: dict[int, str]  # what an indicator row's cells take (実績値, 評価, 取組実績 …)
    statuses: list[tuple[str, str, str]]
    ratings: list[tuple[str, str]]
    phases: list[str]
    respondent: str


@dataclass(frozen=True)
class Sheet:
    """A survey sheet as data: year, 主管課, the columns it has, one entry per item, and its instructions."""

    year: int
    department: str
    title: str
    due: date | None
    contact: str
    respondent: tuple[str, str]
    columns: tuple[int, ...]
    entries: list[SheetItem]
    headings: tuple[str, ...]
    guide: Guide

    @property
    def identity(self) -> str:
        return sheet_id(self.year, self.department)

    @property
    def due_text(self) -> str:
        # Written for people (令和3年4月30日（2021年4月30日）); the reader never reads it back.
        return fiscal.date_label(self.due) if self.due else ""

    def head(self) -> list[list[str]]:
        """The rows above the headings of a CSV sheet: title; due date, date answered; respondent, contact; a note."""
        who, contact = self.respondent
        due, by, reach, on = _(DUE), _(BY), _(CONTACT), _(ANSWERED_ON)  # marked with N_
        note = (
            _("Fill in each item's row and its indicators' rows; the row under them is to read.")
            if VALUES in self.columns
            else _("Fill in each item's row; the row under it is to read.")
        )
        return [[self.title], [due, self.due_text, on, ""], [by, who, reach, contact], [note]]

    @property
    def note(self) -> str:
        """The line above the headings of an xlsx sheet: where its instructions are."""
        return _("Fill in the yellow cells, one row per item; how to fill in is on the sheet '{guide}'.").format(
            guide=_(GUIDE_TITLE)  # marked with N_
        )

    def grid(self) -> list[list[str]]:
        """The headings and, per item, its row, its indicators' rows and the row to read under them (in the
        title's column)."""
        rows = [[self.headings[c] for c in self.columns]]
        for entry in self.entries:
            rows += [[row.cells.get(c, "") for c in self.columns] for row in (entry, *entry.indicators)]
            rows.append(["\n".join(entry.reference) if c == TITLE else "" for c in self.columns])
        return rows

    def file_name(self, fmt: str, departments: Iterable[str]) -> str:
        # Data, the same in every language: a sheet made again on another PC replaces the file,
        # and 防災課's file is found by its name however the sheet inside speaks. The 主管課 is a
        # word, never a path: its file-name form is unique among the plan's ``departments``.
        word = file_names([*departments, self.department])[self.department]
        return f"{fiscal.era_name(self.year)}_{word}_進捗状況調査票.{fmt}"


def build_sheet(plan: Plan, year: int, department: str, due: date | None = None, contact: str = "") -> Sheet:
    """The sheet of one 主管課 for a fiscal year: its items, with what is known about each.

    Columns only for what the plan and the items use: 表示番号 when an item carries one, 評価 when the
    plan has ratings, 目標値, 前回の値 and 指標の実績値 (with a row per indicator) when an item has
    indicators of its own, 計画 and 実施した段階 when an item has a schedule.
    """
    meta = plan.meta
    items = [item for item in plan.items if department in meta.answerers(item)]
    # The one rule (capabilities.of), asked of this 主管課's items only.
    stated = capabilities.of(meta, items)
    scheduled, measured = stated.has_phases, stated.has_own_indicators
    columns = (
        ID,
        *((LABEL,) if stated.has_labels else ()),
        TITLE,
        *((PLANNED,) if scheduled else ()),
        STATUS,
        *((PHASES,) if scheduled else ()),
        RESULT,
        *((RATING,) if stated.has_ratings else ()),
        CHALLENGE,
        *((TARGET, LAST_VALUE, VALUES) if measured else ()),
        EVIDENCE,
        NOTE,
        *((INDICATOR,) if measured else ()),
        SHEET_ID,
    )
    names = headings(meta.labels)
    entries = [_entry(plan, item, year, department, names) for item in items]
    title = _(TITLE_FORM).format(  # marked with N_
        department=department, year=fiscal.label(year), plan=meta.name
    )
    mine = [a for found in plan.answers_for(year).values() for a in found if a.department == department]
    return Sheet(
        year,
        department,
        title,
        due,
        contact,
        respondent(mine),
        columns,
        entries,
        names,
        # A status may stay empty where every indicator row is graded (import takes the grades' rollup).
        guide(plan, names, columns, due, contact, graded=measured and stated.has_graded_rollups),
    )


def _entry(plan: Plan, item: Item, year: int, department: str, names: tuple[str, ...]) -> SheetItem:
    now = plan.answers_for(year).get(item.id, [])
    mine = next((a for a in now if a.department == department), None)
    last = next((a for a in plan.answers_for(year - 1).get(item.id, []) if a.department == department), None)
    others = [a for a in now if a.department != department]
    cells = {
        ID: item.id,
        LABEL: item.label,
        TITLE: item.title,
        PLANNED: phases_text(item.schedule.get(year, [])) or (not_stated() if item.schedule else ""),
        **_inputs(plan, item, mine),
        SHEET_ID: sheet_id(year, department),
    }
    lines = [(CONTENT, item.description), (INDICATORS, _repeated(item, year))]
    lines.append((LAST_YEAR, summary(plan, item, last) if last else ""))
    lines.extend(
        (OTHERS, _("{department}: {answer}").format(department=a.department, answer=summary(plan, item, a)))
        for a in others
    )
    reference = [_("{field}: {value}").format(field=names[c], value=text) for c, text in lines if text]
    # Indicator values are typed in the indicators' own rows, never in the item's.
    closed = frozenset(c for c, unused in ((VALUES, True), (PHASES, not item.schedule)) if unused)
    own = [i for i in item.indicators if i.repeats is None]
    rows = tuple(_indicator_row(plan, item, i, year, department, mine) for i in own)
    return SheetItem(cells, reference, closed, rows)


def _indicator_row(
    plan: Plan, item: Item, indicator: Indicator, year: int, department: str, answer: Answer | None
) -> SheetItem:
    """An indicator's row: the item's ID, what the indicator is and where it stood, its answer to fill in."""
    unit = _(", ").join(w for w in (indicator.unit, kind_word(indicator)) if w)
    about = [_("{field}: {value}").format(field=_("indicator"), value=indicator.name)]
    about += [_("{field}: {value}").format(field=_("unit"), value=unit)] if unit else []
    about += [_("* {note}").format(note=indicator.note)] if indicator.note else []
    # The target the year's value is measured against: the year's own, else the next the plan states.
    kpi = state(plan, item, indicator, {year: plan.answers_for(year)}, current=year)
    when = kpi.target_year
    target = indicator.target_shown(year) if when == year and not kpi.final else None
    cells = {
        ID: item.id,
        TITLE: "\n".join(about),
        TARGET: target or (target_year_text(plan, indicator, when) if when is not None else ""),
        LAST_VALUE: last_value(plan, item, indicator, year),
        INDICATOR: indicator.id,
        SHEET_ID: sheet_id(year, department),
    }
    if answer is not None:
        found = {
            VALUES: amount(answer.values[indicator.id]) if indicator.id in answer.values else "",
            RATING: answer.grades.get(indicator.id, ""),
            RESULT: answer.results.get(indicator.id, ""),
        }
        cells.update(found)
    return SheetItem(cells, [], frozenset(INPUTS) - frozenset(INDICATOR_INPUTS))


def last_value(plan: Plan, item: Item, indicator: Indicator, year: int) -> str:
    """The indicator's value before ``year``: the latest answered (118手続（令和5年度）), else the baseline."""
    earlier = {y: plan.answers_for(y) for y in plan.meta.period.years if y < year}
    kpi = state(plan, item, indicator, earlier)
    if kpi.actual is not None and kpi.year is not None:
        shown = amount(kpi.actual, indicator.unit)
        return _("{amount} ({when})").format(amount=shown, when=fiscal.short(kpi.year))
    baseline = indicator.baseline
    return _("{field}: {value}").format(field=_("baseline"), value=baseline.shown(indicator.unit)) if baseline else ""


def _repeated(item: Item, year: int) -> str:
    """The item's 再掲 indicators, to read: they are answered in the item they repeat."""
    lines = []
    for indicator in item.indicators:
        if indicator.repeats is not None:
            line = _("{indicator}: {name} (answered in {item})")
            lines.append(line.format(indicator=indicator.id, name=indicator.name, item=indicator.repeats.item))
    return _(", ").join(lines)


def _inputs(plan: Plan, item: Item, answer: Answer | None) -> dict[int, str]:
    """The input cells, filled with the stored answer (so a sheet exported again re-imports unchanged)."""
    if answer is None:
        return {}
    rating = "" if computes_ratings(plan.meta) and answer.rating is None else answer.rating or ""
    return {
        STATUS: answer.status or "",
        PHASES: phases_text(answer.phases),
        RESULT: answer.result,
        RATING: rating,
        CHALLENGE: answer.challenge,
        EVIDENCE: answer.evidence,
        NOTE: answer.note,
    }


def respondent(answers: list[Answer]) -> tuple[str, str]:
    """回答者 and 連絡先 of the department's latest answer of the year, as the reader joined them: a sheet
    issued again comes with them filled in ("", "" when the year has no answer of the department)."""
    named = [a for a in answers if a.answered_by]
    if not named:
        return "", ""
    latest = str(max(named, key=lambda a: a.answered_on or date.min).answered_by)
    if (split := _RESPONDENT.match(latest)) is not None:
        return split["who"], split["contact"]
    return latest, ""


def summary(plan: Plan, item: Item, answer: Answer) -> str:
    """One department's answer in a line or two: status, phases, rating, result (never the internal note)."""
    text = status_and_phases(answer.status, answer.phases)
    rating, computed = rating_of(plan.meta, item, answer)
    if rating:
        if computed:
            text = _("{answer}, rating {rating} (computed from the achievement)").format(answer=text, rating=rating)
        else:
            text = _("{answer}, rating {rating}").format(answer=text, rating=rating)
    if answer.result:
        text = _("{answer}: {result}").format(answer=text, result=answer.result)
    return text


def guide(
    plan: Plan, names: tuple[str, ...], columns: tuple[int, ...], due: date | None, contact: str, *, graded: bool
) -> Guide:
    """The 記入要領 of a sheet, from the plan's own statuses, rollups, ratings and phases.

    The same texts are the prompts of the input cells, so a clerk reads them where they type.
    """
    meta = plan.meta
    reasons = _(", ").join(s.name for s in meta.statuses if s.rollup != "on_schedule")
    example = next((p for item in plan.items for p in item.schedule.values() if len(p) > 1), None)
    phases = phases_text(example or [p.name for p in meta.phases[:2]])
    texts = {
        ID: _("Identifies the item; do not change it."),
        LABEL: _("The number the plan prints for the item, to read."),
        TITLE: _(
            "The item's title; do not change it. The grey row under the item is what the plan says and the "
            "answers given so far, to read."
        ),
        PLANNED: _("The phases the plan states for this year, to read."),
        STATUS: _("Choose one from the list; it may stay empty where every indicator row of the item is graded:")
        if graded
        else _("Choose one from the list:"),
        PHASES: _(
            "The phases carried out this year, as the plan names them, separated by / (for example {phases}). "
            "Choose one from the list or type several."
        ).format(phases=phases),
        RESULT: _("What was done this year, in sentences, with numbers where there are some."),
        RATING: _("Choose one from the list, or leave it empty where the achievement of the indicators decides it:")
        if computes_ratings(meta)
        else _("Choose one from the list:"),
        CHALLENGE: _("Problems met and what comes next. For {statuses}, write the reason here.").format(
            statuses=reasons
        ),
        TARGET: _("In an indicator's row: the target for this year (or the next one the plan states), to read."),
        LAST_VALUE: _("In an indicator's row: its latest value before this year (or the baseline), to read."),
        VALUES: _(
            "In an indicator's row: the value of this year as a number, without the unit. Leave it empty where it is "
            "not known yet."
        ),
        INDICATOR: _("Identifies the indicator when it is read back; do not change it."),
        EVIDENCE: _("The document that shows the result: its title, number or where it is kept."),
        NOTE: _("A note for the ward's staff; it is never published."),
        SHEET_ID: _("Identifies the sheet when it is read back; do not change it."),
    }
    return Guide(
        notes=_notes(names, columns, due, contact),
        columns={c: texts[c] for c in columns},
        indicator_columns=_indicator_texts(bool(meta.ratings)),
        statuses=[(s.name, s.meaning, rollup_word(s.rollup)) for s in meta.statuses],
        ratings=[(r.name, r.meaning) for r in meta.ratings],
        phases=[p.name for p in meta.phases],
        respondent=_("The department and name of who answers, and how to reach them (an extension)."),
    )


def _notes(names: tuple[str, ...], columns: tuple[int, ...], due: date | None, contact: str) -> list[str]:
    """The 記入要領's notes: what to fill in where, what an empty cell means, by when and whom to ask."""
    notes = [
        _("Fill in the yellow cells, one row per item."),
        *(
            [
                _(
                    "An item with indicators has a row for each indicator under its own row (the title cell reads"
                    " '{indicator}: …'): fill in the indicator's value, rating and result there."
                ).format(indicator=_("indicator"))
            ]
            if VALUES in columns
            else []
        ),
        _("Cells already filled in hold the answer given before: change them only where the answer changed."),
        _(
            "A cell left empty keeps the answer given before; to remove it, type (delete) in the cell. Write the"
            " date you answer next to {on}."
        ).format(on=_(ANSWERED_ON)),  # marked with N_
        _(
            "Do not add, delete or move rows, and do not change {id}, {title} or {sheet}: the answers are read back "
            "by them."
        ).format(id=names[ID], title=names[TITLE], sheet=_(SHEET_ID_WORD)),  # marked with N_
        _("Where a text does not show in full, make its row taller."),
    ]
    if due is not None:
        notes.append(_("Send the sheet back by {due}.").format(due=fiscal.date_label(due)))
    if contact:
        notes.append(_("Questions to: {contact}").format(contact=contact))
    return notes


def _indicator_texts(rated: bool) -> dict[int, str]:
    """What an indicator row's input cells take, as their prompts say it."""
    texts = {
        VALUES: _(
            "The indicator's value for this year as a number, without the unit (for example 1,050). Leave it empty"
            " where it is not known yet."
        ),
        RESULT: _("What was done for this indicator this year, in sentences."),
    }
    if rated:
        texts[RATING] = _("The indicator's rating: choose one from the list.")
    return texts


GUIDE_TITLE = N_("How to fill in")


def to_csv(sheet: Sheet) -> bytes:
    """UTF-8 with BOM and CRLF (Excel on Japanese Windows opens it as UTF-8), formula-safe cells."""
    rows = [*sheet.head(), *sheet.grid()]
    return excel_csv([csv_safe(c) for c in row] for row in rows).encode("utf-8")
