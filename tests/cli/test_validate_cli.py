"""`actionplan validate` through the real app: output formats, exit codes, one run for all problems."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli.test_invalid_fixtures import INVALID, overlay
from support import KPI_CITY


@pytest.fixture
def several(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plan with four problems in four files; the working directory is the plan."""
    plan = overlay(INVALID / "several-problems", tmp_path / "plan")
    monkeypatch.chdir(plan)
    return plan


def test_text_format_is_one_line_per_problem(run: Any, several: Path) -> None:
    result = run("validate", "--plan", ".")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "glossary.yaml:4:11: glossary-item term 'ICT' names unknown item '1-1-9'",
        "items/1-1-2.yaml:1:1: not-a-mapping the top level must be a mapping of keys to values, but it is a list",
        "items/1-1-3.yaml:11:3: schedule-missing-year no schedule entry for FY2021 (R3)",
        "items/3-1.yaml:8:5: unknown-department unknown department '情報政策' (did you mean '情報政策課'?)",
        "4 problems in 4 files",
    ]
    assert result.stderr == ""


def test_github_format_is_workflow_annotations(run: Any, several: Path) -> None:
    result = run("validate", "--plan", ".", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=glossary.yaml,line=4,col=11,title=glossary-item::term 'ICT' names unknown item '1-1-9'\n"
        "::error file=items/1-1-2.yaml,line=1,col=1,title=not-a-mapping::"
        "the top level must be a mapping of keys to values, but it is a list\n"
        "::error file=items/1-1-3.yaml,line=11,col=3,title=schedule-missing-year::"
        "no schedule entry for FY2021 (R3)\n"
        "::error file=items/3-1.yaml,line=8,col=5,title=unknown-department::"
        "unknown department '情報政策' (did you mean '情報政策課'?)\n"
        "4 problems\n"
    )


def test_github_format_escapes_and_omits_unknown_positions(
    run: Any, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A comma in a file name would end the property, a '%' or newline in text the command.
    (minimal / "items" / "a,b.yaml").write_text("- x\n", encoding="utf-8")
    (minimal / "items" / "1-1-9.yaml").mkdir()
    item = minimal / "items" / "1-1-3.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("  - 防災課", "  - 防災%課"), encoding="utf-8")
    monkeypatch.chdir(minimal)
    result = run("validate", "--plan", ".", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=items/1-1-3.yaml,line=8,col=5,title=unknown-department::"
        "unknown department '防災%25課' (did you mean '防災課'?)",
        "::error file=items/1-1-9.yaml,title=not-a-regular-file::not a regular file; skipped",
        "::error file=items/a%2Cb.yaml,line=1,col=1,title=not-a-mapping::"
        "the top level must be a mapping of keys to values, but it is a list",
        "3 problems",
    ]


def test_json_format_is_the_documented_shape(run: Any, several: Path) -> None:
    result = run("validate", "--plan", ".", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"version", "ok", "problems", "summary"}
    assert (document["version"], document["ok"], document["summary"]) == (1, False, None)
    assert document["problems"][-1] == {
        "path": "items/3-1.yaml",
        "line": 8,
        "column": 5,
        "code": "unknown-department",
        "message": "unknown department '情報政策'",
        "hint": "did you mean '情報政策課'?",
        "item": "3-1",
        "message_local": "unknown department '情報政策'",
        "hint_local": "did you mean '情報政策課'?",
        "severity": "error",
    }
    assert [p["code"] for p in document["problems"]] == [
        "glossary-item",
        "not-a-mapping",
        "schedule-missing-year",
        "unknown-department",
    ]


def test_json_is_the_same_in_japanese_but_for_the_local_fields(run: Any, several: Path) -> None:
    """The contract does not follow the locale: ``message`` is English, the ward's words in ``*_local``."""
    from actionplan import i18n

    english = json.loads(run("validate", "--plan", ".", "--format", "json").stdout)
    with i18n.speaking("ja"):
        japanese = json.loads(run("validate", "--plan", ".", "--format", "json").stdout)
    local = {"message_local", "hint_local"}
    assert [{k: v for k, v in p.items() if k not in local} for p in japanese["problems"]] == [
        {k: v for k, v in p.items() if k not in local} for p in english["problems"]
    ]
    last = japanese["problems"][-1]
    assert last["message_local"] == "主管課「情報政策」は計画にない"
    assert last["hint_local"] == "「情報政策課」の誤りか"
    clean = json.loads(run("validate", "--format", "json").stdout)  # the embedded plan: a summary, no problems
    with i18n.speaking("ja"):
        assert json.loads(run("validate", "--format", "json").stdout) == clean
    assert clean["summary"] is not None


def test_paths_outside_the_working_directory_are_absolute(run: Any, minimal: Path) -> None:
    (minimal / "items" / "3-1.yaml").write_text("- x\n", encoding="utf-8")
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{minimal.absolute()}/items/3-1.yaml:1:1: not-a-mapping ")


def test_plan_from_environment_variable(run: Any, several: Path, tmp_path: Path) -> None:
    result = run("validate", env={"ACTIONPLAN_PLAN": str(several)})
    assert result.exit_code == 1
    assert "unknown-department" in result.stdout


def test_clean_minimal_plan_exits_0(run: Any, minimal: Path) -> None:
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "ok: 3 items, no problems"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "does-not-exist"], "plan directory not found: does-not-exist"),
        (["--format", "xml"], "'xml' is not one of: text, json, github"),
    ],
)
def test_usage_errors_exit_2(run: Any, minimal: Path, args: list[str], message: str) -> None:
    result = run("validate", *(args if "--plan" in args else ["--plan", minimal, *args]))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_directory_without_plan_file_is_a_usage_error(run: Any, tmp_path: Path) -> None:
    result = run("validate", "--plan", tmp_path)
    assert result.exit_code == 2
    assert f"no plan.yaml in {tmp_path}" in result.stderr


