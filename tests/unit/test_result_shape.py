"""One result shape: no function in src/actionplan returns problems inside a tuple.

Readers and checks return ``problems.Result`` (value, problems, and the data read where a
caller needs it); a ``(value, problems)`` tuple is the shape issue #20 replaced, and this
test keeps it from coming back, in a return annotation or in a type alias used as one.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "actionplan"


def _mentions_problem(node: ast.AST) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id == "Problem") or (isinstance(n, ast.Attribute) and n.attr == "Problem")
        for n in ast.walk(node)
    )


def _tuple_of_problems(annotation: ast.AST | None, *, quoted: bool = True) -> bool:
    """True for an annotation with a ``tuple[...]`` anywhere in it that holds a Problem."""
    if annotation is None:
        return False
    if quoted and isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        annotation = ast.parse(annotation.value, mode="eval").body  # a quoted annotation
    return any(
        isinstance(n, ast.Subscript)
        and isinstance(n.value, ast.Name | ast.Attribute)
        and (n.value.id if isinstance(n.value, ast.Name) else n.value.attr) in ("tuple", "Tuple")
        and _mentions_problem(n.slice)
        for n in ast.walk(annotation)
    )


def tuple_returns(root: Path) -> list[str]:
    """Every function returning, and every module-level alias naming, a tuple that holds problems."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        where = path.relative_to(root.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _tuple_of_problems(node.returns):
                found.append(f"{where}:{node.lineno} {node.name}")
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if value is not None and _tuple_of_problems(value, quoted=False):  # a string here is data
                found.append(f"{where}:{node.lineno} (type alias)")
    return found


def test_no_function_returns_problems_in_a_tuple() -> None:
    assert tuple_returns(SRC) == [], "return problems.Result instead of a tuple"


def test_the_measure_sees_every_tuple_shape(tmp_path: Path) -> None:
    (tmp_path / "shapes.py").write_text(
        "from __future__ import annotations\n"
        "Refused = tuple[int | None, list[Problem]]\n"
        "def pair(raw: bytes) -> tuple[Doc | None, list[Problem]]: ...\n"
        "def triple(raw: bytes) -> tuple[M | None, Any, list[problems.Problem]]: ...\n"
        "def one(raw: bytes) -> 'tuple[str | None, Problem | None]': ...\n"
        "def fine(raw: bytes) -> Result[Doc]: ...\n"
        "def also_fine(raw: bytes) -> tuple[str, int] | Problem: ...\n"
    )
    assert tuple_returns(tmp_path) == [
        f"{tmp_path.name}/shapes.py:3 pair",
        f"{tmp_path.name}/shapes.py:4 triple",
        f"{tmp_path.name}/shapes.py:5 one",
        f"{tmp_path.name}/shapes.py:2 (type alias)",
    ]
