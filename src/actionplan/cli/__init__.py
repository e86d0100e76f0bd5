"""The command line: a thin layer that parses options, calls the core and picks the exit code."""

from __future__ import annotations

import sys
from typing import Any

from actionplan.i18n import _, install_for_libraries, os_reason

# Importing a module registers its commands; this order is the order of `actionplan --help`.
# isort: off
from actionplan.cli import validate  # noqa: F401 - validate
from actionplan.cli import query  # noqa: F401 - list, show, tree, report, glossary
from actionplan.cli import progress  # noqa: F401 - init, progress set/sheet/import
from actionplan.cli import publish  # noqa: F401 - roadmap, export, schema
from actionplan.cli import history  # noqa: F401 - diff, log

# isort: on
from actionplan import console
from actionplan.cli.app import EXIT_BUG, EXIT_OK, EXIT_PROBLEMS, app


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: no tracebacks, any console encoding, quiet on a closed pipe."""
    install_for_libraries()
    console.setup()
    stdout = sys.stdout
    try:
        try:
            return app(args=argv)
        finally:
            sys.stdout.flush()  # here, not at exit, so that a full disk is reported
    except SystemExit as done:
        if done.code == 1 and sys.stdout is not stdout:
            # typer swaps stdout for a quiet one and exits 1 when the reader (head, less) went away.
            sys.exit(EXIT_OK)
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        console.silence_stdout()
        sys.exit(EXIT_OK)
    except OSError as exc:
        if exc.errno not in console.WRITE_ERRNOS:
            _bug(exc)
        console.silence_stdout()
        # A failed write exits 1 for every command and target (files.py).
        sys.stderr.write(_("actionplan: error: cannot write the output: {reason}").format(reason=os_reason(exc)) + "\n")
        sys.exit(EXIT_PROBLEMS)
    except Exception as exc:
        _bug(exc)


def _bug(exc: BaseException) -> None:
    sys.stderr.write(
        _("actionplan: internal error: {error}").format(error=f"{type(exc).__name__}: {exc}")
        + "\n"
        + _("This is a bug in actionplan; please report it with the command you ran.")
        + "\n"
    )
    sys.exit(EXIT_BUG)
