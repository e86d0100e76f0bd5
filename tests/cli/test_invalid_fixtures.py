"""Every invalid fixture, run through the real CLI: exactly the problems its expect.yaml lists.

A case under ``tests/fixtures/invalid/<case>/`` holds only the files that differ from
``tests/fixtures/valid/minimal/``; a file named ``<name>.delete`` removes ``<name>`` from the
copy. ``expect.yaml`` is the list of problems (``code``, ``path`` relative to the plan,
``line``, optionally ``column`` and ``message_contains``), or a mapping with that list under
``problems`` and a ``today`` for checks that depend on the date. A ``<folder>.delete`` file
removes the whole folder.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import actionplan.cli.clock as clock
from actionplan import checks
from support import FIXTURES, MINIMAL

INVALID = FIXTURES / "invalid"
VALID_OVERLAYS = FIXTURES / "valid-overlays"
EXPECT = "expect.yaml"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
VALID_CASES = sorted(p.name for p in VALID_OVERLAYS.iterdir() if p.is_dir())


def overlay(case: Path, target: Path) -> Path:
    """The minimal plan copied to ``target``, with the case's files laid over it."""
    shutil.copytree(MINIMAL, target)
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if source.is_dir() or rel == Path(EXPECT):
            continue
        if rel.name.endswith(".delete"):
            gone = target / rel.with_name(rel.name.removesuffix(".delete"))
            shutil.rmtree(gone) if gone.is_dir() else gone.unlink()
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / rel)
    return target


def expectation(case: Path) -> tuple[list[dict[str, Any]], date | None]:
    document = yaml.safe_load((case / EXPECT).read_text(encoding="utf-8"))
    if isinstance(document, dict):
        return document["problems"], document.get("today")
    return document, None


def freeze_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Make the checks believe it is ``day`` (the CLI has no --today option)."""

    monkeypatch.setattr(clock, "today", lambda: day)


def validate_json(run: Any, plan: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[dict[str, Any]]]:
    """Run ``actionplan validate --plan . --format json`` from inside the plan (relative paths)."""
    monkeypatch.chdir(plan)
    result = run("validate", "--plan", ".", "--format", "json")
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["ok"] is (result.exit_code == 0)
    return result.exit_code, document["problems"]


# The codes each rule of checks.RULES reports, and the codes of reading files.
RULE_CODES = {
    "plan-structure": {"plan-structure"},
    "plan-vocabulary": {"plan-vocabulary"},
    "names": {"hidden-character"},
    "municipality-code": {"municipality-code"},
    "unknown-license": {"unknown-license"},
    "stated-sums": {"stated-sums"},
    "id-format": {"id-format"},
    "file-name": {"file-name", "file-name-not-id"},
    "item-parent": {"item-parent"},
    "departments": {"unknown-department", "duplicate-department"},
    "tags": {"unknown-tag", "duplicate-tag", "tag-requires"},
    "phases": {"unknown-phase"},
    "schedule-years": {"schedule-missing-year", "schedule-outside-period", "schedule-empty"},
    "glossary": {"glossary-duplicate", "glossary-item", "glossary-unresolved"},
    "stated-counts": {"count-mismatch"},
    "draft": {"draft-incomplete"},
    "to-fill-in": {"to-fill-in"},
    "department-renames": {"department-rename"},
    "progress": {
        "progress-unknown-item", "progress-year", "progress-future", "progress-status", "unknown-phase",
        "progress-duplicate", "progress-department", "progress-phase-twice", "progress-rating",
        "progress-rating-computed", "progress-indicator", "progress-required", "progress-answered-on",
        "progress-no-status",
    },
    "rollup-disagrees": {"rollup-disagrees"},
    "indicators": {"indicator-duplicate", "indicator-year"},
    "indicator-final-target": {"indicator-final-target"},
    "indicator-repeats": {"indicator-repeats"},
}  # fmt: skip
READER_CODES = {
    "duplicate-id", "unknown-field", "missing-field", "schema", "encoding", "empty-file", "yaml-syntax",
    "yaml-anchor", "yaml-key", "yaml-tag", "duplicate-key", "not-a-mapping", "several-documents", "folder-missing",
    "progress-old-format", "unfinished-change", "journal-invalid",
}  # fmt: skip
# Reported as warnings (severity "warning"): validate passes with them.
WARNING_CODES = {"rollup-disagrees"}
# Made by tests/cli/test_hostile_files.py in tmp_path, as git cannot hold them.
GENERATED_CODES = {"file-unreadable", "not-a-regular-file", "symlink-outside", "file-too-large", "yaml-too-deep"}


def test_there_is_a_fixture_for_every_rule_and_code() -> None:
    assert set(RULE_CODES) == set(checks.RULES)  # a new rule must be listed above, with its fixture
    fixture_codes = {p["code"] for case in CASES for p in expectation(INVALID / case)[0]}
    assert set().union(*RULE_CODES.values()) | READER_CODES == fixture_codes


def test_docs_list_every_problem_code() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "validate.md").read_text(encoding="utf-8")
    docs = docs.split("## Problem codes", 1)[1]
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", docs, flags=re.MULTILINE))
    assert documented == set().union(*RULE_CODES.values()) | READER_CODES | GENERATED_CODES


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture(case: str, run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected, today = expectation(INVALID / case)
    if today is not None:
        freeze_today(monkeypatch, today)
    plan = overlay(INVALID / case, tmp_path / "plan")
    exit_code, problems = validate_json(run, plan, monkeypatch)
    # Only warnings (rollup-disagrees): reported, and validate still passes.
    assert exit_code == (0 if all(p["severity"] == "warning" for p in problems) else 1)
    assert {p["severity"] for p in problems} == {"warning" if p["code"] in WARNING_CODES else "error" for p in problems}
    found = [
        {"code": p["code"], "path": p["path"], "line": p["line"]}
        | ({"column": p["column"]} if "column" in want else {})
        for p, want in zip(problems, expected, strict=False)
    ]
    wanted = [{k: v for k, v in want.items() if k != "message_contains"} for want in expected]
    assert found == wanted, json.dumps(problems, ensure_ascii=False, indent=1)
    assert len(problems) == len(expected), json.dumps(problems, ensure_ascii=False, indent=1)
    for p, want in zip(problems, expected, strict=True):
        if "message_contains" in want:
            shown = p["message"] + (f" ({p['hint']})" if p["hint"] else "")
            assert want["message_contains"] in shown


@pytest.mark.parametrize("case", VALID_CASES)
def test_valid_overlay(case: str, run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = overlay(VALID_OVERLAYS / case, tmp_path / "plan")
    exit_code, problems = validate_json(run, plan, monkeypatch)
    assert problems == []
    assert exit_code == 0
