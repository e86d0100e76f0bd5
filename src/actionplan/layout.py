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
YAML_SUFFIXES = (".yaml", ".yml")


def is_yaml_name(name: str) -> bool:
    """Whether a file name is a YAML file of a plan: .yaml or .yml in any case (3-1.YAML too)."""
    return name.lower().endswith(YAML_SUFFIXES) and name.lower() not in YAML_SUFFIXES


def embedded_plan_dir() -> Path:
    """The plan shipped with the package (a wheel) or the repository's plan/ (a checkout)."""
    packaged = Path(str(resources.files("actionplan"))) / "_plan"
    if (packaged / PLAN_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "plan"
