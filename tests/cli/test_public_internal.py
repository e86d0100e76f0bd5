"""Public and internal fields: a unique marker in every internal field reaches no public output.

Internal: the answer's 庁内メモ (note) and 回答者・連絡先 (answered_by), always; and whatever
plan.yaml lists under ``internal:`` (here an answer's 根拠資料 and an item's 内容).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from actionplan.publication import ALWAYS_INTERNAL
from support import KPI_CITY, PlanCopy, Run

MARKERS = {
    "note": "ZZNOTE7f3a",
    "answered_by": "ZZWHO9c1d",
    "evidence": "ZZEVIDENCE2b8e",
    "description": "ZZDESCRIPTION5e0f",
}
MARKED_BY_PLAN = ["answer.evidence", "item.description"]


@pytest.fixture
def planted(plan_copy: PlanCopy) -> Path:
    from support import MINIMAL

    plan = plan_copy(MINIMAL)
    with (plan / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write("internal: [" + ", ".join(MARKED_BY_PLAN) + "]\n")
    item = plan / "items" / "1-1-3.yaml"
    text = item.read_text(encoding="utf-8")
    start = text.index("description:")
    end = text.index("departments:")
    item.write_text(text[:start] + f"description: 内容 {MARKERS['description']}\n" + text[end:], encoding="utf-8")
    (plan / "progress").mkdir()
    (plan / "progress" / "2019.yaml").write_text(
        "format: 2\nanswers:\n"
        "  - item: 1-1-3\n    year: 2019\n    department: 防災課\n    status: 遅れ\n    phases: [実施]\n"
        "    result: 訓練を実施した\n"
        f"    evidence: 資料 {MARKERS['evidence']}\n"
        f"    note: メモ {MARKERS['note']}\n"
        f"    answered_by: 防災課 {MARKERS['answered_by']}\n",
        encoding="utf-8",
    )
    return plan


@pytest.fixture
def planted_kpi(plan_copy: PlanCopy) -> Path:
    """The KPI city (no 主管課, no phases, KPIs graded one by one) with the same markers planted."""
    plan = plan_copy(KPI_CITY)
    with (plan / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write("internal: [" + ", ".join(MARKED_BY_PLAN) + "]\n")
    with (plan / "items" / "1-2.yaml").open("a", encoding="utf-8") as f:
        f.write(f"description: 内容 {MARKERS['description']}\n")
    with (plan / "progress" / "2024.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "  - item: 2-3\n    year: 2024\n    department: デジタル推進課\n    status: 遅れ\n"
            f"    evidence: 資料 {MARKERS['evidence']}\n    note: メモ {MARKERS['note']}\n"
            f"    answered_by: デジタル推進課 {MARKERS['answered_by']}\n"
        )
    return plan


def test_every_always_internal_answer_field_has_a_marker() -> None:
    assert set(ALWAYS_INTERNAL["answer"]) <= set(MARKERS)  # a new internal field needs a marker here


def _outputs(
    run: Run, plan: Path, tmp_path: Path, extra: list[str], year: str = "2019", base: Path | None = None
) -> Iterator[tuple[str, str]]:
    """(what, text) of every output of roadmap, export, report of ``year`` and diff from ``base`` (the
    plan as it was before the markers: the minimal plan without answers) in every format."""
    result = run("roadmap", "--plan", plan, *extra)
    assert result.exit_code == 0, result.output
    yield "roadmap", result.stdout
    for fmt in ("csv", "json"):
        result = run("export", "--plan", plan, "--format", fmt, *extra)
        assert result.exit_code == 0, result.output
        yield f"export {fmt} (stdout)", result.stdout
        folder = tmp_path / f"export-{fmt}-{len(extra)}"
        assert run("export", "--plan", plan, "--format", fmt, "-o", folder, *extra).exit_code == 0
        for path in sorted(folder.iterdir()):
            yield f"export {path.name}", _xlsx_text(path) if path.suffix == ".xlsx" else path.read_text("utf-8-sig")
    report = ["--public"] if not extra else []
    for fmt in ("table", "markdown", "csv", "json", "html"):
        for args in (["report", year], ["report", year, "--missing"]):
            result = run(*args, "--plan", plan, "--format", fmt, *report)
            assert result.exit_code == 0, result.output
            yield f"{' '.join(args)} {fmt}", result.stdout
    from support import MINIMAL

    for fmt in ("table", "markdown", "csv", "json", "html"):  # the changes since the markers were planted
        result = run("diff", base or MINIMAL, "--plan", plan, "--format", fmt, *extra)
        assert result.exit_code == 0, result.output
        yield f"diff {fmt} (stdout)", result.stdout


def _xlsx_text(path: Path) -> str:
    """Every string of a workbook (cells, sheet names, properties) as the XML inside the zip holds it."""
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml"))


def test_no_internal_field_reaches_a_public_output(run: Run, planted: Path, tmp_path: Path) -> None:
    leaks = [
        f"{what}: {field}"
        for what, text in _outputs(run, planted, tmp_path, [])
        for field, marker in MARKERS.items()
        if marker in text
    ]
    assert leaks == []


def test_no_internal_field_reaches_a_public_output_of_a_kpi_plan(run: Run, planted_kpi: Path, tmp_path: Path) -> None:
    outputs = list(_outputs(run, planted_kpi, tmp_path, [], "2024", KPI_CITY))
    leaks = [f"{what}: {field}" for what, text in outputs for field, marker in MARKERS.items() if marker in text]
    assert leaks == []
    seen = {
        f
        for _what, text in _outputs(run, planted_kpi, tmp_path, ["--internal"], "2024", KPI_CITY)
        for f in MARKERS
        if MARKERS[f] in text
    }
    assert seen == set(MARKERS)  # planted where outputs would show them


def test_internal_outputs_hold_every_field_and_say_so(run: Run, planted: Path, tmp_path: Path) -> None:
    seen: set[str] = set()
    for what, text in _outputs(run, planted, tmp_path, ["--internal"]):
        seen |= {field for field, marker in MARKERS.items() if marker in text}
        if not what.startswith(("report", "export datapackage")) and not what.endswith("json (stdout)"):
            english = what == "roadmap" or what.startswith("diff")  # open data: Japanese
            assert ("internal use only" if english else "庁内限り") in text, what
    assert seen == set(MARKERS)  # the markers were planted where outputs would show them
    roadmap = run("roadmap", "--plan", planted, "--internal").stdout
    assert (
        '<p class="classification">internal use only</p>' in roadmap
        and "roadmap [internal use only]</title>" in roadmap
    )
    package = json.loads((tmp_path / "export-csv-1" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["classification"] == "庁内限り" and package["title"].endswith("【庁内限り】")
    report = run("report", "2019", "--plan", planted, "--format", "html").stdout  # internal by default
    assert '<header class="classification"><p>internal use only</p></header>' in report
    assert '@top-right { content: "internal use only"; }' in report and " [internal use only]</h1>" in report
    assert "internal use only" not in run("report", "2019", "--plan", planted, "--public").stdout
