"""`actionplan init` and `actionplan progress …`: record each item's yearly progress (進捗管理)."""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from actionplan import files, fiscal
from actionplan.cli.app import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PlanOption,
    Typer,
    app,
    choice,
    open_plan,
    plan_dir,
    usage_error,
    write_failed,
)
from actionplan.i18n import _
from actionplan.loader import PLAN_ENV, PROGRESS_DIR, Plan, display_path, embedded_plan_dir
from actionplan.model import Record
from actionplan.query import QueryError, plan_year
from actionplan.render.problems import problem_line
from actionplan.text import normalise, suggest, terminal_safe

if TYPE_CHECKING:  # ruamel.yaml, filelock and the sheet code load only for the commands that use them
    from actionplan import progress

progress_app = Typer(no_args_is_help=True)
app.add_typer(progress_app, name="progress")

_OWN_PLAN = f"run `actionplan init DIR` and pass --plan DIR (or set {PLAN_ENV}=DIR)"


@progress_app.callback()
def _progress() -> None:
    """Yearly progress management (進捗管理): records per item and fiscal year, survey sheets.

    Records live in <plan>/progress/<year>.yaml. Writing needs a plan of your own
    (`actionplan init DIR`); the embedded plan is never written to.

    Example: actionplan progress set 3-2 R2 --status 予定どおり --phase 実施 --plan ./my-plan
    """


@app.command("init")
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="New directory for your copy of the plan.")],
    next_plan: Annotated[
        bool, typer.Option("--next", help=_("Draft the next plan from --plan instead (see below)."))
    ] = False,
    period: Annotated[
        str | None, typer.Option("--period", help=_("With --next: the new plan's years, e.g. 2022-2024 or R4-R6."))
    ] = None,
    plan: PlanOption = None,
) -> None:
    """Copy the embedded plan to DIR, a plan of your own that progress commands can write to.

    DIR must not exist yet or be empty. The copy has no progress records.

    With --next --period START-END, DIR becomes the first draft of the plan that follows
    --plan: pillars, goals and items carried over (each item with carried_from: the old plan
    and its ID), the baseline (現状) filled from the old plan's last year — the phases
    recorded in progress answers where there are any, else the planned ones — an empty
    list for each new year, stated counts set to null ("to be set") and a draft: block in
    plan.yaml. `actionplan validate` then lists what is left (draft-incomplete).

    Example: actionplan init ./my-plan && actionplan validate --plan ./my-plan
    """
    if next_plan or period is not None:
        from actionplan.cli.history import init_next

        init_next(directory, plan, period)
        return
    try:
        files.create_tree(directory, _embedded_files(), [PROGRESS_DIR])
    except files.WriteError as exc:
        write_failed(exc)
    shown = terminal_safe(str(directory))
    typer.echo(_("created {path}: a copy of the embedded plan, with an empty progress/ folder").format(path=shown))
    typer.echo(
        _("next: actionplan validate --plan {path}   (or: export {variable}={path})").format(
            path=shown, variable=PLAN_ENV
        )
    )


