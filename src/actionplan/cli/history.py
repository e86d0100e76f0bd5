"""`actionplan diff` and `actionplan log`: the plan over time."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import actionplan.cli.clock as clock
from actionplan import loader
from actionplan.cli.app import (
    EXIT_OK,
    EXIT_PROBLEMS,
    FormatOption,
    InternalOption,
    OutputOption,
    PlanOption,
    app,
    emit,
    option_day,
    plan_dir,
    usage_error,
    write_failed,
)
from actionplan.i18n import _, ngettext, os_reason
from actionplan.loader import Plan, locate
from actionplan.model import Labels
from actionplan.render.problems import problem_line
from actionplan.text import normalise, terminal_safe

if TYPE_CHECKING:
    from actionplan.history import Version


def _readable_plan(given: Path | None, refused: str) -> Plan:
    """The plan, every file of it read; else its problems and ``refused`` on stderr, exit 1.

    For commands that rewrite or carry over every file: one that cannot be read would be lost.
    """
    result = loader.load(plan_dir(given))
    if result.value is None or result.problems:
        for problem in locate(result.problems):
            typer.echo(problem_line(problem), err=True)
        typer.echo(refused, err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    return result.value


def _version(root: Path, spec: str | None) -> Version:
    from actionplan import gitrepo
    from actionplan.history import Ambiguous, open_version

    try:
        version = open_version(root, spec)
    except Ambiguous as exc:
        usage_error(
            _(
                "'{name}' is both a folder and a git revision: write {folder} for the folder, "
                "or {revision} for the revision"
            ).format(name=exc.spec, folder=os.curdir + os.sep + exc.spec, revision=exc.spec + "^{commit}")
        )
    except gitrepo.GitError as exc:
        usage_error(
            _("'{name}' is neither a plan directory nor a git revision: {reason}").format(name=spec, reason=exc)
        )
    if version.plan is None:
        for problem in locate(version.problems):
            typer.echo(problem_line(problem), err=True)
        typer.echo(_("the plan at '{version}' cannot be read").format(version=version.label), err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    if version.problems:
        # A file that cannot be read is left out of the comparison: say which, so that its
        # items are not mistaken for removed ones.
        for problem in locate(version.problems):
            typer.echo(problem_line(problem), err=True)
        typer.echo(
            ngettext(
                "warning: {n} file of '{version}' cannot be read and is left out",
                "warning: {n} files of '{version}' cannot be read and are left out",
                len({p.path for p in version.problems}),
            ).format(n=len({p.path for p in version.problems}), version=version.label),
            err=True,
        )
    return version


@app.command(
    help=_(
        "What changed between two versions of the plan, item by item and field by field.\n\n"
        "OLD and NEW are plan directories or revisions of the git repository holding --plan; "
        "revisions are read from git's object store, never checked out (the working tree and "
        "the index are not touched). A name that is both a folder and a revision (a folder main/ "
        "beside the branch main) is refused as ambiguous: write ./main for the folder, main^{commit} "
        "for the revision. Shown: items added and removed; items renumbered (an ID "
        "gone and a new one whose title, or else description, is at least 80% similar by "
        "difflib's ratio, shown with that similarity); items a next plan carried over (its "
        "carried_from); each changed field of an item (a text diff of descriptions, "
        "[-gone-]{+new+}; each fiscal year's phases, in the years both versions cover); plan.yaml "
        "changes (structure, stated counts, period, vocabularies; a department renamed); progress "
        "answers added or changed, per department.\n\n"
        'JSON output: {"old": {label, name, items}, "new": {…}, "added": [{id, label, title, '
        'departments}], "removed": [same], "renumbered": [{old, new, title, similarity}], '
        '"carried": [{old, new, title}], "changed": [{id, field, year, old, new}], '
        '"plan": [{id, field, old, new}], "progress": [{id, field, year, department, old, new}]}. '
        '"year" is a fiscal year (schedule and answers), else null; "old"/"new" are null where a '
        'thing did not exist; an added or removed item\'s "label" is the number the plan prints (①), '
        'or "".\n\n'
        "Example: actionplan diff v1.0 v1.1 --plan plan --format markdown"
    )
)
def diff(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help=_("A plan directory, or a git revision (commit, tag, branch)."))
    ],
    new: Annotated[
        str | None,
        typer.Argument(metavar="[NEW]", help=_("Like OLD. Default: the plan as it is on disk (--plan).")),
    ] = None,
    plan: PlanOption = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help=_("Exit 1 when there are differences (as git diff --exit-code)."))
    ] = False,
    fmt: FormatOption = "table",
    output: OutputOption = None,
    internal: InternalOption = False,
) -> None:
    from actionplan.compare import diff_plans
    from actionplan.publication import mark_internal, public_plan
    from actionplan.reports.diff import diff_view

    root = plan_dir(plan)
    before = _version(root, old)
    after = _version(root, new)
    assert before.plan is not None and after.plan is not None
    if internal:
        result = diff_plans(before.plan, after.plan, before.label, after.label)
        emit(mark_internal(diff_view(result)), fmt, output)
    else:  # a pull request is read by anyone: the plans without their internal fields
        result = diff_plans(public_plan(before.plan), public_plan(after.plan), before.label, after.label)
        emit(diff_view(result), fmt, output)
    if exit_code and not result.empty:
        raise typer.Exit(EXIT_PROBLEMS)
    raise typer.Exit(EXIT_OK)


@app.command(
    help=_(
        "The history of one item across the commits of the repository holding --plan, newest first.\n\n"
        "Each commit that changed the item or its progress answers, with date, author, message "
        "and the field-level changes (as `actionplan diff` finds them). A commit that renumbered "
        "the item is shown as such, and older commits are followed under the old ID.\n\n"
        "A version of a file that cannot be read is named on stderr and shown as unreadable, "
        "never as the item removed and added again. In a shallow clone (git clone --depth) the "
        "history is cut: stderr says so, and the commit where it begins shows the item as "
        "history_cut, not as added.\n\n"
        "JSON output: an array, newest first, of {commit, date, author, message, id, event "
        "(added, removed, renumbered, changed, unreadable, history_cut), renumbered_from, "
        "changes: [{id, field, year, old, new}]}.\n\n"
        "Example: actionplan log 1-2-4 --plan plan --format json"
    )
)
def log(
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help=_("Item ID, e.g. 1-2-4 (its ID now; renumberings are followed)."))
    ],
    plan: PlanOption = None,
    revision: Annotated[str, typer.Option("--rev", help=_("Start from this revision."))] = "HEAD",
    fmt: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    from actionplan import gitrepo
    from actionplan.history import item_log
    from actionplan.reports.log import log_view, shallow_note

    root = plan_dir(plan)
    try:
        found = item_log(root, item_id, revision)
    except gitrepo.GitError as exc:
        usage_error(str(exc))
    for problem in found.unreadable:
        typer.echo(problem_line(problem), err=True)
    if found.unreadable:
        count = len({p.path for p in found.unreadable})
        typer.echo(
            ngettext(
                "warning: {n} version of a file cannot be read; it is shown as unreadable, not as removed",
                "warning: {n} versions of files cannot be read; they are shown as unreadable, not as removed",
                count,
            ).format(n=count),
            err=True,
        )
    if found.shallow:
        typer.echo(_("warning: {note}").format(note=shallow_note()), err=True)
    now = loader.load(root).value  # for the plan's own words in the headings
    if now is None:
        emit(log_view(item_id, found, Labels()), fmt, output)
        return
    today = now.item(item_id)
    number, departments = today.label if today else "", now.capabilities.has_departments
    emit(log_view(item_id, found, now.meta.labels, number, departments), fmt, output)


def period_option(period: str) -> tuple[int, int]:
    """--period START-END as fiscal years; anything else is a usage error."""
    from actionplan.fiscal import FiscalYearError, check_period, parse_fiscal_year

    # Full-width digits and dashes are read as their ASCII twins (２０２２－２０２４), as everywhere.
    parts = re.split(r"\s*[-‐–—−～~〜]\s*", normalise(period))
    if len(parts) != 2:
        usage_error(_("--period {period}: write the first and last fiscal year, e.g. 2022-2024").format(period=period))
    try:
        start, end = (parse_fiscal_year(p) for p in parts)
        check_period(start, end)
    except FiscalYearError as exc:
        usage_error(_("--period {period}: {problem}").format(period=period, problem=exc))
    return start, end


def init_next(directory: Path, plan: Path | None, period: str | None) -> None:
    """``init DIR --next --period START-END``: the first draft of the plan that follows --plan."""
    from actionplan import files
    from actionplan.fiscal import short
    from actionplan.loader import PROGRESS_DIR
    from actionplan.nextplan import draft_next
    from actionplan.reports.items import words_text

    if period is None:
        usage_error(_("--next needs --period START-END, e.g. --period 2022-2024"))
    start, end = period_option(period)
    old = _readable_plan(plan, _("no draft was made: fix the files above first (actionplan validate)"))
    if start <= old.meta.period.end:
        usage_error(
            _("--period {period}: the next plan must start after {year}, the last year of the plan").format(
                period=period, year=short(old.meta.period.end)
            )
        )
    draft = draft_next(old, start, end)
    try:
        files.create_tree(directory, draft.files, [PROGRESS_DIR])
    except files.WriteError as exc:
        write_failed(exc)
    typer.echo(
        _("created {path}: draft of the plan for {first} to {last}, {items} items carried over").format(
            path=directory, first=short(start), last=short(end), items=len(old.items)
        )
    )
    typer.echo(
        _("baseline ({year}): phases carried out for {answered} items, planned phases for {planned}").format(
            year=short(draft.baseline), answered=len(draft.from_answers), planned=len(draft.from_schedule)
        )
    )
    for item_id, tags in draft.dropped_tags.items():
        typer.echo(
            _("{item}: tag {tags} not carried over (it marks a new item)").format(item=item_id, tags=words_text(tags))
        )
    typer.echo(_("comments are kept as they were: update those that name the old plan's years"))
    typer.echo(_("next: actionplan validate --plan {path}   (lists what is left to fill in)").format(path=directory))


@app.command(
    "rename-department",
    help=_(
        "Reorganisation: rename a department in plan.yaml, in every item and in every progress answer.\n\n"
        "All files change or none: they are edited keeping comments, read back and checked, then "
        "replaced together under the plan's locks (a kill -9 leaves a journal that validate reports and "
        "`actionplan recover` finishes). The rename is recorded in plan.yaml (renamed: old, new, date), "
        "so `list --dept OLD` still finds the items, with a note, and survey sheets made before still "
        "import. Refused when NEW is a department already, unless --merge (OLD's items and answers "
        "then go to NEW; an item × year both answered is refused). Each file changed is listed, field by "
        "field, old → new; --dry-run lists them and writes nothing. Exit codes: 0 renamed, 1 refused by "
        "the data or not written (nothing changed), 2 usage error.\n\n"
        "Example: actionplan rename-department 防災課 危機管理課 --on 2026-04-01 --plan ./my-plan"
    ),
)
def rename_department(
    old: Annotated[
        str,
        typer.Argument(metavar="OLD", help=_("The department's name now (a former name is followed, with a note).")),
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help=_("Its new name."))],
    on: Annotated[
        str | None, typer.Option("--on", help=_("Date of the reorganisation, YYYY-MM-DD. Default: today."))
    ] = None,
    merge: Annotated[bool, typer.Option("--merge", help=_("NEW exists already: merge OLD into it."))] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help=_("Check and list the changes; write nothing."))
    ] = False,
    plan: PlanOption = None,
) -> None:

    from actionplan import files, rename
    from actionplan.changes import change_lines

    root = plan_dir(plan)
    today = clock.today()
    try:
        with rename.locked(root.absolute()):
            loaded = _readable_plan(root, _("nothing was renamed: fix the files above first (actionplan validate)"))
            # A reorganisation is often decided ahead: up to the end of the next fiscal year.
            day = today if on is None else option_day("--on", on, loaded, today, ahead=True)
            try:
                renaming = rename.prepare(loaded, old, new, day, merge=merge)
            except rename.RenameRefused as exc:
                usage_error(str(exc))
            if renaming.problems:
                for problem in locate(renaming.problems):
                    typer.echo(problem_line(problem), err=True)
                typer.echo(_("nothing was renamed"), err=True)
                raise typer.Exit(EXIT_PROBLEMS)
            if renaming.note:
                typer.echo(_("note: {note}").format(note=renaming.note), err=True)
            for path, changed in renaming.changed.items():
                for line in change_lines(path, changed):
                    typer.echo(line)
            if not dry_run:
                rename.apply(loaded, renaming)
    except files.WriteError as exc:
        write_failed(exc)
    except OSError as exc:  # a file of the plan that cannot be read or written meanwhile
        write_failed(files.WriteError(_("cannot rename: {reason}; nothing was written").format(reason=os_reason(exc))))
    done = _("renamed {old} → {new} ({day}): plan.yaml, {items} items, {answers} progress answers").format(
        old=renaming.old, new=renaming.new, day=day.isoformat(), items=len(renaming.items), answers=renaming.answers
    )
    typer.echo(_("{summary}; dry run, nothing was written").format(summary=done) if dry_run else done)


@app.command(
    help=_(
        "Finish a change of several files that was interrupted, or put every file back (--discard).\n\n"
        "Commands that change several files at once (rename-department, progress import, progress "
        "migrate, export -o, progress sheets -o) first write every new file and a journal "
        "(.actionplan-journal.json) and only then put the files in place. If the run dies between "
        "the two (a kill, a power cut), the journal stays and validate reports unfinished-change: "
        "some files may be new and others old. This command finishes the change, or with --discard "
        "puts every file back as it was. Commands that only read never act on a journal, and a "
        "journal actionplan did not write (journal-invalid) is never followed: --discard removes it "
        "and nothing else. Writers of the plan finish a journal of their own first. Exit codes: 0 "
        "finished (or nothing to do), 1 not done (the reason is printed), 2 usage error.\n\n"
        "Without --plan (or ${env}): the current folder, when it holds a plan or a journal; "
        "the embedded plan is never written, so it has nothing to recover.\n\n"
        "Example: actionplan recover --plan ./my-plan"
    ).format(env=loader.PLAN_ENV)
)
def recover(
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            "-p",
            envvar=loader.PLAN_ENV,
            help=_("Plan directory, or a folder written by export -o or progress sheets -o."),
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    discard: Annotated[
        bool, typer.Option("--discard", help=_("Put every file back as it was instead of finishing the change."))
    ] = False,
) -> None:
    from actionplan import files

    root = _recover_folder(plan)
    try:
        done = _recover(root, discard)
    except files.WriteError as exc:
        write_failed(exc)
    shown = terminal_safe(str(root))
    if done is None:
        typer.echo(_("nothing to recover: {folder} holds no interrupted change").format(folder=shown))
    elif discard:
        put_back = ngettext(
            "put {count} file back as it was in {folder}", "put {count} files back as they were in {folder}", len(done)
        )
        typer.echo(put_back.format(count=len(done), folder=shown))
    else:
        finished = ngettext(
            "finished the interrupted change: {count} file replaced in {folder}",
            "finished the interrupted change: {count} files replaced in {folder}",
            len(done),
        )
        typer.echo(finished.format(count=len(done), folder=shown))
    raise typer.Exit(EXIT_OK)


def _recover_folder(given: Path | None) -> Path:
    """The folder to recover: --plan (or $ACTIONPLAN_PLAN), else the current folder when it holds a
    plan or a journal. Never the embedded plan, the other commands' default: it is never written."""
    from actionplan import files
    from actionplan.loader import PLAN_FILE

    if given is not None:
        return given if given.is_dir() else plan_dir(given)
    here = Path.cwd()
    if not (here / PLAN_FILE).is_file() and not os.path.lexists(here / files.JOURNAL):
        usage_error(
            _(
                "the current folder {folder} holds no plan and no journal: give the folder of the interrupted"
                " change with --plan DIR (a plan, or a folder written by export -o or progress sheets -o)"
            ).format(folder=terminal_safe(str(here)))
        )
    return here


def _recover(root: Path, discard: bool) -> list[Path] | None:
    """files.finish under the plan's locks (a plan) or none (an output folder); see recover."""
    import contextlib

    from actionplan import files, locks
    from actionplan.loader import PLAN_FILE

    files.refuse_protected(root)
    guard = locks.hold(root) if (root / PLAN_FILE).exists() else contextlib.nullcontext()
    with guard:
        try:
            return files.finish(root, discard=discard)
        except files.JournalError:
            if not discard:
                raise
        files.discard_journal(root)
    typer.echo(
        _(
            "removed {journal}, which actionplan did not write, and actionplan's leftover temp files;"
            " no file it names was touched"
        ).format(journal=terminal_safe(str(root / files.JOURNAL)))
    )
    raise typer.Exit(EXIT_OK)
