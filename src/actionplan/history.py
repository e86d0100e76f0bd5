"""A plan over time: the plan at a version (a directory or a git revision) and one item's history."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actionplan import gitrepo, loader
from actionplan.layout import is_yaml_name
from actionplan.loader import ITEMS_DIR, PLAN_FILE, PROGRESS_DIR, Plan
from actionplan.model import Answer, Item, ProgressFile
from actionplan.problems import Problem
from actionplan.reports.diff import Change, diff_answers, diff_items, match_renumbered
from actionplan.text import normalise


@dataclass
class Version:
    """A plan as it was at one version, with the problems met while reading it."""

    label: str
    plan: Plan | None
    problems: list[Problem]


def open_version(plan_root: Path, spec: str | None) -> Version:
    """``spec``: None for the working tree, a plan directory, or a git revision of ``plan_root``'s repository.

    A directory holding plan.yaml wins over a revision of the same name. Raises
    :class:`gitrepo.GitError` for a name that is neither.
    """
    if spec is None:
        loaded = loader.load(plan_root)
        return Version(str(plan_root), loaded.value, loaded.problems)
    directory = Path(spec)
    if (directory / PLAN_FILE).is_file():
        loaded = loader.load(directory)
        return Version(spec, loaded.value, loaded.problems)
    repo = gitrepo.find(plan_root)
    commit = gitrepo.commit_of(repo, spec)
    files = gitrepo.plan_files(repo, commit)
    loaded = loader.load(plan_root, files, label=f"{spec}:{repo.prefix}")
    return Version(spec, loaded.value, loaded.problems)


@dataclass
class Entry:
    """One commit of an item's history: what it did to the item, field by field."""

    commit: str
    date: str
    author: str
    message: str
    item: str
    event: str  # added, removed, renumbered, changed
    changes: list[Change] = field(default_factory=list)
    renumbered_from: str | None = None

    def record(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "message": self.message,
            "id": self.item,
            "event": self.event,
            "renumbered_from": self.renumbered_from,
            "changes": [c.record() for c in self.changes],
        }


class _Blobs:
    """Parsed files of past revisions, each blob read and parsed once."""

    def __init__(self, repo: gitrepo.Repo) -> None:
        self.repo = repo
        self.raw: dict[str, bytes] = {}
        self.parsed: dict[tuple[str, str], Any] = {}

    def prefetch(self, shas: list[str]) -> None:
        self.raw.update(gitrepo.blobs(self.repo, [s for s in shas if s not in self.raw]))

    def item(self, sha: str | None, path: str) -> Item | None:
        return self._model(sha, path, Item)  # type: ignore[no-any-return]

    def answers(self, sha: str | None, path: str) -> list[Answer]:
        parsed = self._model(sha, path, ProgressFile)
        return list(parsed.answers) if parsed is not None else []

    def _model(self, sha: str | None, path: str, model: type[Any]) -> Any:
        if sha is None:
            return None
        key = (sha, model.__name__)
        if key not in self.parsed:
            if sha not in self.raw:
                self.prefetch([sha])
            value, _problems = loader.parse(self.raw.get(sha, b""), f"{sha[:10]}:{path}", model)
            self.parsed[key] = value
        return self.parsed[key]


def _item_id_of(path: str) -> str | None:
    folder, _, name = path.rpartition("/")
    if folder != ITEMS_DIR or not is_yaml_name(name):
        return None
    return normalise(name.rsplit(".", 1)[0])


def item_log(plan_root: Path, item_id: str, revision: str = "HEAD") -> list[Entry]:
    """Every commit reachable from ``revision`` that changed the item or its progress answers, newest first.

    The item is followed through a renumbering: a commit that adds its file while removing
    another item's file that is very similar (as ``diff`` decides) continues with the old ID.
    One ``git log`` and one ``git cat-file --batch`` per batch of blobs, whatever the number of commits.
    """
    repo = gitrepo.find(plan_root)
    commits = gitrepo.history(repo, revision, [ITEMS_DIR, PROGRESS_DIR])
    blobs = _Blobs(repo)
    # Every item and progress blob the walk may need, read in one cat-file process up front.
    blobs.prefetch([sha for c in commits for ch in c.changes for sha in (ch.old, ch.new) if sha])
    current = normalise(item_id)
    entries: list[Entry] = []
    for commit in commits:
        entry = _entry(commit, current, blobs)
        if entry is None:
            continue
        entries.append(entry)
        if entry.renumbered_from is not None:
            current = entry.renumbered_from
    return entries


def _entry(commit: gitrepo.Commit, current: str, blobs: _Blobs) -> Entry | None:
    entry = Entry(commit.sha, commit.date, commit.author, commit.message, current, "changed")
    mine = [ch for ch in commit.changes if _item_id_of(ch.path) == current]
    for change in mine:
        before, after = blobs.item(change.old, change.path), blobs.item(change.new, change.path)
        if before is not None and after is not None:
            entry.changes += diff_items(before, after)
        elif after is not None:
            entry.event = "added"
            gone = [
                item
                for ch in commit.changes
                if ch.new is None
                and _item_id_of(ch.path) not in (None, current)
                and (item := blobs.item(ch.old, ch.path)) is not None
            ]
            for match in match_renumbered(gone, [after]):
                entry.event = "renumbered"
                entry.renumbered_from = match.old
                old_item = next(i for i in gone if i.id == match.old)
                entry.changes += [Change(current, "id", match.old, current), *diff_items(old_item, after)]
        elif before is not None:
            entry.event = "removed"
    previous_ids = {current} | ({entry.renumbered_from} if entry.renumbered_from else set())
    for change in commit.changes:
        if change.path.startswith(PROGRESS_DIR + "/"):
            old_answers = [r for r in blobs.answers(change.old, change.path) if r.item in previous_ids]
            new_answers = [r for r in blobs.answers(change.new, change.path) if r.item == current]
            moved = {entry.renumbered_from: current} if entry.renumbered_from else {}
            entry.changes += diff_answers(old_answers, new_answers, moved)
    if entry.event == "changed" and not entry.changes:
        return None  # the commit touched the file, but not the item (comments, layout)
    return entry
