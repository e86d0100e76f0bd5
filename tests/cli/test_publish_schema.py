"""`actionplan schema` against check-jsonschema: both agree on which files have schema errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
import yaml

from actionplan import checks
from support import FIXTURES, MINIMAL, Run

PUBLISH = FIXTURES / "publish"
SCHEMA_ERRORS = PUBLISH / "schema-errors"
INVALID = FIXTURES / "invalid"
# Problems that mean "the file does not have the shape of the model".
SCHEMA_CODES = {"schema", "missing-field", "unknown-field", "not-a-mapping", "empty-file"}
# Schema errors JSON Schema cannot express: validate finds them, check-jsonschema cannot.
KNOWN_GAPS = {
    "schema-year-twice": "2020 and 令和2年度 are different keys that name the same year",
    "schema-plan-period": "end before start compares two values",
    "number-out-of-range": "a YAML reader makes .nan, 1_000 and a 401-digit integer numbers, which JSON Schema accepts",
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
def schemas(run: Run, tmp_path: Path) -> dict[str, Path]:
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


def test_plan_and_progress_files_pass(run: Run, schemas: dict[str, Path], embedded: Path, tmp_path: Path) -> None:
    other = PUBLISH / "other-kinds"
    assert (
        check_jsonschema(schemas["plan"], [embedded / "plan.yaml", MINIMAL / "plan.yaml", other / "plan.yaml"]) == set()
    )
    licensed = tmp_path / "plan.yaml"  # a license outside the known list, which validate refuses too
    licensed.write_text((INVALID / "unknown-license" / "plan.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert check_jsonschema(schemas["plan"], [licensed]) == {str(licensed)}
    progress = tmp_path / "other-progress.schema.json"  # the other plan's statuses and phases
    assert run("schema", "--kind", "progress", "--plan", other, "-o", progress).exit_code == 0
    assert check_jsonschema(progress, sorted((other / "progress").glob("*.yaml"))) == set()


def test_vocabularies_are_the_plans_own(run: Run, schemas: dict[str, Path], tmp_path: Path) -> None:
    item = tmp_path / "1-1-1.yaml"
    text = (MINIMAL / "items" / "1-1-1.yaml").read_text(encoding="utf-8")
    item.write_text(re.sub(r"(?m)^tags: .*$", "tags: [実計画X]", text), encoding="utf-8")
    assert check_jsonschema(schemas["item"], [item]) == {str(item)}  # validate says unknown-tag too
    minimal_schema = tmp_path / "minimal-item.schema.json"
    assert run("schema", "--plan", MINIMAL, "-o", minimal_schema).exit_code == 0
    properties = json.loads(minimal_schema.read_text(encoding="utf-8"))["properties"]
    assert properties["departments"]["items"]["enum"] == ["情報政策課", "防災課", "土木管理課"]
    assert properties["schedule"]["additionalProperties"]["items"]["enum"] == [
        "検討",
        "実施",
        "運用",
        "推進",
        "普及啓発",
    ]


def _japanese(text: object) -> bool:
    return isinstance(text, str) and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) is not None


@pytest.mark.parametrize("kind", ["item", "plan", "progress"])
def test_every_field_has_a_japanese_title_and_description(run: Run, kind: str) -> None:
    schema = json.loads(run("schema", "--kind", kind).stdout)
    assert _japanese(schema["title"]) and _japanese(schema["description"])
    untitled = []
    for name, definition in [("(root)", schema), *schema.get("$defs", {}).items()]:
        if name != "(root)" and not (_japanese(definition.get("title")) and _japanese(definition.get("description"))):
            untitled.append(name)
        for field, prop in definition.get("properties", {}).items():
            if not (_japanese(prop.get("title")) and _japanese(prop.get("description"))):
                untitled.append(f"{name}.{field}")
    assert untitled == [], "add these to actionplan.fieldnames.FIELD_TEXT (or schema.FIELD_TEXT_MODELS)"


def test_schema_error_fixtures_fail_in_both(schemas: dict[str, Path], tmp_path: Path) -> None:
    bad = sorted((SCHEMA_ERRORS / "items").glob("*.yaml"))
    assert len(bad) == 5
    assert check_jsonschema(schemas["item"], bad) == {str(p) for p in bad}
    plan = tmp_path / "with-errors"
    shutil.copytree(MINIMAL, plan)
    for path in bad:
        shutil.copyfile(path, plan / "items" / path.name)
    problems = checks.load_and_check(plan, date.today()).problems
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
