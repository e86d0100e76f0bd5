"""The Japanese documents run for real: README.ja.md and docs/ja/ (年度の進め方, 計画の書き方, 記入要領).

Their ``$ actionplan …`` blocks are replayed like the English README's (tests/readme_blocks.py),
each document in an empty folder; departments fill in their sheets before an import as in
test_readme_progress.py. The 記入要領 section of docs/ja/kinyu-yoryo.md is the 記入要領 tab of a
sheet the tool writes, so the document and the sheet cannot say different things.
UPDATE_GOLDEN=1 rewrites them all.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from cli.test_readme_progress import fill_sheets
from readme_blocks import check_readme_blocks
from support import FIXTURES, Run

ROOT = Path(__file__).resolve().parents[2]
GUIDE_DOC = ROOT / "docs" / "ja" / "kinyu-yoryo.md"
GUIDE = re.compile(r"(<!-- 記入要領: [^\n]*-->\n)(.*?)(<!-- end of 記入要領 -->)", re.DOTALL)
INDICATOR_ROWS = re.compile(r"(<!-- 指標の行: [^\n]*-->\n)(.*?)(<!-- end of 指標の行 -->)", re.DOTALL)
TYPO = ("産業振興センター", "産業振興センタ")  # the slip keikaku.md's validate example shows


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, japanese: None) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _prepare(folder: Path) -> Any:
    def before(args: list[str]) -> None:
        if args[:2] == ["progress", "import"] and "--dry-run" in args:
            fill_sheets(folder / args[2])
        if args == ["validate", "--plan", "my-plan"]:
            item = folder / "my-plan" / "items" / "1-2-4.yaml"
            item.write_text(item.read_text(encoding="utf-8").replace(*TYPO), encoding="utf-8")

    return before


@pytest.mark.parametrize(
    ("document", "blocks"),
    [("README.ja.md", 1), ("docs/ja/nendo.md", 6), ("docs/ja/keikaku.md", 2)],
)
def test_japanese_documents_show_real_output(run: Run, folder: Path, document: str, blocks: int) -> None:
    found = check_readme_blocks("test_docs_ja.py", run, before=_prepare(folder), document=ROOT / document)
    assert found == blocks, f"{document} lost one of its examples"


def _guide_markdown(sheet: Path) -> str:
    """The 記入要領 tab as Markdown: its title line, the notes, then each table."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    tab = load_workbook(sheet).worksheets[1]
    rows = [[str(c) for c in row if c is not None] for row in tab.iter_rows(values_only=True)]
    rows = [r for r in rows if r]
    out = [f"## {rows[0][0]}", "", f"**{rows[1][0]}**", ""]
    width = 1  # cells in the row before: a table starts where the count changes (its heading row)
    for row in rows[2:]:
        cells = "| " + " | ".join(cell.replace("|", "｜").replace("\n", "<br>") for cell in row) + " |"
        if len(row) == 1:
            out.append(f"- {row[0]}")
        elif len(row) != width:
            out += ["", cells, "|" + "---|" * len(row)]
        else:
            out.append(cells)
        width = len(row)
    return "\n".join(out) + "\n\n"


def test_the_guide_for_departments_is_the_sheets_own(run: Run, folder: Path) -> None:
    args = ["progress", "sheets", "R2", "-o", "sheets", "--due", "2021-04-30", "--dept", "防災課"]
    assert run(*args, "--contact", "情報政策課 内線1234").exit_code == 0
    generated = _guide_markdown(next((folder / "sheets").glob("*.xlsx")))
    assert "空にしたセルは前回までの回答のまま残ります。" in generated and "| 完了 |" in generated
    # What the 記入要領 of a plan with indicators adds: its note on the rows of indicators, and their table.
    kpi = ["progress", "sheets", "R6", "-o", "kpi", "--plan", str(FIXTURES / "shapes" / "kpi-city")]
    assert run(*kpi).exit_code == 0
    lines = _guide_markdown(next((folder / "kpi").glob("*.xlsx"))).splitlines()
    table = lines.index("| 指標の行の欄 | 記入のしかた |")
    note = next(line for line in lines if "指標ごとの行があります" in line)
    # Its 進捗区分 may stay empty where every indicator row is graded (a plan whose ratings have a rollup).
    status = next(line for line in lines if line.startswith("| 進捗区分 | 一覧から"))
    assert "空欄のままでもかまいません" in status and "かまいません" not in generated
    status = "- 進捗区分：" + status.removeprefix("| 進捗区分 | ").removesuffix(" |")
    rows = [note, status, "", lines[table], "|---|---|", *lines[table + 1 :]]
    indicator_rows = "\n".join(rows).rstrip() + "\n\n"
    text = GUIDE_DOC.read_text(encoding="utf-8")
    expected = GUIDE.sub(lambda m: m.group(1) + generated + m.group(3), text)
    expected = INDICATOR_ROWS.sub(lambda m: m.group(1) + indicator_rows + m.group(3), expected)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GUIDE_DOC.write_text(expected, encoding="utf-8")
        return
    assert text == expected, "docs/ja/kinyu-yoryo.md differs from the sheet's 記入要領 tab (UPDATE_GOLDEN=1)"
