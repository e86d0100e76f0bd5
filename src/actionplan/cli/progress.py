"""`actionplan init` and `actionplan progress …`: record each item's yearly progress (進捗管理)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

import actionplan.cli.clock as clock
from actionplan import files, fiscal
from actionplan.cli.app import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PlanOption,
    app,
    choice,
    open_plan,
    option_day,
    plan_dir,
    resolve_department,
    usage_error,
    write_failed,
)
from actionplan.cli.usage import Typer
from actionplan.i18n import _, ngettext
from actionplan.loader import PLAN_ENV, PROGRESS_DIR, Plan, display_path, embedded_plan_dir
from actionplan.model import Answer
from actionplan.problems import Problem, Result
from actionplan.query import QueryError, find_item, plan_year
from actionplan.render.problems import problem_count, problem_line
from actionplan.text import normalise, terminal_safe

if TYPE_CHECKING:  # ruamel.yaml, filelock and the sheet code load only for the commands that use them
    from actionplan.progress import store
    from actionplan.progress.records import AnswerChange, Values
    from actionplan.progress.sheets.importing import Batch

progress_app = Typer(no_args_is_help=True)
app.add_typer(progress_app, name="progress")


@progress_app.callback(
    help=_(
        "Yearly progress management: answers per item and fiscal year, survey sheets.\n\n"
        "Answers live in <plan>/progress/<year>.yaml. Writing needs a plan of your own "
        "(`actionplan init DIR`); the embedded plan is never written to.\n\n"
        "Example: actionplan progress set 3-2 R2 --status 予定どおり --phase 実施 --plan ./my-plan"
    )
)
def _progress() -> None:
    """The `actionplan progress` group (its help text is the decorator's, in the user's language)."""


@app.command(
    "init",
    help=_(
        "Copy the embedded plan to DIR, a plan of your own that progress commands can write to.\n\n"
        "DIR must not exist yet or be empty. The copy has no progress records.\n\n"
        "With --next --period START-END, DIR becomes the first draft of the plan that follows "
        "--plan: pillars, goals and items carried over (each item with carried_from: the old plan "
        "and its ID), the baseline filled from the old plan's last year — the phases "
        "recorded in progress answers where there are any, else the planned ones — an empty "
        'list for each new year, stated counts set to null ("to be set") and a draft: block in '
        "plan.yaml. `actionplan validate` then lists what is left (draft-incomplete).\n\n"
        "With --blank --period START-END, DIR becomes a plan of your own: one pillar and one item, "
        "with comments saying what to write. With --from TABLE (.xlsx or .csv), the items come from "
        "your own table, one row per item, its headings found by name, several KPIs a row in numbered "
        "columns (KPI1, KPI2) or one a line; how each heading was used and each KPI read is listed. "
        "Values the tool cannot know (the plan's name, a pillar's title …) start with 【要記入】, "
        "and `actionplan validate` lists each one (to-fill-in) until it is written.\n\n"
        "Example: actionplan init ./my-plan && actionplan validate --plan ./my-plan\n\n"
        "Example: actionplan init ./next-plan --next --period R4-R6 --plan ./my-plan\n\n"
        "Example: actionplan init ./new-plan --blank --period R7-R9 --municipality 杉並区 --code 131156\n\n"
        "Example: actionplan init ./new-plan --from 工程表.xlsx"
    ),
)
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help=_("New directory for your copy of the plan."))],
    next_plan: Annotated[
        bool, typer.Option("--next", help=_("Draft the next plan from --plan instead (see the description above)."))
    ] = False,
    period: Annotated[
        str | None,
        typer.Option("--period", help=_("With --next or --blank: the new plan's years, e.g. 2022-2024 or R4-R6.")),
    ] = None,
    blank: Annotated[
        bool, typer.Option("--blank", help=_("Write a blank plan of your own (needs --period) instead of a copy."))
    ] = False,
    table: Annotated[
        Path | None,
        typer.Option("--from", metavar="TABLE", help=_("Make the plan from your own table (.xlsx or .csv).")),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help=_("With --blank or --from: the plan's name."))] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help=_("With --blank or --from: the municipality, e.g. 杉並区."))
    ] = None,
    code: Annotated[
        str | None,
        typer.Option("--code", help=_("With --blank or --from: the 6-digit municipality code, e.g. 131156.")),
    ] = None,
    plan: PlanOption = None,
) -> None:
    if blank or table is not None:
        from actionplan.cli.newplan import init_new

        init_new(directory, table, period, (name, municipality, code), next_plan=next_plan)
        return
    if name is not None or municipality is not None or code is not None:
        usage_error(_("--name, --municipality and --code go with --blank or --from"))
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


@progress_app.command(
    "set",
    help=_(
        "Record one department's answer for an item and fiscal year, changing only the fields given.\n\n"
        "Fields not given keep what is stored (a new answer needs --status, or a --grade where plan.yaml's "
        "ratings name a rollup); --clear FIELD empties one "
        "(phases, result, rating, challenge, values, grades, results, evidence, note); --value INDICATOR= "
        "with no number removes that indicator's value, and --grade INDICATOR= or --indicator-result "
        "INDICATOR= its rating or result. Who answered is --by, else the respondent already stored (kept, "
        "and said so), else your login name. Every changed field is listed, old → new; --dry-run lists "
        "them and writes nothing. Other departments' answers are never touched. The write is atomic and "
        "locked; comments in the file are kept. Exit codes: 0 recorded or unchanged, 1 the file has "
        "problems or could not be written (it is unchanged), 2 usage error.\n\n"
        "Example: actionplan progress set 1-1-3 R2 --status 遅れ --dry-run -p ./my-plan"
    ),
)
def set_answer(
    item_id: Annotated[str, typer.Argument(metavar="ID", help=_("Item ID, e.g. 1-1-1."))],
    year_text: Annotated[
        str, typer.Argument(metavar="YEAR", help=_("Fiscal year: {forms}.").format(forms=fiscal.YEAR_FORMS))
    ],
    status: Annotated[
        str | None, typer.Option("--status", "-s", help=_("Status: a word of plan.yaml's statuses."))
    ] = None,
    department: Annotated[
        str | None,
        typer.Option("--dept", "-d", help=_("The answering department; may be left out when the item has only one.")),
    ] = None,
    phases: Annotated[
        list[str] | None,
        typer.Option("--phase", help=_("A phase carried out; repeat, or separate phases with / or a comma.")),
    ] = None,
    result: Annotated[str | None, typer.Option("--result", help=_("Result: what was actually done (public)."))] = None,
    rating: Annotated[str | None, typer.Option("--rating", help=_("Rating: a word of plan.yaml's ratings."))] = None,
    challenge: Annotated[str | None, typer.Option("--challenge", help=_("Challenges and next steps (public)."))] = None,
    values: Annotated[
        list[str] | None,
        typer.Option("--value", help=_("An indicator's actual value as INDICATOR=NUMBER; repeat for each indicator.")),
    ] = None,
    grades: Annotated[
        list[str] | None,
        typer.Option("--grade", help=_("One indicator's rating as INDICATOR=WORD (a word of plan.yaml's ratings).")),
    ] = None,
    indicator_results: Annotated[
        list[str] | None,
        typer.Option("--indicator-result", help=_("What was done for one indicator, as INDICATOR=TEXT (public).")),
    ] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help=_("Evidence: a document name or URL (public)."))
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help=_("An internal note, never published."))] = None,
    clear: Annotated[
        list[str] | None, typer.Option("--clear", metavar="FIELD", help=_("Empty this field; repeat for several."))
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help=_("Who answers. Default: the respondent stored, else your login name."))
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help=_("Date of the answer, YYYY-MM-DD. Default: today."))] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help=_("Check and list the changes; write nothing."))
    ] = False,
    plan: PlanOption = None,
) -> None:
    from actionplan.progress import fields, records, store

    loaded = open_plan(_writable(plan))  # a dry run goes through the same door as the write
    year = _year(loaded, year_text)
    wanted = normalise(item_id)
    dept = _department(loaded, wanted, department)
    today = clock.today()
    stored = store.existing(loaded, year).get((wanted, year, dept))
    parsed = _values(values or [])
    given = fields.Edit(
        status=status,
        phases=None if phases is None else records.split_phases(phases),
        result=result,
        rating=rating,
        challenge=challenge,
        values=parsed.numbers,
        drop_values=parsed.empty,
        grades=_per_indicator("--grade", grades or []),
        results=_per_indicator("--indicator-result", indicator_results or []),
        evidence=evidence,
        note=note,
        clear=list(dict.fromkeys(c.strip() for c in clear or [])),
        by=by,
        # An answer is given on a day that has come (validate's progress-answered-on says the same).
        on=today if on is None else option_day("--on", on, loaded, today),
    )
    try:
        edited = fields.edit(stored, given, login=_login())
        answer = Answer(item=wanted, year=year, department=dept, **edited.answer)
    except fields.EditRefused as exc:
        usage_error(str(exc))
    except ValidationError as exc:
        names = _(", ").join(str(e["loc"][0]) for e in exc.errors(include_url=False))
        usage_error(_("not a valid answer ({fields} must not be empty)").format(fields=names))
    found = records.check_input(loaded, [answer], today)[0]
    if found:
        usage_error(_("; ").join(p.message + (_(" ({hint})").format(hint=p.hint) if p.hint else "") for p in found))
    saved = _save(loaded, year, [answer], based_on={answer.key: stored}, dry_run=dry_run)
    change = saved.changes[0]
    notes = edited.notes if change.kind != "unchanged" else []
    for line in fields.answer_lines(change, display_path(saved.path), dry_run=dry_run, notes=notes):
        typer.echo(line)
    if dry_run:
        typer.echo(_("dry run, nothing was written"))


def _department(plan: Plan, item_id: str, given: str | None) -> str:
    """--dept (an old name followed to the name now), or the item's only 主管課; an item with several needs --dept."""
    if given is not None:
        return resolve_department(plan, given)
    try:
        item = find_item(plan, item_id)  # the one item lookup, as show's
    except QueryError as exc:
        usage_error(str(exc))
    answerers = plan.meta.answerers(item)
    if len(answerers) != 1:
        owners = _(", ").join(answerers)  # TRANSLATORS: between the words of a list: 、 in Japanese
        usage_error(
            _("{item} has {count} departments ({departments}); say which one answers with --dept").format(
                item=item.id, count=len(answerers), departments=owners
            )
        )
    return answerers[0]


