"""axe-core in the test browser: install a pinned axe-core from the npm registry once, run it on the
page a Selenium driver shows, and return its violations.

    from browser.axe import violations, summary
    found = violations(driver)               # the whole page, every rule axe runs by default
    assert not found, summary(found)

The package lives in .cache/axe-core/<version>/ under the repository (ignored by git), or under
$ACTIONPLAN_AXE_DIR; .ci/run installs it before the tests (`python tests/browser/axe.py`), and a
developer's first run installs it here. Without npm the browser tests that need axe skip, except
under CI where they fail: an accessibility check that silently did not run proves nothing.

Run as a script it installs axe-core and prints the path of axe.min.js.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

# The version the issues measured with; a new axe adds rules, so it moves only on purpose.
AXE_VERSION = "4.14.1"
ROOT = Path(__file__).resolve().parents[2]


def install_dir() -> Path:
    """Where the pinned axe-core is (or will be) installed."""
    base = os.environ.get("ACTIONPLAN_AXE_DIR")
    return Path(base) if base else ROOT / ".cache" / "axe-core" / AXE_VERSION


def script_path() -> Path:
    return install_dir() / "node_modules" / "axe-core" / "axe.min.js"


def install() -> Path:
    """axe.min.js of AXE_VERSION, installed with npm into install_dir() when it is not there yet.

    Raises FileNotFoundError when npm is missing and RuntimeError when npm fails (the message says why).
    """
    script = script_path()
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        raise FileNotFoundError("npm not found (apt-get install npm): axe-core comes from the npm registry")
    target = install_dir()
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--prefix", str(target), "--no-save", "--no-audit", "--no-fund", f"axe-core@{AXE_VERSION}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0 or not script.is_file():
        raise RuntimeError(f"npm install axe-core@{AXE_VERSION} failed:\n{done.stdout}\n{done.stderr}")
    return script


@cache
def source() -> str:
    """The text of axe.min.js, installing it first if needed; skips (fails under CI) without npm."""
    import pytest

    try:
        return install().read_text(encoding="utf-8")
    except (FileNotFoundError, RuntimeError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"axe-core must run in CI: {exc}")
        pytest.skip(str(exc))


# Runs axe on the document (or the elements matching `context`) and hands back only what a test
# reads: rule, impact, help and the offending nodes (their selector and the failure summary).
RUN = """
var context = arguments[0], options = arguments[1], done = arguments[arguments.length - 1];
axe.run(context || document, options).then(function (results) {
  done(results.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {
      return {target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary};
    })};
  }));
}, function (error) { done({error: String(error)}); });
"""


def violations(driver: Any, context: str | None = None, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations (of any impact) on the page the driver shows now.

    ``context`` is a CSS selector to check only part of the page; ``options`` go to axe.run
    (for example ``{"runOnly": ["wcag2a", "wcag2aa"]}``). The page's Content-Security-Policy does not
    stop the check: WebDriver's scripts are not page scripts.
    """
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(source())
    driver.set_script_timeout(60)
    found = driver.execute_async_script(RUN, context, options or {})
    if isinstance(found, dict):
        raise RuntimeError(f"axe.run failed: {found['error']}")
    return list(found)


def summary(found: list[dict[str, Any]]) -> str:
    """Violations as readable lines for an assertion message: rule (impact) ×count, and the first nodes."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}) ×{len(v['nodes'])}: {v['help']}")
        lines += [f"    {n['target']}: {n['html']}" for n in v["nodes"][:3]]
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        print(install())
    except (FileNotFoundError, RuntimeError) as exc:
        sys.exit(str(exc))