def test_missing_plan_from_environment_is_a_usage_error(run: Any, tmp_path: Path) -> None:
    result = run("validate", env={"ACTIONPLAN_PLAN": str(tmp_path / "nowhere")})
    assert result.exit_code == 2
    assert "plan directory not found" in result.stderr


def test_unreadable_plan_file_reports_it_alone(run: Any, minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (minimal / "plan.yaml").write_bytes("name：杉並区\n".encode("cp932"))
    monkeypatch.chdir(minimal)
    result = run("validate", "--plan", ".")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "plan.yaml:1:5: encoding file is not valid UTF-8 (byte 0x81) (the file looks like Shift_JIS"
    )
    assert lines[1:] == ["1 problem in 1 file"]


def test_validate_has_help_with_an_example(run: Any) -> None:
    result = run("validate", "--help")
    assert result.exit_code == 0
    assert "Example: actionplan validate" in result.stdout


def test_pre_commit_hook_runs_validate() -> None:
    hooks = yaml.safe_load((Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "actionplan-validate"
    assert hook["entry"] == "actionplan validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["args"] == ["--plan", "plan"]
    files = re.compile(hook["files"])
    for path in ("plan/plan.yaml", "plan/items/1-1-1.yaml", "plan/glossary.yaml", "plan/progress/2020.yml"):
        assert files.search(path), path
    assert not files.search("src/actionplan/cli/app.py")


@pytest.mark.parametrize(
    ("lang", "hint"),
    [("en", "did you mean 'grades'?"), ("ja", "「grades」の誤りか")],
)
def test_an_unknown_key_gets_the_did_you_mean_of_the_keys_at_its_place(
    run: Any, plan_copy: Any, lang: str, hint: str, request: pytest.FixtureRequest
) -> None:
    if lang == "ja":
        request.getfixturevalue("japanese")
    plan = plan_copy(KPI_CITY)
    answers = plan / "progress" / "2023.yaml"
    answers.write_text(answers.read_text(encoding="utf-8").replace("grades:", "gradez:", 1), encoding="utf-8")
    result = run("validate", "--plan", plan)
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "unknown-field" in line)
    assert "gradez" in line and hint in line, result.output


def test_an_unknown_key_far_from_any_known_one_lists_the_keys_of_its_place(run: Any, plan_copy: Any) -> None:
    plan = plan_copy(KPI_CITY)
    answers = plan / "progress" / "2023.yaml"
    answers.write_text(answers.read_text(encoding="utf-8").replace("grades:", "zzzzzz:", 1), encoding="utf-8")
    line = next(line for line in run("validate", "--plan", plan).output.splitlines() if "unknown-field" in line)
    assert "known: item, year, department, status" in line, line


def test_a_missing_key_is_named_with_its_word_in_japanese(run: Any, tmp_path: Path, japanese: None) -> None:
    plan = overlay(INVALID / "schema-glossary", tmp_path / "plan")
    line = next(line for line in run("validate", "--plan", plan).output.splitlines() if "missing-field" in line)
    assert line.endswith("必須のキー「definition（説明）」がない"), line


@pytest.mark.parametrize(
    ("case", "code", "said"),
    [
        ("plan-vocabulary", "plan-vocabulary", "「防災課」が主管課の一覧に二度ある"),
        ("indicators-and-ratings", "progress-required", "取組実績は計画で必須だが空"),
    ],
)
def test_a_field_a_message_names_is_said_in_the_plans_words(
    run: Any, tmp_path: Path, japanese: None, case: str, code: str, said: str
) -> None:
    plan = overlay(INVALID / case, tmp_path / "plan")
    line = next(line for line in run("validate", "--plan", plan).output.splitlines() if f" {code} " in line)
    assert line.endswith(said), line
