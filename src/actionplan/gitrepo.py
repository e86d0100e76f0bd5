"""Read a plan at a git revision, and the commits that changed it, without touching the work tree.

This uses git's own plumbing (``rev-parse``, ``ls-tree``, ``log``, ``cat-file --batch``)
rather than a library: git is already there wherever a plan lives in git, it reads every
repository layout git itself writes (packs, worktrees, alternates, partial clones), and a
whole revision or a whole history costs two processes, whatever the number of files.
None of these commands writes to the index or the working tree.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from actionplan.i18n import _, os_reason
from actionplan.layout import is_yaml_name
from actionplan.yamlio import MAX_FILE_BYTES


class GitError(Exception):
    """git is missing, the plan is not in a repository, or a revision is unknown."""


class GitMissing(GitError):
    """git itself cannot be run."""


@dataclass(frozen=True)
class Repo:
    """The repository holding a plan directory, and where the plan sits inside it."""

    top: Path
    # The plan directory relative to the repository's top, as git writes paths: "plan/" or "".
    prefix: str


@dataclass(frozen=True)
class Change:
    """One file a commit changed: paths relative to the plan, blob IDs (None: absent)."""

    path: str
    old: str | None
    new: str | None


@dataclass
class Commit:
    sha: str
    date: str
    author: str
    message: str
    changes: list[Change] = field(default_factory=list)


_ZERO = "0" * 40


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=data,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitMissing(_("git is not installed (or not on PATH); it is needed to read revisions")) from None
    except OSError as exc:
        raise GitMissing(_("cannot run git: {error}").format(error=os_reason(exc))) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else _("git {command} failed").format(command=args[0]))
    return done.stdout


def find(plan_root: Path) -> Repo:
    """The repository holding ``plan_root``."""
    try:
        out = _git(plan_root, "rev-parse", "--show-toplevel", "--show-prefix")
    except GitMissing:
        raise
    except GitError:
        raise GitError(_("{path} is not inside a git repository").format(path=plan_root)) from None
    top, prefix = ([*out.decode("utf-8", "replace").splitlines(), "", ""])[:2]
    return Repo(Path(top), prefix)


def commit_of(repo: Repo, revision: str) -> str:
    """The commit a revision (commit, tag, branch, HEAD~2 …) names."""
    if not revision or revision.startswith("-"):
        raise GitError(_("not a revision: '{revision}'").format(revision=revision))
    try:
        out = _git(repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}")
    except GitError:
        raise GitError(
            _("unknown revision '{revision}' in {repository}").format(revision=revision, repository=repo.top)
        ) from None
    return out.decode().strip()


def plan_files(repo: Repo, commit: str) -> dict[str, bytes]:
    """The plan's YAML files at ``commit``: {path relative to the plan: bytes}."""
    listing = _git(repo.top, "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", repo.prefix or ".")
    wanted: dict[str, str] = {}
    too_large: list[str] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _sep, path_bytes = entry.partition(b"\t")
        _mode, kind, sha, size = meta.decode().split()
        path = path_bytes.decode("utf-8", "surrogateescape")
        if kind != "blob" or not is_yaml_name(path) or not path.startswith(repo.prefix):
            continue
        relative = path[len(repo.prefix) :]
        if int(size) > MAX_FILE_BYTES:
            too_large.append(relative)  # not read: the reader refuses it by its size alone
        else:
            wanted[relative] = sha
    contents = blobs(repo, wanted.values())
    files = {relative: contents[sha] for relative, sha in wanted.items()}
    files.update(dict.fromkeys(too_large, bytes(MAX_FILE_BYTES + 1)))
    return files


def blobs(repo: Repo, shas: object) -> dict[str, bytes]:
    """The contents of many blobs, read by one ``git cat-file --batch`` process."""
    wanted = list(dict.fromkeys(shas))  # type: ignore[call-overload]
    if not wanted:
        return {}
    out = _git(repo.top, "cat-file", "--batch", data=("\n".join(wanted) + "\n").encode())
    found: dict[str, bytes] = {}
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].decode().split()
        at = end + 1
        if len(header) != 3:  # "<sha> missing"
            continue
        size = int(header[2])
        found[header[0]] = out[at : at + size]
        at += size + 1
    return found


_RECORD, _FIELD = "\x1e", "\x1f"


def history(repo: Repo, revision: str, paths: list[str]) -> list[Commit]:
    """Commits reachable from ``revision`` that changed the plan's ``paths``, newest first.

    One ``git log`` process gives every commit with the blobs of the files it changed; merges
    are shown through the commits they bring in, as ``git log`` does by default.
    """
    commit = commit_of(repo, revision)
    pathspecs = [repo.prefix + p for p in paths] or [repo.prefix or "."]
    out = _git(
        repo.top,
        "-c",
        "log.showSignature=false",
        "log",
        "--no-renames",
        "--no-color",
        "--raw",
        "--no-abbrev",
        "-z",
        f"--format=format:{_RECORD}%H{_FIELD}%aI{_FIELD}%an{_FIELD}%s",
        commit,
        "--",
        *pathspecs,
    )
    commits: list[Commit] = []
    for chunk in out.decode("utf-8", "surrogateescape").split(_RECORD)[1:]:
        header, _sep, rest = chunk.partition("\n")  # the header line, then ":modes blobs status\0path\0" …
        sha, date, author, message = ([*header.split(_FIELD), "", "", ""])[:4]
        entry = Commit(sha, date, author, message)
        fields = rest.split("\0")
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            parts = meta.lstrip(":\n").split()
            if len(parts) < 5 or not path.startswith(repo.prefix):
                continue
            old, new = parts[2], parts[3]
            entry.changes.append(
                Change(path[len(repo.prefix) :], None if old == _ZERO else old, None if new == _ZERO else new)
            )
        commits.append(entry)
    return commits
