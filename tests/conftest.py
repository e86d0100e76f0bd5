"""Shared fixtures: real plan directories and the real CLI."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

# Tests read English whatever the developer's locale (a test that wants Japanese says so), and
# the .mo files are compiled from the .po files as they are now (an editable install is not
# rebuilt when a .po changes).
os.environ["ACTIONPLAN_LANG"] = "en"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import catalogs

catalogs.compile_all()

from actionplan.cli import load_commands  # noqa: E402 - after ACTIONPLAN_LANG is set
from actionplan.cli.app import app  # noqa: E402
from actionplan.loader import embedded_plan_dir  # noqa: E402
from support import GOLDEN, MINIMAL, PROGRESS_PLAN, Golden, PlanCopy, Run  # noqa: E402

load_commands()  # every command registered on `app`, as `actionplan --help` loads them


@pytest.fixture
def embedded() -> Path:
    """The embedded Suginami plan (read-only: copy it before changing anything)."""
    return embedded_plan_dir()


@pytest.fixture
def plan_copy(tmp_path: Path) -> PlanCopy:
    """Copy a plan directory into tmp_path/plan and return the copy."""

    def copy(source: Path) -> Path:
        target = tmp_path / "plan"
        shutil.copytree(source, target)
        return target

    return copy


@pytest.fixture
def minimal(plan_copy: PlanCopy) -> Path:
    """A writable copy of the small valid fixture plan."""
    return plan_copy(MINIMAL)


@pytest.fixture
def progress_plan(plan_copy: PlanCopy) -> Path:
    """A writable copy of the progress fixture plan (support.PROGRESS_PLAN)."""
    return plan_copy(PROGRESS_PLAN)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Invoke the real CLI app; returns typer's Result (exit_code, stdout, stderr)."""
    monkeypatch.delenv("ACTIONPLAN_PLAN", raising=False)
    # A test that ran actionplan's main() in this process under Japanese left LANGUAGE=ja behind
    # (i18n.install_for_libraries sets it for typer's own words): each run starts without it.
    monkeypatch.delenv("LANGUAGE", raising=False)
    runner = CliRunner()

    def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], env=env)

    return invoke


@pytest.fixture
def japanese() -> Iterator[None]:
    """This test reads Japanese, as a ward PC on a Japanese locale does (the README's examples)."""
    from actionplan import i18n

    i18n.use("ja")
    yield
    i18n.use("en")


@pytest.fixture(params=["ja", "en"])
def readme_language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The README's walkthrough in both languages: its examples are the Japanese run, and the
    English run must print no Japanese but the plan's own (tests/readme_blocks.py)."""
    from actionplan import i18n

    i18n.use(request.param)
    yield request.param
    i18n.use("en")


@pytest.fixture
def golden() -> Golden:
    """Compare output with tests/cli/golden/<name>; UPDATE_GOLDEN=1 rewrites it (review the diff by eye)."""

    def compare(name: str, actual: str) -> None:
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_text(actual, encoding="utf-8", newline="")
        assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return compare


# --- browser tests (tests/browser): one headless Chromium per module -----------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# Runs before any script of the page: records alerts and uncaught errors instead of blocking.
HOOKS = """
window.__alerts = [];
window.alert = function (m) { window.__alerts.push(String(m)); };
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
"""


def _browser_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"{path} not found (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOKS})
    try:
        yield browser
    finally:
        browser.quit()