@progress_app.command("set")
def set_record(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item ID, e.g. 1-1-1.")],
    year_text: Annotated[str, typer.Argument(metavar="YEAR", help=f"Fiscal year: {fiscal.YEAR_FORMS}.")],
    status: Annotated[str, typer.Option("--status", "-s", help="A status of plan.yaml's statuses.")],
    phases: Annotated[
        list[str] | None,
        typer.Option("--phase", help="A phase carried out; repeat, or separate with 、 or a comma."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What happened, in a sentence or two.")] = "",
    by: Annotated[str | None, typer.Option("--by", help="Who records it. Default: your login name.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date recorded, YYYY-MM-DD. Default: today.")] = None,
    plan: PlanOption = None,
) -> None:
    """Record how an item went in a fiscal year (replaces that item's record for the year).

    The write is atomic and locked; comments in the file are kept. A record saying the same
    status, phases and note as the stored one changes nothing. Exit codes: 0 recorded or
    unchanged, 1 the file has problems or could not be written (it is unchanged), 2 usage error.

    Example: actionplan progress set 1-1-1 令和2年度 --status 予定どおり --phase 運用 --phase 普及啓発 --plan ./my-plan
    """
    from actionplan import progress

    root = _writable(plan)
    loaded = open_plan(root)
    year = _year(loaded, year_text)
    recorded_on = date.today()
    if on is not None:
        try:
            recorded_on = date.fromisoformat(on)
        except ValueError:
            usage_error(f"--on {on!r} is not a date; write it as YYYY-MM-DD")
    try:
        record = Record(
            item=item_id,
            year=year,
            status=status,
            phases=progress.split_phases(phases or []),
            note=progress.clean_note(note),
            recorded_by=by or _login(),
            recorded_on=recorded_on,
        )
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors(include_url=False))
        usage_error(f"not a valid record ({fields} must not be empty)")
    found = progress.check_records(loaded, [record], date.today())[0]
    if found:
        usage_error("; ".join(p.message + (f" ({p.hint})" if p.hint else "") for p in found))
    outcome = _save(loaded, year, [record])
    for change in outcome.changes:
        typer.echo(_describe(change, outcome.path))


SheetFormat = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="xlsx or csv. Default: from the file name.",
        callback=lambda v: _sheet_format(v),
    ),
]


@progress_app.command("sheet")
def sheet(
    year_text: Annotated[str, typer.Argument(metavar="YEAR", help=f"Fiscal year: {fiscal.YEAR_FORMS}.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help=_("File to write (.xlsx or .csv); - is standard output."))
    ],
    department: Annotated[
        str | None, typer.Option("--dept", "-d", help="Only this 主管課's items. Default: every item.")
    ] = None,
    fmt: SheetFormat = None,
    plan: PlanOption = None,
) -> None:
    """Write the survey sheet (進捗調査票) a department fills in for a fiscal year.

    Columns: ID, 項目名, 主管課, 計画の段階 (locked keys), then 状況, 実施した段階, 備考 to
    fill in. The xlsx sheet has drop-down lists for status and phase. Read it back with
    `actionplan progress import`.

    Example: actionplan progress sheet R2 --dept 防災課 -o 防災課-R2.xlsx
    """
    from actionplan import sheets

    chosen = sheets.format_of(output, fmt)
    if chosen is None:
        usage_error(f"cannot tell the format from {output.name}; pass --format xlsx or --format csv")
    loaded = open_plan(plan)
    year = _year(loaded, year_text)
    if fiscal.start(year) > date.today():
        usage_error(f"{fiscal.label(year)} has not begun yet; a sheet for it could not be imported")
    if department is not None:
        department = normalise(department)
        if department not in loaded.meta.departments:
            hint = suggest(department, loaded.meta.departments)
            usage_error(f"unknown department '{department}'" + (f" ({hint})" if hint else ""))
    built = sheets.build(loaded, year, department)
    if chosen == "csv":
        data = sheets.to_csv(built)
    else:
        data = sheets.to_xlsx(built, [s.name for s in loaded.meta.statuses], [p.name for p in loaded.meta.phases])
    try:
        files.write_output(output, data)
    except files.WriteError as exc:
        write_failed(exc)
    whose = f"{department}'s" if department else "all"
    typer.echo(f"wrote {output}: {len(built.rows)} of {whose} items for {fiscal.label(year)} ({chosen})")


@progress_app.command("import")
def import_sheet(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A filled-in sheet (.xlsx or .csv).", dir_okay=False)],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Check and show the changes; write nothing.")
    ] = False,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who records it. Default: the sheet's department, else your login name."),
    ] = None,
    plan: PlanOption = None,
) -> None:
    """Read a filled-in survey sheet into progress/<year>.yaml: every row checked first.

    Problems (unknown ID, unknown status or phase, an item of another department, a row
    given twice, a changed key column …) are all reported with their row and column, and
    then nothing is written. Otherwise all rows are written in one atomic write. Rows
    already recorded with the same status, phases and note are left alone, so importing
    a sheet twice changes nothing. Exit codes: 0 imported, 1 problems (nothing written), 2 usage error.

    Example: actionplan progress import 防災課-R2.xlsx --dry-run --plan ./my-plan
    """
    from actionplan import progress, sheets

    root = plan_dir(plan) if dry_run else _writable(plan)
    loaded = open_plan(root)
    if not file.is_file():
        usage_error(f"no such file: {file}")
    grid, problems = sheets.read(file)
    today = date.today()
    checked = None
    if grid is not None:
        checked = sheets.check(loaded, grid, today=today, recorded_by=by, fallback_by=_login())
        problems = checked.problems
    if problems or checked is None or checked.year is None:
        for p in problems:
            typer.echo(problem_line(p))
        rows = len({p.line for p in problems if p.line is not None and p.line >= sheets.FIRST_ROW})
        typer.echo(f"{len(problems)} problem{'s' * (len(problems) != 1)} in {rows} row(s); nothing was written")
        raise typer.Exit(EXIT_PROBLEMS)
    records = [f.record for f in checked.filled]
    if not records:
        typer.echo(f"nothing to import: no row of {display_path(file)} is filled in")
        raise typer.Exit(EXIT_OK)
    if dry_run:
        changes = progress.preview(loaded, checked.year, records)
        path = progress.progress_path(loaded.root, checked.year)
        for change in changes:
            typer.echo(_describe(change, path, dry_run=True))
        typer.echo(_summary(changes, checked.blank) + "; dry run, nothing was written")
        return
    outcome = _save(loaded, checked.year, records)
    for change in outcome.changes:
        typer.echo(_describe(change, outcome.path))
    typer.echo(_summary(outcome.changes, checked.blank))


