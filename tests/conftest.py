"""Shared fixtures: real plan directories and the real CLI."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pytest
from typer.testing import CliRunner, Result

# Tests read English whatever the developer's locale (a test that wants Japanese says so), and
# the .mo files are compiled from the .po files as they are now (an editable install is not
# rebuilt when a .po changes).
os.environ["ACTIONPLAN_LANG"] = "en"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import catalogs

catalogs.compile_all()

from actionplan.cli import app  # noqa: E402 - after ACTIONPLAN_LANG is set
from actionplan.loader import embedded_plan_dir  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "cli" / "golden"
MINIMAL = FIXTURES / "valid" / "minimal"


class Run(Protocol):
    """The ``run`` fixture: the real CLI with these arguments; exit_code, stdout, stderr, output."""

    def __call__(self, *args: str | Path, env: dict[str, str] | None = None) -> Result: ...


Golden = Callable[[str, str], None]
PlanCopy = Callable[[Path], Path]


@pytest.fixture
def embedded() -> Path:
    """The embedded Suginami plan (read-only: copy it before changing anything)."""
    return embedded_plan_dir()


@pytest.fixture
def plan_copy(tmp_path: Path) -> PlanCopy:
    """Copy a plan directory into tmp_path/plan and return the copy."""

    def copy(source: Path) -> Path:
        target = tmp_path / "plan"
        shutil.copytree(source, target)
        return target

    return copy


@pytest.fixture
def minimal(plan_copy: PlanCopy) -> Path:
    """A writable copy of the small valid fixture plan."""
    return plan_copy(MINIMAL)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Invoke the real CLI app; returns typer's Result (exit_code, stdout, stderr)."""
    monkeypatch.delenv("ACTIONPLAN_PLAN", raising=False)
    runner = CliRunner()

    def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], env=env)

    return invoke


@pytest.fixture
def golden() -> Golden:
    """Compare output with tests/cli/golden/<name>; UPDATE_GOLDEN=1 rewrites it (review the diff by eye)."""

    def compare(name: str, actual: str) -> None:
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_text(actual, encoding="utf-8", newline="")
        assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return compare