def _per_indicator(option: str, given: list[str]) -> dict[str, str]:
    """INDICATOR=TEXT options (a grade, a result): the indicator normalised, the text as written."""
    found: dict[str, str] = {}
    for entry in given:
        # The first = (or full-width ＝) ends the indicator; the text after it may hold either.
        cut = min((i for i in (entry.find("="), entry.find("＝")) if i >= 0), default=-1)
        name, sep, text = (normalise(entry[:cut]).strip(), "=", entry[cut + 1 :]) if cut >= 0 else (entry, "", "")
        if not sep or not name:
            usage_error(_("{option}: '{text}' is not INDICATOR=TEXT").format(option=option, text=terminal_safe(entry)))
        if name in found:
            usage_error(_("{option}: {name}: given twice").format(option=option, name=terminal_safe(name)))
        found[name] = text.strip()
    return found


def _values(given: list[str]) -> Values:
    """--value INDICATOR=NUMBER options, by the one reader of indicator values (INDICATOR= removes one)."""
    from actionplan.progress.records import parse_values

    parsed = parse_values(given)
    if parsed.problems:
        usage_error(_("--value: {problems}").format(problems=_("; ").join(parsed.problems)))
    return parsed


@progress_app.command(
    "migrate",
    help=_(
        "Convert old-format progress files (records:, one per item and year) to the current "
        "format.\n\nEach record becomes the answer of one department: the item's only department, or the "
        "department named in the record's `department:` or `recorded_by:`. A record of an item with several "
        "departments that names none is reported, and nothing is written until you add `department:` to it. "
        "The old note becomes the result. Files in the current format are left alone. Each key of a record "
        "that changes is listed, old → new; --dry-run lists them and writes nothing.\n\nExample: actionplan "
        "progress migrate --dry-run --plan ./my-plan"
    ),
)
def migrate(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help=_("Check and list the changes; write nothing."))
    ] = False,
    plan: PlanOption = None,
) -> None:
    from actionplan.changes import change_lines
    from actionplan.progress import migrate as migration

    loaded = open_plan(_writable(plan))  # old files are reported as problems, not as unreadable plans
    try:
        report = migration.migrate_files(loaded, today=clock.today(), dry_run=dry_run)
    except files.WriteError as exc:
        typer.echo(_("actionplan: error: {message}").format(message=terminal_safe(str(exc))), err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    for p in report.problems:
        typer.echo(problem_line(p), err=True)
    if report.value is None:
        count = len(report.problems)
        typer.echo(
            ngettext("{count} problem; nothing was written", "{count} problems; nothing was written", count).format(
                count=count
            ),
            err=True,
        )
        raise typer.Exit(EXIT_PROBLEMS)
    for done in report.value:
        subject = ngettext("converted {path}: {count} answer", "converted {path}: {count} answers", done.answers)
        for line in change_lines(subject.format(path=display_path(done.path), count=done.answers), done.changes):
            typer.echo(line)
    if not report.value:
        typer.echo(_("nothing to convert: every progress file is in the current format"))
    elif dry_run:
        typer.echo(_("dry run, nothing was written"))


SheetFormat = Annotated[
    str,
    typer.Option("--format", "-f", help=_("xlsx or csv."), callback=lambda v: _sheet_format(v)),
]


@progress_app.command(
    "sheets",
    help=_(
        "Write the survey sheets of a fiscal year: one file per department.\n\nEach sheet has a title row, "
        "the due date, cells for the respondent and a contact (filled in with the last ones given), and per "
        "item of the department a row to fill in (status, phases carried out, result, rating, challenges "
        "and next steps, indicator actuals, evidence, internal note; rating, phases and indicators only "
        "where the plan and the item have them) and under it a row to read (description, indicators and "
        "targets, last year's answer, the other departments' answers). Cells already answered come filled "
        "in. An xlsx sheet has a tab of instructions (what each column and each status means, the due date, "
        "whom to ask), the same text as each input cell's prompt, and prints on A4 at 100 %, every page "
        "headed with the year, the department and its page number, the headings repeated. The fixed words "
        "are in your language (ACTIONPLAN_LANG); the plan's data and the file names stay as the plan writes "
        "them. Read them back with `actionplan progress import DIR`.\n\n"
        "Example: actionplan progress sheets R2 -o sheets/ --due 2021-04-30 --contact 'ext. 1234'"
    ),
)
def write_sheets(
    year_text: Annotated[
        str, typer.Argument(metavar="YEAR", help=_("Fiscal year: {forms}.").format(forms=fiscal.YEAR_FORMS))
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help=_("Folder to write the sheets into (created if missing); - for one sheet on standard output."),
        ),
    ],
    departments: Annotated[
        list[str] | None,
        typer.Option("--dept", "-d", help=_("Only this department; repeat for several. Default: every department.")),
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help=_("Due date printed on the sheets, YYYY-MM-DD."))] = None,
    contact: Annotated[
        str | None,
        typer.Option(
            "--contact",
            help=_("Whom to ask, printed in the sheets' instructions (a department, a name and an extension)."),
        ),
    ] = None,
    fmt: SheetFormat = "xlsx",
    plan: PlanOption = None,
) -> None:
    from actionplan.progress.sheets import workbook, write

    loaded = open_plan(plan)
    year = _year(loaded, year_text)
    today = clock.today()
    if fiscal.start(year) > today:
        usage_error(_("{year} has not begun yet; a sheet for it could not be imported").format(year=fiscal.label(year)))
    due_date = None if due is None else option_day("--due", due, loaded, today, ahead=True)
    chosen: list[str] = []
    for given in departments or []:
        name = resolve_department(loaded, given)  # an old name is followed, with a note
        if name not in chosen:
            chosen.append(name)
    chosen = chosen or loaded.answering
    written: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for department in chosen:
        built = write.build_sheet(loaded, year, department, due_date, normalise(contact or ""))
        name = built.file_name(fmt, loaded.meta.departments)
        written[name] = write.to_csv(built) if fmt == "csv" else workbook.to_xlsx(built)
        counts[name] = len(built.entries)
    if str(output) == "-":
        # One sheet to standard output (e.g. to pipe it on); a folder of several cannot go there.
        if len(written) != 1:
            usage_error(_("-o - writes one sheet to standard output: name one department with --dept"))
        try:
            files.write_output(output, next(iter(written.values())))
        except files.WriteError as exc:
            write_failed(exc)
        return
    try:
        paths = files.write_files(output, written)
    except files.WriteError as exc:
        write_failed(exc)
    for path, count in zip(paths, counts.values(), strict=True):
        typer.echo(
            ngettext("wrote {path}: {count} item", "wrote {path}: {count} items", count).format(
                path=display_path(path), count=count
            )
        )
    typer.echo(
        ngettext(
            "{count} survey sheet for {year} written to {folder}",
            "{count} survey sheets for {year} written to {folder}",
            len(chosen),
        ).format(count=len(chosen), year=fiscal.label(year), folder=terminal_safe(str(output)))
    )


