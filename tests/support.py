"""What tests share besides fixtures: fixture folders and the types of conftest's fixtures.

Tests import these from here (``from support import Run``), never from conftest: pytest loads
conftest.py itself, and a second ``import tests.conftest`` would run it again as another module
(compiling the catalogs twice, with two distinct ``Run`` types).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from typer.testing import Result

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "cli" / "golden"
MINIMAL = FIXTURES / "valid" / "minimal"
# Three 主管課 sharing items, answers for 令和元年度: the plan of the survey-round tests.
PROGRESS_PLAN = FIXTURES / "progress" / "plan"
# The KPI-first city plan: no 主管課 or phases, printed numbers ① and 取組項目1, KPIs graded per year.
KPI_CITY = FIXTURES / "shapes" / "kpi-city"


class Run(Protocol):
    """The ``run`` fixture: the real CLI with these arguments; exit_code, stdout, stderr, output."""

    def __call__(self, *args: str | Path, env: dict[str, str] | None = None) -> Result: ...


Golden = Callable[[str, str], None]
PlanCopy = Callable[[Path], Path]


def ok(result: Any) -> Any:
    """The run exited 0 with no traceback; the result, for reading its output."""
    assert result.exit_code == 0, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result
