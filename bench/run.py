"""Benchmark actionplan as whole processes, against floors and a peer, and write docs/benchmarks.md.

Every command is timed as a user runs it: a new process, its wall time, CPU time and peak
memory (median of several runs; the cases of one block take turns, so a busy machine slows
all of them alike and the ratios stay fair). Two floors are measured in the same run:

* the import floor, ``python -c "import typer, pydantic, yaml, rich"``;
* the parse floor, bench/parse_floor.py: read the same files with ``yaml.CSafeLoader``, nothing else.

Usage (from the repository root, with the test extras installed):

    python bench/run.py            # everything (about 10-15 minutes on 2 cores); rewrites docs/benchmarks.md
    python bench/run.py --startup  # start-up and 10,000-item validate only; rewrites that section of the page
    python bench/run.py --quick    # 50 and 1,000 items, 3 runs; prints, writes nothing
    python bench/run.py --smoke    # every start-up case once, exit codes only (CI); prints, writes nothing

Targets compare CPU time (user + system): on a shared machine wall time measures the neighbours.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # a sibling script, found through the line above

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work"
DOC = REPO / "docs" / "benchmarks.md"
EMBEDDED = REPO / "plan"
PARSE_FLOOR = str(REPO / "bench" / "parse_floor.py")
SIZES = (50, 1_000, 10_000, 100_000)
DEPARTMENT = "情報政策課"  # in every generated plan's vocabulary and in many of its items
YEAR = "2020"
IMPORT_FLOOR = "import typer, pydantic, yaml, rich"
# What any typer + pydantic command pays before it reads a file: a real pydantic model class.
STACK_FLOOR = "import typer, yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int"
# The same with the cyclic collector paused while importing and the objects frozen, as actionplan.cli
# does: the part of a question that is actionplan's own is measured against this one.
STACK_FLOOR_FROZEN = f"import gc\ngc.disable()\n{STACK_FLOOR}\ngc.freeze()\ngc.enable()"
# Modules a read-only command should not need (`checks` only validate); -X importtime shows whether they were loaded.
HEAVY = ("rich", "openpyxl", "ruamel", "filelock", "html", "checks", "description")
# docs/benchmarks.md's start-up section lies between these lines, so that --startup can rewrite it alone.
STARTUP_BEGIN = "<!-- start-up: rewritten alone by `python bench/run.py --startup` -->"
STARTUP_END = "<!-- end of start-up -->"
# The start-up targets (CPU ÷ import floor) and the 10,000-item one (CPU ÷ parse floor), from issue #23.
STARTUP_LIMIT, STARTUP_AIM, LARGE_LIMIT = 2.0, 1.5, 1.2


@dataclass
class Case:
    """One command line to time; ``before`` runs untimed ahead of every run (a fresh state)."""

    key: str
    label: str
    plan: str
    argv: list[str]
    expect: int = 0
    before: Callable[[], None] | None = None


@dataclass
class Result:
    case: Case
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    stopped: float | None = None  # the limit, when a run was stopped for taking longer

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def cpu_min(self) -> float:
        return min(self.cpus)

    @property
    def peak_mb(self) -> float | None:
        return max(self.rss_kb) / 1024 if self.rss_kb else None


class Failed(RuntimeError):
    """A benchmarked command did not exit as expected: its numbers would mean nothing."""


# --- running ------------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    """The environment of every timed process: bytecode cached (as after pip install), no plan override."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ACTIONPLAN_PLAN", None)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    env.setdefault("LANG", "C.UTF-8")
    # Japanese, as at the ward, whatever the locale of the machine: the survey cases find the
    # sheets' columns by their Japanese headings (項目番号, 進捗区分), which C.UTF-8 would write in English.
    env["ACTIONPLAN_LANG"] = "ja"
    return env


