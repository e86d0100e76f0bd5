"""docs/cli.md is generated from the commands' --help, so the docs cannot drift from the tool."""

from __future__ import annotations

import os
from pathlib import Path

from typer.main import get_command

from actionplan.cli.app import app
from support import Run

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


def _command_paths() -> list[list[str]]:
    group = get_command(app)
    paths: list[list[str]] = [[]]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        paths.append([name])
        paths += [[name, sub] for sub in getattr(command, "commands", {})]
    return paths


def _generate(run: Run) -> str:
    parts = [
        "# Command reference",
        "",
        "Generated from `actionplan … --help` by `UPDATE_GOLDEN=1 python -m pytest tests/cli/test_cli_docs.py`;",
        "a test fails when this file and the tool disagree.",
    ]
    for path in _command_paths():
        result = run(*path, "--help", env={"COLUMNS": "80"})  # a terminal of 80 columns
        assert result.exit_code == 0, path
        parts += ["", f"## actionplan {' '.join(path)}".rstrip(), "", "```text", result.stdout.rstrip(), "```"]
    return "\n".join(parts) + "\n"


def test_cli_docs_match_help(run: Run) -> None:
    text = _generate(run)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        DOCS.write_text(text, encoding="utf-8")
    assert text == DOCS.read_text(encoding="utf-8"), "docs/cli.md is stale: regenerate it (see its first lines)"
