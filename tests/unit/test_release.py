"""What another repository copies works as written: the composite action, the pre-commit hooks, the licence."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _yaml(name: str) -> object:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def _validate_step() -> dict[str, object]:
    action = _yaml("action.yml")
    assert isinstance(action, dict)
    steps = action["runs"]["steps"]
    step = next(s for s in steps if "validate" in str(s.get("run", "")))
    assert isinstance(step, dict)
    return step


def _run_step(plan: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    step = _validate_step()
    tools = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": tools + os.pathsep + os.environ["PATH"], "PLAN": str(plan)}
    return subprocess.run(["bash", "-c", str(step["run"])], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_action_validates_a_plan_folder(tmp_path: Path) -> None:
    action = _yaml("action.yml")
    assert isinstance(action, dict)
    assert action["inputs"]["plan"]["default"] == "plan"
    assert _validate_step()["env"] == {"PLAN": "${{ inputs.plan }}"}  # the input never spliced into the script
    clean = _run_step(ROOT / "plan", tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.strip().splitlines()[-1] == "ok"
    broken = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", broken)
    item = broken / "items" / "3-1.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("情報政策課", "情報政策", 1), encoding="utf-8")
    found = _run_step(broken, tmp_path)
    assert found.returncode == 1
    assert "::error file=" in found.stdout and "title=unknown-department" in found.stdout


def test_the_projects_own_hooks_are_the_checks_ci_runs() -> None:
    config = _yaml(".pre-commit-config.yaml")
    assert isinstance(config, dict)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {hook["id"] for hook in hooks} >= {"ruff", "ruff-format", "mypy", "catalogs", "actionplan-validate"}
    for hook in hooks:
        command = hook["entry"].replace(" --force-exclude", "").replace(" --plan plan", "")
        assert command in ci, f"{hook['id']}: {command!r} is not what .ci/run runs"


def test_this_repositorys_workflow_runs_ci_run() -> None:
    workflow = _yaml(".github/workflows/ci.yml")
    assert isinstance(workflow, dict)
    steps = workflow["jobs"]["ci"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)


def test_a_release_has_its_licence_and_its_changes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"\n## {project['version']} " in changelog
