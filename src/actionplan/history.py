"""A plan over time: the plan at a version (a directory or a git revision) and one item's history."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actionplan import gitrepo, loader
from actionplan.compare import Change, diff_answers, diff_items, match_renumbered
from actionplan.i18n import _
from actionplan.layout import is_yaml_name
from actionplan.loader import ITEMS_DIR, PLAN_FILE, PROGRESS_DIR, Plan
from actionplan.model import Answer, Item, ProgressFile
from actionplan.problems import Problem, Result
from actionplan.text import normalise
from actionplan.yamlio import MAX_FILE_BYTES


@dataclass
class Version:
    """A plan as it was at one version, with the problems met while reading it."""

    label: str
    plan: Plan | None
    problems: list[Problem]


class Ambiguous(gitrepo.GitError):
    """A name that is both a folder and a git revision: which one is meant is not guessed."""

    def __init__(self, spec: str) -> None:
        super().__init__(spec)
        self.spec = spec


def open_version(plan_root: Path, spec: str | None) -> Version:
    """``spec``: None for the working tree, a plan directory, or a git revision of ``plan_root``'s repository.

    A name that is both a folder (or file) and a revision raises :class:`Ambiguous`, as git
    refuses such an argument: a folder ``main/`` beside a branch ``main`` would otherwise be
    compared in place of the branch. Raises :class:`gitrepo.GitError` for a name that is neither.
    """
    if spec is None:
        loaded = loader.load(plan_root)
        return Version(str(plan_root), loaded.value, loaded.problems)
    directory = Path(spec)
    if directory.exists() or directory.is_symlink():
        if _is_revision(plan_root, spec):
            raise Ambiguous(spec)
        if (directory / PLAN_FILE).is_file():
            loaded = loader.load(directory)
            return Version(spec, loaded.value, loaded.problems)
    repo = gitrepo.find(plan_root)
    commit = gitrepo.commit_of(repo, spec)
    files = gitrepo.plan_files(repo, commit)
    loaded = loader.load(plan_root, files, label=f"{spec}:{repo.prefix}")
    return Version(spec, loaded.value, loaded.problems)


def _is_revision(plan_root: Path, spec: str) -> bool:
    try:
        gitrepo.commit_of(gitrepo.find(plan_root), spec)
    except gitrepo.GitError:  # no git, no repository, no such revision
        return False
    return True


@dataclass
class Entry:
    """One commit of an item's history: what it did to the item, field by field."""

    commit: str
    date: str
    author: str
    message: str
    item: str
    # added, removed, renumbered, changed; "unreadable": the item's file at this commit cannot be
    # read (not taken for a removal); "history_cut": the item is there where a shallow clone's
    # history begins, so when it was added is not known (not taken for an addition).
    event: str
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


@dataclass
class ItemLog:
    """An item's history, and what may be missing from it."""

    entries: list[Entry]
    shallow: bool  # the repository is a shallow clone: commits before its cut are not there
    unreadable: list[Problem]  # versions of the item's or its answers' files that cannot be read


# The walk reads the versions it will need in the order it needs them, at most this many bytes
# in one process, and keeps a version's bytes only until it is parsed: a history of many large
# versions never sits in memory at once.
READ_BATCH_BYTES = 64 * 1024 * 1024


