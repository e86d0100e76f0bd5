"""Text from plan files is data: never markup, never escape sequences, never a formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from actionplan.loader import load
from actionplan.render.formats import render
from actionplan.reports.items import list_view
from support import Run

HOSTILE_TITLE = r"[/b] [bold]太字[/bold] \e[31m赤\e[0m \u202e逆"


def _hostile_plan(minimal: Path) -> Path:
    item = minimal / "items" / "1-1-1.yaml"
    text = item.read_text(encoding="utf-8")
    text = text.replace("title: ICTを活用した災害情報の収集と発信", f'title: "{HOSTILE_TITLE}"')
    text = text.replace(
        "headline: ICTを活用した災害情報の収集と発信を進めます。", 'headline: "=HYPERLINK(\\"http://x\\")"'
    )
    item.write_text(text, encoding="utf-8")
    return minimal


def test_markup_prints_literally_on_a_terminal(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    result = load(_hostile_plan(minimal))
    plan, problems = result.value, result.problems
    assert plan is not None and not problems
    out = io.StringIO()
    render(list_view(plan, plan.items), "table", out, tty=True)
    text = out.getvalue()
    assert "[/b] [bold]太字[/bold]" in text
    assert "\x1b[31m赤" not in text
    assert "\u202e" not in text


def test_piped_and_markdown_have_no_control_characters(run: Run, minimal: Path) -> None:
    plan = _hostile_plan(minimal)
    for fmt in ("table", "markdown", "csv"):
        for args in (["list"], ["show", "1-1-1"], ["report", "2020"]):
            result = run(*args, "--plan", plan, "--format", fmt)
            assert result.exit_code == 0, result.output
            assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
            # Markdown escapes brackets (link syntax); it renders as the same text.
            literal = r"\[/b\] \[bold\]太字\[/bold\]" if fmt == "markdown" else "[/b] [bold]太字[/bold]"
            assert literal in result.stdout


def test_json_keeps_the_text_exactly(run: Run, minimal: Path) -> None:
    plan = _hostile_plan(minimal)
    items = json.loads(run("list", "--plan", plan, "--format", "json").stdout)
    assert items[0]["title"] == "[/b] [bold]太字[/bold] \x1b[31m赤\x1b[0m \u202e逆"


def test_csv_neutralises_formulas(run: Run, minimal: Path) -> None:
    plan = _hostile_plan(minimal)
    raw = run("list", "--plan", plan, "--format", "csv").stdout_bytes.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    headline = rows[1][rows[0].index("headline")]
    assert headline == '\'=HYPERLINK("http://x")'


def _on_a_terminal(plan_dir: Path) -> str:
    """``list`` of the plan as printed on a terminal (rich)."""
    plan = load(plan_dir).value
    assert plan is not None
    out = io.StringIO()
    render(list_view(plan, plan.items), "table", out, tty=True)
    return out.getvalue()


def test_no_color_is_honoured(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[3" not in _on_a_terminal(minimal)  # no foreground colours


def test_markdown_cannot_carry_html(run: Run, minimal: Path) -> None:
    item = minimal / "items" / "1-1-1.yaml"
    hostile = '</script><script>alert(1)</script> "><img src=x onerror=alert(1)>'
    text = item.read_text(encoding="utf-8").replace(
        "title: ICTを活用した災害情報の収集と発信", "title: '" + hostile.replace("'", "''") + "'"
    )
    item.write_text(text, encoding="utf-8")
    for args in (["list"], ["show", "1-1-1"], ["report", "2020"]):
        result = run(*args, "--plan", minimal, "--format", "markdown")
        assert result.exit_code == 0, result.output
        assert "<script" not in result.stdout and "<img" not in result.stdout and "</script" not in result.stdout
    assert (
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        in run("list", "--plan", minimal, "-f", "markdown").stdout
    )


def test_escape_sequences_in_arguments_are_not_echoed(minimal: Path) -> None:
    from typer.testing import CliRunner

    from actionplan.cli.app import app

    runner = CliRunner()
    osc = "\x1b]0;pwned\x07"
    for args in (
        ["show", osc + "1-1-1"],
        ["list", "--dept", "\x1b[31m" + osc],
        ["list", "--format", osc],
        ["report", osc],
        ["list", "-o", str(minimal / "glossary.yaml" / (osc + ".txt"))],  # a folder that is a file: refused
        ["list", "--bogus" + osc],
        ["list", osc],
    ):
        result = runner.invoke(app, [*args, "--plan", str(minimal)], color=True)  # color: as on a terminal
        assert result.exit_code in (1, 2), result.output
        assert "\x1b" not in result.output and "\x07" not in result.output, args
        assert "\ufffd" in result.output or "\\x1b" in result.output, args  # replaced, or shown as repr


def test_a_narrow_terminal_still_shows_japanese_cells(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    shown = _on_a_terminal(minimal).replace("\n", "")
    plan = load(minimal).value
    assert plan is not None
    for item in plan.items:
        assert item.title in shown
        assert all(d in shown for d in item.departments)
