"""The embedded plan validates, and matches the counts its section 5 states."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from actionplan.checks import load_and_check
from actionplan.reports.structure import structure
from support import Run


def test_embedded_plan_is_clean(embedded: Path) -> None:
    result = load_and_check(embedded, date.today())
    plan, problems = result.value, result.problems
    assert problems == []
    assert plan is not None
    assert len(plan.items) == 50


def test_embedded_counts_match_section_5(embedded: Path) -> None:
    plan = load_and_check(embedded, date.today()).value
    assert plan is not None
    nodes = structure(plan)
    found = {n.id: (len(n.items), n.cross) for p in nodes for n in [p, *p.goals]}
    assert found == {
        "1": (31, 15), "1-1": (7, 4), "1-2": (11, 6), "1-3": (13, 5),
        "2": (17, 6), "2-1": (6, 2), "2-2": (7, 4), "2-3": (4, 0),
        "3": (2, 0),
        "": (50, 21),
    }  # fmt: skip


def test_validate_cli_clean_summary(run: Run, embedded: Path) -> None:
    result = run("validate")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = [
        "ID",
        "pillar and goal",
        "number of items",
        "number of items (stated)",
        "cross-referenced",
        "cross-referenced (stated)",
        "check",
    ]
    assert lines[1].split("\t") == header
    assert "1-1\t  目標1 安全・安心を支える災害に強い情報サービス・情報基盤の整備\t7\t7\t4\t4\tok" in lines
    assert lines[-1] == "ok: 50 items, no problems"


def test_validate_json_shape(run: Run) -> None:
    result = run("validate", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["ok"] is True
    assert document["problems"] == []
    assert document["summary"]["items"] == 50
    total = document["summary"]["counts"][-1]
    assert total == {
        "kind": "total", "id": None, "label": "計", "title": "杉並区情報化アクションプラン",
        "found": 50, "stated": 50, "cross_referenced": 21, "stated_cross_referenced": 21,
    }  # fmt: skip


def test_johoseisaku_has_21_items(embedded: Path) -> None:
    plan = load_and_check(embedded, date.today()).value
    assert plan is not None
    assert len([i for i in plan.items if "情報政策課" in i.departments]) == 21
