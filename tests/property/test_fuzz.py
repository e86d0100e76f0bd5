"""The fuzz pass: hostile and broken input through every way into the tool.

Random bytes and mutated real files as plan files, filled-in survey sheets (csv and xlsx)
with random cells or broken bytes, and random command lines, all through the real CLI.
Whatever comes in, the tool must answer with exit 0, 1 or 2 (never 3, never a traceback),
touch nothing outside the temporary plan and its output folder (never the installed package
or the embedded plan), and leave the plan either unchanged or valid.

Bounded for CI: the ``fuzz-ci`` profile runs the same 12 cases per test every time (a few
seconds, never flaky). By hand,
``ACTIONPLAN_FUZZ=deep python -m pytest tests/property/test_fuzz.py`` runs the ``fuzz-deep``
profile (thousands of cases, minutes). docs/fuzzing.md records the runs and what they found.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

import actionplan
from actionplan.cli.app import app
from actionplan.layout import embedded_plan_dir
from support import MINIMAL

# CI: the same few cases every run (derandomized), so CI is never flaky; by hand: new random cases.
settings.register_profile(
    "fuzz-ci", max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile(
    "fuzz-deep", max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
FUZZ = settings.get_profile("fuzz-" + os.environ.get("ACTIONPLAN_FUZZ", "ci"))

PROTECTED = (Path(actionplan.__file__).resolve().parent, embedded_plan_dir().resolve())
PLAN_FILES = ["plan.yaml", "glossary.yaml", "items/1-1-1.yaml", "items/3-1.yaml", "progress/2020.yaml"]
YEAR = "2020"
RUNNER = CliRunner()


def _snapshot(*folders: Path) -> dict[Path, tuple[int, int]]:
    return {
        path: (path.stat().st_size, path.stat().st_mtime_ns)
        for folder in folders
        for path in folder.rglob("*")
        # Compiled catalogs are rebuilt by every pytest start (tests/conftest.py), bytecode by Python.
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".mo"
    }


PROTECTED_BEFORE = _snapshot(*PROTECTED)


@contextmanager
def sandbox() -> Iterator[tuple[Path, Path]]:
    """A temporary folder holding a copy of the minimal plan; the current directory while inside."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="actionplan-fuzz-") as name:
        root = Path(name)
        plan = root / "plan"
        shutil.copytree(MINIMAL, plan)
        os.chdir(root)
        try:
            yield root, plan
        finally:
            os.chdir(before)


def cli(*args: str | Path) -> Result:
    """The real CLI, with the checks every run must pass whatever its input."""
    result = RUNNER.invoke(app, [str(a) for a in args], env={"ACTIONPLAN_PLAN": None})
    shown = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, shown[-2000:])
    assert "Traceback" not in shown and "internal error" not in shown, (args, shown[-2000:])
    assert "\x1b" not in shown and "\x07" not in shown, (args, "an escape sequence reached the terminal")
    return result


def plan_bytes(plan: Path) -> dict[str, bytes]:
    return {p.relative_to(plan).as_posix(): p.read_bytes() for p in sorted(plan.rglob("*")) if p.is_file()}


def assert_only_inside(root: Path, allowed: set[str]) -> None:
    """Nothing but the plan and the named outputs in the sandbox; the package and embedded plan untouched."""
    extra = {p.name for p in root.iterdir()} - allowed - {"plan"}
    assert not extra, f"written outside the plan: {sorted(extra)}"
    assert _snapshot(*PROTECTED) == PROTECTED_BEFORE, "the installed package or the embedded plan was changed"


def assert_unchanged_or_valid(plan: Path, before: dict[str, bytes]) -> None:
    after = {k: v for k, v in plan_bytes(plan).items() if not k.endswith(".lock")}
    if after != {k: v for k, v in before.items() if not k.endswith(".lock")}:
        result = cli("validate", "--plan", plan)
        assert result.exit_code == 0, "the plan was changed into an invalid one:\n" + result.output[-2000:]


# --- plan files --------------------------------------------------------------------------------

READ_COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["list", "--format", "csv"],
    ["list", "--search", "ict"],
    ["tree"],
    ["report", YEAR],
    ["report", YEAR, "--format", "markdown"],
    ["show", "1-1-1"],
    ["glossary"],
    ["roadmap", "-o", "out.html"],
    ["export", "-o", "opendata"],
    ["export", "--format", "json"],
    ["progress", "sheets", YEAR, "-o", "sheets", "-f", "csv"],
    ["list", "--format", "html", "-o", "-"],
]
OUTPUTS = {"out.html", "opendata", "sheets"}