class _Blobs:
    """Parsed files of past revisions, each blob read and parsed once; none larger than the reader's limit."""

    def __init__(self, repo: gitrepo.Repo) -> None:
        self.repo = repo
        self.sizes: dict[str, int] = {}  # from cat-file --batch-check, before anything is read
        self.queue: deque[str] = deque()  # versions the walk will read, in its order
        self.raw: dict[str, bytes] = {}  # read, not yet parsed
        self.failed: dict[str, list[Problem]] = {}  # blobs that cannot be read, and why
        self.parsed: dict[tuple[str, str], Any] = {}

    def expect(self, shas: list[str]) -> None:
        """The versions the walk will read, in its order. Their sizes are asked of git now, in one
        process: a version past MAX_FILE_BYTES is never read (a few compressed megabytes in a
        repository may hold gigabytes)."""
        new = [s for s in dict.fromkeys(shas) if s not in self.sizes]
        self.sizes.update(gitrepo.blob_sizes(self.repo, new))
        self.queue.extend(s for s in new if 0 <= self.sizes.get(s, -1) <= MAX_FILE_BYTES)
        self.sizes.update({s: -1 for s in new if s not in self.sizes})  # not in the repository

    def item(self, sha: str | None, path: str) -> Item | None:
        return self._model(sha, path, Item)  # type: ignore[no-any-return]

    def answers(self, sha: str | None, path: str) -> list[Answer]:
        parsed = self._model(sha, path, ProgressFile)
        return list(parsed.answers) if parsed is not None else []

    def unreadable(self, sha: str | None) -> bool:
        """A version that exists but cannot be read (None is no file: not unreadable)."""
        return sha is not None and sha in self.failed

    def why(self, *shas: str | None) -> list[Problem]:
        """Why these versions cannot be read: nothing for those that can."""
        return [p for sha in shas if sha is not None for p in self.failed.get(sha, [])]

    def _read(self, sha: str) -> bytes:
        """A version's bytes, read with the versions queued after it (up to READ_BATCH_BYTES) in one process."""
        if sha not in self.raw:
            batch, total = [sha], self.sizes[sha]
            while self.queue and total + self.sizes[self.queue[0]] <= READ_BATCH_BYTES:
                other = self.queue.popleft()
                if other not in batch and other not in self.raw and not self._done(other):
                    batch.append(other)
                    total += self.sizes[other]
            self.raw.update(gitrepo.blobs(self.repo, batch))
        return self.raw.pop(sha, b"")

    def _done(self, sha: str) -> bool:
        return (sha, Item.__name__) in self.parsed or (sha, ProgressFile.__name__) in self.parsed

    def _model(self, sha: str | None, path: str, model: type[Any]) -> Any:
        if sha is None:
            return None
        key = (sha, model.__name__)
        if key not in self.parsed:
            if sha not in self.sizes:
                self.expect([sha])  # a version the walk did not announce: a removed item's, at a renumbering
            display, size = f"{sha[:10]}:{path}", self.sizes[sha]
            if size > MAX_FILE_BYTES:
                message = _("file is {size} bytes; the limit is {limit}").format(
                    size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}"
                )
                parsed: Result[Any] = Result(None, [Problem(display, "file-too-large", message)])
            elif size < 0:
                message = _("this version is not in the repository (a partial or damaged clone)")
                parsed = Result(None, [Problem(display, "version-missing", message)])
            else:
                parsed = loader.parse(self._read(sha), display, model)
            if parsed.value is None:
                self.failed[sha] = parsed.problems
            self.parsed[key] = parsed.value
        return self.parsed[key]


def _item_id_of(path: str) -> str | None:
    folder, _sep, name = path.rpartition("/")
    if folder != ITEMS_DIR or not is_yaml_name(name):
        return None
    return normalise(name.rsplit(".", 1)[0])


def item_log(plan_root: Path, item_id: str, revision: str = "HEAD") -> ItemLog:
    """Every commit reachable from ``revision`` that changed the item or its progress answers, newest first.

    The item is followed through a renumbering: a commit that adds its file while removing
    another item's file that is very similar (as ``diff`` decides) continues with the old ID.
    One ``git log``, one ``git cat-file --batch-check`` and one ``git cat-file --batch`` per
    batch of blobs, whatever the number of commits.
    """
    repo = gitrepo.find(plan_root)
    commits = gitrepo.history(repo, revision, [ITEMS_DIR, PROGRESS_DIR])
    blobs = _Blobs(repo)
    current = normalise(item_id)
    blobs.expect(_versions(commits, current))
    found = ItemLog([], repo.shallow, [])
    for index, commit in enumerate(commits):
        entry = _entry(commit, current, blobs, found.unreadable)
        if entry is None:
            continue
        found.entries.append(entry)
        if entry.renumbered_from is not None:
            current = entry.renumbered_from
            blobs.expect(_versions(commits[index + 1 :], current))
    found.unreadable = list(dict.fromkeys(found.unreadable))  # a version is named once, however many commits saw it
    return found


