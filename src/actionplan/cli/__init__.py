"""The command line: a thin layer that parses options, calls the core and picks the exit code."""

from __future__ import annotations

import copy
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

# No pydantic plugins in the tool: a plugin installed beside it must not change how a plan is read,
# and looking for one scans the metadata of every installed package at start-up (typer switches
# them off the same way for its own parameters). Set before the models are built, on import below.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# Start-up: the imports below (typer, pydantic, the models) make some 50,000 objects the cyclic
# collector tracks, all of which live as long as the process. It would walk them again and again
# while they are made and at every full collection after, the interpreter's own at exit included:
# it is paused while they are made, and they are then frozen (gc.freeze) into the generation no
# collection walks. What a command makes afterwards (a plan, its reports) is collected
# as usual. This is a fifth of the CPU of `list` on the embedded plan (docs/benchmarks.md).
_collecting = gc.isenabled()
gc.disable()

from typer.main import get_command_name as typer_name  # noqa: E402 (after the collector's pause)

from actionplan import console  # noqa: E402
from actionplan.cli.app import EXIT_BUG, EXIT_OK, EXIT_PROBLEMS, app  # noqa: E402
from actionplan.cli.usage import Typer  # noqa: E402
from actionplan.i18n import _, install_for_libraries, os_reason  # noqa: E402

gc.freeze()
if _collecting:
    gc.enable()

# Importing a module registers its commands; this order is the order of `actionplan --help`.
MODULES = ("validate", "query", "progress", "publish", "history")
# Which module registers each command, so that a run imports only its own command's module: `list`
# loads neither progress, publishing nor history (tests/unit/test_imports.py keeps this complete).
COMMANDS = {
    "validate": "validate",
    "list": "query",
    "show": "query",
    "tree": "query",
    "report": "query",
    "glossary": "query",
    "init": "progress",
    "progress": "progress",
    "roadmap": "publish",
    "export": "publish",
    "schema": "publish",
    "diff": "history",
    "log": "history",
    "rename-department": "history",
    "recover": "history",
}


def load_commands(argv: Sequence[str] | None = None) -> Typer:
    """The app with the commands that ARGV can run: its own command only, or all of them.

    The root's options are flags, so the first word that is not an option names the command. Help
    for the whole tool, no command, or a mistyped one (which is told the names it could have
    meant) loads every module and gets the whole app.
    """
    name = next((word for word in argv if not word.startswith("-")), None) if argv is not None else None
    wanted = [COMMANDS[name]] if name in COMMANDS else MODULES
    for module in wanted:
        importlib.import_module(f"actionplan.cli.{module}")
    return app if name not in COMMANDS else _only(name)


def _only(name: str) -> Typer:
    """A copy of the app that holds only the command NAME: typer builds every command it holds,
    with each parameter's validator, before it runs one (the other four of cli/query.py cost
    ~5 ms of a ~20 ms `list`). The shared app keeps them all."""
    one = copy.copy(app)
    one.registered_commands = [
        c for c in app.registered_commands if (c.name or typer_name(c.callback.__name__ if c.callback else "")) == name
    ]
    one.registered_groups = [g for g in app.registered_groups if g.name == name]
    return one


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: no tracebacks, any console encoding, quiet on a closed pipe."""
    install_for_libraries()
    console.setup()
    stdout = sys.stdout
    try:
        try:
            return load_commands(sys.argv[1:] if argv is None else argv)(args=argv)
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
