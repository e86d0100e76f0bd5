"""The typer app and what every command shares: options, plan loading, output, exits."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Annotated, NoReturn

import typer

import actionplan.cli.clock as clock
from actionplan import console, files, fiscal, loader
from actionplan.cli.usage import Typer
from actionplan.i18n import _, ngettext
from actionplan.loader import Plan, PlanNotFound
from actionplan.render.formats import FILE_FORMATS, NAMES, render
from actionplan.render.problems import problem_line
from actionplan.text import suggest, terminal_safe
from actionplan.views import View

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

app = Typer(
    name="actionplan",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        "-p",
        envvar=loader.PLAN_ENV,
        help=_("Plan directory (holding plan.yaml). Default: ${env}, else the embedded Suginami plan.").format(
            env=loader.PLAN_ENV
        ),
        show_default=False,
        file_okay=False,
    ),
]

# Public by default; internal fields only when asked for, and then the output says so.
InternalOption = Annotated[
    bool,
    typer.Option(
        "--internal",
        help=_(
            "Include internal fields (internal notes, who answered …); every page and file is then marked "
            "internal use only."
        ),
    ),
]


def choice(options: Iterable[str]) -> Callable[[str], str]:
    """A typer callback accepting only ``options`` (usage error, exit 2, otherwise)."""
    allowed = list(options)

    def check(value: str) -> str:
        if value not in allowed:
            problem = _("'{value}' is not one of: {allowed}").format(
                value=terminal_safe(value), allowed=_(", ").join(allowed)
            )
            hint = suggest(value, allowed)  # --format mardown: did you mean 'markdown'?
            raise typer.BadParameter(_("{problem}; {hint}").format(problem=problem, hint=hint) if hint else problem)
        return value

    return check


FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help=_("Output format: {formats}.").format(formats=_(", ").join(NAMES)),
        callback=choice(NAMES),
    ),
]


def _checkout_commit() -> str | None:
    """The commit of the source checkout this package runs from (an editable install), else None.

    A bug report then names the exact code, not just a version that many commits share.
    """
    import subprocess  # only for --version: every other command starts without it

    source = Path(__file__).resolve().parents[3]
    if not (source / ".git").exists() or not (source / "pyproject.toml").is_file():
        return None
    command = ["git", "-C", str(source), "describe", "--always", "--dirty", "--abbrev=12", "--exclude", "*"]
    try:
        found = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None if found.returncode == 0 else None


def _version(value: bool) -> None:
    if value:
        commit = _checkout_commit()
        suffix = f" ({commit})" if commit else ""
        typer.echo(f"actionplan {metadata.version('actionplan')}{suffix}")
        raise typer.Exit(EXIT_OK)


@app.callback(
    help=_(
        "Keep a municipal ICT action plan as YAML and answer questions about it.\n\n"
        "Exit codes: 0 ok, 1 problems found or an output not written, 2 usage error, "
        "3 a bug in actionplan (please report it)."
    )
)
def _root(
    version: Annotated[
        bool, typer.Option("--version", help=_("Print the version and exit."), callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Options of `actionplan` itself (the help text is the decorator's, in the user's language)."""


def usage_error(message: str) -> NoReturn:
    """Print a usage error (what was wrong and what would be right) and exit 2.

    The message often repeats what the user typed: it is made terminal-safe, so an escape
    sequence in an argument is shown as U+FFFD, never run by the terminal.
    """
    typer.echo(_("actionplan: error: {message}").format(message=terminal_safe(message)), err=True)
    raise typer.Exit(EXIT_USAGE)


def option_day(option: str, value: str, plan: Plan, today: date, *, ahead: bool = False) -> date:
    """The date given to ``option`` (fiscal.parse_day's rule), or a usage error naming the option."""
    try:
        return fiscal.parse_day(value, plan.meta.period.years[0], today, ahead=ahead)
    except fiscal.FiscalYearError as exc:
        usage_error(_("{option} {problem}").format(option=option, problem=exc))


def write_failed(exc: files.WriteError) -> NoReturn:
    """Every command's answer to an output it could not write: the reason, and exit 1."""
    typer.echo(_("actionplan: error: {message}").format(message=terminal_safe(str(exc))), err=True)
    raise typer.Exit(EXIT_PROBLEMS)