def _versions(commits: list[gitrepo.Commit], item_id: str) -> list[str]:
    """The versions a walk following ``item_id`` reads, newest first: the item's file and every progress file."""
    return [
        sha
        for commit in commits
        for ch in commit.changes
        if _item_id_of(ch.path) == item_id or ch.path.startswith(PROGRESS_DIR + "/")
        for sha in (ch.old, ch.new)
        if sha
    ]


def _entry(commit: gitrepo.Commit, current: str, blobs: _Blobs, unreadable: list[Problem]) -> Entry | None:
    entry = Entry(commit.sha, commit.date, commit.author, commit.message, current, "changed")
    keep = False  # a change to the item that has no field to show (its old version cannot be read)
    for change in [ch for ch in commit.changes if _item_id_of(ch.path) == current]:
        before, after = blobs.item(change.old, change.path), blobs.item(change.new, change.path)
        unreadable += blobs.why(change.old, change.new)
        if blobs.unreadable(change.new):
            entry.event = "unreadable"
        elif commit.cut and after is not None:
            entry.event = "history_cut"
        elif before is not None and after is not None:
            entry.changes += diff_items(before, after)
        elif after is not None and blobs.unreadable(change.old):
            keep = True
        elif after is not None:
            _added(entry, commit, after, blobs)
        elif before is not None or blobs.unreadable(change.old):
            entry.event = "removed"
    if not commit.cut:
        entry.changes += _answer_changes(entry, commit, blobs, unreadable)
    if entry.event == "changed" and not entry.changes and not keep:
        return None  # the commit touched the file, but not the item (comments, layout)
    return entry


def _added(entry: Entry, commit: gitrepo.Commit, after: Item, blobs: _Blobs) -> None:
    """The item's file is new in this commit: added, or renumbered from a very similar item removed in it."""
    entry.event = "added"
    removed = [ch for ch in commit.changes if ch.new is None and _item_id_of(ch.path) not in (None, entry.item)]
    blobs.expect([ch.old for ch in removed if ch.old])  # their sizes in one process, not one each
    gone = [item for ch in removed if (item := blobs.item(ch.old, ch.path)) is not None]
    for match in match_renumbered(gone, [after]):
        entry.event = "renumbered"
        entry.renumbered_from = match.old
        old_item = next(i for i in gone if i.id == match.old)
        entry.changes += [Change(entry.item, "id", match.old, entry.item), *diff_items(old_item, after)]


def _answer_changes(entry: Entry, commit: gitrepo.Commit, blobs: _Blobs, unreadable: list[Problem]) -> list[Change]:
    """The item's progress answers changed by the commit; a progress file that cannot be read is
    named, never taken for answers removed or added."""
    previous_ids = {entry.item} | ({entry.renumbered_from} if entry.renumbered_from else set())
    moved = {entry.renumbered_from: entry.item} if entry.renumbered_from else {}
    changes: list[Change] = []
    for change in commit.changes:
        if not change.path.startswith(PROGRESS_DIR + "/"):
            continue
        old_answers = [r for r in blobs.answers(change.old, change.path) if r.item in previous_ids]
        new_answers = [r for r in blobs.answers(change.new, change.path) if r.item == entry.item]
        if blobs.why(change.old, change.new):
            unreadable += blobs.why(change.old, change.new)
            continue
        changes += diff_answers(old_answers, new_answers, moved)
    return changes
