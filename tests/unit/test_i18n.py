"""Messages in Japanese and English: how the language is chosen, and that the catalogs match the code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import catalogs
import pytest

from actionplan import i18n
from support import KPI_CITY, PlanCopy, Run

CLEAN = {
    k: v for k, v in os.environ.items() if k not in ("ACTIONPLAN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LC_ALL": "POSIX", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ja_JP.eucJP", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        # LANGUAGE is a list, preferred over the locale, but a C locale means English (as in GNU gettext).
        ({"LANGUAGE": "fr:ja", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LANGUAGE": "ja", "LC_ALL": "C.UTF-8"}, "en"),
        ({"LANGUAGE": "ja"}, "ja"),
        # ACTIONPLAN_LANG wins over everything.
        ({"ACTIONPLAN_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"ACTIONPLAN_LANG": "ja", "LC_ALL": "C"}, "ja"),
        ({"ACTIONPLAN_LANG": "ja-JP"}, "ja"),
        ({"LANG": ""}, None),
    ],
)
def test_language_from_environment(environ: dict[str, str], expected: str | None) -> None:
    assert i18n.from_environment(environ) == expected


def test_plan_argument_forms() -> None:
    assert i18n._plan_argument(["list", "--plan", "x"]) == "x"
    assert i18n._plan_argument(["list", "--plan=y"]) == "y"
    assert i18n._plan_argument(["-pz", "list"]) == "z"
    assert i18n._plan_argument(["list", "--dept", "防災課"]) is None


def _run(args: list[str], env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    code = "import sys; from actionplan.cli import main; sys.argv[0] = 'actionplan'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**CLEAN, **env, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        cwd=cwd,
    )


def test_japanese_locale_speaks_japanese_and_c_locale_english() -> None:
    ja = _run(["list", "--format", "x"], {"LANG": "ja_JP.UTF-8"})
    en = _run(["list", "--format", "x"], {"LANG": "C.UTF-8"})
    assert ja.returncode == en.returncode == 2
    assert "は指定できない" in ja.stderr
    assert "is not one of" in en.stderr


def test_without_locale_the_plans_language_decides(minimal: Path) -> None:
    # The embedded plan says `language: ja`; the minimal fixture plan says nothing (English).
    embedded = _run(["list", "--format", "x"], {})
    assert "は指定できない" in embedded.stderr
    fixture = _run(["list", "--plan", str(minimal), "--format", "x"], {})
    assert "is not one of" in fixture.stderr
    (minimal / "plan.yaml").write_text("language: ja\n" + (minimal / "plan.yaml").read_text(encoding="utf-8"), "utf-8")
    assert "は指定できない" in _run(["list", "--plan", str(minimal), "--format", "x"], {}).stderr
    assert "は指定できない" in _run(["list", "--format", "x"], {"ACTIONPLAN_PLAN": str(minimal)}).stderr


def test_help_is_translated_before_the_commands_are_built() -> None:
    # typer evaluates help texts when the command modules are imported: the language must be known then.
    done = _run(["list", "--help"], {"LANG": "ja_JP.UTF-8"})
    assert done.returncode == 0
    assert "出力形式" in done.stdout


def test_problem_count_in_japanese(run: Run, embedded: Path) -> None:
    from actionplan.problems import Problem
    from actionplan.render.problems import problem_count

    problems = [Problem("a.yaml", "x", "m", 1, 1), Problem("a.yaml", "x", "m", 2, 1), Problem("b.yaml", "x", "m", 1, 1)]
    try:
        i18n.use("ja")
        assert problem_count(problems) == "問題 3件（2ファイル）"
    finally:
        i18n.use("en")
    assert problem_count(problems) == "3 problems in 2 files"
    assert problem_count(problems[:1]) == "1 problem in 1 file"


def test_every_marked_message_has_japanese_with_the_same_placeholders() -> None:
    """The catalog matches the code: run `python tools/catalogs.py` and fill in the msgstr lines."""
    assert catalogs.check() == []


def test_compiled_catalogs_match_the_po_files() -> None:
    catalogs.compile_all()
    assert catalogs.compile_all() == []
    for po in catalogs.po_files():
        assert po.with_suffix(".mo").is_file()


def test_the_check_finds_what_it_should(tmp_path: Path) -> None:
    from babel.messages.catalog import Message

    assert catalogs.entry_problems(Message("wrote {path}", "")) == ["no translation"]
    assert catalogs.entry_problems(Message("wrote {path}", "{path} に書き出した")) == []
    assert catalogs.entry_problems(Message("wrote {path}", "{file} に書き出した")) != []
    assert catalogs.entry_problems(Message("{n:,} bytes", "{n}バイト")) != []
    assert catalogs.entry_problems(Message(("{n} file", "{n} files"), ("{n}ファイル",))) == []
    assert catalogs.entry_problems(Message("x {a}", "y {a}", flags=["fuzzy"])) != []


def test_the_check_finds_a_message_babel_cannot_extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "src" / "actionplan"
    package.mkdir(parents=True)
    (package / "m.py").write_text(
        'from actionplan.i18n import _\nx = f"{_(\'heading\')}: 1"\ny = _("ok")\nz = _("a" + "b")\n', encoding="utf-8"
    )
    monkeypatch.setattr(catalogs, "PACKAGE", package)
    monkeypatch.setattr(catalogs, "ROOT", tmp_path)
    assert catalogs.literal_problems() == [
        "src/actionplan/m.py:2: _() inside an f-string is not extracted; call it outside",
        "src/actionplan/m.py:4: _() needs a plain string literal (no f-string, no +)",
    ]


def test_typer_usage_errors_in_japanese() -> None:
    done = _run(["list", "--formt", "x"], {"LANG": "ja_JP.UTF-8"})
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "使い方：actionplan list [OPTIONS]",
        "「actionplan list -h」でヘルプを表示できる",
        "",
        "actionplan: エラー：オプション --formt はない（--format の誤りか）",
    ]
    missing = _run(["report"], {"LANG": "ja_JP.UTF-8"})
    assert missing.stderr.splitlines()[-1] == "actionplan: エラー：引数「YEAR」がない"
    assert "このヘルプを表示して終了する。" in _run(["report", "--help"], {"LANG": "ja_JP.UTF-8"}).stdout
    # Option names quoted and joined by the catalog, not by click's code ('--format' / '-f').
    wrong = _run(["list", "--format", "mardown"], {"LANG": "ja_JP.UTF-8"}).stderr.splitlines()[-1]
    assert wrong.startswith("actionplan: エラー：「--format」／「-f」の値が正しくない：「mardown」は指定できない。")
    assert wrong.endswith("（「markdown」の誤りか）")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--formt", "x"], "no such option: --formt (did you mean --format?)"),
        (["report"], "missing argument 'YEAR'"),
        (["list", "extra"], "unexpected extra argument: extra"),
        (["list", "-f"], "option '-f' needs a value"),
        (["nosuch"], "no such command: nosuch"),
        (
            ["list", "--format", "x"],
            "invalid value for '--format' / '-f': 'x' is not one of: table, markdown, csv, json, html, xlsx, pdf; "
            "did you mean 'xlsx'?",
        ),
    ],
)
def test_typer_usage_errors_in_english(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"actionplan: error: {message}"


def test_os_errors_speak_the_users_language(japanese: None) -> None:
    import errno

    # strerror is the C library's English whatever the locale; inside a Japanese sentence it is replaced.
    assert i18n.os_reason(OSError(errno.ENOSPC, "No space left on device")) == "ディスクの空き容量がない"
    assert i18n.os_reason(PermissionError(errno.EACCES, "Permission denied")).startswith("アクセスが許可されていない")
    assert i18n.os_reason(OSError(errno.EPROTO, "Protocol error")) == "Protocol error"  # no word of ours: the system's


def test_a_full_disk_is_said_in_japanese(run: Run, tmp_path: Path, japanese: None) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    result = run("roadmap", "-o", "/dev/full")
    assert result.exit_code == 1
    assert "ディスクの空き容量がない" in result.stderr and "No space" not in result.stderr


def test_a_choice_of_words_is_listed_in_the_users_language(plan_copy: PlanCopy) -> None:
    # pydantic says a literal's choices as "'per_year' or 'cumulative'": English inside a Japanese message.
    plan = plan_copy(KPI_CITY)
    item = plan / "items" / "1-1.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("kind: cumulative", "kind: cumulativ", 1), "utf-8")
    japanese = _run(["validate", "--plan", str(plan)], {"ACTIONPLAN_LANG": "ja"})
    assert japanese.returncode == 1
    assert "1-1.yaml:10:11: schema indicators.0.kind：「per_year」、「cumulative」のどれかであること" in japanese.stdout
    english = _run(["validate", "--plan", str(plan)], {"ACTIONPLAN_LANG": "en"})
    assert "indicators.0.kind: must be one of 'per_year', 'cumulative'" in english.stdout
