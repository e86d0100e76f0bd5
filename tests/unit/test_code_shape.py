"""The shape of the code itself: no function in src/actionplan over 100 lines (STYLE.md aims at 60)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "actionplan"
LIMIT = 100


def function_lengths(root: Path) -> list[tuple[int, str]]:
    """Every function and method under root with its length in lines, decorators left out."""
    found: list[tuple[int, str]] = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                where = f"{path.relative_to(root.parent)}:{node.lineno} {node.name}"
                found.append((node.end_lineno - node.lineno + 1, where))
    return found


def test_no_function_is_over_100_lines() -> None:
    long = sorted((length, where) for length, where in function_lengths(SRC) if length > LIMIT)
    assert long == [], "split these functions (a long one is usually a missing registry): " + repr(long)


def test_the_measure_sees_a_long_function(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(LIMIT))
    (tmp_path / "long.py").write_text(f"def long() -> None:\n{body}\n\ndef short() -> None:\n    pass\n")
    assert sorted(function_lengths(tmp_path)) == [
        (2, f"{tmp_path.name}/long.py:{LIMIT + 4} short"),
        (LIMIT + 1, f"{tmp_path.name}/long.py:1 long"),
    ]