@progress_app.command(
    "import",
    help=_(
        "Read filled-in survey sheets into progress/<year>.yaml: all of them, or nothing.\n\nEvery row "
        "of every sheet is checked first; problems (unknown item, an item of another department, unknown "
        "status or phase, a row given twice, a changed item title, a formula in an answer cell …) are reported "
        "with file and cell (K8), and then nothing is written. Otherwise all answers are written in one atomic "
        "write. Each sheet changes only its own department's answers, field by field: a cell left empty keeps "
        "what is stored, a filled cell replaces it (the change is listed, old → new), (delete) typed in a cell "
        "empties that field; answers of other departments are never touched. A cell the same as what is stored "
        "changes nothing, so importing the same sheets twice changes nothing. Sheets made in Japanese and in "
        "English both import. Exit codes: 0 imported, 1 problems (nothing written), 2 usage error.\n\nExample: "
        "actionplan progress import sheets/ --dry-run --plan ./my-plan"
    ),
)
def import_sheets(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="FILE_OR_DIR...", help=_("Filled-in sheets (.xlsx, .csv) or folders of them.")),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help=_("Check and show the changes; write nothing."))
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help=_("Who answered, where a sheet's respondent cell is empty. Default: the sheet's department.")
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help=_("Date of the answers, YYYY-MM-DD, where a sheet's date cell is empty. Default: today.")
        ),
    ] = None,
    plan: PlanOption = None,
) -> None:
    from actionplan.progress.sheets import importing

    loaded = open_plan(_writable(plan))  # a dry run goes through the same door as the import
    named = _sheet_files(paths)
    today = clock.today()
    answered_on = None if on is None else option_day("--on", on, loaded, today)
    result = importing.gather(loaded, named.value or [], today=today, answered_by=by, answered_on=answered_on)
    problems = named.problems + result.problems
    if problems:
        for p in problems:
            typer.echo(problem_line(p))
        typer.echo(_("{problems}; nothing was written").format(problems=problem_count(problems)))
        raise typer.Exit(EXIT_PROBLEMS)
    batch = result.value
    assert batch is not None  # gather always returns its batch
    if batch.year is None:
        typer.echo(_("nothing to import: no row of the sheets is filled in"))
        raise typer.Exit(EXIT_OK)
    saved = _save(loaded, batch.year, batch.answers, based_on=batch.based_on, dry_run=dry_run)
    _print_import(batch, saved.changes, saved.path, dry_run=dry_run)