def run_once(
    argv: Sequence[str], env: dict[str, str], timeout: float | None = None
) -> tuple[float, float, int | None, int, str]:
    """(wall s, CPU s, peak RSS KiB, exit code, stderr) of one process; killed after ``timeout`` s."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=REPO)
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer is not None:
            timer.start()
        try:
            wall, cpu, rss, code = _wait(proc, start)
        finally:
            if timer is not None:
                timer.cancel()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return wall, cpu, rss, code, stderr


def _wait(proc: subprocess.Popen[bytes], start: float) -> tuple[float, float, int | None, int]:
    """(wall, CPU, peak RSS KiB, exit code) of a process started at ``start``."""
    if not hasattr(os, "wait4"):  # pragma: no cover - Windows: no rusage of one child
        code = proc.wait()
        wall = time.perf_counter() - start
        return wall, wall, None, code
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024  # bytes on macOS
    return wall, usage.ru_utime + usage.ru_stime, rss, code


def measure(
    block: list[Case], runs: int, env: dict[str, str], *, warmup: bool = True, timeout: float = 180.0
) -> list[Result]:
    """Run the cases of a block in turns, ``runs`` times each (plus one untimed warm-up).

    A case that runs past ``timeout`` seconds is stopped and not run again: its row says so.
    """
    results = [Result(case) for case in block]
    for round_ in range(-1 if warmup else 0, runs):
        # Rotate the order so that no case always runs first (after an idle moment) or last.
        order = results[round_ % len(results) :] + results[: round_ % len(results)]
        for result in order:
            case = result.case
            if result.stopped is not None:
                continue
            if case.before is not None:
                case.before()
            wall, cpu, rss, code, stderr = run_once(case.argv, env, timeout)
            if wall >= timeout:
                result.stopped = timeout
                print(f"  {case.key}: stopped after {timeout:.0f} s", file=sys.stderr)
                continue
            if code != case.expect:
                raise Failed(f"{case.label} on {case.plan}: exit {code}, expected {case.expect}\n{stderr[-2000:]}")
            if round_ >= 0:
                result.walls.append(wall)
                result.cpus.append(cpu)
                if rss is not None:
                    result.rss_kb.append(rss)
        done = ", ".join(f"{r.case.key} {r.walls[-1] * 1000:.0f} ms" for r in results if r.walls)
        print(f"  round {round_ + 1}/{runs}: {done}", file=sys.stderr)
    return results


# --- the cases ----------------------------------------------------------------------------


def tools() -> tuple[str, str | None]:
    """The actionplan console script and check-jsonschema beside this Python, else on PATH."""
    here = Path(sys.executable).parent

    def find(name: str) -> str | None:
        return str(here / name) if (here / name).exists() else shutil.which(name)

    actionplan = find("actionplan")
    if actionplan is None:
        raise SystemExit("actionplan is not installed: pip install -e '.[test]'")
    return actionplan, find("check-jsonschema")


def plan_name(size: int | None) -> str:
    return "embedded (50)" if size is None else f"{size:,} items"


def query_cases(ap: str, root: Path, size: int | None) -> list[Case]:
    name = plan_name(size)
    at = "embedded" if size is None else str(size)
    plan = ["--plan", str(root)]
    out = Path(tempfile.mkdtemp(prefix="actionplan-bench-"))  # never beside the plan (may be the package)
    return [
        Case(f"validate@{at}", "validate", name, [ap, "validate", *plan]),
        Case(
            f"list@{at}",
            f"list --dept {DEPARTMENT} --format json",
            name,
            [ap, "list", "--dept", DEPARTMENT, "--format", "json", *plan],
        ),
        Case(f"report@{at}", f"report {YEAR} --format json", name, [ap, "report", YEAR, "--format", "json", *plan]),
        # Publishing: validate first, then the page with its charts, or every table + datapackage.json.
        Case(f"roadmap@{at}", "roadmap -o FILE", name, [ap, "roadmap", *plan, "-o", str(out / f"roadmap-{at}.html")]),
        Case(f"export@{at}", "export -o DIR (csv)", name, [ap, "export", *plan, "-o", str(out / f"opendata-{at}")]),
    ]


def startup_cases(ap: str) -> list[Case]:
    """The floors, importing the CLI, and the questions people ask of the embedded plan."""
    py = sys.executable
    name = plan_name(None)
    plan = ["--plan", str(EMBEDDED)]
    return [
        Case("floor:import", 'import floor: python -c "' + IMPORT_FLOOR + '"', "—", [py, "-c", IMPORT_FLOOR]),
        Case("floor:stack", "stack floor: typer + yaml + one pydantic model", "—", [py, "-c", STACK_FLOOR]),
        Case(
            "floor:stack-frozen",
            "stack floor, collector paused and frozen as actionplan.cli does",
            "—",
            [py, "-c", STACK_FLOOR_FROZEN],
        ),
        Case("import:actionplan", "import actionplan.cli", "—", [py, "-c", "import actionplan.cli"]),
        Case("floor:parse@embedded", "parse floor (yaml.CSafeLoader only)", name, [py, PARSE_FLOOR, str(EMBEDDED)]),
        *query_cases(ap, EMBEDDED, None),
        Case("show@embedded", "show 1-1-1", name, [ap, "show", "1-1-1", *plan]),
        Case("tree@embedded", "tree", name, [ap, "tree", *plan]),
    ]


def large_cases(ap: str, root: Path) -> list[Case]:
    """The 10,000-item start-up target: validate against reading the same files with libyaml alone."""
    name = plan_name(10_000)
    floor = [sys.executable, PARSE_FLOOR, str(root)]
    return [
        Case("floor:parse@10000", "parse floor (yaml.CSafeLoader only)", name, floor),
        Case("validate@10000", "validate", name, [ap, "validate", "--plan", str(root)]),
    ]


def history_cases(ap: str, root: Path, size: int) -> list[Case]:
    """diff of two versions of a plan (two directories; at 10,000 items also two git revisions)."""
    changed = generate.changed_copy(root, root.with_name(root.name + "-changed"))
    name = plan_name(size)
    cases = [
        Case(f"validate-changed@{size}", "validate (the changed copy)", name, [ap, "validate", "--plan", str(changed)]),
        Case(f"diff@{size}", "diff of two plan directories", name, [ap, "diff", str(root), str(changed)]),
    ]
    if size == 10_000:
        plan = generate.revisions_repo(WORK / f"repo-{size}", root, changed)
        argv = [ap, "diff", "old", "HEAD", "--plan", str(plan)]
        cases.append(Case(f"diff-revisions@{size}", "diff of two git revisions", name, argv))
    return cases + renumber_cases(ap, root, size)


def renumber_cases(ap: str, root: Path, size: int) -> list[Case]:
    """diff against a copy with every item renumbered (one in ten also reworded), where the
    matching of IDs gone with IDs new is all the work: it was quadratic."""
    if size < 1_000:
        return []
    renumbered = generate.renumbered_copy(root, root.with_name(root.name + "-renumbered"))
    label = "diff, every item renumbered (1 in 10 reworded)"
    return [Case(f"diff-renumbered@{size}", label, plan_name(size), [ap, "diff", str(root), str(renumbered)])]


def xlsx_cases(ap: str, root: Path, size: int) -> list[Case]:
    """Workbooks of every item: `list` (one row per item) and the progress report (one per item and
    department). Writing them was quadratic in rows."""
    if size < 1_000:
        return []
    out = Path(tempfile.mkdtemp(prefix="actionplan-bench-"))
    plan = ["--plan", str(root)]
    name = plan_name(size)
    return [
        Case(
            f"list-xlsx@{size}",
            "list --format xlsx -o FILE",
            name,
            [ap, "list", "-f", "xlsx", "-o", str(out / "l.xlsx"), *plan],
        ),
        Case(
            f"report-xlsx@{size}",
            f"report {YEAR} --format xlsx -o FILE",
            name,
            [ap, "report", YEAR, "-f", "xlsx", "-o", str(out / "r.xlsx"), *plan],
        ),
    ]


def large_blob_case(ap: str) -> Case:
    """log of an item with five versions of 300 MB each (a 7 MB repository): they must not be read."""
    plan = generate.large_blob_repo(WORK / "log-large-blobs")
    label = "log 1-1-1 (five 300 MB versions, 7 MB repository)"
    return Case("log-large-blobs", label, "embedded (50)", [ap, "log", "1-1-1", "--plan", str(plan)])


def log_case(ap: str) -> Case:
    """log of one item in a repository of 500 commits, each changing one item of the embedded plan."""
    plan = generate.history_repo(WORK / "log-repo", 500)
    return Case("log@500", "log 1-2-4 (500 commits)", "embedded (50)", [ap, "log", "1-2-4", "--plan", str(plan)])


def broken_copy(root: Path) -> Path:
    """The plan with one item naming an unknown department: one file needs positions, the rest not."""
    target = root.with_name(root.name + "-one-problem")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(root, target, copy_function=os.link)  # hard links: no copying of 10,000 files
    victim = target / "items" / "1-1-1.yaml"
    text = victim.read_text(encoding="utf-8")
    victim.unlink()  # break the link before writing, so the original stays as it was
    victim.write_text(text.replace("departments:\n", "departments:\n  - 情報政策か\n", 1), encoding="utf-8")
    return target


def import_case(ap: str, source: Path, env: dict[str, str]) -> tuple[Case | None, str]:
    """progress import of every department's filled-in CSV sheet of a 1,000-item plan, in one call."""
    probe = run_once([ap, "progress", "import", "--help"], env)
    if probe[3] != 0:
        return None, "not available: `actionplan progress import --help` fails in this checkout"
    plan = WORK / "import-plan"
    if plan.exists():
        shutil.rmtree(plan)
    shutil.copytree(source, plan, ignore=shutil.ignore_patterns(generate.STAMP))
    folder = WORK / "sheets-1000"
    shutil.rmtree(folder, ignore_errors=True)
    made = run_once([ap, "progress", "sheets", YEAR, "--format", "csv", "-o", str(folder), "--plan", str(plan)], env)
    if made[3] != 0:
        return None, f"not available: `progress sheets` failed: {made[4].strip()[-300:]}"
    rows = sum(fill_sheet(sheet) for sheet in sorted(folder.glob("*.csv")))

    def fresh() -> None:
        shutil.rmtree(plan / "progress", ignore_errors=True)

    argv = [ap, "progress", "import", str(folder), "--plan", str(plan)]
    label = f"progress import (CSV, {len(list(folder.glob('*.csv')))} sheets, {rows:,} rows)"
    return Case("import@1000", label, plan_name(1000), argv, before=fresh), ""