# YAML's punctuation and the plan's words, so that mutations get past the parser's first line.
PIECES = [*"ab1 :-?[]{},#&*!|>'\"%@`~<=\n\t\r", ": ", "- ", "  ", "\n  ", "!!str ", "&a ", "*a", "<<: ",
          "---\n", "id: ", "1-1-1", "2020: ", "[実施]", "令和2", "：", "\ufeff", "\x00", "\x1b[31m", "\u202e",
          "\udcff", "あいう", "9" * 30, "-1", "null", "~", "true", "1e999"]  # fmt: skip
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """A real file with a few edits: lines deleted, doubled or swapped, text inserted, bytes flipped."""
    lines = original.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "double", "swap", "insert", "replace", "flip", "truncate"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if kind == "delete" and lines:
            del lines[at]
        elif kind == "double" and lines:
            lines.insert(at, lines[at])
        elif kind == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "insert":
            lines.insert(at, _encode(draw(YAMLISH)))
        elif kind == "replace" and lines:
            head = lines[at].split(b":", 1)[0]
            lines[at] = head + b": " + _encode(draw(YAMLISH))
        elif kind == "flip" and lines and lines[at]:
            line = bytearray(lines[at])
            line[draw(st.integers(0, len(line) - 1))] ^= draw(st.integers(1, 255))
            lines[at] = bytes(line)
        elif kind == "truncate":
            lines = lines[:at]
    return b"\n".join(lines)


def _original(name: str) -> bytes:
    path = MINIMAL / name
    if path.exists():
        return path.read_bytes()
    # No progress file in the fixture: start from a real answer.
    return (
        "answers:\n  - item: 1-1-1\n    year: 2020\n    department: 情報政策課\n    status: 予定どおり\n"
        "    phases: [運用]\n    answered_by: 情報政策課\n    answered_on: 2020-06-01\n"
    ).encode()


def _write_plan_file(plan: Path, name: str, data: bytes) -> None:
    path = plan / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def read_with_one_file_replaced(name: str, data: bytes, commands: list[list[str]]) -> None:
    """``name`` in the plan replaced by ``data``, then reading commands: they answer, and change nothing."""
    with sandbox() as (root, plan):
        _write_plan_file(plan, name, data)
        before = plan_bytes(plan)
        for command in commands:
            cli(*command, "--plan", plan)
        assert plan_bytes(plan) == before, "a reading command changed the plan"
        assert_only_inside(root, OUTPUTS)


SOME_COMMANDS = st.lists(st.sampled_from(READ_COMMANDS), min_size=1, max_size=3)


@FUZZ
@given(
    name=st.sampled_from(PLAN_FILES),
    data=st.one_of(st.binary(max_size=400), YAMLISH.map(_encode)),
    commands=SOME_COMMANDS,
)
def test_random_bytes_as_a_plan_file(name: str, data: bytes, commands: list[list[str]]) -> None:
    read_with_one_file_replaced(name, data, commands)


@st.composite
def mutated_plan_file(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(PLAN_FILES))
    return name, draw(mutated(_original(name)))


@FUZZ
@given(edit=mutated_plan_file(), commands=SOME_COMMANDS)
def test_mutated_real_plan_files(edit: tuple[str, bytes], commands: list[list[str]]) -> None:
    read_with_one_file_replaced(*edit, commands)


# --- survey sheets -----------------------------------------------------------------------------

CELL_TEXT = st.one_of(
    st.sampled_from(["", "予定どおり", "遅れ", "完了", "中止", "実施", "運用、普及啓発", "=1+1", "'=x", "@SUM(A1)",
                     "1-1-1", "3-1", "防災課", "情報政策課", "2020", "令和2年度", "\x1b]0;x\x07", "a\nb", "x" * 3000]),
    st.text(max_size=40),
)  # fmt: skip


@st.composite
def edited_rows(draw: st.DrawFn, rows: list[list[str]]) -> list[list[str]]:
    rows = [list(r) for r in rows]
    for _ in range(draw(st.integers(1, 8))):
        r = draw(st.integers(0, len(rows)))
        if r == len(rows):
            rows.append([draw(CELL_TEXT) for _ in range(draw(st.integers(0, 12)))])
            continue
        c = draw(st.integers(0, len(rows[r]) + 1))
        value = draw(CELL_TEXT)
        if c >= len(rows[r]):
            rows[r].append(value)
        else:
            rows[r][c] = value
    return rows


def _sheet(root: Path, plan: Path, fmt: str) -> Path:
    folder = root / "sheets"
    cli("progress", "sheets", YEAR, "--dept", "防災課", "-o", folder, "-f", fmt, "--plan", plan)
    (sheet,) = folder.iterdir()
    return sheet


