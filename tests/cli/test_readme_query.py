"""The README's first examples (validate, list, report, show), run for real.

Each block after the marker holds one ``$ actionplan …`` line and what it prints; a line
``…`` stands for any number of lines left out. Blocks end where the output ends unless
their last line is ``…``.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from readme_blocks import check_english

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- output checked by tests/cli/test_readme_query.py -->\n```text\n"
BLOCK = re.compile(re.escape(MARKER) + r"(.*?)```", re.DOTALL)


def matches(shown: list[str], printed: list[str]) -> bool:
    """``shown`` equals ``printed`` where each ``…`` line may stand for any run of lines."""
    if not shown:
        return not printed
    if shown[0] == "…":
        return any(matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and shown[0] == printed[0] and matches(shown[1:], printed[1:])


def test_matches() -> None:
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…"], ["a", "b"])
    assert not matches(["a", "…", "d"], ["a", "b", "c"])
    assert not matches(["a"], ["a", "b"])


def test_readme_query_blocks_are_real_output(run: Any, readme_language: str) -> None:
    blocks = BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) == 4, "the README lost one of its first examples"
    english = []
    for block in blocks:
        command, *shown = block.splitlines()
        args = shlex.split(command.removeprefix("$ actionplan "), comments=True)
        result = run(*args)
        assert result.exit_code == 0, result.output
        if readme_language == "en":
            english.append((args, result.output))
        else:
            assert matches(shown, result.stdout.splitlines()), f"{command}\n{result.stdout}"
    if english:
        check_english(english)