def fill_sheet(sheet: Path) -> int:
    """Fill in 進捗区分, 実施した段階 and 取組実績 on every row, as a department would."""
    text = sheet.read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    header = next(i for i, row in enumerate(lines) if row and row[0] == "項目番号")
    columns = lines[header]
    planned, status, done, result = (columns.index(c) for c in ("計画", "進捗区分", "実施した段階", "取組実績"))
    statuses = ["予定どおり", "予定どおり", "完了", "遅れ", "前倒し"]
    # Rows to fill in hold an item ID; the grey row under each, to read only, does not.
    body = [row for row in lines[header + 1 :] if row and row[0].strip()]
    for n, row in enumerate(body):
        row += [""] * (len(columns) - len(row))
        row[status] = statuses[n % len(statuses)]
        row[done] = row[planned]
        if n % 3 == 0:
            row[result] = "庁内調整を行い、予定どおり進めた。次年度は対象を拡大する。"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    sheet.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
    return len(body)


def survey_cases(ap: str, env: dict[str, str]) -> tuple[list[Case], str]:
    """A survey round on the embedded plan: writing all 27 departments' xlsx sheets, importing
    all 27 filled in (one call), and importing one (the target: all 27 within 2× of one)."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    plan = WORK / "survey-plan"
    shutil.rmtree(plan, ignore_errors=True)
    made = run_once([ap, "init", str(plan)], env)
    if made[3] != 0:
        return [], f"not available: `actionplan init` failed: {made[4].strip()[-300:]}"
    folder = WORK / "sheets-27"
    shutil.rmtree(folder, ignore_errors=True)
    write = [ap, "progress", "sheets", YEAR, "-o", str(folder), "--plan", str(plan)]
    made = run_once(write, env)
    if made[3] != 0:
        return [], f"not available: `progress sheets` failed: {made[4].strip()[-300:]}"
    sheets = sorted(folder.glob("*.xlsx"))
    for path in sheets:
        workbook = load_workbook(path)
        ws = workbook.worksheets[0]
        heading = next(r for r in ws.iter_rows(max_row=20) if r[0].value == "項目番号")
        headings = [c.value for c in heading]
        status, done, planned = (headings.index(h) for h in ("進捗区分", "実施した段階", "計画"))
        for row in ws.iter_rows(min_row=heading[0].row + 1):
            if not row[0].value:  # the grey row to read under each item
                continue
            row[status].value = "予定どおり"
            row[done].value = row[planned].value
        workbook.save(path)
    one = max(sheets, key=lambda p: p.stat().st_size)  # the biggest sheet (情報政策課)

    def fresh() -> None:
        shutil.rmtree(plan / "progress", ignore_errors=True)
        (plan / "progress").mkdir()

    name = plan_name(None)
    all_sheets = [ap, "progress", "import", str(folder), "--plan", str(plan)]
    biggest = [ap, "progress", "import", str(one), "--plan", str(plan)]
    return [
        Case("sheets@27", f"progress sheets (xlsx, {len(sheets)} 主管課)", name, write),
        Case("import@27", f"progress import ({len(sheets)} xlsx sheets, one call)", name, all_sheets, before=fresh),
        Case("import@1", "progress import (1 xlsx sheet, the biggest)", name, biggest, before=fresh),
    ], ""


def peer_case(ap: str, cj: str | None, root: Path, env: dict[str, str]) -> tuple[Case | None, str]:
    if cj is None:
        return None, "not available: check-jsonschema is not installed (pip install check-jsonschema)"
    schema = WORK / "item.schema.json"
    made = run_once([ap, "schema", "--kind", "item", "-o", str(schema)], env)
    if made[3] != 0:
        return None, "not available: `actionplan schema --kind item` fails in this checkout"
    files = sorted(str(p) for p in (root / "items").glob("*.yaml"))
    label = f"check-jsonschema, {len(files):,} item files"
    return Case("peer@10000", label, plan_name(10_000), [cj, "--schemafile", str(schema), *files]), ""


# --- what a command imports -----------------------------------------------------------------


def imported(ap: str, args: list[str], env: dict[str, str]) -> tuple[set[str], list[tuple[str, float]]]:
    """Modules a command loads (python -X importtime) and the packages that take longest to import.

    A package's time is the sum of its modules' own ("self") times, so nothing is counted twice.
    """
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", ap, *args], capture_output=True, text=True, env=env, cwd=REPO
    )
    modules: set[str] = set()
    top: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, own, _cumulative, name = (part.strip() for part in line.replace("import time:", "|", 1).split("|"))
        modules.add(name)
        package = name.split(".")[0]
        top[package] = top.get(package, 0.0) + int(own) / 1000
    return modules, sorted(top.items(), key=lambda kv: -kv[1])[:8]


# --- the machine ------------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))} ({platform.release()})"
    except OSError:
        pass
    import yaml

    libyaml = "with libyaml (CSafeLoader)" if getattr(yaml, "__with_libyaml__", False) else "WITHOUT libyaml"
    versions = ", ".join(
        f"{d} {_version(d)}" for d in ("pydantic", "pydantic-core", "typer", "rich", "check-jsonschema")
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} logical cores"),
        ("Memory", ram),
        ("OS", os_name),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("PyYAML", f"{yaml.__version__} {libyaml}"),
        ("Packages", versions),
        ("Load average at start", load),
    ]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "(not installed)"


# --- the report ---------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    measured: float | None
    limit: float
    note: str = ""
    unit: str = "×"

    @property
    def met(self) -> bool | None:
        return None if self.measured is None else self.measured <= self.limit


def cpu_ratio(r: dict[str, Result], a: str, b: str) -> float | None:
    """CPU of case ``a`` ÷ CPU of case ``b`` (medians), when both were measured."""
    return r[a].cpu / r[b].cpu if a in r and b in r and r[a].cpus and r[b].cpus else None


def startup_targets(r: dict[str, Result]) -> list[Target]:
    """Issue #23: each read-only question within 2.0× the import floor's CPU (aim 1.5×); 10,000 items 1.2×."""
    found = []
    for command in ("list", "show", "tree", "validate"):
        measured = cpu_ratio(r, f"{command}@embedded", "floor:import")
        found.append(Target(f"`{command}` on the embedded plan ÷ import floor (CPU)", measured, STARTUP_LIMIT))
    large = cpu_ratio(r, "validate@10000", "floor:parse@10000")
    found.append(Target("`validate` at 10,000 items ÷ parse floor at 10,000 (CPU)", large, LARGE_LIMIT))
    return found


