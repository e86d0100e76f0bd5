"""`actionplan schema` against check-jsonschema: both agree on which files have schema errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml
from tests.conftest import FIXTURES, MINIMAL

from actionplan import checks

PUBLISH = FIXTURES / "publish"
SCHEMA_ERRORS = PUBLISH / "schema-errors"
INVALID = FIXTURES / "invalid"
# Problems that mean "the file does not have the shape of the model".
SCHEMA_CODES = {"schema", "missing-field", "unknown-field", "not-a-mapping", "empty-file"}
# Schema errors JSON Schema cannot express: validate finds them, check-jsonschema cannot.
KNOWN_GAPS = {
    "schema-year-twice": "2020 and 令和2年度 are different keys that name the same year",
    "schema-plan-period": "end before start compares two values",
}
# check-jsonschema expands YAML aliases: the billion-laughs file takes minutes there.
TOO_SLOW = {"alias-bomb"}


def check_jsonschema(schema: Path, files: Iterable[Path]) -> set[str]:
    """Run the installed check-jsonschema; the files it rejects (schema or parse errors)."""
    exe = Path(sys.executable).parent / "check-jsonschema"
    command = str(exe) if exe.exists() else shutil.which("check-jsonschema")
    assert command, "check-jsonschema is not installed (pip install -e '.[test]')"
    done = subprocess.run(
        [command, "--output-format", "json", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    return {e["filename"] for e in report.get("errors", []) + report.get("parse_errors", [])}


@pytest.fixture
def schemas(run, tmp_path: Path) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The three schemas, written by the real CLI."""
    paths = {}
    for kind in ("item", "plan", "progress"):
        path = tmp_path / f"{kind}.schema.json"
        result = run("schema", "--kind", kind, "-o", path)
        assert result.exit_code == 0, result.output
        paths[kind] = path
    return paths


def test_all_50_embedded_items_pass(schemas: dict[str, Path], embedded: Path) -> None:
    files = sorted((embedded / "items").glob("*.yaml"))
    assert len(files) == 50
    assert check_jsonschema(schemas["item"], files) == set()


def test_plan_and_progress_files_pass(schemas: dict[str, Path], embedded: Path) -> None:
    other = PUBLISH / "other-kinds"
    assert (
        check_jsonschema(schemas["plan"], [embedded / "plan.yaml", MINIMAL / "plan.yaml", other / "plan.yaml"]) == set()
    )
    assert check_jsonschema(schemas["progress"], sorted((other / "progress").glob("*.yaml"))) == set()


def test_schema_error_fixtures_fail_in_both(schemas: dict[str, Path], tmp_path: Path) -> None:
    bad = sorted((SCHEMA_ERRORS / "items").glob("*.yaml"))
    assert len(bad) == 5
    assert check_jsonschema(schemas["item"], bad) == {str(p) for p in bad}
    plan = tmp_path / "with-errors"
    shutil.copytree(MINIMAL, plan)
    for path in bad:
        shutil.copyfile(path, plan / "items" / path.name)
    _, problems = checks.validate(plan)
    flagged = {Path(p.path).name for p in problems if p.code in SCHEMA_CODES}
    assert flagged == {p.name for p in bad}


def _invalid_item_files() -> list[tuple[str, Path, set[str]]]:
    """(case, item file, codes validate reports for it) for every invalid fixture with items."""
    cases = []
    for case in sorted(INVALID.iterdir()):
        if case.name in TOO_SLOW or not (case / "items").is_dir():
            continue
        expected = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
        problems = expected["problems"] if isinstance(expected, dict) else expected
        for path in sorted((case / "items").glob("*.yaml")):
            codes = {p["code"] for p in problems if p["path"] == f"items/{path.name}"}
            cases.append((case.name, path, codes))
    return cases


def test_invalid_fixtures_agree_with_validate(schemas: dict[str, Path]) -> None:
    files = _invalid_item_files()
    rejected = check_jsonschema(schemas["item"], [path for _, path, _ in files])
    disagree = []
    for case, path, codes in files:
        schema_error = bool(codes & SCHEMA_CODES) and case not in KNOWN_GAPS
        if schema_error and str(path) not in rejected:
            disagree.append(f"{case}: validate says {sorted(codes)}, check-jsonschema passes it")
        if str(path) in rejected and not codes:
            disagree.append(f"{case}: check-jsonschema rejects it, validate finds nothing")
    assert disagree == []
    # The known gaps are still gaps: if check-jsonschema learns them, drop them from the list.
    gaps = [path for case, path, _ in files if case in KNOWN_GAPS]
    assert gaps and not rejected & {str(p) for p in gaps}