def _print_import(batch: Batch, changes: list[AnswerChange], path: Path, *, dry_run: bool) -> None:
    from actionplan.progress import fields

    for change in changes:
        for line in fields.answer_lines(change, display_path(path), dry_run=dry_run):
            typer.echo(line)
    at = 0
    for checked in batch.sheets:
        mine = changes[at : at + len(checked.filled)]
        at += len(checked.filled)
        line = _("{department} ({sheet}): {summary}")
        typer.echo(
            line.format(
                department=checked.department,
                sheet=terminal_safe(checked.display),
                summary=_summary(mine, checked.blank),
            )
        )
    total = _summary(changes, sum(c.blank for c in batch.sheets))
    typer.echo(_("{summary}; dry run, nothing was written").format(summary=total) if dry_run else total)


def _sheet_files(paths: list[Path]) -> Result[list[Path]]:
    """The sheets named, folders expanded to their .xlsx and .csv files; .xls, .ods … in a folder are problems."""
    from actionplan.progress.sheets import read

    found: list[Path] = []
    refused: list[Problem] = []
    for path in paths:
        if path.is_dir():
            inside = read.sheet_files(path)
            if not inside.value and not inside.problems:
                usage_error(_("no .xlsx or .csv sheet in {folder}").format(folder=terminal_safe(str(path))))
            found += inside.value or []
            refused += inside.problems
        elif path.is_file():
            found.append(path)
        elif path.is_symlink() and not path.exists():
            usage_error(files.dangling_link(path))
        elif path.exists():
            # A named pipe would block the run until something writes to it; a device never ends.
            message = _("{path} is not a file or a folder (a named pipe, device or socket); give a sheet or a folder")
            usage_error(message.format(path=terminal_safe(str(path))))
        else:
            usage_error(_("no such file or folder: {path}").format(path=terminal_safe(str(path))))
    return Result(list(dict.fromkeys(found)), refused)


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
        usage_error(
            _(
                "progress is never written into the embedded plan; run `actionplan init DIR` and pass --plan DIR"
                " (or set {variable}=DIR)"
            ).format(variable=PLAN_ENV)
        )
    root = plan_dir(given)
    try:
        files.refuse_protected(root)  # a refused write: exit 1, as for every command
    except files.WriteError as exc:
        write_failed(exc)
    return root