def targets(r: dict[str, Result]) -> list[Target]:
    def ratio(a: str, b: str) -> float | None:
        return cpu_ratio(r, a, b)

    def both(size: int) -> float | None:
        keys = (f"diff@{size}", f"validate@{size}", f"validate-changed@{size}")
        if not all(k in r and r[k].cpus for k in keys):
            return None
        return r[keys[0]].cpu / (r[keys[1]].cpu + r[keys[2]].cpu)

    log = r.get("log@500")
    big = r.get("log-large-blobs")

    return [
        Target("`validate` at 100,000 items ÷ `validate` at 10,000", ratio("validate@100000", "validate@10000"), 12.0),
        Target(
            "`validate` at 10,000 with one problem file ÷ clean run (positions only where needed)",
            ratio("validate-one-problem@10000", "validate@10000"),
            1.1,
        ),
        Target("`diff` of two 10,000-item plans ÷ `validate` of both", both(10_000), 1.5),
        Target("`log` of one item over 500 commits, seconds", log.wall if log and log.walls else None, 3.0, unit=" s"),
        Target("`list --format xlsx` at 10,000 items ÷ at 1,000", ratio("list-xlsx@10000", "list-xlsx@1000"), 12.0),
        Target(
            "`report --format xlsx` at 10,000 items ÷ at 1,000", ratio("report-xlsx@10000", "report-xlsx@1000"), 12.0
        ),
        Target(
            "`diff`, every item renumbered: 3,000 items ÷ 1,000 (quadratic would be 9×)",
            ratio("diff-renumbered@3000", "diff-renumbered@1000"),
            4.5,
        ),
        Target("`log` over five 300 MB versions, peak memory", big.peak_mb if big else None, 100.0, unit=" MB"),
    ]


