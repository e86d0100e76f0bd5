"""The command line: a thin layer that parses options, calls the core and picks the exit code."""

from __future__ import annotations

import sys
from typing import Any

from actionplan.i18n import _, install_for_libraries

# Importing a module registers its commands; this order is the order of `actionplan --help`.
# isort: off
from actionplan.cli import validate  # noqa: F401 - validate
from actionplan.cli import query  # noqa: F401 - list, show, tree, report, glossary
from actionplan.cli import progress  # noqa: F401 - init, progress set/sheet/import
from actionplan.cli import publish  # noqa: F401 - roadmap, export, schema
from actionplan.cli import history  # noqa: F401 - diff, log

# isort: on
from actionplan.cli.app import EXIT_BUG, EXIT_OK, app


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: no tracebacks, quiet on a closed pipe."""
    install_for_libraries()
    try:
        return app(args=argv)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader (head, less) went away; nothing more to say.
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except Exception as exc:
        sys.stderr.write(
            _("actionplan: internal error: {error}").format(error=f"{type(exc).__name__}: {exc}")
            + "\n"
            + _("This is a bug in actionplan; please report it with the command you ran.")
            + "\n"
        )
        sys.exit(EXIT_BUG)
