"""`actionplan validate`: every problem of the plan in one run."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

import actionplan.cli.clock as clock
from actionplan import checks
from actionplan.cli.app import EXIT_OK, EXIT_PROBLEMS, PlanOption, app, choice, plan_dir
from actionplan.i18n import SOURCE_LANGUAGE, _, language, speaking
from actionplan.problems import Problem, errors
from actionplan.render.problems import REPORTERS, warning_count


@app.command(
    help=_(
        "Check the plan: schema, IDs, vocabularies, schedules, glossary, stated counts.\n\n"
        "Every problem is reported in one run as path:line:col: CODE message. A clean run prints "
        "the items per pillar and goal against the stated counts.\n\n"
        "Example: actionplan validate --plan ./my-plan --format github"
    )
)
def validate(
    plan: PlanOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=_("Report format: {formats}.").format(formats=_(", ").join(REPORTERS)),
            callback=choice(REPORTERS),
        ),
    ] = "text",
) -> None:
    """Check the plan and report every problem (help: see the decorator, in the user's language)."""
    from actionplan.reports.structure import counts_view

    root = plan_dir(plan)
    today = clock.today()
    result = checks.load_and_check(root, today)
    loaded, problems = result.value, result.problems
    if fmt == "json" and language() != SOURCE_LANGUAGE:
        problems = _in_english(root, problems, today)
    summary = None
    if loaded is not None and not errors(problems):
        summary = counts_view(loaded)
        items = loaded.meta.labels.term("item")
        said = _("ok: {count} {items}s, no problems").format(count=len(loaded.items), items=items)
        if problems:  # warnings only
            said = _("{ok}, {warnings}").format(ok=said, warnings=warning_count(len(problems)))
        summary.notes.append(said)
    REPORTERS[fmt](problems, summary, sys.stdout, tty=sys.stdout.isatty())
    raise typer.Exit(EXIT_PROBLEMS if errors(problems) else EXIT_OK)


def _in_english(root: Path, local: list[Problem], today: date) -> list[Problem]:
    """The problems with JSON's English ``message`` and ``hint``, the user's language in ``*_local``.

    The contract's message does not change with the locale (docs/validate.md): the plan is checked
    a second time in English, and the two runs, finding the same problems in the same order, pair up.
    """
    with speaking(SOURCE_LANGUAGE):
        english = checks.load_and_check(root, today).problems
    same = len(english) == len(local) and all(e.sort_key == p.sort_key for e, p in zip(english, local, strict=True))
    if not same:  # a file changed between the two readings: the contract's English alone
        return english
    return [replace(e, message_local=p.message, hint_local=p.hint) for e, p in zip(english, local, strict=True)]
