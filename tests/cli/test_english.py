"""Under an English locale (CI on C.UTF-8) every command speaks English: tables, reports, pages,
sheets and messages. The only Japanese left is the plan's own text (titles, departments, phase
and status words, labels such as 第一), which is data and stays as the plan writes it.

One subprocess (LANG=C.UTF-8, no ACTIONPLAN_LANG) runs the commands of RUNS in-process and
prints what each wrote to stdout, stderr and its output files (xlsx as cell text). Every run of
Japanese characters in that text must be plan data: a piece of some text of the plans involved,
and not one of the catalog's Japanese words (集計区分, 未回答 …) unless the plan uses that word
as a whole value. JSON is a contract that does not change with the language and is not checked.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import catalogs
import yaml

import support
from actionplan.fiscal import YEAR_FORMS
from actionplan.loader import embedded_plan_dir
from actionplan.model import TO_FILL_IN

ROOT = Path(__file__).resolve().parents[2]
# A report with every section (ratings, indicators, 遅れ and 中止, a phase change, a milestone).
_ANSWERED = str(ROOT / "tests" / "fixtures" / "progress" / "answered")
EMBEDDED = embedded_plan_dir()
CITY = ROOT / "tests" / "fixtures" / "shapes" / "city"
PREFECTURE = ROOT / "tests" / "fixtures" / "shapes" / "prefecture"
KPI_CITY = str(support.KPI_CITY)  # no 主管課 or phases; ① and KPIs
_FORMATS = ("table", "markdown", "csv", "html")

# Every command's help; test_every_help_is_run keeps this list whole.
_COMMANDS = (
    "validate list show tree report glossary init roadmap export schema diff log rename-department recover progress"
)
HELP = [
    [],
    *([name] for name in _COMMANDS.split()),
    *(["progress", sub] for sub in ("set", "sheets", "import", "migrate")),
]

# Each run: the arguments; ``{tmp}`` is a fresh folder of the run, ``{mine}`` a copy of the
# embedded plan made by the first run (init). Add the commands of an area once it speaks English.
RUNS: list[list[str]] = [
    *([*command, "--help"] for command in HELP),
    ["init", "{mine}"],
    ["init", "{mine}"],
    ["list", "--format", "x"],
    ["list", "--formt", "x"],
    ["list", "extra"],
    ["nosuch"],
    ["show", "9-9"],
    ["report", "2030"],
    ["glossary", "zzz"],
    ["validate", "--plan", "{tmp}"],
    ["progress", "set", "1-1-3", "R2", "--status", "順調", "--plan", "{mine}"],
    ["progress", "import", "{tmp}/missing.csv", "--plan", "{mine}"],
    # survey sheets: last year's answer, a co-department's answer and the department's own fill cells
    ["progress", "set", "1-1-1", "R1", "-d", "防災課", "-s", "遅れ", "--phase", "運用", "--plan", "{mine}"],
    [
        "progress",
        "set",
        "1-1-1",
        "R2",
        "-d",
        "情報政策課",
        "-s",
        "予定どおり",
        "--result",
        "改修を終えた",
        "--plan",
        "{mine}",
    ],
    [
        "progress",
        "set",
        "1-1-1",
        "R2",
        "-d",
        "防災課",
        "-s",
        "予定どおり",
        "--phase",
        "運用／普及啓発",
        "--plan",
        "{mine}",
    ],
    ["progress", "set", "1-1-1", "R2", "-s", "完了", "--plan", "{mine}"],
    ["progress", "sheets", "R2", "-o", "{tmp}", "--dept", "防災課", "--due", "2021-04-30", "--plan", "{mine}"],
    ["progress", "sheets", "R2", "-o", "{tmp}", "--dept", "防災課", "-f", "csv", "--plan", "{mine}"],
    ["progress", "sheets", "R2", "-o", "{mine}-sheets", "--plan", "{mine}"],
    ["progress", "import", "{mine}-sheets", "--dry-run", "--plan", "{mine}"],
    ["progress", "import", "{mine}-sheets", "--plan", "{mine}"],
    ["progress", "migrate", "--plan", "{mine}"],
    ["schema", "-o", "{tmp}/schema.json"],
    *(["report", "R2", "--plan", _ANSWERED, "-f", fmt] for fmt in ("table", "markdown", "csv", "html")),
    ["report", "R2", "--plan", _ANSWERED, "-f", "xlsx", "-o", "{tmp}/report.xlsx"],
    ["report", "R2", "--plan", _ANSWERED, "--missing"],
    ["report", "R2", "--plan", _ANSWERED, "--missing", "-f", "xlsx", "-o", "{tmp}/missing.xlsx"],
    ["report", "R2", "--plan", _ANSWERED, "--public", "--dept", "防災課", "-f", "html"],
    ["report", "R2", "--plan", "{mine}", "-f", "html"],
    ["report", "R1", "--plan", str(ROOT / "tests" / "fixtures" / "progress" / "plan"), "-f", "markdown"],
    ["report", "R4", "--plan", str(ROOT / "tests" / "fixtures" / "shapes" / "prefecture"), "-f", "html"],
    ["report", "R5", "--plan", str(ROOT / "tests" / "fixtures" / "shapes" / "city"), "-f", "html"],
    # The roadmap page as a whole (text, attributes, the script's messages): public, internal, a snapshot.
    ["roadmap", "-o", "{tmp}/roadmap.html"],
    ["roadmap", "--internal", "--plan", "{mine}", "-o", "{tmp}/roadmap.html"],
    ["roadmap", "--as-of", "R2", "--plan", "{mine}", "-o", "{tmp}/roadmap.html"],
    ["roadmap", "--internal", "--plan", _ANSWERED, "-o", "{tmp}/roadmap.html"],
    ["roadmap", "--plan", str(ROOT / "tests" / "fixtures" / "shapes" / "prefecture"), "-o", "{tmp}/roadmap.html"],
    ["roadmap", "--plan", str(CITY), "-o", "{tmp}/roadmap.html"],  # the default phase kinds: the tool's words
    # query and history: every format of the tables, the plan's shapes, diff and log
    ["validate"],
    ["validate", "--plan", str(CITY)],
    ["tree"],
    ["tree", "--plan", str(PREFECTURE), "--format", "markdown"],
    ["tree", "--format", "csv", "-o", "{tmp}/tree.csv"],
    ["list", "--dept", "情報政策課"],
    ["list", "--plan", str(CITY), "--format", "markdown"],
    ["list", "--format", "csv", "-o", "{tmp}/list.csv"],
    ["list", "--tag", "新規", "--format", "html", "-o", "{tmp}/list.html"],
    ["show", "1-2-4"],
    ["show", "1-3", "--plan", str(PREFECTURE), "--format", "markdown"],
    ["show", "1-1", "--plan", str(PREFECTURE)],
    ["tree", "--plan", str(CITY), "--format", "html", "-o", "{tmp}/tree.html"],
    ["show", "1-1-1", "--format", "csv", "-o", "{tmp}/show.csv"],
    ["show", "1-3-5", "--format", "html", "-o", "{tmp}/show.html"],
    ["glossary", "gis"],
    ["glossary", "--format", "csv", "-o", "{tmp}/glossary.csv"],
    ["show", "1-1-1", "--plan", _ANSWERED],
    ["rename-department", "防災課", "危機管理課", "--on", "2026-04-01", "--plan", "{mine}"],
    ["recover", "--plan", "{mine}"],
    ["diff", str(EMBEDDED), "{mine}"],
    ["diff", str(EMBEDDED), "{mine}", "--format", "markdown"],
    ["diff", str(EMBEDDED), "{mine}", "--format", "csv", "-o", "{tmp}/diff.csv"],
    ["log", "9-9-9", "--plan", str(EMBEDDED)],
    ["init", "{tmp}/next", "--next", "--period", "2022-2024", "--plan", "{mine}"],
    # A KPI-first plan: every command and format that prints for people (JSON is the same in every language).
    ["validate", "--plan", KPI_CITY],
    *([command, "--plan", KPI_CITY, "-f", fmt] for command in ("list", "tree") for fmt in _FORMATS),
    *(["show", item, "--plan", KPI_CITY, "-f", fmt] for item in ("1-5", "1-6") for fmt in _FORMATS),
    *(["report", "R6", "--plan", KPI_CITY, "-f", fmt] for fmt in _FORMATS),
    ["report", "R6", "--plan", KPI_CITY, "-f", "xlsx", "-o", "{tmp}/report.xlsx"],
    ["report", "R6", "--plan", KPI_CITY, "--missing"],
    ["roadmap", "--plan", KPI_CITY, "-o", "{tmp}/roadmap.html"],
    ["glossary", "--plan", KPI_CITY],
    ["progress", "sheets", "R6", "--plan", KPI_CITY, "-o", "{tmp}"],
]

_RUN_ALL = r"""
import json, sys, tempfile
from pathlib import Path
from typer.testing import CliRunner
from actionplan.cli import load_commands
from actionplan.i18n import install_for_libraries