# --- shared ------------------------------------------------------------------------------------


def _embedded_files() -> dict[str, bytes]:
    """The embedded plan's files (relative path -> content) without progress/ or hidden files."""
    source = embedded_plan_dir()
    found = {}
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_file() and not any(p.startswith(".") or p in ("__pycache__", PROGRESS_DIR) for p in relative.parts):
            found[relative.as_posix()] = path.read_bytes()
    return found


def _writable(given: Path | None) -> Path:
    """The plan to write to: given with --plan or $ACTIONPLAN_PLAN, never the embedded one."""
    if given is None:
        usage_error(f"progress is never written into the embedded plan; {_OWN_PLAN}")
    root = plan_dir(given)
    if root.resolve() == embedded_plan_dir().resolve():
        usage_error(f"{root} is the embedded plan, which is never written to; {_OWN_PLAN}")
    return root


def _year(plan: Plan, text: str) -> int:
    try:
        return plan_year(plan, text)
    except QueryError as exc:
        usage_error(str(exc))


def _sheet_format(value: str | None) -> str | None:
    from actionplan import sheets

    return value if value is None else choice(sheets.FORMATS)(value)


def _login() -> str | None:
    try:
        return getpass.getuser() or None
    except (OSError, KeyError):
        return None


def _save(plan: Plan, year: int, records: list[Record]) -> progress.Outcome:
    from actionplan import progress

    try:
        outcome = progress.save(plan, year, records, today=date.today())
    except progress.WriteError as exc:
        typer.echo(f"actionplan: error: {exc}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    if outcome.problems:
        for p in outcome.problems:
            typer.echo(problem_line(p), err=True)
        typer.echo(f"{display_path(outcome.path)} has problems; nothing was written", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    return outcome


def _words(record: Record) -> str:
    text = record.status
    if record.phases:
        text += " [" + "、".join(record.phases) + "]"
    return text


def _describe(change: progress.Change, path: Path, *, dry_run: bool = False) -> str:
    after = change.after
    what = f"{after.item} {fiscal.era_name(after.year)}"
    where = display_path(path)
    if change.before is None:
        return terminal_safe(f"{'would add' if dry_run else 'added'} {what}: {_words(after)} → {where}")
    if change.kind == "unchanged":
        return terminal_safe(f"unchanged {what}: {_words(after)}")
    verb = "would update" if dry_run else "updated"
    return terminal_safe(f"{verb} {what}: {_words(change.before)} → {_words(after)} in {where}")


def _summary(changes: list[progress.Change], blank: int) -> str:
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("added", "updated", "unchanged")}
    text = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return text + (f", {blank} row(s) not filled in" if blank else "")
