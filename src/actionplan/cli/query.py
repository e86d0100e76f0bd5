"""Everyday questions: list, show, tree, report YEAR, glossary."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from actionplan import query
from actionplan.cli.app import (
    AllowProblemsOption,
    FormatOption,
    OutputOption,
    PlanOption,
    app,
    emit,
    open_plan,
    open_plan_to_publish,
    usage_error,
)
from actionplan.fiscal import YEAR_FORMS
from actionplan.i18n import _
from actionplan.loader import Plan
from actionplan.publication import mark_internal, public_plan, warned_title
from actionplan.query import Filter, QueryError

DeptOption = Annotated[
    list[str] | None,
    typer.Option(
        "--dept",
        "-d",
        help=_("Department: items of this department; repeated, items of any of them (--dept A --dept B)."),
    ),
]
PillarOption = Annotated[str | None, typer.Option("--pillar", help=_("Pillar ID or label: 1, 第一."))]
GoalOption = Annotated[str | None, typer.Option("--goal", "-g", help=_("Goal ID: 1-2."))]
TagOption = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help=_("Tag: 実計, 新規 …; repeated, items with all of them (--tag 実計 --tag 重点).")),
]
PhaseOption = Annotated[
    list[str] | None,
    typer.Option(
        "--phase",
        help=_("Planned phase in --year (else in any year of the plan): 実施, 検討 …; repeated, any of them."),
    ),
]
YearPhaseOption = Annotated[
    list[str] | None,
    typer.Option("--phase", help=_("Planned phase in YEAR: 実施, 検討 …; repeated, any of them.")),
]
SearchOption = Annotated[
    str | None,
    typer.Option("--search", "-s", help=_("Text in ID, title, headline or description (width/case-insensitive).")),
]


def _filter(
    plan: Plan,
    dept: list[str] | None,
    pillar: str | None,
    goal: str | None,
    tag: list[str] | None,
    year: str | None,
    phase: list[str] | None,
    search: str | None,
) -> Filter:
    try:
        where = query.make_filter(
            plan,
            departments=dept or (),
            pillar=pillar,
            goal=goal,
            tags=tag or (),
            year=year,
            phases=phase or (),
            search=search,
        )
    except QueryError as exc:
        usage_error(str(exc))
    for note in where.notes:
        typer.echo(_("note: {note}").format(note=note), err=True)
    return where


@app.command(
    "list",
    help=_(
        "List items, filtered by department, pillar, goal, tag, phase or text.\n\n"
        "JSON output is an array of items in plan order, each with id, pillar, goal, title, "
        'headline, description, departments, tags, schedule ({"2020": ["実施"]}, null where the '
        "plan states no phase for a year), milestones, sources, indicators and glossary.\n\n"
        "Example: actionplan list --dept 情報政策課 --year R2 --phase 実施 --format csv"
    ),
)
def list_items(
    plan: PlanOption = None,
    dept: DeptOption = None,
    pillar: PillarOption = None,
    goal: GoalOption = None,
    tag: TagOption = None,
    year: Annotated[
        str | None,
        typer.Option("--year", "-y", help=_("The fiscal year --phase looks at: {forms}.").format(forms=YEAR_FORMS)),
    ] = None,
    phase: PhaseOption = None,
    search: SearchOption = None,
    fmt: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    from actionplan.reports.items import list_view

    loaded = open_plan(plan)
    if year and not phase:
        example = next((p.name for p in loaded.meta.phases), "実施")
        usage_error(
            _("--year only says which year --phase looks at; add --phase (e.g. --year {year} --phase {phase})").format(
                year=year, phase=example
            )
        )
    where = _filter(loaded, dept, pillar, goal, tag, year, phase, search)
    emit(list_view(loaded, query.select(loaded, where)), fmt, output)


@app.command(
    help=_(
        "Everything about one item: headline, description, departments, tags, schedule, glossary.\n\n"
        "Example: actionplan show 1-1-1"
    )
)
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help=_("Item ID, e.g. 1-2-4 (full-width digits work)."))],
    plan: PlanOption = None,
    fmt: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    from actionplan.reports.items import show_view

    loaded = open_plan(plan)
    try:
        item = query.find_item(loaded, item_id)
    except QueryError as exc:
        usage_error(str(exc))
    emit(show_view(loaded, item), fmt, output)


@app.command(
    help=_(
        "The structure chart: pillars, goals and items, with found and stated item counts.\n\n"
        "Example: actionplan tree --format markdown"
    )
)
def tree(plan: PlanOption = None, fmt: FormatOption = "table", output: OutputOption = None) -> None:
    from actionplan.reports.structure import tree_view

    emit(tree_view(open_plan(plan)), fmt, output)


@app.command(
    help=_(
        "Report of one fiscal year: planned phase, the year before, phase change, and every department's "
        "answer.\n\n"
        "Items are grouped by pillar and goal; an item with several departments shows each one's answer "
        "(status, phases carried out, rating, result, challenges) on a line of its own, and its rollup follows "
        "from them by plan.yaml's rollup_rule. Then the reasons for delays and stops, indicators, and counts: "
        "items per phase, items changing phase, new items, answers by rollup and rating.\n\n"
        "The report is an internal document (internal use only, marked on every page and file); --public "
        "leaves out every internal field and the mark.\n\n"
        "Example: actionplan report 2020 --dept 情報政策課"
    )
)
def report(
    year: Annotated[str, typer.Argument(metavar="YEAR", help=_("Fiscal year: {forms}.").format(forms=YEAR_FORMS))],
    plan: PlanOption = None,
    dept: DeptOption = None,
    pillar: PillarOption = None,
    goal: GoalOption = None,
    tag: TagOption = None,
    phase: YearPhaseOption = None,
    search: SearchOption = None,
    missing: Annotated[
        bool,
        typer.Option("--missing", help=_("Only the (department, item) pairs with no answer for YEAR, by department.")),
    ] = False,
    fmt: FormatOption = "table",
    output: OutputOption = None,
    allow_problems: AllowProblemsOption = False,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help=_(
                "Leave out internal fields (internal note, answered by …) and the internal-use-only mark, "
                "to publish the report."
            ),
        ),
    ] = False,
) -> None:
    from actionplan.reports.charts import year_charts
    from actionplan.reports.status import missing_view, report_view, year_report

    loaded, problems = open_plan_to_publish(plan, allow_problems)
    if public:
        loaded = public_plan(loaded)
    try:
        fiscal_year = query.plan_year(loaded, year)
    except QueryError as exc:
        usage_error(str(exc))
    where = _filter(loaded, dept, pillar, goal, tag, None, phase, search)
    where = replace(where, year=fiscal_year)
    result = year_report(loaded, fiscal_year, query.select(loaded, where), where.departments)
    view = missing_view(result) if missing else report_view(result)
    if not missing:
        rollups = [(row.item, result.overall(row)) for row in result.rows]
        ratings = [(row.item, result.rating(row.item, answer)[0]) for row in result.rows for answer in row.answers]
        view = replace(view, charts=year_charts(loaded, fiscal_year, rollups, ratings))
    if problems:
        view = replace(view, title=warned_title(view.title or "", problems))
    emit(view if public else mark_internal(view), fmt, output)


@app.command(help=_("The plan's glossary, or the definition of one term.\n\nExample: actionplan glossary gis"))
def glossary(
    term: Annotated[str | None, typer.Argument(metavar="TERM", help=_("A term (width/case-insensitive)."))] = None,
    plan: PlanOption = None,
    fmt: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    from actionplan.reports.items import glossary_view

    loaded = open_plan(plan)
    try:
        terms = query.find_terms(loaded, term) if term else loaded.glossary
    except QueryError as exc:
        usage_error(str(exc))
    emit(glossary_view(loaded, terms), fmt, output)
