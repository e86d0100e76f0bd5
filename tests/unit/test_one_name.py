"""No two things with one name: every top-level class, function and constant of src/actionplan is
defined in one module only (issue #20 item 5, "one home per concept").

Two definitions of one concept are merged into one home; two concepts get names that say which is
which. Module-private helpers (``_text``, ``_cell``) are a module's own business and not counted;
private constants (``_ERA``) are. Type variables (``T``) are placeholders of their own module's signatures.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "actionplan"

# Names that several modules define on purpose, as a protocol: name -> why. Keep it small; a name
# here is one a reader must not take for a single thing.
ALLOWED: dict[str, str] = {}


def top_level_names(root: Path) -> dict[str, list[str]]:
    """Each counted top-level name under root and the modules (dotted, from root's parent) defining it."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
            for name in _defined(node):
                if _counted(name) and module not in found[name]:
                    found[name].append(module)
    return found


def _defined(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    value = getattr(node, "value", None)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "TypeVar":
        return []  # a type variable (T, M) is a placeholder local to its module's signatures
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _counted(name: str) -> bool:
    if name.startswith("__"):
        return False
    return not name.startswith("_") or name.lstrip("_").isupper()


def test_no_name_is_defined_in_two_modules() -> None:
    twice = {n: m for n, m in top_level_names(SRC).items() if len(m) > 1 and n not in ALLOWED}
    assert twice == {}, "one home per concept, or names that tell two concepts apart: " + repr(twice)


def test_the_allowed_names_are_still_defined_twice() -> None:
    names = top_level_names(SRC)
    assert [n for n in ALLOWED if len(names.get(n, [])) < 2] == []


def test_the_check_sees_a_name_defined_twice(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text('from typing import TypeVar\nT = TypeVar("T")\nLINE = 1\n\n\nclass Row:\n    pass\n')
    (package / "sub" / "b.py").write_text('from typing import TypeVar\nT = TypeVar("T")\nLINE: float = 2\n_ERA = 1\n')
    (package / "c.py").write_text("_ERA = 2\n\n\ndef _text() -> None:\n    pass\n\n\ndef Row() -> None:\n    pass\n")
    (package / "d.py").write_text("def _text() -> None:\n    pass\n")
    twice = {n: m for n, m in top_level_names(package).items() if len(m) > 1}
    assert twice == {"LINE": ["pkg.a", "pkg.sub.b"], "Row": ["pkg.a", "pkg.c"], "_ERA": ["pkg.c", "pkg.sub.b"]}
