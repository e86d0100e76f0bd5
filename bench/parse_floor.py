"""The parse floor: read a plan's YAML files with libyaml and nothing else.

This is what any YAML-based validator must pay at least: start Python, import PyYAML,
list and read the same files ``actionplan validate`` reads, and parse each with
``yaml.CSafeLoader``. Usage: python bench/parse_floor.py PLAN_DIR
"""

from __future__ import annotations

import os
import sys

import yaml


def main(root: str) -> int:
    items = os.path.join(root, "items")
    paths = [os.path.join(root, "plan.yaml"), os.path.join(root, "glossary.yaml")]
    paths += sorted(os.path.join(items, name) for name in os.listdir(items) if name.endswith((".yaml", ".yml")))
    count = 0
    for path in paths:
        with open(path, "rb") as fh:
            if yaml.load(fh.read(), Loader=yaml.CSafeLoader) is not None:
                count += 1
    print(f"{count} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