def _busy() -> list[str]:
    """A warning under the machine's table when others were running on it: wall times then run long."""
    if not hasattr(os, "getloadavg") or os.getloadavg()[0] <= (os.cpu_count() or 1):
        return []
    return [
        "",
        "The machine was shared while this ran (a load average above its number of cores): wall times",
        "are longer than on an idle machine, often by more than the CPU times show. Compare rows of one",
        "block with each other (the targets do), or CPU times across blocks.",
    ]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}" if seconds < 10 else f"{seconds:,.1f} s"


def _duration(seconds: float) -> str:
    """A time in running text, with its unit: 661 ms, 11.6 s."""
    shown = _ms(seconds)
    return shown if shown.endswith(" s") else f"{shown} ms"


def write_doc(
    results: list[Result],
    startup: list[str],
    env_rows: list[tuple[str, str]],
    skipped: list[str],
    args: argparse.Namespace,
    minutes: float,
    generated: dict[int, float],
) -> str:
    by_key = {res.case.key: res for res in results if res.walls}
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/run.py; edit that script, not this file. -->",
        "",
        "Speed and scale of `actionplan`, measured as whole processes, the way people and CI run it.",
        f"Rerun everything (about {max(1, round(minutes))} minutes here) and rewrite this file with:",
        "",
        "```sh",
        "python bench/run.py",
        "```",
        "",
        "Each row is the median of the runs given; the commands of one block take turns, so a busy",
        "machine slows all of them alike and the ratios below compare like with like. CPU is user +",
        "system time of the process; peak memory is its maximum resident set size. Bytecode is cached",
        "(as after `pip install`). The synthetic plans are generated by bench/generate.py into",
        "bench/work/ (ignored by git): valid plans (`validate` exits 0) whose items have the shape and",
        "Japanese text lengths of the embedded plan's.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in env_rows),
        f"| Date | {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} |",
        f"| Runs | {args.runs} per case; {args.large_runs} at 100,000 items (each takes tens of seconds) |",
        *_busy(),
        "",
        *startup,
        "",
        "## Results",
        "",
        "| Command | Plan | Wall ms (median) | CPU ms | Peak memory MB | Runs |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for res in results:
        if not res.walls:
            stopped = f"stopped after {res.stopped:.0f} s" if res.stopped else "not run"
            lines.append(f"| {res.case.label} | {res.case.plan} | {stopped} | | | 0 |")
            continue
        peak = f"{res.peak_mb:,.0f}" if res.peak_mb is not None else "n/a"
        lines.append(
            f"| {res.case.label} | {res.case.plan} | {_ms(res.wall)} | {_ms(res.cpu)} | {peak} | {len(res.walls)} |"
        )
    for line in skipped:
        lines.append(f"| {line} | | | | | |")
    for res in results:
        if res.stopped is not None:
            lines += [
                "",
                f"Stopped: `{res.case.label}` on {res.case.plan} ran past {res.stopped:.0f} s and was not run again.",
            ]
            if res.case.key.startswith("report@"):
                lines.append(
                    "reports/status.py calls `YearReport.recorded` (a scan of all rows) once per row: quadratic."
                )
    if generated:
        made = ", ".join(f"{n:,} items in {s:.1f} s" for n, s in sorted(generated.items()))
        lines += ["", f"Generating the plans took: {made}."]
    lines += ["", "## Targets", "", "| Target | Measured | Limit | Met |", "|---|--:|--:|---|"]
    for t in targets(by_key):
        shown = "not measured" if t.measured is None else f"{t.measured:.2f}{t.unit}"
        met = {True: "yes", False: "**no**", None: "—"}[t.met]
        lines.append(f"| {t.name} | {shown} | {t.limit:g}{t.unit} | {met} |")
    if "peer@10000" in by_key and "validate@10000" in by_key:
        peer = by_key["peer@10000"].wall / by_key["validate@10000"].wall
        lines += [
            "",
            f"Peer: check-jsonschema takes **{peer:.1f}×** the time of `actionplan validate` on the same",
            "10,000 item files, with the schema `actionplan schema --kind item` exports. It checks each",
            "file against the schema only; `validate` also reads plan.yaml and glossary.yaml and runs",
            "the cross-file rules (vocabularies, parents, stated counts, glossary), with line numbers.",
        ]
    lines += ["", "## Reading the numbers", "", *analysis(by_key)]
    return "\n".join(lines) + "\n"


