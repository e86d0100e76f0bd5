"""``init DIR --blank`` and ``init DIR --from TABLE``: a new plan of one's own."""

from __future__ import annotations

from pathlib import Path

import typer

from actionplan import files
from actionplan.cli.app import usage_error, write_failed
from actionplan.cli.history import period_option
from actionplan.i18n import _
from actionplan.loader import PLAN_ENV, PROGRESS_DIR
from actionplan.newplan import NewPlan, blank
from actionplan.newplan import files as files_of
from actionplan.tableplan import Mapping, ReadIndicator
from actionplan.text import normalise, terminal_safe


def init_new(
    directory: Path, table: Path | None, period: str | None, given: tuple[str | None, ...], *, next_plan: bool
) -> None:
    """Write a blank plan, or one made from ``table``, into the new folder ``directory``."""
    if next_plan:
        usage_error(_("--next cannot go with --blank or --from"))
    if table is not None:
        _from_table(directory, table, period, given)
        return
    if period is None:
        usage_error(_("--blank needs --period START-END, e.g. --period 2025-2027"))
    start, end = period_option(period)
    plan = _named(NewPlan(start, end), given)
    _create(directory, blank(plan))
    shown = terminal_safe(str(directory))
    typer.echo(_("created {path}: a blank plan with one pillar and one item").format(path=shown))
    _next_step(directory)


def _from_table(directory: Path, table: Path, period: str | None, given: tuple[str | None, ...]) -> None:
    """``init DIR --from TABLE``: the mapping of headings, then the plan or the problems (exit 1, nothing written)."""
    from actionplan.render.problems import problem_count, problem_line
    from actionplan.tableplan import read_table

    years = period_option(period) if period is not None else None
    if not table.is_file():
        usage_error(_("--from {path}: no such file").format(path=terminal_safe(str(table))))
    mapping, result = read_table(table, years)
    if mapping is not None:
        read = result.value.plan.items if result.value is not None else []
        _print_mapping(table, mapping, [item.id for item in read if not item.departments])
    if result.value is None or result.problems:
        for problem in result.problems:
            typer.echo(problem_line(problem))
        typer.echo(_("{problems}; nothing was written").format(problems=problem_count(result.problems)))
        raise typer.Exit(1)
    if result.value.indicators:
        _print_indicators(result.value.indicators)
    made = result.value.plan
    if years is not None:
        made.start, made.end = min(made.start, years[0]), max(made.end, years[1])
    named = _named(made, given)
    _create(directory, files_of(named))
    typer.echo(
        _("created {path}: {count} items from {table}").format(
            path=terminal_safe(str(directory)), count=len(named.items), table=terminal_safe(table.name)
        )
    )
    _next_step(directory)


def _print_mapping(table: Path, mapping: Mapping, no_department: list[str]) -> None:
    """Each heading used and the field it fills, then the headings not used and the items whose
    主管課 cell is blank (plan.yaml's office answers for them): nothing is mapped silently.

    A table on a terminal, plain text when piped (the table format of every report).
    """
    from actionplan.cli.app import emit
    from actionplan.views import Table, View

    columns = [_("cell"), _("heading in the table"), _("field")]
    rows = [[c.cell, c.heading, mapping.field_name(c)] for c in mapping.columns]
    title = _("headings of {table} (row {row})").format(table=table.name, row=mapping.heading_row)
    notes = []
    if mapping.unused:
        shown = (_("{cell} 「{heading}」").format(cell=c, heading=h) for c, h in mapping.unused)
        notes.append(_("headings not used: {headings}").format(headings=_(", ").join(shown)))
    if no_department:
        message = _("items naming no department (blank cell): {items}; plan.yaml's office: answers for them")
        notes.append(message.format(items=_(", ").join(no_department)))
    used = Table(columns, rows, title=title)
    emit(View({"columns": rows}, [used], used, notes=notes), "table")


def _print_indicators(read: list[ReadIndicator]) -> None:
    """Each indicator read, with the cell (and line) it came from and its targets as written: how a row
    with several was split is shown, never left to be found in the files."""
    from actionplan.cli.app import emit
    from actionplan.views import Table, View

    columns = [_("item ID"), _("indicator ID"), _("indicator"), _("read from"), _("target"), _("baseline")]
    rows = [[r.item, r.indicator, r.name, r.cells, r.targets, r.baseline] for r in read]
    shown = Table(columns, rows, title=_("indicators read ({count})").format(count=len(rows)))
    emit(View({"indicators": rows}, [shown], shown), "table")


def _named(plan: NewPlan, given: tuple[str | None, ...]) -> NewPlan:
    """The plan with the --name, --municipality and --code given (the code checked), the rest to fill in."""
    from actionplan.checks import code_check_digit

    name, municipality, code = given
    if name is not None and name.strip():
        plan.name = name.strip()
    if municipality is not None and municipality.strip():
        plan.municipality = municipality.strip()
    if code is not None:
        code = normalise(code).strip()
        if len(code) != 6 or not code.isdecimal() or not code.isascii():
            usage_error(_("--code {code}: a municipality code has 6 digits, e.g. 131156").format(code=code))
        if code[5] != (digit := code_check_digit(code[:5])):
            usage_error(
                _("--code {code}: the check digit is {given}, expected {digit}").format(
                    code=code, given=code[5], digit=digit
                )
            )
        plan.code = code
    return plan


def _create(directory: Path, new_files: dict[str, bytes]) -> None:
    try:
        files.create_tree(directory, new_files, [PROGRESS_DIR])
    except files.WriteError as exc:
        write_failed(exc)


def _next_step(directory: Path) -> None:
    shown = terminal_safe(str(directory))
    message = _("next: fill in the values marked 【要記入】; actionplan validate --plan {path} lists what is left")
    typer.echo(message.format(path=shown))
    typer.echo(_("(or: export {variable}={path})").format(variable=PLAN_ENV, path=shown))
