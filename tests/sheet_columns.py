"""A survey sheet's columns as the Japanese sheet heads them (項目番号 … 調査票ID): tests fill cells by these words.

A sheet has only the columns its plan and items use, so a test finds them in the sheet's own
heading row (in either language): ``columns(heading_row)["進捗区分"]``.
"""

from __future__ import annotations

from collections.abc import Sequence

from actionplan.model import Labels
from actionplan.progress.sheets.layout import FORMER_HEADINGS, HEADINGS, every_form, key

JAPANESE = (
    "項目番号",
    "項目名",
    "内容",
    "計画",
    "指標・目標値",
    "前年度の回答",
    "他の主管課の回答",
    "進捗区分",
    "実施した段階",
    "取組実績",
    "評価",
    "課題・今後の方向性",
    "指標の実績値",
    "根拠資料",
    "庁内メモ",
    "調査票ID",
    "表示番号",
    "目標値",
    "前回の値",
    "指標ID",
)


def columns(heading_row: Sequence[object], labels: Labels | None = None) -> dict[str, int]:
    """The 0-based index of each column of a sheet by its Japanese word, read from the sheet's heading row
    (headed in the plan's own words where ``labels`` are given: 取組名 is 項目名 here)."""
    known: dict[str, str] = {}
    for index, message in [*enumerate(HEADINGS), *((i, m) for m, i in FORMER_HEADINGS.items())]:
        for form in every_form(message, labels or Labels()):
            known[form] = JAPANESE[index]
    return {known[key(str(v))]: i for i, v in enumerate(heading_row) if v is not None and key(str(v)) in known}
