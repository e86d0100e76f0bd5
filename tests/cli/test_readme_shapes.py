"""The README's plans of other shapes, run for real: each block's lines are what the command prints.

A block after the marker holds one ``$ actionplan …`` line and the first lines of its output,
ended by ``…`` where the output goes on. Run from the repository root (the fixture paths).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from readme_blocks import check_english

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- output checked by tests/cli/test_readme_shapes.py -->\n```text\n"
BLOCK = re.compile(re.escape(MARKER) + r"(.*?)```", re.DOTALL)


def test_readme_shapes_blocks_are_real_output(run: Any, monkeypatch: pytest.MonkeyPatch, readme_language: str) -> None:
    monkeypatch.chdir(ROOT)
    blocks = BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) == 2, "the README lost its plans of other shapes"
    for block in blocks:
        command, *shown = block.splitlines()
        args = shlex.split(command.removeprefix("$ actionplan "))
        result = run(*args)
        assert result.exit_code == 0, result.output
        if readme_language == "en":
            check_english([(args, result.output)])
            continue
        printed = result.stdout.splitlines()
        if shown[-1] == "…":
            shown, printed = shown[:-1], printed[: len(shown) - 1]
        assert shown == printed, command
