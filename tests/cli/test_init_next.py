"""init DIR --next --period: the first draft of the next plan, what validate says is left, and its diff."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from typer.testing import Result

from support import Run


def _draft(run: Run, source: Path, target: Path, period: str = "2022-2024") -> Result:
    return run("init", target, "--next", "--period", period, "--plan", source)


def test_draft_carries_items_with_baseline_from_answers_else_plan(run: Run, minimal: Path, tmp_path: Path) -> None:
    recorded = run(
        "progress",
        "set",
        "1-1-3",
        "2021",
        "--status",
        "遅れ",
        "--phase",
        "検討",
        "--on",
        "2022-03-31",
        "--plan",
        minimal,
    )
    assert recorded.exit_code == 0, recorded.output
    result = _draft(run, minimal, tmp_path / "next")
    assert result.exit_code == 0, result.output
    assert "baseline (FY2021): phases carried out for 1 items, planned phases for 2" in result.stdout
    draft = tmp_path / "next"
    item = yaml.safe_load((draft / "items" / "1-1-3.yaml").read_text(encoding="utf-8"))
    assert item["schedule"] == {2021: ["検討"], 2022: [], 2023: [], 2024: []}  # recorded, not the planned 実施
    assert item["carried_from"] == {"plan": "杉並区情報化アクションプラン（抜粋）（2019～2021年度）", "id": "1-1-3"}
    other = yaml.safe_load((draft / "items" / "1-1-1.yaml").read_text(encoding="utf-8"))
    assert other["schedule"][2021] == ["運用", "普及啓発"]  # no answer: the planned phases
    text = (draft / "items" / "1-1-1.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 1-1-1 ICTを活用した災害情報の収集と発信\n")  # comments kept
    plan = yaml.safe_load((draft / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["period"] == {"baseline": 2021, "start": 2022, "end": 2024}
    assert plan["stated"] == {"items": None, "cross_referenced": None}
    assert plan["pillars"][0]["goals"][0]["stated"] == {"items": None, "cross_referenced": None}
    assert plan["draft"] == {
        "carried_from": {"name": "杉並区情報化アクションプラン（抜粋）", "start": 2019, "end": 2021}
    }
    assert (draft / "progress").is_dir() and not any((draft / "progress").iterdir())
    assert (draft / "glossary.yaml").read_bytes() == (minimal / "glossary.yaml").read_bytes()


def test_validate_says_precisely_what_is_left(run: Run, minimal: Path, tmp_path: Path) -> None:
    draft = tmp_path / "next"
    assert _draft(run, minimal, draft).exit_code == 0
    result = run("validate", "--plan", draft, "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert {p["code"] for p in problems} == {"draft-incomplete"}
    messages = sorted(p["message"] for p in problems)
    assert len([m for m in messages if m.startswith("stated count to be set")]) == 4  # plan, 2 pillars, 1 goal
    assert "phases to be planned for FY2022 (R4), FY2023 (R5), FY2024 (R6)" in messages
    assert len([m for m in messages if m.startswith("phases to be planned")]) == 3

    # Fill in everything: the draft then only asks to be finished, and without draft: it is valid.
    for path in (draft / "items").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^  (2022|2023|2024): \[\]$", r"  \1: [推進]", text), encoding="utf-8")
    text = (draft / "plan.yaml").read_text(encoding="utf-8")
    stated = [(3, 2), (2, 2), (2, 2), (1, 0)]  # the plan, pillar 1, goal 1-1, pillar 3
    counts = iter(f"{{items: {n}, cross_referenced: {c}}}" for n, c in stated)
    text = re.sub(r"\{items: null, cross_referenced: null\}", lambda _m: next(counts), text)
    (draft / "plan.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "--plan", draft, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["message"]) for p in problems] == [
        ("draft-incomplete", "nothing left to fill in: delete the draft: block of plan.yaml to finish the draft")
    ]
    text = (draft / "plan.yaml").read_text(encoding="utf-8")
    (draft / "plan.yaml").write_text(text[: text.index("draft:")], encoding="utf-8")
    assert run("validate", "--plan", draft).exit_code == 0


def test_diff_against_the_old_plan_shows_carried_dropped_added(run: Run, minimal: Path, tmp_path: Path) -> None:
    draft = tmp_path / "next"
    assert _draft(run, minimal, draft).exit_code == 0
    (draft / "items" / "3-1.yaml").unlink()  # dropped
    text = (draft / "items" / "1-1-3.yaml").read_text(encoding="utf-8")
    (draft / "items" / "1-1-3.yaml").unlink()
    (draft / "items" / "1-1-2.yaml").write_text(
        text.replace("id: 1-1-3\n", "id: 1-1-2\n"), encoding="utf-8"
    )  # renumbered
    new = "id: 1-1-4\ntitle: 新しい取組\ndepartments: [情報政策課]\nschedule: {2022: [検討]}\n"
    (draft / "items" / "1-1-4.yaml").write_text(new, encoding="utf-8")  # added
    data = json.loads(run("diff", minimal, draft, "--format", "json").stdout)
    assert [(c["old"], c["new"]) for c in data["carried"]] == [("1-1-1", "1-1-1"), ("1-1-3", "1-1-2")]
    assert [i["id"] for i in data["removed"]] == ["3-1"]
    assert [i["id"] for i in data["added"]] == ["1-1-4"]
    assert data["renumbered"] == []
    # Only the year both plans cover is compared (令和3年度, the new baseline): unchanged here.
    assert data["changed"] == []
    fields = {c["field"] for c in data["plan"]}
    assert {"period.start", "period.end", "period.baseline", "stated.items", "draft"} <= fields


def test_period_and_directory_errors(run: Run, minimal: Path, tmp_path: Path) -> None:
    result = run("init", tmp_path / "a", "--next", "--plan", minimal)
    assert result.exit_code == 2 and "--period" in result.stderr
    result = _draft(run, minimal, tmp_path / "b", "2022")
    assert result.exit_code == 2 and "2022-2024" in result.stderr
    result = _draft(run, minimal, tmp_path / "c", "2021-2023")
    assert result.exit_code == 2 and "must start after FY2021" in result.stderr
    result = _draft(run, minimal, tmp_path / "d", "R4-R6")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((tmp_path / "d" / "plan.yaml").read_text(encoding="utf-8"))["period"]["end"] == 2024
    result = _draft(run, minimal, minimal)  # not empty
    assert result.exit_code == 1 and "not an empty directory" in result.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_file_that_cannot_be_read_stops_the_draft(run: Run, minimal: Path, tmp_path: Path) -> None:
    (minimal / "items" / "3-1.yaml").write_text("id: 3-1\ntitle: [broken\n", encoding="utf-8")
    result = _draft(run, minimal, tmp_path / "next")
    assert result.exit_code == 1
    assert "items/3-1.yaml" in result.stderr and "no draft was made" in result.stderr
    assert not (tmp_path / "next").exists()
