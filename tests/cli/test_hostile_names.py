"""Names are data, never paths: plan words in file names, and names no one can see as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actionplan import loader
from actionplan.text import file_names, hidden_characters
from support import PROGRESS_PLAN, Run

SLASHED = "産業振興部/産業振興センター"


def plan_with(tmp_path: Path, *names: str) -> Path:
    """The progress fixture plan with 防災課 renamed to the first name and more departments added."""
    plan = tmp_path / "plan"
    shutil.copytree(PROGRESS_PLAN, plan)
    quoted = [f'"{name}"' for name in names]
    for path in [plan / "plan.yaml", *(plan / "items").glob("*.yaml"), *(plan / "progress").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        if path.name == "plan.yaml":
            text = text.replace("  - 防災課\n", "".join(f"  - {q}\n" for q in quoted))
        path.write_text(text.replace("防災課", quoted[0]).replace('""', '"'), encoding="utf-8")
    return plan


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_department_with_a_slash_gets_its_sheet_and_imports_back(run: Run, tmp_path: Path, fmt: str) -> None:
    plan = plan_with(tmp_path, SLASHED)
    assert run("validate", "--plan", plan).exit_code == 0
    out = tmp_path / "sheets"
    result = run("progress", "sheets", "R2", "-o", out, "--format", fmt, "--plan", plan)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert f"令和2年度_産業振興部／産業振興センター_進捗状況調査票.{fmt}" in names
    assert len(names) == 3  # every department, none failed
    path = out / f"令和2年度_産業振興部／産業振興センター_進捗状況調査票.{fmt}"
    if fmt == "csv":
        from cli.test_progress_sheets import fill, read_csv, write_csv

        rows = read_csv(path)
        fill(rows, "1-1-3", 進捗区分="遅れ", 実施した段階="実施")
        write_csv(path, rows)
    else:
        from cli.test_progress_sheets import fill_xlsx

        fill_xlsx(path, {"1-1-3": {"進捗区分": "遅れ", "実施した段階": "実施"}})
    imported = run("progress", "import", path, "--plan", plan)
    assert imported.exit_code == 0, imported.output
    loaded = loader.load(plan).value
    assert loaded is not None
    (answer,) = loaded.answers_for(2020)["1-1-3"]
    assert (answer.department, answer.status) == (SLASHED, "遅れ")


def test_a_name_cannot_place_a_sheet_outside_the_folder(run: Run, tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "/../../victimdir/owned", "..", "CON")
    out = tmp_path / "a" / "b" / "sheets"
    result = run("progress", "sheets", "R2", "-o", out, "--format", "csv", "--plan", plan)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "victimdir").exists() and not (tmp_path / "a" / "victimdir").exists()
    assert sorted(p.name for p in tmp_path.rglob("*.csv")) == sorted(p.name for p in out.iterdir())
    assert "令和2年度_／..／..／victimdir／owned_進捗状況調査票.csv" in {p.name for p in out.iterdir()}


def test_two_names_of_one_form_get_two_files(run: Run, tmp_path: Path) -> None:
    """Windows and macOS take ICT推進課 and ict推進課 as one file: the second gets a suffix of its own."""
    plan = plan_with(tmp_path, "ICT推進課", "ict推進課")
    item = plan / "items" / "1-1-1.yaml"  # the second name owns 1-1-1 too
    item.write_text(item.read_text(encoding="utf-8").replace("  - 情報政策課\n", "  - ict推進課\n"), encoding="utf-8")
    assert run("validate", "--plan", plan).exit_code == 0
    out = tmp_path / "sheets"
    result = run("progress", "sheets", "R2", "-o", out, "--format", "csv", "--plan", plan)
    assert result.exit_code == 0, result.output
    suffixed = file_names(["ICT推進課", "ict推進課"])["ict推進課"]
    assert suffixed.startswith("ict推進課_") and len(suffixed) == len("ict推進課_") + 8
    made = {p.name for p in out.iterdir()}
    assert {"令和2年度_ICT推進課_進捗状況調査票.csv", f"令和2年度_{suffixed}_進捗状況調査票.csv"} <= made
    assert len({name.casefold() for name in made}) == len(made) == 4
    # The file name follows from the plan, not from the departments asked for.
    again = run(
        "progress", "sheets", "R2", "-o", tmp_path / "one", "--dept", "ict推進課", "--format", "csv", "--plan", plan
    )
    assert again.exit_code == 0 and [p.name for p in (tmp_path / "one").iterdir()] == [
        f"令和2年度_{suffixed}_進捗状況調査票.csv"
    ]


def test_file_names_are_safe_stable_and_unique() -> None:
    assert file_names([SLASHED, "防災課"]) == {SLASHED: "産業振興部／産業振興センター", "防災課": "防災課"}
    hostile = [
        "/../../x",
        "..",
        ".",
        "",
        " .a. ",
        'a<>:"\\|?*b',
        "CON",
        "nul.txt",
        "com1",
        "a\tb\nc\x1b",
        "x\u202ey\u200b",
    ]
    forms = file_names(hostile)
    for form in forms.values():
        assert form and form not in (".", "..") and not form.startswith((".", " ")) and not form.endswith((".", " "))
        assert not any(c in form for c in '<>:"/\\|?*') and form.isprintable()
        assert form.split(".")[0].upper() not in ("CON", "NUL", "COM1")
    assert forms["/../../x"] == "／..／..／x"
    assert forms['a<>:"\\|?*b'] == "a＜＞：＂＼｜？＊b"
    assert forms["nul.txt"] == "nul_.txt"
    assert forms["x\u202ey\u200b"] == "x_y_"
    assert len({f.casefold() for f in forms.values()}) == len(set(hostile))
    assert len(file_names(["長" * 200])["長" * 200].encode()) <= 120
    # Order never matters; a word already safe keeps its form; case-only twins differ (Windows).
    assert file_names(["A/B", "A／B"]) == file_names(["A／B", "A/B"])
    assert file_names(["A/B", "A／B"])["A／B"] == "A／B"
    pair = file_names(["Soumu", "SOUMU"])
    assert pair["SOUMU"] == "SOUMU" and pair["Soumu"].startswith("Soumu_")


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["list"],
        ["tree"],
        ["show", "3-1"],
        ["report", "R2"],
        ["export", "--format", "json"],
        ["progress", "sheets", "R2", "-o", "-", "--dept", "情報政策課", "--format", "csv"],
    ],
)
def test_a_file_named_after_a_printed_number_is_a_problem_not_a_crash(run: Run, minimal: Path, args: list[str]) -> None:
    """items/3-①.yaml (the plan prints ①): every command reads the plan; validate names the file."""
    (minimal / "items" / "3-1.yaml").rename(minimal / "items" / "3-①.yaml")
    (minimal / "items" / "1-1-1.yaml").rename(minimal / "items" / "1-1-1①.yaml")  # sorting the names crashed
    result = run(*args, "--plan", minimal)
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output + result.stderr
    if args == ["validate"]:
        assert "file-name-not-id file name '3-①' is not an item ID" in result.stdout
        assert "(rename the file to 3-1.yaml)" in result.stdout


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("危機\n管理課", "U+000A"),
        ("危機\t管理課", "U+0009"),
        ("\x1b[31m危機管理課", "U+001B"),
        ("危機\u200b管理課", "U+200B"),
        ("危機管理課\u202e", "U+202E"),
        ("\ufeff危機管理課", "U+FEFF"),
    ],
)
def test_rename_refuses_a_name_no_one_can_see(run: Run, minimal: Path, name: str, shown: str) -> None:
    before = {p: p.read_bytes() for p in minimal.rglob("*.yaml")}
    result = run("rename-department", "防災課", name, "--plan", minimal)
    assert result.exit_code == 2, result.output
    assert f"holds characters that cannot be seen: {shown}; retype it without them" in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert {p: p.read_bytes() for p in minimal.rglob("*.yaml")} == before


def test_rename_refuses_an_empty_name(run: Run, minimal: Path) -> None:
    result = run("rename-department", "防災課", " ", "--plan", minimal)
    assert result.exit_code == 2 and "the new name is empty" in result.stderr


def test_hidden_characters_are_named() -> None:
    assert hidden_characters("防災課") == []
    assert hidden_characters("a\u202eb\u200bc\u200bd\x1b") == ["U+001B", "U+200B", "U+202E"]
    assert hidden_characters("行1\u2028行2\r") == ["U+000D", "U+2028"]
