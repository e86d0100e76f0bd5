"""report YEAR with progress records: status beside the plan, rollups, and the chase list."""

from __future__ import annotations

import json
from pathlib import Path

PROGRESS_PLAN = Path(__file__).parents[1] / "fixtures" / "progress" / "plan"


def test_report_shows_records_and_rollups(run, golden) -> None:  # type: ignore[no-untyped-def]
    result = run("report", "R1", "--plan", PROGRESS_PLAN)
    assert result.exit_code == 0, result.output
    golden("report-progress-r1.txt", result.stdout)


def test_report_json_rollup(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("report", "令和元年度", "--plan", PROGRESS_PLAN, "--format", "json").stdout)
    by_id = {i["id"]: i for i in data["items"]}
    assert by_id["1-1-1"]["status"] == "予定どおり"
    assert by_id["1-1-1"]["rollup"] == "順調"
    assert by_id["1-1-1"]["recorded_phases"] == ["運用", "普及啓発"]
    assert by_id["3-1"]["rollup"] == "遅れ"
    assert by_id["1-1-3"]["status"] is None and by_id["1-1-3"]["rollup"] == "未記録"
    assert data["summary"]["rollup"] == {"順調": 1, "遅れ": 1, "未記録": 1}


def test_missing_lists_unrecorded_items_by_department(run) -> None:  # type: ignore[no-untyped-def]
    result = run("report", "2019", "--plan", PROGRESS_PLAN, "--missing", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"year": 2019, "missing": {"防災課": ["1-1-3"]}}
    text = run("report", "2019", "--plan", PROGRESS_PLAN, "--missing").stdout
    assert text.splitlines()[:4] == [
        "令和元年度（2019年度） 未記録の項目",
        "",
        "防災課（1）",
        "ID\t項目名\t令和元年度",
    ]


def test_year_without_records_has_no_status_columns(run) -> None:  # type: ignore[no-untyped-def]
    header = run("report", "2020", "--plan", PROGRESS_PLAN).stdout.splitlines()[3]
    assert header == "ID\t項目名\t主管課\t令和元年度\t令和2年度\t変化"
