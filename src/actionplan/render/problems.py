"""Reporters for validation results: text (file:line:col), json and GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from actionplan.i18n import _, ngettext
from actionplan.problems import Problem, errors
from actionplan.render.formats import render_table
from actionplan.text import terminal_safe
from actionplan.views import View

JSON_VERSION = 1


def _where(p: Problem) -> str:
    if p.cell is not None:
        return f"{p.path}:{p.cell}"
    if p.line is None:
        return p.path
    return f"{p.path}:{p.line}:{p.col or 1}"


def problem_line(p: Problem) -> str:
    """``path:line:col: CODE message (hint)`` — the form editors and CI logs jump to (``path:K8:`` in a sheet);
    a warning reads ``path:line:col: warning: CODE message``."""
    said = _("warning: {code} {message}") if p.warning else "{code} {message}"
    text = f"{_where(p)}: " + said.format(code=p.code, message=p.message)
    if p.hint:
        text += _(" ({hint})").format(hint=p.hint)
    return terminal_safe(text)


def report_text(problems: list[Problem], summary: View | None, out: TextIO, *, tty: bool) -> None:
    for p in problems:
        out.write(problem_line(p) + "\n")
    if errors(problems):
        out.write(problem_count(problems) + "\n")
    elif summary is not None:
        render_table(summary, out, tty=tty)


def warning_count(n: int) -> str:
    """``2 warnings`` / 「注意 2件」."""
    return ngettext("{n} warning", "{n} warnings", n).format(n=n)


def problem_count(problems: list[Problem]) -> str:
    """``4 problems in 2 files`` / 「問題 4件（2ファイル）」, then the warnings among them: ``, 1 warning``."""
    found = errors(problems)
    files = len({p.path for p in found})
    in_files = ngettext("{n} file", "{n} files", files).format(n=files)
    text = ngettext("{n} problem in {files}", "{n} problems in {files}", len(found)).format(
        n=len(found), files=in_files
    )
    warned = len(problems) - len(found)
    return _("{problems}, {warnings}").format(problems=text, warnings=warning_count(warned)) if warned else text


def problem_dict(p: Problem) -> dict[str, Any]:
    return {
        "path": p.path,
        "line": p.line,
        "column": p.col,
        "code": p.code,
        "message": p.message,
        "hint": p.hint,
        "item": p.item,
        "message_local": p.message_local or p.message,
        "hint_local": p.hint_local or p.hint,
        "severity": "warning" if p.warning else "error",
    }


def report_json(problems: list[Problem], summary: View | None, out: TextIO, *, tty: bool) -> None:
    """``{"version", "ok", "problems": [...], "summary": ...}`` — see docs/validate.md."""
    document = {
        "version": JSON_VERSION,
        "ok": not errors(problems),
        "problems": [problem_dict(p) for p in problems],
        "summary": summary.data if summary is not None else None,
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _gh_escape(text: str, *, prop: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def report_github(problems: list[Problem], summary: View | None, out: TextIO, *, tty: bool) -> None:
    """GitHub Actions workflow commands: one ``::error`` annotation per problem."""
    for p in problems:
        props = [f"file={_gh_escape(p.path, prop=True)}"]
        if p.line is not None:
            props += [f"line={p.line}", f"col={p.col or 1}"]
        props.append(f"title={_gh_escape(p.code, prop=True)}")
        message = p.message + (_(" ({hint})").format(hint=p.hint) if p.hint else "")
        kind = "warning" if p.warning else "error"
        out.write(f"::{kind} {','.join(props)}::{_gh_escape(terminal_safe(message), prop=False)}\n")
    found = errors(problems)
    count = ngettext("{n} problem", "{n} problems", len(found)).format(n=len(found))
    out.write(f"{count}\n" if found else "ok\n")  # "ok": a word CI logs are searched for, in every language


REPORTERS: dict[str, Callable[..., None]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
