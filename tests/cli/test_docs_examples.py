"""The examples of docs/publishing.md, run for real in Japanese: what each command prints (the
``wrote`` lines with their byte counts) is what the page shows. UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

from pathlib import Path

import pytest

from readme_blocks import check_readme_blocks
from support import Run

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_publishing_examples_print_what_the_page_shows(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, japanese: None
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan").mkdir()  # the schema example writes next to the plan's items
    document = DOCS / "publishing.md"
    found = check_readme_blocks("test_docs_examples.py", run, exits=(0,), document=document, fence="console")
    assert found == 4, "docs/publishing.md lost one of its checked examples"
    assert (tmp_path / "opendata" / "datapackage.json").is_file()
