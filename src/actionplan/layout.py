"""Where a plan's files are: the names of its files and folders, and the embedded plan.

The bottom of the import graph (it imports nothing of actionplan), so that the reader, the
writer and the language choice can all know the layout without importing each other.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PLAN_ENV = "ACTIONPLAN_PLAN"
PLAN_FILE = "plan.yaml"
GLOSSARY_FILE = "glossary.yaml"
ITEMS_DIR = "items"
PROGRESS_DIR = "progress"


def embedded_plan_dir() -> Path:
    """The plan shipped with the package (a wheel) or the repository's plan/ (a checkout)."""
    packaged = Path(str(resources.files("actionplan"))) / "_plan"
    if (packaged / PLAN_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "plan"
