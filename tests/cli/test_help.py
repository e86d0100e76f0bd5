"""What --help shows a newcomer: plain metavars, true option references, --version."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata

import pytest

from cli.test_cli_docs import _command_paths
from support import Run


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "actionplan")
def test_help_reads_plainly(run: Run, path: list[str]) -> None:
    result = run(*path, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = result.stdout
    # typer's type labels and brace/bracket wrapping mean nothing to a ward clerk.
    assert not re.search(r"<(list\[)?(str|int|path|dir|file|bool)", text), text
    assert not re.search(r"\{[A-Z]+\}|\[\[", text), text
    # Every option the option texts mention is an option of this command (report has no --year).
    options = text.split("Options:", 1)[-1].split("Commands:", 1)[0]  # not what the commands' texts say
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


ASCII_WORD = re.compile(r"[!-~]+")


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "actionplan")
def test_japanese_help_fits_the_terminal(path: list[str]) -> None:
    """At COLUMNS=80 and 100 no line is wider than the terminal (a kanji takes two columns) and no
    option or path is cut in two; every command's help has an example.

    A fresh process: help texts are translated when the commands are defined, on import.
    """
    from actionplan.text import display_width

    def shown(columns: int) -> str:
        env = os.environ | {"ACTIONPLAN_LANG": "ja", "COLUMNS": str(columns)}
        command = [sys.executable, "-c", "from actionplan.cli import main; main()", *path, "--help"]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout

    wide = set(ASCII_WORD.findall(shown(2000)))
    for columns in (80, 100):
        narrow = shown(columns)
        assert max(display_width(line) for line in narrow.splitlines()) < columns, narrow
        cut = set(ASCII_WORD.findall(narrow)) - wide
        assert not cut, f"{' '.join(path)} --help cuts {sorted(cut)} at COLUMNS={columns}"
        assert "オプション：\n" in narrow and not re.search(r"[^\x00-\x7f]:$", narrow, re.M)  # the catalog's colon
        assert "例：" in narrow or path in ([], ["progress"]), f"{' '.join(path)} --help has no example"


def test_help_wraps_between_japanese_characters_not_inside_words() -> None:
    from actionplan.text import wrap

    lines = wrap("項目 × 年度 × 段階）、progress_phases、indicator_values", 20)
    assert lines == ["項目 × 年度 × 段", "階）、", "progress_phases、", "indicator_values"]  # 禁則, words whole
    assert wrap("あいうえお。かきくけこ", 10) == ["あいうえ", "お。かきく", "けこ"]  # 。 never starts a line
    assert wrap("一二三（四五", 8) == ["一二三", "（四五"]  # （ never ends a line
