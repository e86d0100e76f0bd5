"""A copy of the embedded plan in which every 主管課 has answered for one fiscal year, with texts as
long as real answers: what printed and on-screen reports are measured on (a report of a year
nobody answered has nothing to wrap, overlap or cut)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from actionplan.loader import embedded_plan_dir

# Real answers are a sentence or three; these are the lengths the issue measured (取組実績 of
# 60–150 characters, 課題 of 40–120), made of the plan's kind of words.
RESULTS = (
    "計画どおり運用を継続し、区民向け説明会を年2回開催した。利用者アンケートでは満足度が前年度より向上した。",
    "運用／普及啓発を実施した。新型コロナウイルス感染症の影響により集合研修を中止し、動画による研修に切り替えて"
    "全職員が受講できるようにした。あわせて操作手順書を改訂し、庁内ポータルに掲載した。",
    "調査・研究を行った。",
)
CHALLENGES = (
    "",
    "利用者の増加に伴い、問合せ対応の負担が大きくなっている。次年度はよくある質問を整理して公開する。",
    "関係課との調整に時間を要し、予定していた検討会を開催できなかった。次年度は早期に日程を確定し、"
    "検討結果を令和3年度の予算要求に反映させる。",
)
STATUSES = ("予定どおり", "予定どおり", "遅れ", "完了", "前倒し", "予定どおり", "未着手")


def answers_yaml(plan: Path, year: int) -> str:
    """progress/<year>.yaml with an answer from every 主管課 of every item scheduled in ``year``."""
    answers = []
    n = 0
    for path in sorted((plan / "items").glob("*.yaml")):
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        phases = (item.get("schedule") or {}).get(year)
        if not phases:
            continue
        for department in item["departments"]:
            status = STATUSES[n % len(STATUSES)]
            answer = {
                "item": item["id"],
                "year": year,
                "department": department,
                "status": status,
                "phases": list(phases) if status not in ("遅れ", "未着手") else phases[:1],
                "result": RESULTS[n % len(RESULTS)],
                "challenge": CHALLENGES[n % len(CHALLENGES)] if status != "遅れ" else CHALLENGES[2],
                "note": "予算要求資料と整合を確認済み（庁内メモ）",
                "answered_by": f"{department} 高円寺太郎",
            }
            if status == "未着手":
                answer["phases"] = []
            answers.append(answer)
            n += 1
    return yaml.safe_dump({"format": 2, "answers": answers}, allow_unicode=True, sort_keys=False)


def answered_plan(target: Path, year: int = 2020) -> Path:
    """The embedded plan copied to ``target`` with every answer of ``year`` filled in."""
    shutil.copytree(embedded_plan_dir(), target)
    (target / "progress").mkdir(exist_ok=True)
    (target / "progress" / f"{year}.yaml").write_text(answers_yaml(target, year), encoding="utf-8")
    return target
