"""The README's examples of the plan over time, run on the repository tests/history_repo.py builds.

Each ```text block after the marker comment holds ``$ actionplan …`` lines; the output under each
is what the command prints, run from the repository's top. UPDATE_GOLDEN=1 rewrites the blocks.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from tests.conftest import Run

from history_repo import build

README = Path(__file__).resolve().parents[2] / "README.md"
MARKER = "<!-- output checked by tests/cli/test_readme_history.py -->\n```text\n"
BLOCK = re.compile(re.escape(MARKER) + r"(.*?)```", re.DOTALL)


def test_readme_history_examples(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = build(tmp_path).parent
    monkeypatch.chdir(repo)
    text = README.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 2, "the README lost its history examples"

    def replay(match: re.Match[str]) -> str:
        out = []
        for line in match.group(1).splitlines():
            if not line.startswith("$ actionplan "):
                continue
            result = run(*shlex.split(line.removeprefix("$ actionplan "), comments=True))
            assert result.exit_code in (0, 1), f"{line}\n{result.output}"  # 1: validate found what is left
            out.append(line + "\n" + result.output.rstrip("\n") + "\n")
        return MARKER + "\n".join(out) + "```"

    expected = BLOCK.sub(replay, text)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        README.write_text(expected, encoding="utf-8")
        return
    assert text == expected, "README history examples differ from the real output (UPDATE_GOLDEN=1 rewrites them)"
