"""The shape of the code itself: no function in src/actionplan over 100 lines (STYLE.md aims at 60), and
one home per concept: years are written only by fiscal.py."""

from __future__ import annotations

import ast
import itertools
import re
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


# A year built in code: a placeholder followed by 年度 or 年 ({year}年度, f"{n}年"), FY before one
# (FY{year}), or an era table (a string that is an era's name, or names two in a pattern).
_YEAR_AFTER = re.compile(r"\{[^{}]*\}(?:年度|年(?!月))")
_ERAS = ("令和", "平成", "昭和")
_ERA_PATTERN = re.compile(r"(?:令和|平成|昭和)\|(?:令和|平成|昭和)")


def year_texts(root: Path, home: str = "fiscal.py") -> list[str]:
    """Every place under root, outside ``home``, whose code writes a fiscal or calendar year itself."""
    found: list[tuple[str, int, str]] = []
    for path in sorted(root.rglob("*.py")):
        if path.name == home and path.parent == root:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree) if _has_docstring(node)}  # type: ignore[attr-defined]
        for node in ast.walk(tree):
            where = (path.relative_to(root.parent).as_posix(), getattr(node, "lineno", 0))
            if isinstance(node, ast.JoinedStr):
                for before, after in itertools.pairwise(node.values):
                    if _text(after).startswith("年") and isinstance(before, ast.FormattedValue):
                        found.append((*where, "f-string ending in 年"))
                    if _text(before).endswith("FY") and isinstance(after, ast.FormattedValue):
                        found.append((*where, "f-string FY{}"))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                text = node.value
                if _YEAR_AFTER.search(text) or "FY{" in text or text in _ERAS or _ERA_PATTERN.search(text):
                    found.append((*where, text[:40]))
    return [f"{file}:{line} {what}" for file, line, what in sorted(found)]


def _has_docstring(node: ast.AST) -> bool:
    body = getattr(node, "body", None)
    if not isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) or not body:
        return False
    first = body[0]
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)


def _text(node: ast.expr) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def test_only_fiscal_writes_a_year() -> None:
    assert year_texts(SRC) == [], "write years through actionplan.fiscal (one function per form): "


def test_the_year_check_sees_a_year_built_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "fiscal.py").write_text('ERAS = ("令和", "平成")\n\n\ndef f(y: int) -> str:\n    return f"{y}年度"\n')
    (tmp_path / "other.py").write_text(
        '"""令和2年度 in a docstring is an example."""\n'
        'A = f"{1}年度"\nB = "{year}年"\nC = f"FY{2}"\nD = "FY{year}"\nE = ("令和", "平成")\n'
        'F = "(?:令和|平成)"\nG = "例：令和7年3月"\nH = "{n}年月"\n'
    )
    found = year_texts(tmp_path)
    assert [line.split()[0] for line in found] == [f"{tmp_path.name}/other.py:{n}" for n in (2, 3, 4, 5, 6, 6, 7)]
