"""`roadmap`, `export` and `schema` through the real CLI: files, exit codes, help."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from actionplan.cli import main
from actionplan.cli.app import app
from support import FIXTURES, MINIMAL, Run

OTHER = FIXTURES / "publish" / "other-kinds"


@pytest.mark.parametrize("command", ["roadmap", "export", "schema"])
def test_help_has_an_example(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Example: actionplan {command}" in result.stdout


def test_roadmap_to_a_file(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "roadmap.html"
    result = run("roadmap", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {out} (")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('<tr class="item"') == 50
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.html"]  # no temp file left


def test_roadmap_to_stdout_for_another_plan(run: Run) -> None:
    result = run("roadmap", "--plan", OTHER)
    assert result.exit_code == 0
    assert '<html lang="en">' in result.stdout and "<title>架空市DX推進計画 roadmap</title>" in result.stdout


def test_roadmap_keeps_the_old_file_when_writing_fails(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "roadmap.html"
    out.write_text("old", encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", fail)
    result = run("roadmap", "-o", out)
    assert result.exit_code == 1
    assert "no space left on the disk" in result.stderr
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["roadmap", "--plan", "/nonexistent"], "plan directory not found"),
        (["export", "--format", "xlsx"], "'xlsx' is not one of: csv, json"),
        (["schema", "--kind", "glossary"], "'glossary' is not one of: item, plan, progress"),
    ],
)
def test_usage_errors_exit_2_without_traceback(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_folders_of_an_output_are_created_as_for_a_folder_of_files(run: Run, tmp_path: Path) -> None:
    """One rule for every -o: roadmap -o 新しいフォルダ/x.html creates the folder, as export -o does."""
    result = run("roadmap", "-o", tmp_path / "新しいフォルダ" / "sub" / "roadmap.html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "新しいフォルダ" / "sub" / "roadmap.html").is_file()
    assert run("export", "-o", tmp_path / "新しいフォルダ2" / "data").exit_code == 0
    assert (tmp_path / "新しいフォルダ2" / "data").is_dir()


def test_output_under_a_file_exits_1(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = run("roadmap", "-o", tmp_path / "a-file" / "roadmap.html")
    assert result.exit_code == 1
    assert "actionplan: error: cannot " in result.stderr
    assert "Traceback" not in result.output


def test_unreadable_plan_exits_1(run: Run, minimal: Path) -> None:
    (minimal / "plan.yaml").write_text("name: [\n", encoding="utf-8")
    result = run("roadmap", "--plan", minimal)
    assert result.exit_code == 1


def test_export_csv_folder(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "opendata"
    result = run("export", "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    tables = (  # the embedded plan states no indicators, milestones or sources: no table of them
        "departments", "dictionary", "items", "progress",
        "progress_phases", "progress_rollups", "schedule", "tags",
    )  # fmt: skip
    assert names == ["datapackage.json", *sorted(f"{n}.{ext}" for n in tables for ext in ("csv", "xlsx"))]
    raw = (out / "departments.csv").read_bytes()
    assert raw.startswith("\ufeff全国地方公共団体コード,地方公共団体名,主管課,".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert sum(r["主管課"] == "情報政策課" for r in rows) == 21


def test_export_json_folder_and_stdout(run: Run, tmp_path: Path) -> None:
    result = run("export", "--format", "json", "-o", tmp_path)
    assert result.exit_code == 0
    items = json.loads((tmp_path / "items.json").read_text(encoding="utf-8"))
    assert len(items["rows"]) == 50
    result = run("export", "--format", "json", "--plan", MINIMAL)
    document = json.loads(result.stdout)
    assert set(document["tables"]) == {
        *("items", "schedule", "departments", "tags"),
        *("progress", "progress_rollups", "progress_phases"),
    }
    assert "\\u" not in result.stdout


def test_export_csv_stdout_is_the_long_table(run: Run) -> None:
    result = run("export", "--plan", MINIMAL)
    assert result.exit_code == 0
    header = "\ufeff全国地方公共団体コード,地方公共団体名,項目ID,年度（西暦）,年度（和暦）,現状年度,順序,"
    header += "段階,段階の種類ID,段階の種類\r\n"
    assert result.stdout_bytes.startswith(header.encode("utf-8"))  # .stdout would turn CRLF into LF


def test_export_into_a_file_is_refused(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = run("export", "-o", target)
    assert result.exit_code == 1
    assert "exists and is not a directory" in result.stderr
    assert target.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("kind", ["item", "plan", "progress"])
def test_schema_kinds(run: Run, kind: str) -> None:
    result = run("schema", "--kind", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object" and schema["additionalProperties"] is False


def test_main_entry_point_writes_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "item.schema.json"
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", "-o", str(out)])
    assert exit_info.value.code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["required"][:2] == ["id", "title"]


def test_commands_are_registered() -> None:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert {"roadmap", "export", "schema"} <= names


def _broken(minimal: Path) -> Path:
    """The minimal plan with a typo in one 主管課: it loads, but does not validate."""
    item = minimal / "items" / "1-1-3.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("- 防災課", "- 防災科"), encoding="utf-8")
    return minimal


@pytest.mark.parametrize(
    "command", [["roadmap"], ["export", "--format", "json"], ["report", "2020"], ["report", "2020", "--format", "html"]]
)
def test_a_plan_with_problems_is_not_published(run: Run, minimal: Path, command: list[str]) -> None:
    plan = _broken(minimal)
    result = run(*command, "--plan", plan)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown-department unknown department '防災科'" in result.stderr
    assert "not written: 1 problem in the plan" in result.stderr and "--allow-problems" in result.stderr


@pytest.mark.parametrize(
    ("command", "mark"),
    [
        (
            ["roadmap"],
            "Note: made from a plan in which validation found 1 problem (published before they were corrected)",
        ),
        (
            ["report", "2020"],
            "杉並区情報化アクションプラン（抜粋） [Note: made from a plan in which validation found 1 problem]",
        ),
        (["report", "2020", "--format", "html"], '<h1 id="title">FY2020 (R2) progress report'),
    ],
)
def test_allow_problems_publishes_and_says_so(run: Run, minimal: Path, command: list[str], mark: str) -> None:
    result = run(*command, "--plan", _broken(minimal), "--allow-problems")
    assert result.exit_code == 0, result.output
    assert mark in result.stdout
    assert "warning: written with 1 problem (--allow-problems)" in result.stderr


def test_a_japanese_report_says_so_in_japanese(run: Run, minimal: Path, japanese: None) -> None:
    result = run("report", "2020", "--plan", _broken(minimal), "--allow-problems")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "令和2年度（2020年度） 進捗状況表 — 杉並区情報化アクションプラン（抜粋）"
        "【注意：検査で問題が1件見つかった計画から作成】【庁内限り】"
    )


def test_export_is_a_valid_frictionless_data_package(run: Run, minimal: Path, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    (minimal / "progress").mkdir()
    (minimal / "progress" / "2019.yaml").write_text(
        "format: 2\nanswers:\n  - item: 1-1-1\n    year: 2019\n    department: 防災課\n    status: 遅れ\n"
        "    phases: [実施, 運用]\n    result: |-\n      =1+1 一行目\n      二行目\n    note: 庁内限りのメモ\n",
        encoding="utf-8",
    )
    out = tmp_path / "opendata"
    result = run("export", "--plan", minimal, "-o", out, "--as-of", "2020-10-01")
    assert result.exit_code == 0, result.output
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert (package["as_of"], package["generator"].split()[0]) == ("2020-10-01", "actionplan")
    assert [r["path"] for r in package["resources"]] == [
        f"{n}.csv"
        for n in (
            *("items", "schedule", "departments", "tags"),
            *("progress", "progress_rollups", "progress_phases", "dictionary"),
        )
    ]
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    progress = (out / "progress.csv").read_text(encoding="utf-8-sig")
    assert (
        "131156,杉並区,1-1-1,2019,令和元年度,防災課,遅れ,delayed,遅れ,'=1+1 一行目 二行目,," in progress
    )  # one line per row
    assert "庁内限りのメモ" not in progress  # the internal note is never published


def _answered(minimal: Path) -> Path:
    (minimal / "progress").mkdir(exist_ok=True)
    (minimal / "progress" / "2020.yaml").write_text(
        "format: 2\nanswers:\n  - {item: 1-1-1, year: 2020, department: 防災課, status: 予定どおり}\n"
        "  - {item: 1-1-3, year: 2020, department: 防災課, status: 遅れ}\n",
        encoding="utf-8",
    )
    return minimal


@pytest.mark.parametrize("command", [["report", "2020", "--format", "html"], ["roadmap"]])
def test_html_outputs_show_the_charts(run: Run, minimal: Path, command: list[str], japanese: None) -> None:
    result = run(*command, "--plan", _answered(minimal))
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 2
    assert '<title id="chart-1-title">令和2年度の進捗状況（集計区分別の項目数、柱・目標ごと）</title>' in page
    # 1-1-1: 防災課 予定どおり, 土木管理課 and 情報政策課 not yet: 一部未回答, never 順調 (issue #20).
    assert "全体：遅れ 1件、一部未回答 1件、未回答 1件。第一：遅れ 1件、一部未回答 1件。" in page
    assert "<figcaption>年度ごとの段階の種類（項目数）</figcaption>" in page


def test_report_html_leaves_out_empty_sections_and_lines_up_its_tables(run: Run, minimal: Path) -> None:
    result = run("report", "2019", "--format", "html", "--plan", minimal)
    page = result.stdout
    assert "changing phase" not in page  # no item changes phase in 2019: no empty heading
    layouts = re.findall(r"<colgroup>.*?</colgroup>", page)
    goal_tables = [c for c in layouts if c.count("<col") == 7]
    assert len(goal_tables) == 2 and goal_tables[0] == goal_tables[1]  # the same layout for every goal table
    assert '<th scope="row" class="nowrap" data-label="item ID">1-1-1</th>' in page
    assert '<td class="nowrap" data-label="change">continued</td>' in page


def test_roadmap_legend_notes_and_as_of(run: Run, minimal: Path, japanese: None) -> None:
    (minimal / "progress").mkdir()
    (minimal / "progress" / "2019.yaml").write_text(
        "format: 2\nanswers:\n"
        '  - {item: 1-1-1, year: 2019, department: 防災課, status: 遅れ, result: "一行目\\n二行目"}\n',
        encoding="utf-8",
    )
    (minimal / "progress" / "2020.yaml").write_text(
        "format: 2\nanswers:\n  - {item: 1-1-1, year: 2020, department: 防災課, status: 予定どおり}\n",
        encoding="utf-8",
    )
    page = run("roadmap", "--plan", minimal).stdout
    assert "実施／運用／推進／普及啓発" in page and "実施・運用／" not in page  # 「／」 between phase words
    assert (
        '<span class="note">防災課：一行目\n二行目</span>' in page
        and ".status .note, .detail dd { white-space: pre-line; }" in page
    )
    assert "details[open] + .tags { display: none; }" in page  # the tags are in the opened details already
    # Only 防災課 of three answered 予定どおり for R2: the public page never says 予定どおり for the item.
    assert "進捗区分：予定どおり" not in page and "令和2年度の進捗状況" in page
    assert (
        "集計区分：一部未回答" in page
        and "進捗区分：一部未回答" not in page
        and "防災課：予定どおり、土木管理課：未回答、情報政策課：未回答" in page
    )
    assert "項目の主管課の一部がまだ回答していない（すべての主管課が回答して初めて順調）" in page  # in the legend
    # No 取組実績 given: the details list each 主管課's status once, not after the year's status again.
    assert "<dt>令和2年度の取組実績</dt><dd>防災課：予定どおり、土木管理課：未回答、情報政策課：未回答</dd>" in page
    as_of = run("roadmap", "--plan", minimal, "--as-of", "R1")
    assert as_of.exit_code == 0
    assert "進捗状況：令和元年度（2019年度）までの回答による" in as_of.stdout
    assert "進捗区分：予定どおり" not in as_of.stdout and "進捗区分：遅れ" in as_of.stdout
    assert "令和元年度の進捗状況" in as_of.stdout  # the chart follows the snapshot
    assert run("roadmap", "--plan", minimal, "--as-of", "2030").exit_code == 2


def test_report_charts_ratings_where_the_plan_has_them(run: Run, minimal: Path) -> None:
    with (minimal / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write("ratings:\n  - {name: A, meaning: 達成}\n  - {name: B, meaning: 一部達成}\n")
    (minimal / "progress").mkdir()
    (minimal / "progress" / "2019.yaml").write_text(
        "format: 2\nanswers:\n"
        "  - {item: 1-1-1, year: 2019, department: 防災課, status: 予定どおり, rating: A}\n"
        "  - {item: 1-1-1, year: 2019, department: 情報政策課, status: 予定どおり, rating: B}\n"
        "  - {item: 3-1, year: 2019, department: 情報政策課, status: 遅れ}\n",
        encoding="utf-8",
    )
    page = run("report", "2019", "--plan", minimal, "--format", "html").stdout
    assert "<figcaption>Ratings in FY2019 (answers by rating, per pillar and goal)</figcaption>" in page
    assert (
        "all: A 1 answer, B 1 answer, not rated 1 answer; 第一: A 1 answer, B 1 answer; "
        "第一 目標1: A 1 answer, B 1 answer; 第三: not rated 1 answer." in page
    )
    assert page.count('role="img"') == 3  # rollup, 評価, phase kinds


def test_open_data_rolls_items_up_by_the_reports_rule(run: Run, minimal: Path, tmp_path: Path) -> None:
    """1-1-1 with only 防災課's 予定どおり (土木管理課, 情報政策課 not yet) is 一部未回答 in open data too."""
    out = tmp_path / "open"
    assert run("export", "--format", "csv", "-o", out, "--plan", _answered(minimal)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO((out / "progress_rollups.csv").read_text(encoding="utf-8-sig"))))
    found = {r["項目ID"]: (r["集計区分"], r["集計区分名"], r["回答した主管課の数"], r["主管課の数"]) for r in rows}
    assert found == {
        "1-1-1": ("partly_answered", "一部未回答", "1", "3"),
        "1-1-3": ("delayed", "遅れ", "1", "1"),
        "3-1": ("", "未回答", "0", "1"),
    }
