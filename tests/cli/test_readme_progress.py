"""The README's 令和2年度 survey round (three 主管課 share item 1-1-1), run for real.

Each ```text block after the marker holds ``$ actionplan …`` lines and what they print, run in
an empty folder. Before an import, the sheets are filled in here as the departments would in
Excel (FILLED). UPDATE_GOLDEN=1 rewrites the blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from actionplan.progress.sheets import layout
from readme_blocks import check_readme_blocks
from sheet_columns import columns
from support import Run

# What each department types into its sheet: 回答者, then answers by item.
FILLED = {
    "防災課": ("防災課 杉並花子", {"1-1-1": {"進捗区分": "予定どおり", "実施した段階": "運用／普及啓発",
                                    "取組実績": "すぎナビを使った防災訓練を3回実施した"}}),
    "情報政策課": ("情報政策課 高井戸一郎", {"1-1-1": {"進捗区分": "予定どおり", "実施した段階": "運用",
                                          "取組実績": "投稿機能の改修を終えた"}}),
    "土木管理課": ("土木管理課 阿佐谷次郎", {"1-1-1": {"進捗区分": "遅れ", "実施した段階": "運用",
                                          "取組実績": "道路規制情報との連携が年度内に終わらなかった",
                                          "課題・今後の方向性": "令和3年度第1四半期に連携を終える"}}),
}  # fmt: skip


def fill_sheets(folder: Path) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    for path in sorted(folder.glob("*.xlsx")):
        workbook = load_workbook(path)
        ws = workbook.worksheets[0]
        who, answers = FILLED[path.stem.split("_")[1]]
        ws["B3"] = who  # 回答者
        h = columns([c.value for c in ws[layout.HEADING_ROW]])
        for row in ws.iter_rows(min_row=layout.HEADING_ROW + 1):
            for heading, value in answers.get(str(row[0].value), {}).items():
                row[h[heading]].value = value
        workbook.save(path)


def test_readme_progress_round(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readme_language: str) -> None:
    monkeypatch.chdir(tmp_path)

    def fill_before_import(args: list[str]) -> None:
        if args[:2] == ["progress", "import"]:
            fill_sheets(tmp_path / args[2])

    # 2: a usage error the README shows on purpose
    found = check_readme_blocks("test_readme_progress.py", run, exits=(0, 1, 2), before=fill_before_import)
    assert found >= 2, "the README lost its progress walkthrough"
