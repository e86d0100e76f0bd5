"""The README's examples of the plan over time, run on the repository tests/history_repo.py builds.

Each ```text block after the marker comment holds ``$ actionplan …`` lines; the output under each
is what the command prints, run from the repository's top. UPDATE_GOLDEN=1 rewrites the blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from history_repo import build
from readme_blocks import check_readme_blocks
from support import Run


def test_readme_history_examples(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readme_language: str
) -> None:
    repo = build(tmp_path).parent
    monkeypatch.chdir(repo)
    # 1: validate found what is left
    assert check_readme_blocks("test_readme_history.py", run) >= 2, "the README lost its history examples"