def analysis(r: dict[str, Result]) -> list[str]:
    """Plain words on the targets, with the numbers of this run."""
    out: list[str] = []
    v10 = r.get("validate@10000")
    v100 = r.get("validate@100000")
    if v100 and v10:
        ratio = v100.wall / v10.wall
        out.append(
            f"- **100,000 items ({'met' if ratio <= 12 else 'not met'})**: {ratio:.1f}× the 10,000-item time"
            " for 10× the items; no rule compares every item with every other."
        )
    one = r.get("validate-one-problem@10000")
    if one and v10:
        ratio = one.wall / v10.wall
        out.append(
            f"- **Positions ({'met' if ratio <= 1.1 else 'not met'})**: with one bad file among 10,000,"
            f" `validate` takes {ratio:.2f}× the clean run: line and column are found by parsing again only the"
            " files that have problems."
        )
    imp1k, v1k = r.get("import@1000"), r.get("validate@1000")
    if imp1k and v1k and imp1k.wall > 3 * v1k.wall:
        out.append(
            f"- **progress import** of 1,000 rows takes {_duration(imp1k.wall)},"
            f" {imp1k.wall / v1k.wall:.1f}× `validate` of the same plan: every row is checked against the plan in"
            " one pass, then the year's file is"
            " rewritten once under the lock with ruamel.yaml (a round trip that keeps comments), read back"
            " through actionplan's own reader and checked again before it replaces the old file."
        )
    all27, one = r.get("import@27"), r.get("import@1")
    if all27 and one:
        verdict = "within" if all27.wall <= 2 * one.wall else "over"
        out.append(
            f"- **A survey round**: importing all 27 departments' sheets in one call takes {_duration(all27.wall)},"
            f" {all27.wall / one.wall:.1f}× importing the biggest one ({_duration(one.wall)}): {verdict} the 2× target."
            " Every sheet is read and checked first, then the year's file is written once."
        )
    d10, c10 = r.get("diff@10000"), r.get("validate-changed@10000")
    if d10 and v10 and c10:
        ratio = d10.wall / (v10.wall + c10.wall)
        out.append(
            f"- **diff at 10,000 items ({'met' if ratio <= 1.5 else 'not met'})**: {_duration(d10.wall)} against"
            f" {_duration(v10.wall + c10.wall)} for validating both plans ({ratio:.2f}×): both plans are read by the"
            " same loader as `validate`, then items are compared as models (equal items cost one comparison);"
            " only the few IDs that appear or disappear are compared by text similarity."
        )
    rev = r.get("diff-revisions@10000")
    if rev and d10:
        out.append(
            f"- **diff of two git revisions** at 10,000 items takes {_duration(rev.wall)} ({rev.wall / d10.wall:.2f}×"
            " the two directories): each revision is listed by one `git ls-tree` and read by one"
            " `git cat-file --batch`, without checking anything out."
        )
    log = r.get("log@500")
    if log:
        out.append(
            f"- **log over 500 commits ({'met' if log.wall <= 3 else 'not met'})**: {_duration(log.wall)}: one"
            " `git log --raw` lists every commit with the blobs it changed, one `git cat-file --batch` reads"
            " them, and each blob is parsed once."
        )
    out += _scaling(r)
    for size in (10_000, 100_000):
        rep, v = r.get(f"report@{size}"), r.get(f"validate@{size}")
        if rep and v and rep.wall > 2 * v.wall:
            out.append(
                f"- **report at {size:,} items** takes {_duration(rep.wall)}, {rep.wall / v.wall:.1f}× `validate`:"
                " reports/status.py calls `YearReport.recorded` (a scan of all rows) once per row, which is"
                " quadratic."
            )
    return out


def _scaling(r: dict[str, Result]) -> list[str]:
    """The cases that were quadratic or blew up (issue #18), in words."""
    out: list[str] = []
    for kind in ("list", "report"):
        small, large = r.get(f"{kind}-xlsx@1000"), r.get(f"{kind}-xlsx@10000")
        if small and large:
            ratio = large.wall / small.wall
            out.append(
                f"- **{kind} --format xlsx ({'met' if ratio <= 12 else 'not met'})**: {_duration(small.wall)} at 1,000"
                f" items, {_duration(large.wall)} at 10,000 ({ratio:.1f}×). Rows are written in one pass; asking"
                " openpyxl for the sheet's last row after each row (it reads every cell) made it quadratic"
                " (10,000 items took minutes)."
            )
    one, three = r.get("diff-renumbered@1000"), r.get("diff-renumbered@3000")
    if one and three:
        ratio = three.wall / one.wall
        ten = r.get("diff-renumbered@10000")
        at_ten = f", {_duration(ten.wall)} at 10,000" if ten else ""
        out.append(
            f"- **diff with every item renumbered ({'met' if ratio <= 4.5 else 'not met'})**: {_duration(one.wall)} at"
            f" 1,000 items, {_duration(three.wall)} at 3,000 ({ratio:.1f}×){at_ten}. Items whose title or description"
            " is unchanged are paired by dictionary look-up; the reworded ones only with items that share"
            " enough rare characters to reach 80% similarity. Comparing every pair took 66 s at 1,000 and"
            " 10 minutes at 3,000. The synthetic plans reuse the embedded plan's sentences, so reworded items"
            " look alike to many others: a real plan has fewer such pairs."
        )
    big = r.get("log-large-blobs")
    if big and big.peak_mb is not None:
        out.append(
            f"- **log over five 300 MB versions**: {_duration(big.wall)}, {big.peak_mb:,.0f} MB at most. The size of"
            " every version is asked of git (`cat-file --batch-check`) before any is read, and a version over"
            " the reader's 1 MiB limit is never read: it is named as unreadable. Reading them all took 3 GB."
        )
    return out


