"""The import graph: no cycles, and each outside library stays in its layer.

Every ``import`` statement counts, also the ones inside functions (lazy imports).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import actionplan

PACKAGE = Path(actionplan.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ["actionplan", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """Every module ``name`` imports: ``from a import b`` is a.b when that is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES)
    return found


GRAPH = {name: {i for i in _imports(name) if i in MODULES and i != name} for name in MODULES}


def _layer(name: str) -> str:
    """The sub-package a module belongs to (cli, render, reports …), or "core"."""
    parts = MODULES[name].relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "core"


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


# The intended layer order, lowest first: a package imports only its own layer and those below.
# core is every module directly under actionplan/ (model, loader, checks, fiscal, text, ratings,
# compare …); reports turn a Plan into data; progress writes and reads answers and survey sheets
# (the sheets print the reports' words: 一部未回答, 記載なし); render prints views; cli is on top.
LAYERS = ["core", "reports", "progress", "render", "cli"]
# tableplan (init --from TABLE) reads its table with the survey sheets' grid reader, so it sits
# in progress's layer until that reader moves down to the core.
PLACED = {"actionplan.tableplan": "progress"}


def _package(name: str) -> str:
    return PLACED.get(name) or _layer(name)


def package_graph() -> dict[str, set[str]]:
    """Which package imports which: core, progress, reports, render, cli (and any new one)."""
    graph: dict[str, set[str]] = {}
    for name, targets in GRAPH.items():
        graph.setdefault(_package(name), set()).update(_package(t) for t in targets if _package(t) != _package(name))
    return graph


def test_packages_import_only_downward() -> None:
    """No package cycle (checks↔progress, progress↔reports, history↔reports were): every import
    between packages goes down LAYERS."""
    graph = package_graph()
    assert sorted(graph) == sorted(LAYERS), "a new package: place it in LAYERS"
    crossing = {
        (_package(name), _package(target)): f"{name} -> {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if LAYERS.index(_package(target)) > LAYERS.index(_package(name))
    }
    assert crossing == {}, crossing


def test_nothing_outside_cli_imports_render() -> None:
    wrong = {
        name: sorted(i for i in GRAPH[name] if i.startswith("actionplan.render"))
        for name in MODULES
        if _layer(name) not in ("cli", "render")
    }
    assert {k: v for k, v in wrong.items() if v} == {}


def test_only_cli_imports_typer_and_only_render_imports_rich() -> None:
    for name in MODULES:
        libraries = {i.split(".")[0] for i in _imports(name)}
        if _layer(name) != "cli":
            assert "typer" not in libraries, name
        if _layer(name) != "render":
            assert "rich" not in libraries, name


def test_the_graph_sees_lazy_imports() -> None:
    # render_table imports the rich renderer inside the function: the graph must know.
    assert "actionplan.render.terminal" in GRAPH["actionplan.render.formats"]


def test_every_command_is_loaded_by_the_module_that_registers_it() -> None:
    # cli.COMMANDS lets a run import only its own command's module: it must name every command,
    # loading for one command must register exactly that module's commands on the shared app,
    # and the app a run gets holds that one command only (typer builds every command it holds).
    from actionplan import cli

    assert set(cli.COMMANDS.values()) == set(cli.MODULES)
    script = (
        "import sys, typer.main\n"
        "from actionplan.cli import app, load_commands\n"
        "print(' '.join(sorted(typer.main.get_command(load_commands(sys.argv[1:])).commands)))\n"
        "print(' '.join(sorted(typer.main.get_command(app).commands)))\n"
    )
    everything = set()
    for command, module in cli.COMMANDS.items():
        done = subprocess.run([sys.executable, "-c", script, command], capture_output=True, text=True, check=True)
        run, registered = (set(line.split()) for line in done.stdout.splitlines())
        assert run == {command}
        assert registered == {c for c, m in cli.COMMANDS.items() if m == module}, module
        everything |= registered
    assert everything == set(cli.COMMANDS)


# What a read-only question must never load: the writers, the survey sheets, spreadsheets, HTML,
# comment-keeping YAML and file locks (start-up time, and nothing there can write by accident).
WRITERS = (
    "actionplan.cli.progress",
    "actionplan.cli.publish",
    "actionplan.cli.history",
    "actionplan.progress.store",
    "actionplan.progress.edit",
    "actionplan.progress.sheets",
    "actionplan.rename",
    "actionplan.nextplan",
    "actionplan.render.xlsx",
    "actionplan.render.html",
    "actionplan.render.roadmap",
    "actionplan.render.pdf",
    "openpyxl",
    "ruamel",
    "filelock",
)


@pytest.mark.parametrize(
    "argv", [["list", "--dept", "情報政策課"], ["show", "1-1-1"], ["tree"], ["validate"], ["glossary"]]
)
def test_a_read_only_command_loads_no_writer(argv: list[str]) -> None:
    script = (
        "import sys\n"
        "from actionplan.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "ACTIONPLAN_LANG": "en", "PYTHONIOENCODING": "utf-8"},
    )
    loaded = set(done.stderr.splitlines())
    assert "actionplan.loader" in loaded, done.stderr[-2000:]
    assert sorted(m for m in loaded if m.split(".")[0] in ("openpyxl", "ruamel", "filelock") or m in WRITERS) == []
    # Start-up: HTML escaping only for pages, the description's patterns only for `show`.
    assert "html" not in loaded
    assert ("actionplan.description" in loaded) == (argv[0] == "show")


@pytest.mark.parametrize("collecting", [True, False])
def test_the_cli_freezes_its_start_up_objects_and_leaves_the_collector_as_it_was(collecting: bool) -> None:
    # cli/__init__ pauses the cyclic collector while typer, pydantic and the models are imported and
    # freezes what they made (start-up): a program or test that imports it keeps its collector setting.
    script = (
        "import gc, sys\n"
        "if sys.argv[1] == 'off':\n    gc.disable()\n"
        "import actionplan.cli\n"
        "print(gc.isenabled(), gc.get_freeze_count())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "on" if collecting else "off"], capture_output=True, text=True, check=True
    )
    enabled, frozen = done.stdout.split()
    assert enabled == str(collecting)
    assert int(frozen) > 10_000  # typer, pydantic and the models: some 50,000 objects
