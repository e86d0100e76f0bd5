"""list, show, tree, report and glossary: exact output on the small fixture plan, every format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from support import MINIMAL, Golden, Run

# Goldens run on the small fixture plan, so that a change of wording in the embedded plan
# rewrites no golden file; test_embedded_smoke checks the embedded plan compactly.
CASES = {
    "list-dept.txt": ["list", "--dept", "情報政策課"],
    "list-dept.md": ["list", "--dept", "情報政策課", "--format", "markdown"],
    "list-dept.json": ["list", "--dept", "情報政策課", "--format", "json"],
    "list-tag-year-phase.txt": ["list", "--tag", "実計", "--year", "R2", "--phase", "実施"],
    "show-1-1-1.txt": ["show", "1-1-1"],
    "show-1-1-1.md": ["show", "1-1-1", "--format", "markdown"],
    "show-1-1-1.json": ["show", "1-1-1", "--format", "json"],
    "tree.txt": ["tree"],
    "tree.json": ["tree", "--format", "json"],
    "report-2020.txt": ["report", "2020"],
    "report-2020.md": ["report", "2020", "--format", "markdown"],
    "report-2020.json": ["report", "2020", "--format", "json"],
    "report-2020-dept.txt": ["report", "2020", "--dept", "情報政策課"],
    "glossary.txt": ["glossary"],
    "glossary-ict.txt": ["glossary", "ict"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_output(run: Run, golden: Golden, name: str) -> None:
    result = run(*CASES[name], "--plan", MINIMAL)
    assert result.exit_code == 0, result.output
    golden(name, result.stdout)


def test_embedded_smoke(run: Run) -> None:
    """The embedded plan through every query command, checked by its shape, not line by line."""
    items = json.loads(run("list", "--format", "json").stdout)
    assert len(items) == 50
    tree = json.loads(run("tree", "--format", "json").stdout)
    assert tree and run("tree").exit_code == 0
    report = json.loads(run("report", "2020", "--format", "json").stdout)
    assert len(report["items"]) == 50
    shown = json.loads(run("show", "1-3-13", "--format", "json").stdout)
    assert shown["id"] == "1-3-13" and shown["title"]
    assert "GIS" in run("glossary", "gis").stdout
    for fmt in ("table", "markdown", "csv", "html"):
        assert run("report", "2020", "--format", fmt).exit_code == 0


def test_list_dept_has_21_items(run: Run) -> None:
    result = run("list", "--dept", "情報政策課", "--format", "json")
    items = json.loads(result.stdout)
    assert len(items) == 21
    assert all("情報政策課" in i["departments"] for i in items)
    first = items[0]
    assert set(first) >= {"id", "pillar", "goal", "title", "headline", "departments", "tags", "schedule"}
    assert first["id"] == "1-1-1" and first["pillar"] == "1" and first["goal"] == "1-1"
    assert first["schedule"]["2020"] == ["運用", "普及啓発"]


def test_list_json_is_in_plan_order(run: Run) -> None:
    ids = [i["id"] for i in json.loads(run("list", "--format", "json").stdout)]
    assert len(ids) == 50
    assert ids.index("1-2-9") < ids.index("1-2-10") < ids.index("1-3-1") < ids.index("3-2")


def test_filters_combine(run: Run) -> None:
    def ids(*args: str) -> list[str]:
        result = run("list", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [i["id"] for i in json.loads(result.stdout)]

    assert ids("--pillar", "3") == ["3-1", "3-2"]
    assert ids("--pillar", "第三") == ["3-1", "3-2"]
    assert ids("--goal", "2-3") == ["2-3-1", "2-3-2", "2-3-3", "2-3-4"]
    assert ids("--tag", "実計", "--tag", "協働") == ["1-1-1", "1-2-3"]
    assert ids("--tag", "新") == ids("--tag", "新規") == ["1-2-11", "1-3-12", "1-3-13", "2-1-6"]
    assert ids("--year", "令和2年度", "--phase", "構築") == ["2-1-3"]
    assert ids("--search", "ｗｉ－ｆｉ") == ["1-2-4"]
    assert ids("--search", "ＧＩＳ", "--dept", "防災課") == ["1-1-4", "1-1-5"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--dept", "情報政策"], "did you mean '情報政策課'?"),
        (["list", "--tag", "重要"], "unknown tag '重要'"),
        (["list", "--goal", "9-9"], "unknown goal '9-9'"),
        (["list", "--phase", "実行"], "unknown phase '実行'"),
        (["show", "1-1-99"], "unknown item '1-1-99'"),
        (["report", "2022"], "the plan period is FY2019–FY2021, and the baseline year is FY2018 (H30)"),
        (["report", "R9x"], "not a fiscal year"),
        (["glossary", "量子"], "no glossary term '量子'"),
        (["list", "--format", "yaml"], "'yaml' is not one of: table, markdown, csv, json"),
    ],
)
def test_usage_errors_exit_2(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


YEAR_FORMS = ["2020", "FY2020", "fy2020", "R2", "R02", "令和2", "令和2年度", "令和２年度", "２０２０", "ｒ２"]


@pytest.mark.parametrize("form", YEAR_FORMS)
def test_every_year_form_prints_the_same_report(run: Run, form: str) -> None:
    expected = run("report", "2020").stdout
    assert run("report", form).stdout == expected


@pytest.mark.parametrize(
    ("form", "year"), [("令和元年度", 2019), ("H30", 2018), ("平成30年度", 2018), ("平成31年度", 2019)]
)
def test_other_year_forms(run: Run, form: str, year: int) -> None:
    data = json.loads(run("report", form, "--format", "json").stdout)
    assert data["year"] == year


def test_report_heading_shows_both_forms(run: Run, japanese: None) -> None:
    assert run("report", "R2").stdout.splitlines()[0].startswith("令和2年度（2020年度） 進捗状況表")


def test_report_marks_changes(run: Run) -> None:
    data = json.loads(run("report", "2020", "--format", "json").stdout)
    by_id = {i["id"]: i for i in data["items"]}
    assert by_id["1-2-4"]["previous_phases"] == ["検討", "実施"]
    assert by_id["1-2-4"]["phases"] == ["実施"]
    assert by_id["1-2-4"]["change"] == "段階変更"
    assert by_id["1-1-1"]["change"] == "継続"
    assert data["summary"]["departments"]["情報政策課"] == 21
    baseline = json.loads(run("report", "2018", "--format", "json").stdout)
    assert baseline["previous_year"] is None
    assert baseline["items"][0]["change"] is None


def test_csv_is_excel_friendly(run: Run, japanese: None) -> None:
    result = run("list", "--dept", "情報政策課", "--format", "csv")
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["項目番号", "柱", "目標", "項目名"]
    assert len(rows) == 22


def test_piped_output_is_plain(run: Run) -> None:
    for args in (["list"], ["report", "2020"], ["show", "1-1-1"], ["tree"], ["glossary"]):
        out = run(*args).stdout
        assert "\x1b" not in out
        assert "│" not in out and "┃" not in out


def test_every_command_help_has_an_example(run: Run) -> None:
    from typer.main import get_command

    from actionplan.cli.app import app

    group = get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert {"validate", "list", "show", "tree", "report", "glossary"} <= set(names)
    for name in names:
        command = group.commands[name]  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", {name: command})
        for sub in subcommands:
            args = [name, sub, "--help"] if sub != name else [name, "--help"]
            result = run(*args)
            assert result.exit_code == 0, args
            assert "Example: actionplan" in result.stdout, args
