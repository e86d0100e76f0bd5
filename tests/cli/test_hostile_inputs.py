"""Input doors, each refused with a clear message or read as documented: dates, eras, numbers, periods, files."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from actionplan import fiscal
from support import MINIMAL, Run

FIXTURES = Path(__file__).parents[1] / "fixtures"
INDICATORS = FIXTURES / "progress" / "indicators" / "plan"


@pytest.fixture
def indicators(tmp_path: Path) -> Path:
    return Path(shutil.copytree(INDICATORS, tmp_path / "plan"))


def test_a_full_width_formula_sign_is_quoted_in_csv(run: Run, minimal: Path) -> None:
    item = minimal / "items" / "1-1-1.yaml"
    title = "title: ICTを活用した災害情報の収集と発信\n"
    item.write_text(item.read_text(encoding="utf-8").replace(title, "title: '＝HYPERLINK(\"http://x\")'\n"), "utf-8")
    result = run("list", "--format", "csv", "--plan", minimal)
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))) for cell in row]
    assert '\'＝HYPERLINK("http://x")' in cells


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--as-of", "9999-12-31", "--format", "json"],
        ["rename-department", "防災課", "危機管理課", "--on", "9999-12-31"],
        ["progress", "set", "3-1", "R2", "-s", "予定どおり", "--phase", "推進", "--on", "9999-12-31"],
        ["progress", "sheets", "R2", "-o", "-", "-d", "防災課", "-f", "csv", "--due", "9999-12-31"],
        ["export", "--as-of", "1999-04-01", "--format", "json"],
    ],
)
def test_a_date_beyond_sense_is_a_usage_error(run: Run, minimal: Path, args: list[str]) -> None:
    def plan_files() -> dict[Path, bytes]:  # a lock file left empty is no change
        return {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file() and not p.name.endswith(".lock")}

    before = plan_files()
    result = run(*args, "--plan", minimal)
    assert result.exit_code == 2, result.output
    option = args[args.index("9999-12-31") - 1] if "9999-12-31" in args else "--as-of"
    assert f"error: {option} " in result.stderr
    assert ("is after" in result.stderr) or ("is before 2018-04-01" in result.stderr)
    assert plan_files() == before


def test_dates_in_range_are_read_full_width_too(run: Run, minimal: Path) -> None:
    result = run("export", "--as-of", "２０２０－１０－０１", "--format", "json", "--plan", minimal)
    assert result.exit_code == 0, result.output
    assert "2020-10-01" in result.stdout


def test_the_date_rule() -> None:
    today = date(2026, 12, 6)
    assert fiscal.parse_day("2026-12-06", 2018, today) == today
    assert fiscal.parse_day("2028-03-31", 2018, today, ahead=True) == date(2028, 3, 31)
    for text, ahead in (("2026-12-07", False), ("2028-04-01", True), ("2018-03-31", True), ("2020-02-30", False)):
        with pytest.raises(fiscal.FiscalYearError):
            fiscal.parse_day(text, 2018, today, ahead=ahead)


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("平成31年5月", "令和元年5月"),
        ("H31年12月", "令和元年12月"),
        ("令和元年4月", "平成31年4月"),
        ("昭和64年2月", "平成元年2月"),
    ],
)
def test_a_month_of_an_era_that_had_ended_is_refused(run: Run, minimal: Path, written: str, suggested: str) -> None:
    plan = minimal / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  start: 2019\n", f"  start: {written}\n"), "utf-8")
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 1, result.output
    assert f"{written} does not exist" in result.stdout and f"did you mean {suggested}?" in result.stdout


def test_a_publication_month_that_did_not_exist_is_refused(run: Run, minimal: Path) -> None:
    plan = minimal / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("published: 令和元年7月\n", "published: 平成31年5月\n"), encoding="utf-8")
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 1 and "published: 平成31年5月 does not exist" in result.stdout
    assert "did you mean 令和元年5月?" in result.stdout


def test_months_that_exist_at_an_era_change() -> None:
    assert fiscal.parse_month("平成31年4月") == (2019, 4)
    assert fiscal.parse_month("令和元年5月") == (2019, 5)
    assert fiscal.parse_month("昭和64年1月") == fiscal.parse_month("平成元年1月") == (1989, 1)


@pytest.mark.parametrize("value", ["sites=1_000", "sites=1e400", "sites=inf", "sites=nan", "sites=0x10"])
def test_progress_set_refuses_what_is_no_number(run: Run, indicators: Path, value: str) -> None:
    result = run(
        "progress", "set", "1-1-3", "R2", "-d", "防災課", "-s", "予定どおり", "--value", value, "--plan", indicators
    )
    assert result.exit_code == 2, result.output
    assert "is not a number" in result.stderr or "out of range" in result.stderr


def test_numbers_as_people_write_them_are_read() -> None:
    from actionplan.text import NotANumber, number

    assert number("1,000") == number("１，０００") == 1000.0
    assert number(" -2.5e3 ") == -2500.0
    for text in ("1_000", "1" * 401, "-1e999", ".nan", "inf", "", "1 000"):
        with pytest.raises(NotANumber):
            number(text)


@pytest.mark.parametrize(
    ("value", "said"), [("", "it is empty"), ("[20]", "must be a number"), ("{a: 1}", "must be a number")]
)
def test_a_target_that_is_no_number_is_a_problem_at_its_place(run: Run, minimal: Path, value: str, said: str) -> None:
    # An empty target (2020:) or a list reached text.number, which raised TypeError: an internal error, exit 3.
    item = minimal / "items" / "1-1-3.yaml"
    text = item.read_text(encoding="utf-8").rstrip("\n")
    item.write_text(
        text + f"\nindicators:\n  - id: sites\n    name: 施設数\n    targets:\n      2020: {value}\n", "utf-8"
    )
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 1, result.output
    line = next(line for line in result.stdout.splitlines() if "indicators.0.targets.2020" in line)
    assert "items/1-1-3.yaml:19:" in line and " schema " in line and said in line, result.stdout  # file, line, column


@pytest.mark.parametrize("word", ['""', '"　"'])
def test_an_empty_word_is_said_to_be_empty(run: Run, minimal: Path, word: str) -> None:
    # A department written "" (or only spaces) is an empty text, not a list too short ("at least 1 entries").
    item = minimal / "items" / "1-1-3.yaml"
    item.write_text(item.read_text(encoding="utf-8").rstrip("\n") + f"\nglossary: [{word}]\n", "utf-8")
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 1, result.output
    assert "glossary.0: must not be empty" in result.stdout and "entries" not in result.stdout, result.stdout


def test_a_huge_number_never_reaches_json_as_infinity(run: Run, minimal: Path) -> None:
    item = minimal / "items" / "1-1-3.yaml"
    huge = "9" * 401
    text = item.read_text(encoding="utf-8").rstrip("\n")
    item.write_text(text + f"\nindicators:\n  - id: sites\n    name: 施設数\n    targets: {{2020: {huge}}}\n", "utf-8")
    result = run("validate", "--plan", minimal)
    assert result.exit_code == 1 and "the number is out of range" in result.stdout
    report = run("report", "R2", "--format", "json", "--allow-problems", "--plan", minimal)
    assert report.exit_code == 0, report.output
    assert "Infinity" not in report.stdout and "NaN" not in report.stdout
    json.loads(report.stdout)


@pytest.mark.parametrize(
    ("period", "shown"),
    [
        ("２０２２－２０２４", "FY2022 to FY2024"),
        ("R4～R6", "FY2022 to FY2024"),
        ("R4-R100", "a period of 97 fiscal years"),
        ("2022-2118", "a period of 97 fiscal years"),
        ("2022-3000", "fiscal year out of range"),
    ],
)
def test_next_plan_period_one_rule(run: Run, tmp_path: Path, period: str, shown: str) -> None:
    result = run("init", tmp_path / "next", "--next", "--period", period, "--plan", MINIMAL)
    assert shown in result.output
    assert result.exit_code == (0 if "FY" in shown else 2)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_import_of_a_named_pipe_says_what_it_is(run: Run, minimal: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "sheet.csv"
    os.mkfifo(pipe)
    result = run("progress", "import", pipe, "--plan", minimal)
    assert result.exit_code == 2
    assert "is not a file or a folder (a named pipe, device or socket)" in result.stderr


def test_a_dangling_link_is_named_as_one(run: Run, minimal: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "gone")
    imported = run("progress", "import", link, "--plan", minimal)
    assert imported.exit_code == 2
    assert f"is a symbolic link to {tmp_path / 'gone'}, which does not exist" in imported.stderr
    written = run("progress", "sheets", "R2", "-o", link, "-f", "csv", "--plan", minimal)
    assert written.exit_code == 1
    assert f"is a symbolic link to {tmp_path / 'gone'}, which does not exist" in written.stderr
    assert link.is_symlink() and not (tmp_path / "gone").exists()