def _year(plan: Plan, text: str) -> int:
    try:
        return plan_year(plan, text)
    except QueryError as exc:
        usage_error(str(exc))


def _sheet_format(value: str) -> str:
    from actionplan.progress.sheets.layout import SHEET_FORMATS

    return choice(SHEET_FORMATS)(value)


def _login() -> str | None:
    try:
        return getpass.getuser() or None
    except (OSError, KeyError):
        return None


def _save(
    plan: Plan,
    year: int,
    answers: list[Answer],
    *,
    based_on: dict[tuple[str, int, str], Answer | None] | None = None,
    dry_run: bool = False,
) -> store.Saved:
    """store.save, or exit: 1 with the reason when the file system refuses or the answers have problems."""
    from actionplan.progress import store

    try:
        result = store.save(plan, year, answers, today=clock.today(), based_on=based_on, dry_run=dry_run)
    except files.WriteError as exc:
        typer.echo(_("actionplan: error: {message}").format(message=terminal_safe(str(exc))), err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    saved = result.value
    assert saved is not None  # save always says which file it meant
    if result.problems:
        for p in result.problems:
            typer.echo(problem_line(p), err=True)
        typer.echo(
            _("{path} was not changed: the answers have problems").format(path=display_path(saved.path)), err=True
        )
        raise typer.Exit(EXIT_PROBLEMS)
    return saved


def _summary(changes: list[AnswerChange], blank: int) -> str:
    added, updated, unchanged = (sum(c.kind == kind for c in changes) for kind in ("added", "updated", "unchanged"))
    text = _("{added} added, {updated} updated, {unchanged} unchanged").format(
        added=added, updated=updated, unchanged=unchanged
    )
    if not blank:
        return text
    return text + ngettext(", {count} row not filled in", ", {count} rows not filled in", blank).format(count=blank)