# --- the start-up section ---------------------------------------------------------------------------


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def startup_section(
    results: list[Result], imports: dict[str, tuple[set[str], list[tuple[str, float]]]], load_at_start: str
) -> list[str]:
    """The start-up section of docs/benchmarks.md, between its markers (``--startup`` rewrites it alone)."""
    r = {res.case.key: res for res in results if res.cpus}
    floor = r.get("floor:import")
    lines = [
        STARTUP_BEGIN,
        "## Start-up",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, {len(floor.cpus) if floor else 0} runs per case"
        f" taking turns; load average {load_at_start} at the start and {load_average()} at the end (1, 5 and 15",
        "minutes) on 2 cores shared with other work, so the targets compare CPU time (user + system), which",
        "the neighbours change little, never wall time. Rewrite this section alone (about a minute) with",
        "`python bench/run.py --startup`.",
        "",
        "| Command | Plan | CPU ms (median) | CPU ms (least) | ÷ import floor (CPU) | Wall ms (median) | Runs |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for res in results:
        if not res.cpus:
            continue
        times = floor.cpu if floor else None
        share = f"{res.cpu / times:.2f}×" if times and res.case.plan != plan_name(10_000) else ""
        lines.append(
            f"| {res.case.label} | {res.case.plan} | {_ms(res.cpu)} | {_ms(res.cpu_min)} | {share}"
            f" | {_ms(res.wall)} | {len(res.cpus)} |"
        )
    lines += ["", "| Target | Measured | Limit | Met |", "|---|--:|--:|---|"]
    for t in startup_targets(r):
        shown = "not measured" if t.measured is None else f"{t.measured:.2f}{t.unit}"
        met = {True: "yes", False: "**no**", None: "—"}[t.met]
        lines.append(f"| {t.name} | {shown} | {t.limit:g}{t.unit} | {met} |")
    lines += ["", "What each question imports (`python -X importtime`):", ""]
    for command, (modules, top) in imports.items():
        loaded = [h for h in HEAVY if any(m == h or m.startswith(h + ".") or m.endswith("." + h) for m in modules)]
        costs = ", ".join(f"{n} {ms:.0f}" for n, ms in top)
        lines += [
            f"- `actionplan {command}`: {len(modules)} modules; of {', '.join(HEAVY)}: {', '.join(loaded) or 'none'}.",
            f"  Slowest packages (ms of their own modules, wall time under -X importtime): {costs}.",
        ]
    return [*lines, "", *startup_analysis(r), STARTUP_END]


def startup_analysis(r: dict[str, Result]) -> list[str]:
    """Where the start-up time goes, in the numbers of this run."""
    floor, stack, imp = r.get("floor:import"), r.get("floor:stack"), r.get("import:actionplan")
    frozen = r.get("floor:stack-frozen")
    lst, val = r.get("list@embedded"), r.get("validate@embedded")
    out: list[str] = []
    if floor and stack and frozen and imp and lst and val:
        worst = max(lst.cpu, val.cpu) / floor.cpu
        verdict = "met" if worst <= STARTUP_LIMIT else "not met"
        out += [
            f"- **Start-up ({verdict}: {worst:.2f}× at most for `list` and `validate`, limit {STARTUP_LIMIT:g}×,"
            f" aim {STARTUP_AIM:g}×).** The import floor takes {_duration(floor.cpu)} of CPU. `import pydantic`",
            "  there loads only pydantic's lazy top module; the first real model class imports its schema",
            f"  machinery: typer, yaml and one one-field model take {_duration(stack.cpu)}, already"
            f" {stack.cpu / floor.cpu:.2f}× the floor",
            "  before any of actionplan. actionplan.cli pauses the cyclic collector while it imports and then",
            "  freezes what the imports made (most of it typer's and pydantic's), so that no collection walks it",
            f"  again; done to the stack floor alone, that gives {_duration(frozen.cpu)}"
            f" ({frozen.cpu / floor.cpu:.2f}× the floor). Against that, importing",
            "  actionplan's CLI (its models, the YAML reader, the shared options) adds"
            f" {_duration(imp.cpu - frozen.cpu)};",
            f"  running `list` adds {_duration(lst.cpu - imp.cpu)} more (its command module, typer building each"
            " option, reading and checking the 52 files, printing).",
        ]
    val10, parse10, parse50 = r.get("validate@10000"), r.get("floor:parse@10000"), r.get("floor:parse@embedded")
    if val10 and parse10:
        ratio = val10.cpu / parse10.cpu
        verdict = "met" if ratio <= LARGE_LIMIT else "not met"
        out += [
            f"- **10,000 items ({verdict}: {ratio:.2f}×, limit {LARGE_LIMIT:g}×)**: `validate` takes"
            f" {_duration(val10.cpu)} of CPU, reading the same files with libyaml alone {_duration(parse10.cpu)}.",
        ]
        if val and parse50:
            out.append(
                f"  Of the {_duration(val10.cpu - parse10.cpu)} between them, {_duration(val.cpu - parse50.cpu)} is the"
                " fixed start-up (`validate` less the parse floor, on the embedded plan); the rest is per file."
            )
        out += [
            "  Per file, `validate` composes nodes with libyaml's parser alone and skips PyYAML's implicit typing",
            "  (every value is kept as written), lists the folder once (os.scandir, which also says which files",
            "  are links: no lstat per file), reads each file with os.read, validates the item with pydantic, and",
            "  runs each rule in one pass over the items. Python's cycle collector is paused while the plan is read",
            "  and checked: every collection walked all the items read so far (about a sixth of the CPU time).",
        ]
    return out


def splice_startup(page: str, section: list[str]) -> str:
    """The page with its start-up section replaced; a page without the markers is refused."""
    if STARTUP_BEGIN not in page or STARTUP_END not in page:
        raise SystemExit(f"{DOC} has no start-up section to replace: run `python bench/run.py` once")
    before, rest = page.split(STARTUP_BEGIN, 1)
    after = rest.split(STARTUP_END, 1)[1]
    return before + "\n".join(section) + after


# --- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark actionplan; rewrite docs/benchmarks.md.")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES), help="plan sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--large-runs", type=int, default=3, help="timed runs at 100,000 items (default 3)")
    parser.add_argument("--quick", action="store_true", help="50 and 1,000 items, 3 runs, print only")
    parser.add_argument(
        "--startup", action="store_true", help="start-up and 10,000-item validate only; rewrite that section"
    )
    parser.add_argument("--smoke", action="store_true", help="each start-up case once, exit codes only; print only")
    parser.add_argument("--no-write", action="store_true", help="print the report instead of writing the file")
    parser.add_argument("--output", type=Path, default=DOC)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.large_runs, args.no_write = "50,1000", 3, 3, True
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    env = child_env()
    ap, cj = tools()
    if args.smoke:
        return smoke(ap, env)
    if args.startup:
        return startup_only(ap, env, args)
    env_rows = machine()
    load_at_start = load_average()

    generated: dict[int, float] = {}
    roots: dict[int, Path] = {}
    for size in sizes:
        t = time.perf_counter()
        roots[size], made = generate.ensure(size, WORK / f"plan-{size}")
        if made:
            generated[size] = time.perf_counter() - t
            print(f"generated {size:,} items in {generated[size]:.1f} s", file=sys.stderr)

    py = sys.executable
    results: list[Result] = []
    skipped: list[str] = []

    print("startup block", file=sys.stderr)
    startup = measure(startup_cases(ap), max(args.runs, 7), env)
    results += measure([log_case(ap)], args.runs, env)

    for size in sizes:
        print(f"{size:,} items", file=sys.stderr)
        root = roots[size]
        block = [
            Case(
                f"floor:parse@{size}",
                "parse floor (yaml.CSafeLoader only)",
                plan_name(size),
                [py, str(REPO / "bench" / "parse_floor.py"), str(root)],
            )
        ]
        block += query_cases(ap, root, size)
        block += history_cases(ap, root, size)
        block += xlsx_cases(ap, root, size)
        if size == 10_000:
            broken = broken_copy(root)
            block.append(
                Case(
                    "validate-one-problem@10000",
                    "validate, one item with a problem",
                    plan_name(size),
                    [ap, "validate", "--plan", str(broken)],
                    expect=1,
                )
            )
            peer, why = peer_case(ap, cj, root, env)
            if peer is None:
                skipped.append(f"check-jsonschema peer: {why}")
            else:
                block.append(peer)
        large = size >= 100_000
        results += measure(block, args.large_runs if large else args.runs, env, warmup=not large)
        if size == 1_000:
            case, why = import_case(ap, root, env)
            if case is None:
                skipped.append(f"progress import: {why}")
                print(f"progress import: {why}", file=sys.stderr)
            else:
                results += measure([case], args.runs, env)

    if not args.quick:
        # The renumbered diff at 3,000 too: 1,000 → 3,000 shows whether the matching is quadratic.
        print("3,000 items (diff, every item renumbered)", file=sys.stderr)
        root3k, _made = generate.ensure(3_000, WORK / "plan-3000")
        results += measure(renumber_cases(ap, root3k, 3_000), args.runs, env)
        print("log over huge versions", file=sys.stderr)
        results += measure([large_blob_case(ap)], args.runs, env)

    survey, why = survey_cases(ap, env)
    if not survey:
        skipped.append(f"survey round: {why}")
    results += measure(survey, args.runs, env)

    large = [res for res in results if res.case.key in ("floor:parse@10000", "validate@10000")]
    section = startup_section(startup + large, question_imports(ap, env), load_at_start)
    minutes = (time.perf_counter() - started) / 60
    text = write_doc(results, section, env_rows, skipped, args, minutes, generated)
    if args.no_write:
        print(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({minutes:.1f} minutes)", file=sys.stderr)
    return 0


def question_imports(ap: str, env: dict[str, str]) -> dict[str, tuple[set[str], list[tuple[str, float]]]]:
    questions = (["list", "--format", "json"], ["show", "1-1-1"], ["tree"], ["validate"])
    return {" ".join(argv): imported(ap, argv, env) for argv in questions}


def startup_only(ap: str, env: dict[str, str], args: argparse.Namespace) -> int:
    """Measure the start-up block and 10,000-item validate; rewrite only that section of the page."""
    root, _made = generate.ensure(10_000, WORK / "plan-10000")
    load_at_start = load_average()
    print("startup block", file=sys.stderr)
    results = measure(startup_cases(ap), max(args.runs, 7), env)
    print("10,000 items: validate and the parse floor", file=sys.stderr)
    results += measure(large_cases(ap, root), args.runs, env)
    section = startup_section(results, question_imports(ap, env), load_at_start)
    page = splice_startup(args.output.read_text(encoding="utf-8"), section)
    if args.no_write:
        print("\n".join(section))
    else:
        args.output.write_text(page, encoding="utf-8")
        print(f"rewrote the start-up section of {args.output}", file=sys.stderr)
    return 0


def smoke(ap: str, env: dict[str, str]) -> int:
    """Each start-up case once on the embedded plan, for CI: every command still exits as expected, and
    the start-up section can still be made and put in its place on the page. No timing is judged."""
    results = measure(startup_cases(ap), 1, env, warmup=False, timeout=120)
    section = startup_section(results, {"validate": imported(ap, ["validate"], env)}, load_average())
    splice_startup(DOC.read_text(encoding="utf-8"), section)
    print("\n".join(section))
    print(f"bench smoke: {len(results)} cases ran and exited as expected", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except Failed as exc:
        print(f"bench: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
