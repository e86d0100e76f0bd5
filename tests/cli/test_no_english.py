"""Under a Japanese locale every command speaks Japanese: no English sentence in any output.

One subprocess (LANG=ja_JP.UTF-8, no ACTIONPLAN_LANG) runs every command's --help and the
README walkthrough in-process, success and error paths, and prints what they wrote. A run of
three or more ASCII words is an English sentence unless it is a code, a path, an ID, an option
name, a command line, a list of JSON keys or codes, or text of the plan itself (plan data is
the plan's own words, in whatever language the plan is written).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys

import yaml

from actionplan.loader import embedded_plan_dir
from support import KPI_CITY

_RUN_ALL = r"""
import json, sys, tempfile
from pathlib import Path
from typer.main import get_command
from typer.testing import CliRunner
from actionplan.cli import load_commands
from actionplan.i18n import install_for_libraries
from actionplan.loader import embedded_plan_dir

install_for_libraries()  # as main() does: typer's own words in the same language
app = load_commands()  # every command registered, as conftest.py does (a bare app holds none)
runner = CliRunner()
group = get_command(app)
paths = [[]]
for name, command in group.commands.items():
    paths.append([name])
    paths += [[name, sub] for sub in getattr(command, "commands", {})]
tmp = Path(tempfile.mkdtemp())
mine, sheets = tmp / "p", tmp / "sheets"
runs = [[*p, "--help"] for p in paths] + [
    ["validate"], ["validate", "--format", "json"], ["list"], ["list", "--dept", "情報政策"],
    ["list", "--year", "2020"],
    ["list", "--format", "x"], ["list", "--formt", "x"], ["list", "extra"], ["nosuch"], ["progress", "sheet"],
    ["show", "1-2-4"], ["show", "9-9"], ["tree"], ["report", "2020"], ["report", "2030"], ["report"], ["glossary"],
    ["glossary", "zzz"], ["init", str(mine)], ["init", str(mine)],
    ["progress", "set", "1-1-3", "R2", "--status", "遅れ", "--phase", "実施", "--plan", str(mine)],
    ["progress", "set", "1-1-3", "R2", "--status", "順調", "--plan", str(mine)],
    ["progress", "set", "1-1-3", "R2", "--status", "遅れ", "--phase", "実施", "--plan", str(mine)],
    ["progress", "sheets", "R2", "-o", str(sheets), "--dept", "防災課", "--plan", str(mine)],
    ["progress", "sheets", "R2", "-o", str(sheets / "csv"), "--format", "csv", "--dept", "防災課", "--plan", str(mine)],
    ["progress", "import", str(sheets), "--dry-run", "--plan", str(mine)],
    ["progress", "import", str(sheets), "--plan", str(mine)],
    ["progress", "import", str(tmp / "missing.csv"), "--plan", str(mine)],
    ["progress", "set", "1-1-1", "R2", "--status", "予定どおり", "--plan", str(mine)],
    ["report", "R2", "--plan", str(mine)], ["report", "R2", "--missing", "--plan", str(mine)],
    ["roadmap", "-o", str(tmp / "r.html")], ["export", "--format", "csv", "-o", str(tmp / "od")],
    ["schema", "-o", str(tmp / "s.json")], ["report", "2020", "--format", "html", "-o", str(tmp)],
    ["diff", str(embedded_plan_dir()), str(mine)],
    ["validate", "--plan", str(tmp)],
]
kpi = str(Path(sys.argv[1]))  # a KPI-first plan: no 主管課 or phases, ① numbers, KPIs graded A-D
runs += [["validate", "--plan", kpi], ["list", "--plan", kpi], ["tree", "--plan", kpi], ["show", "1-5", "--plan", kpi]]
runs += [["report", "R6", "--plan", kpi], ["report", "R6", "--missing", "--plan", kpi], ["glossary", "--plan", kpi]]
out = []
for args in runs:
    result = runner.invoke(app, args)
    out.append({"args": args, "code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr})
json.dump(out, sys.stdout, ensure_ascii=False)
"""

# What may be ASCII: option names, paths, file names, CODES and METAVARS, kebab-case codes,
# URLs, command lines, problem positions.
_ALLOWED = re.compile(  # an example command line runs to the end of its line
    r"--?[a-z][a-z-]*|\S*[/\\]\S*|\S+\.(?:yaml|yml|csv|json|html|xlsx|pdf|py|md)\b|\$?\b[A-Z][A-Z_0-9]+\b"
    r"|\b[a-z]+(?:-[a-z0-9]+)+\b|https?://\S+|actionplan [a-z-]+.*$|actionplan:|path:line:col"
)
_ENGLISH = re.compile(
    r"[A-Za-z][A-Za-z0-9_']*(?:[^A-Za-z0-9_\n\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+[A-Za-z][A-Za-z0-9_']*){2,}"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_']*")


def _plan_texts() -> list[str]:
    """Every text value of the embedded plan (its own words), longest first."""
    texts: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.add(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in embedded_plan_dir().rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    # Only texts with two ASCII words or more can make a run of three.
    return sorted((t for t in texts if re.search(r"[A-Za-z]+[^A-Za-z]+[A-Za-z]+", t)), key=len, reverse=True)


def _is_key_list(run: str) -> bool:
    """``id, field, year`` / ``event (added, removed)``: JSON keys or codes listed, not a sentence."""
    words = list(_WORD.finditer(run))
    between = [run[a.end() : b.start()] for a, b in itertools.pairwise(words)]
    return all(w.group().islower() or w.group().isdigit() for w in words) and all(
        any(c in s for c in ',(){}[]":') for s in between
    )


def english_runs(text: str, plan_texts: list[str]) -> list[str]:
    for plan_text in plan_texts:
        text = text.replace(plan_text, " ")
    found = []
    for line in text.splitlines():
        for run in _ENGLISH.finditer(_ALLOWED.sub(" ", line)):
            if not _is_key_list(run.group()):
                found.append(run.group().strip())
    return found


def test_the_check_finds_english_and_lets_codes_be() -> None:
    assert english_runs("actionplan: error: no such option: --x", []) == ["error: no such option"]
    assert english_runs("actionplan: エラー：オプション --x はない", []) == []
    assert english_runs("items/1-1-3.yaml:8:5: unknown-department 主管課「防災科」は計画にない", []) == []
    assert english_runs("JSON のキー：id, field, year（event (added, removed)）", []) == []
    assert (
        english_runs("Information and Communication Technology の略", ["Information and Communication Technology"])
        == []
    )


def test_every_command_speaks_japanese_under_a_japanese_locale() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("ACTIONPLAN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env |= {"LANG": "ja_JP.UTF-8", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    env.pop("ACTIONPLAN_PLAN", None)
    done = subprocess.run(
        [sys.executable, "-c", _RUN_ALL, str(KPI_CITY)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    plan_texts = _plan_texts()
    problems = []
    for run in json.loads(done.stdout):
        assert run["code"] in (0, 1, 2), run
        # Each command ran (a harness whose app held no command once made every run a usage error).
        assert "コマンド" not in run["stderr"] or run["args"] in (["nosuch"], ["progress", "sheet"]), run
        for stream in ("stdout", "stderr"):
            problems += [f"{' '.join(run['args'])} [{stream}]: {e}" for e in english_runs(run[stream], plan_texts)]
    assert problems == []
