"""The README's example of validate finding problems, on a copy of the plan with the two edits
it names: a typo in a 主管課 (1-2-4) and 協働 dropped from 1-2-2. UPDATE_GOLDEN=1 rewrites it."""

from __future__ import annotations

from pathlib import Path

import pytest

from readme_blocks import check_readme_blocks
from support import Run


def test_readme_validate_example(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readme_language: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "my-plan").exit_code == 0
    items = tmp_path / "my-plan" / "items"
    typo = items / "1-2-4.yaml"
    typo.write_text(
        typo.read_text(encoding="utf-8").replace("  - 産業振興センター", "  - 産業振興センタ"), encoding="utf-8"
    )
    dropped = items / "1-2-2.yaml"
    dropped.write_text(dropped.read_text(encoding="utf-8").replace("tags: [協働]", "tags: []"), encoding="utf-8")
    assert check_readme_blocks("test_readme_validate.py", run) == 1, "the README lost its validate example"