def _import(root: Path, plan: Path, sheet: Path) -> None:
    before = plan_bytes(plan)
    cli("progress", "import", sheet, "--dry-run", "--plan", plan)
    assert plan_bytes(plan) == before, "a dry run changed the plan"
    cli("progress", "import", sheet, "--plan", plan)
    assert_unchanged_or_valid(plan, before)
    assert_only_inside(root, {"sheets"})


@FUZZ
@given(data=st.data())
def test_filled_in_csv_sheets(data: st.DataObject) -> None:
    with sandbox() as (root, plan):
        sheet = _sheet(root, plan, "csv")
        raw = sheet.read_bytes()
        if data.draw(st.booleans()):
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
            out = io.StringIO()
            csv.writer(out).writerows(data.draw(edited_rows(rows)))
            encoding = data.draw(st.sampled_from(["utf-8-sig", "cp932", "utf-16"]))
            sheet.write_bytes(out.getvalue().encode(encoding, errors="replace"))
        else:
            sheet.write_bytes(data.draw(mutated(raw)))
        _import(root, plan, sheet)


@FUZZ
@given(data=st.data())
def test_filled_in_xlsx_sheets(data: st.DataObject) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import IllegalCharacterError  # type: ignore[import-untyped]

    with sandbox() as (root, plan):
        sheet = _sheet(root, plan, "xlsx")
        if data.draw(st.booleans()):
            book = load_workbook(sheet)
            ws = book.active
            for _ in range(data.draw(st.integers(1, 8))):
                # Positions drawn apart from the file (its size changes with the zip's timestamps).
                row = data.draw(st.integers(1, 40)) % (ws.max_row + 1) + 1
                column = data.draw(st.integers(1, 40)) % (ws.max_column + 1) + 1
                cell = ws.cell(row=row, column=column)
                if type(cell).__name__ == "MergedCell":
                    continue
                value = data.draw(st.one_of(CELL_TEXT, st.integers(-(10**12), 10**12), st.floats(allow_nan=True)))
                try:
                    cell.value = value
                except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some characters itself
                    assume(False)
            book.save(sheet)
        else:
            raw = bytearray(sheet.read_bytes())
            for _ in range(data.draw(st.integers(1, 6))):
                raw[data.draw(st.integers(0, 2**20)) % len(raw)] ^= data.draw(st.integers(1, 255))
            sheet.write_bytes(bytes(raw))
        _import(root, plan, sheet)


# --- command lines -----------------------------------------------------------------------------

COMMANDS = [
    ["validate"], ["list"], ["show"], ["tree"], ["report"], ["glossary"], ["init"], ["roadmap"], ["export"],
    ["schema"], ["diff"], ["log"], ["rename-department"], ["progress", "set"], ["progress", "sheets"],
    ["progress", "import"], ["progress", "migrate"], ["progress"], [],
]  # fmt: skip
TOKENS = st.one_of(
    st.sampled_from([
        "--format", "-f", "json", "csv", "markdown", "html", "xlsx", "table", "--dept", "-d", "防災課", "情報政策課",
        "--year", "-y", "R2", "2020", "令和元年度", "2999", "--phase", "実施", "運用", "--tag", "実計", "--search",
        "--pillar", "1", "--goal", "1-1", "1-1-1", "3-1", "9-9-9", "-o", "-", "out", "out.csv", "newplan",
        "--status", "予定どおり", "--on", "2020-06-01", "2999-01-01", "--note", "--result", "--rating", "--value",
        "--missing", "--dry-run", "--merge", "--kind", "item", "plan", "progress", "--due", "--by", "--help",
        "--version", "--", "--allow-problems", "--period", "2022-2024", "--next", "HEAD", "plan",
        "\x1b]0;x\x07", "\x1b[2J", "=cmd", "sheets",
    ]),
    # Never an absolute path or "..": whatever the tool writes must land in the sandbox.
    st.text(max_size=12).filter(lambda t: "\x00" not in t and ".." not in t and not t.startswith(("/", "~"))),
)  # fmt: skip


@FUZZ
@given(command=st.sampled_from(COMMANDS), tokens=st.lists(TOKENS, max_size=8), with_plan=st.booleans())
def test_random_command_lines(command: list[str], tokens: list[str], with_plan: bool) -> None:
    with sandbox() as (_root, plan):
        before = plan_bytes(plan)
        args: list[str | Path] = [*command, *tokens]
        if with_plan:
            args += ["--plan", plan]
        cli(*args)
        assert_unchanged_or_valid(plan, before)
        assert _snapshot(*PROTECTED) == PROTECTED_BEFORE, "the installed package or the embedded plan was changed"
