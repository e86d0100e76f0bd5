"""A survey sheet's columns as the Japanese sheet heads them (項目番号 … 調査票ID): tests fill cells by these words."""

from __future__ import annotations

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
)
H = {name: index for index, name in enumerate(JAPANESE)}  # column index by its Japanese heading
