"""Git repositories built by the tests: a small plan and commits with known changes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from support import FIXTURES

AUTHOR = "情報 花子"
# The plan of the first commit: its own copy, so that changes to other fixtures keep commit IDs stable.
FIRST = FIXTURES / "history" / "v1"


def git(repo: Path, *args: str, when: int = 0) -> str:
    """Run git in ``repo`` with a fixed author, date and no user configuration."""
    stamp = f"2026-04-{1 + when:02d}T10:00:00+09:00"
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": AUTHOR,
        "GIT_AUTHOR_EMAIL": "hanako@example.jp",
        "GIT_COMMITTER_NAME": AUTHOR,
        "GIT_COMMITTER_EMAIL": "hanako@example.jp",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def commit(repo: Path, message: str, when: int) -> None:
    git(repo, "add", "-A", when=when)
    git(repo, "commit", "-q", "-m", message, when=when)


def build(root: Path) -> Path:
    """A repository whose plan/ goes through five commits, tagged v1 (first) and v2 (last).

    1. v1: the minimal plan (1-1-1, 1-1-3, 3-1).
    2. 1-1-3: 実施 moved from 2019 to 2020 (2019 becomes 検討), and its description reworded.
    3. 1-1-3 renumbered 1-1-2 (file renamed, ID changed, title unchanged).
    4. 組織改正: 防災課 renamed 危機管理課 in plan.yaml and in every item.
    5. 3-1 dropped (stated counts follow).
    """
    repo = root / "repo"
    plan = repo / "plan"
    shutil.copytree(FIRST, plan)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "v1: minimal plan", 0)
    git(repo, "tag", "v1")

    item = plan / "items" / "1-1-3.yaml"
    edit(item, "  2019: [実施]", "  2019: [検討]")
    edit(item, "安定的でつながりやすい通信手段", "災害時にもつながりやすい通信手段")
    commit(repo, "1-1-3: 実施 moved to 2020", 1)

    text = item.read_text(encoding="utf-8").replace("1-1-3", "1-1-2")
    item.unlink()
    (plan / "items" / "1-1-2.yaml").write_text(text, encoding="utf-8")
    commit(repo, "renumber 1-1-3 as 1-1-2", 2)

    for path in [plan / "plan.yaml", *sorted((plan / "items").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("防災課", "危機管理課"), encoding="utf-8")
    commit(repo, "組織改正: 防災課 → 危機管理課", 3)

    (plan / "items" / "3-1.yaml").unlink()
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("stated:\n  items: 3", "stated:\n  items: 2")
    text = re.sub(r"(title: 情報化基本方針の実現に向けて\n    stated: \{items: )1", r"\g<1>0", text)
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    commit(repo, "drop 3-1", 4)
    git(repo, "tag", "v2")
    return plan
