"""`actionplan roadmap`, `export` and `schema`: the plan published for people, data users and editors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

import actionplan.cli.clock as clock
from actionplan import files, query
from actionplan.cli.app import (
    EXIT_OK,
    AllowProblemsOption,
    InternalOption,
    OutputOption,
    PlanOption,
    app,
    choice,
    open_plan,
    open_plan_to_publish,
    option_day,
    output_document,
    usage_error,
    write_failed,
)
from actionplan.i18n import _
from actionplan.publication import INTERNAL_MARK, public_plan
from actionplan.query import QueryError
from actionplan.text import terminal_safe

EXPORT_FORMATS = ("csv", "json")
SCHEMA_KINDS = ("item", "plan", "progress")


@app.command(
    help=_(
        "Write the roadmap as one HTML page: items × fiscal years, filters by department, tag and "
        "text.\n\n"
        "The page needs no network: open the file in any browser. It prints on A4 landscape.\n\n"
        "With --as-of YEAR it shows the answers up to that fiscal year only, so the page "
        "published that year can be made again.\n\n"
        "Example: actionplan roadmap --as-of R2 -o roadmap-R2.html"
    )
)
def roadmap(
    plan: PlanOption = None,
    output: OutputOption = None,
    allow_problems: AllowProblemsOption = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YEAR",
            help=_("Show answers up to this fiscal year only (2020, R2, 令和2年度 …), to reproduce that year's page."),
        ),
    ] = None,
    internal: InternalOption = False,
) -> None:
    from actionplan.render.roadmap import roadmap_html
    from actionplan.reports.roadmap import build_roadmap

    loaded, problems = open_plan_to_publish(plan, allow_problems)
    year = None
    if as_of is not None:
        try:
            year = query.plan_year(loaded, as_of)
        except QueryError as exc:
            usage_error(str(exc))
    data = build_roadmap(loaded if internal else public_plan(loaded), problems=problems, as_of=year)
    if internal:
        data.classification = INTERNAL_MARK
    output_document(roadmap_html(data), output)
    raise typer.Exit(EXIT_OK)


@app.command(
    help=_(
        "Export the plan as open data: tidy tables and a data dictionary describing every "
        "column.\n\n"
        "Tables: items, schedule (item × fiscal year × phase), departments, tags, milestones, indicators, "
        "targets, sources, progress (one answer per item × year × department), progress_rollups (each item's "
        "rollup per year, partly answered until every department answered), progress_phases, indicator_values "
        "and dictionary; a table or column only where the plan states what it holds (no departments table "
        "or department column for a plan without departments). Every table leads with the municipality's code "
        "and name; a CSV export also writes "
        "each table as a typed xlsx workbook (IDs stay text where Excel would turn a CSV's 1-1-1 into a date) "
        "and datapackage.json (Frictionless Data Package) with the plan's license, the as-of date and the "
        "tool version. "
        "Column titles and the data dictionary are in Japanese whatever the language of messages, as "
        "open data is published. Public fields only, unless --internal (then every file is marked "
        "internal use only).\n\n"
        "Example: actionplan export --format csv -o opendata/"
    )
)
def export(
    plan: PlanOption = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help=_("csv (UTF-8 with BOM) or json."), callback=choice(EXPORT_FORMATS)),
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_(
                "Folder for a file per table the plan states (items, schedule, departments, tags, progress …) "
                "and the dictionary (created if missing; all files are written or none). Without it: json "
                "prints every table in one document, csv prints the schedule table (the items table for a plan "
                "without phases)."
            ),
        ),
    ] = None,
    allow_problems: AllowProblemsOption = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help=_("The as-of date the export states, YYYY-MM-DD, not after today. Default: today."),
        ),
    ] = None,
    internal: InternalOption = False,
) -> None:
    from actionplan.render.opendata import table_workbook
    from actionplan.reports import export as core

    loaded, problems = open_plan_to_publish(plan, allow_problems)
    if not internal:
        loaded = public_plan(loaded)
    mark = INTERNAL_MARK if internal else ""
    today = clock.today()
    # An as-of date states what the data was on that day: never a day still to come.
    day = today if as_of is None else option_day("--as-of", as_of, loaded, today)
    stamp = core.Stamp(day, core.generator(), problems, mark)
    if output is None:
        if fmt == "json":
            sys.stdout.write(json.dumps(core.bundle(loaded, stamp), ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(core.table_csv(core.printed_table(loaded, internal=internal)))
        raise typer.Exit(EXIT_OK)
    contents = core.export_files(loaded, fmt, stamp, table_workbook)
    try:
        written = files.write_files(output, contents)
    except files.WriteError as exc:
        write_failed(exc)
    for path, data in zip(written, contents.values(), strict=True):
        shown = terminal_safe(str(path))
        typer.echo(_("wrote {path} ({size} bytes)").format(path=shown, size=f"{len(data):,}"), err=True)
    raise typer.Exit(EXIT_OK)


@app.command(
    help=_(
        "Print the JSON Schema of item, plan or progress files, for editors and "
        "check-jsonschema.\n\n"
        "Vocabulary fields (tags, departments, phases, statuses) accept only the words of the plan's plan.yaml, and "
        "every field has a Japanese title and description for the editor's hover. Put '# "
        "yaml-language-server: $schema=../item.schema.json' at the top of an item file and VS "
        "Code (YAML extension) completes and checks it as you type.\n\n"
        "Example: actionplan schema --kind item -o item.schema.json"
    )
)
def schema(
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            help=_("Which file: {kinds}.").format(kinds=_(", ").join(SCHEMA_KINDS)),
            callback=choice(SCHEMA_KINDS),
        ),
    ] = "item",
    plan: PlanOption = None,
    output: OutputOption = None,
) -> None:
    from actionplan.schema import json_schema

    output_document(json.dumps(json_schema(kind, open_plan(plan).meta), ensure_ascii=False, indent=2) + "\n", output)
    raise typer.Exit(EXIT_OK)