def resolve_department(plan: Plan, text: str) -> str:
    """A department as typed by the user, by the one resolver (query.department_now), or exit 2.

    A name the department had before a rename recorded in plan.yaml is followed to its name
    now, with a note on standard error; an unknown name gets the closest known names.
    """
    from actionplan.query import QueryError, department_now

    try:
        name, note = department_now(plan, text)
    except QueryError as exc:
        usage_error(str(exc))
    if note:
        typer.echo(_("note: {note}").format(note=note), err=True)
    return name


def plan_dir(given: Path | None) -> Path:
    try:
        return loader.resolve_plan_dir(given)
    except PlanNotFound as exc:
        usage_error(str(exc))


def open_plan(given: Path | None) -> Plan:
    """Load the plan for a query command; a plan that cannot be read at all exits 1."""
    root = plan_dir(given)
    result = loader.load(root)
    plan, problems = result.value, result.problems
    if plan is None:
        for p in loader.locate(problems):
            typer.echo(problem_line(p), err=True)
        typer.echo(_("the plan cannot be read; run 'actionplan validate' for details"), err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    if problems:
        typer.echo(
            ngettext(
                "warning: {n} file problem in the plan; run 'actionplan validate'",
                "warning: {n} file problems in the plan; run 'actionplan validate'",
                len(problems),
            ).format(n=len(problems)),
            err=True,
        )
    return plan


AllowProblemsOption = Annotated[
    bool,
    typer.Option(
        "--allow-problems",
        help=_("Write the output even when 'actionplan validate' finds problems; the output then says so."),
    ),
]


def open_plan_to_publish(given: Path | None, allow_problems: bool) -> tuple[Plan, int]:
    """Load and validate the plan for a document others will read: (plan, number of problems).

    A plan with problems is refused (every problem printed, exit 1) unless ``allow_problems``;
    then the caller marks its output with the number returned.
    """
    from actionplan import checks
    from actionplan.problems import errors

    root = plan_dir(given)
    result = checks.load_and_check(root, clock.today())
    plan = result.value
    for p in result.problems:
        typer.echo(problem_line(p), err=True)
    problems = errors(result.problems)  # a warning is printed and does not stop the output
    if plan is None:
        typer.echo(_("the plan cannot be read; run 'actionplan validate' for details"), err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    count = len(problems)
    if problems and not allow_problems:
        message = ngettext(
            "not written: {n} problem in the plan; fix it ('actionplan validate') "
            "or write anyway with --allow-problems",
            "not written: {n} problems in the plan; fix them ('actionplan validate') "
            "or write anyway with --allow-problems",
            count,
        )
        typer.echo(message.format(n=count), err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    if problems:
        message = ngettext(
            "warning: written with {n} problem (--allow-problems)",
            "warning: written with {n} problems (--allow-problems)",
            count,
        )
        typer.echo(message.format(n=count), err=True)
    return plan, count


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=_("Write to this file (whole or not at all) instead of standard output; - is standard output."),
    ),
]


def emit(view: View, fmt: str, output: Path | None = None) -> None:
    """Print a view in a format, to the terminal or into a file (see :mod:`actionplan.files`)."""
    if fmt in FILE_FORMATS:
        if output is None or files.is_stdout(output):
            usage_error(_("--format {fmt} makes a file: give -o FILE.{fmt}").format(fmt=fmt))
        from actionplan.render.pdf import MissingDependency

        try:
            data = FILE_FORMATS[fmt](view)
        except MissingDependency as exc:
            usage_error(str(exc))
        write_bytes(data, output)
        return
    if (output is None or files.is_stdout(output)) and fmt not in DOCUMENT_FORMATS:
        render(view, fmt, sys.stdout, tty=sys.stdout.isatty())
        return
    buffer = io.StringIO()
    render(view, fmt, buffer, tty=False)
    output_document(buffer.getvalue(), output)


# Formats that declare their encoding: UTF-8 bytes whatever the console's code page (console.py).
DOCUMENT_FORMATS = ("html", "json")


def output_document(text: str, output: Path | None) -> None:
    """A document (HTML, JSON) to standard output, or into ``output`` by the one writer's policy.

    A failed write exits 1.
    """
    if output is None or files.is_stdout(output):
        console.write_document(text)
        return
    write_bytes(text.encode("utf-8"), output)


def write_bytes(data: bytes, output: Path) -> None:
    """``data`` into ``output`` by :func:`actionplan.files.write_output`; a failure exits 1."""
    try:
        files.write_output(output, data)
    except files.WriteError as exc:
        write_failed(exc)
    if not files.is_stdout(output):
        shown = terminal_safe(str(output))
        typer.echo(_("wrote {path} ({size} bytes)").format(path=shown, size=f"{len(data):,}"), err=True)
