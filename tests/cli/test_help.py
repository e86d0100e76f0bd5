"""What --help shows a newcomer: plain metavars, true option references, --version."""

from __future__ import annotations

import re
import subprocess
from importlib import metadata

import pytest
from test_cli_docs import _command_paths
from tests.conftest import Run


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "actionplan")
def test_help_reads_plainly(run: Run, path: list[str]) -> None:
    result = run(*path, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = result.stdout
    # typer's type labels and brace/bracket wrapping mean nothing to a ward clerk.
    assert not re.search(r"<(list\[)?(str|int|path|dir|file|bool)", text), text
    assert not re.search(r"\{[A-Z]+\}|\[\[", text), text
    # Every option the option texts mention is an option of this command (report has no --year).
    options = text.split("Options:", 1)[-1]
    own = set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]+)", options, re.MULTILINE))
    unwrapped = " ".join(re.sub(r"-\n\s+", "-", options).split())  # help wraps lines after a hyphen
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*[a-z])", unwrapped))
    assert mentioned <= own, f"{' '.join(path)} --help mentions {sorted(mentioned - own)}"


def test_report_help_does_not_offer_year_option(run: Run) -> None:
    text = run("report", "--help").stdout
    assert "--year" not in text
    assert "YEAR" in text


def test_repeated_dept_is_any_and_repeated_tag_is_all(run: Run) -> None:
    text = " ".join(run("list", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "repeated, items of any of them" in text
    assert "repeated, items with all of them" in text


def test_version_names_the_commit_of_a_checkout(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    # The tests run from the repository (an editable install): the version names the commit.
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout
    assert re.fullmatch(
        rf"actionplan {re.escape(metadata.version('actionplan'))} \(([0-9a-f]{{12}})(-dirty)?\)\n", result.stdout
    )
    assert result.stdout.split("(")[1][:12] == commit[:12]


def test_list_year_without_phase_is_a_usage_error(run: Run) -> None:
    result = run("list", "--year", "2020")
    assert result.exit_code == 2
    assert "--year only says which year --phase looks at; add --phase" in result.stderr
    assert run("list", "--year", "2020", "--phase", "実施").exit_code == 0
