"""Shared fixtures: real plan directories and the real CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actionplan.cli import app
from actionplan.loader import embedded_plan_dir

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "valid" / "minimal"


@pytest.fixture
def embedded() -> Path:
    """The embedded Suginami plan (read-only: copy it before changing anything)."""
    return embedded_plan_dir()


@pytest.fixture
def plan_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a plan directory into tmp_path/plan and return the copy."""

    def copy(source: Path) -> Path:
        target = tmp_path / "plan"
        shutil.copytree(source, target)
        return target

    return copy


@pytest.fixture
def minimal(plan_copy: Callable[[Path], Path]) -> Path:
    """A writable copy of the small valid fixture plan."""
    return plan_copy(MINIMAL)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Invoke the real CLI app; returns typer's Result (exit_code, stdout, stderr)."""
    monkeypatch.delenv("ACTIONPLAN_PLAN", raising=False)
    runner = CliRunner()

    def invoke(*args: str | Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, [str(a) for a in args], env=env)

    return invoke