install_for_libraries()  # as main() does: typer's own words in the same language
app = load_commands()  # every command registered, as conftest.py does (a bare app holds none)
runs = json.loads(sys.argv[1])
runner = CliRunner()
base = Path(tempfile.mkdtemp())
mine = base / "mine"


def written(folder):
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".json"):
        if path.suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path)
            cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None]
            headers = [str(h) for ws in book.worksheets
                       for h in (ws.oddHeader.center.text, ws.oddHeader.right.text) if h]
            out.append("\n".join([path.name, *book.sheetnames, *headers, *cells]))
        elif path.suffix in (".csv", ".html", ".md", ".txt", ".svg"):
            out.append(path.name + "\n" + path.read_text(encoding="utf-8-sig"))
    return "\n".join(out)


out = []
for number, args in enumerate(runs):
    tmp = base / f"run{number}"
    tmp.mkdir()
    args = [a.replace("{tmp}", str(tmp)).replace("{mine}", str(mine)) for a in args]
    result = runner.invoke(app, args)
    json_out = "json" in args and ("--format" in args or "-f" in args)
    out.append({"args": args, "code": result.exit_code, "stdout": "" if json_out else result.stdout,
                "stderr": result.stderr, "files": written(tmp), "plan": str(mine)})
json.dump(out, sys.stdout, ensure_ascii=False)
"""

_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+")
# A survey sheet's file name is data, the same in every language (令和2年度_防災課_進捗状況調査票.xlsx:
# docs/progress.md): writing the sheets again on a PC of the other language replaces the same files.
_SHEET_FILE = re.compile(r"[^\s/]+_[^\s/]+_進捗状況調査票\.(?:xlsx|csv)")


def plan_texts(roots: Iterable[Path]) -> list[str]:
    """Every text value (and every line of one) in the YAML files of these plans."""
    texts: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.add(node)
            texts.update(line.strip() for line in node.splitlines())
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for root in roots:
        for path in root.rglob("*.yaml"):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(texts, key=len, reverse=True)


def catalog_words() -> set[str]:
    """The Japanese of every catalog entry without placeholders: the fixed words of outputs."""
    catalog = catalogs.read(catalogs.po_path("ja"), "ja")
    return {m.string for m in catalog if m.id and isinstance(m.string, str) and m.string and "{" not in m.string}


_COMMAND_LINE = re.compile(r"(?:Example: |例：)?actionplan [a-z-]+ .*$", re.MULTILINE)
_ERA_YEAR = re.compile(r"(?:令和|平成|昭和)(?:\d+|元)年度?(?:（\d+年度?）)?")


def japanese_left(text: str, texts: list[str], words: set[str]) -> list[str]:
    """The runs of Japanese in ``text`` that are not plan data."""
    whole = set(texts)
    corpus = "\n".join(texts)
    folded = unicodedata.normalize("NFKC", corpus).casefold()
    text = _COMMAND_LINE.sub(" ", _SHEET_FILE.sub("", text))  # an example command line is input
    # Years are ours to write (FY2020 (R2) in English), wherever a plan's text mentions a year.
    dated = text
    for plan_text in (t for t in texts if _ERA_YEAR.search(t)):
        dated = dated.replace(plan_text, " ")
    # A plan's value with ASCII inside its Japanese (a unit 人/年) is the plan's, wherever it stands.
    for plan_text in (t for t in texts if _JAPANESE.search(t) and re.search(r"[\x21-\x7e]", t) and len(t) < 20):
        dated = dated.replace(plan_text, " ")
    found = _ERA_YEAR.findall(dated)
    text = _ERA_YEAR.sub(" ", dated)
    for match in _JAPANESE.finditer(text):
        if _inside_a_word_of_the_plan(text, match, folded):
            continue
        for piece in match.group().split("／"):
            if not piece or piece.strip("\u3000") == "":
                continue
            # A short word standing alone must be a whole value of the plan: a fixed word left
            # untranslated (計, 全体, 未回答) is short and also occurs inside the plan's prose.
            if piece in whole or (piece in corpus and piece not in words and len(piece) > 3):
                continue
            found.append(piece)
    return found


_GLUE = re.compile(r"[A-Za-z0-9_.'-]")  # what an ASCII word glued to a Japanese one is made of


def _inside_a_word_of_the_plan(text: str, match: re.Match[str], folded: str) -> bool:
    """A run glued to ASCII as the plan writes it: 「CISO、CSIRT」, 「・RPAの拡大」, also as a page's
    search text has it (NFKC, case-folded: ciso、csirt). A lone 、 elsewhere is a list joined in Japanese."""
    start, end = match.span()
    left, right = start, end
    while left > 0 and _GLUE.match(text[left - 1]):
        left -= 1
    while right < len(text) and _GLUE.match(text[right]):
        right += 1
    glued = text[left:start] + text[end:right]
    if not any(c.isascii() and c.isalnum() for c in glued):
        return False
    return unicodedata.normalize("NFKC", text[left:right]).casefold() in folded


def test_the_check_lets_plan_data_be_and_finds_fixed_words() -> None:
    texts = ["防災課", "運用", "普及啓発", "ICTを活用した災害情報の収集と発信", "合計の予算"]
    words = {"計", "集計区分", "防災課"}
    assert japanese_left("1-1-1\tICTを活用した災害情報の収集と発信\t防災課\t運用／普及啓発", texts, words) == []
    assert japanese_left("item ID\t項目番号", texts, words) == ["項目番号"]
    assert japanese_left("rollup 集計区分", texts, words) == ["集計区分"]
    assert japanese_left("total 計", texts, words) == ["計"]  # in the plan's text, but only as a part
    assert japanese_left("budget 予算", texts, words) == ["予算"]  # not a catalog word, but short and a part
    assert japanese_left("第一 目標1: 2 items", [*texts, "第一", "目標1"], words) == []  # 目標1 glued to ASCII
    assert japanese_left("防災課、運用", texts, words) == ["防災課、運用"]  # an English list needs ", "
    words |= {"、"}
    plan = [*texts, "組織体制（CISO、CSIRT）の強化"]
    assert japanese_left("(CISO、CSIRT) ciso、csirt", plan, words) == []  # the plan's own, and as searched
    assert japanese_left("CISO、ICT", plan, words) == ["、"]  # two words joined in Japanese by the page
    assert japanese_left("ICT（期限）", plan, words) == ["（期限）"]
    words |= {"・"}
    plan = [*plan, "・RPAの対象業務の拡大"]
    assert japanese_left("|   | ・RPAの対象業務の拡大 |", plan, words) == []  # a list entry of the plan's
    assert japanese_left("実計・ICT", plan, words) == ["実計・"]  # glued to ASCII, but not as the plan writes it
    assert japanese_left("1-1-1\t令和2年度\t運用", [*texts, "令和2年度から運用"], words) == ["令和2年度"]
    assert japanese_left("Example: actionplan rename-department 防災課 危機管理課 --on 2026-04-01", texts, words) == []


def test_every_command_speaks_english_under_a_c_locale(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("ACTIONPLAN_LANG", "LANGUAGE", "LC_MESSAGES")}
    env |= {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    env.pop("ACTIONPLAN_PLAN", None)
    done = subprocess.run(
        [sys.executable, "-c", _RUN_ALL, json.dumps(RUNS)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    mine = Path(results[0]["plan"])
    words = catalog_words()
    texts_of: dict[tuple[Path, ...], list[str]] = {}
    # The forms of a year one may type (令和2年度, 平成30年度), which the help lists: input, not our words.
    # The mark a new plan's values carry until written (【要記入】) is data in every language, as a code is.
    forms = [*YEAR_FORMS.split(", "), TO_FILL_IN]
    problems = []
    for run in results:
        assert run["code"] in (0, 1, 2), run
        # Each command ran (a harness whose app held no command once made every run a usage error).
        assert "no such command" not in run["stderr"] or run["args"] == ["nosuch"], run
        # Plan data is the data of the plans this run reads: those it names (a copy of the embedded
        # plan also has the embedded plan's words, from before a rename), else the embedded plan.
        named = [Path(a) for a in run["args"] if (Path(a) / "plan.yaml").is_file()]
        own = ([EMBEDDED] if "--plan" not in run["args"] or mine in named else []) + named
        roots = tuple(dict.fromkeys(own))
        texts = texts_of.setdefault(roots, plan_texts(roots))
        typed = sorted([*run["args"], *forms], key=len, reverse=True)  # what the user types is theirs
        for stream in ("stdout", "stderr", "files"):
            left = japanese_left(run[stream], [*typed, *texts], words)
            problems += [f"{' '.join(run['args'])} [{stream}]: {' '.join(dict.fromkeys(left))}"] if left else []
    assert problems == [], "\n".join(problems)


def test_every_help_is_run() -> None:
    from typer.main import get_command

    from actionplan.cli.app import app

    group = get_command(app)
    paths: list[list[str]] = [[], *([name] for name in group.commands)]  # type: ignore[attr-defined]
    paths += [[name, sub] for name, c in group.commands.items() for sub in getattr(c, "commands", {})]  # type: ignore[attr-defined]
    assert sorted(HELP) == sorted(paths)
