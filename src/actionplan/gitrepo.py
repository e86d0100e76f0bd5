"""Read a plan at a git revision, and the commits that changed it, without touching the work tree.

This uses git's own plumbing (``rev-parse``, ``ls-tree``, ``log``, ``cat-file --batch``)
rather than a library: git is already there wherever a plan lives in git, it reads every
repository layout git itself writes (packs, worktrees, alternates, partial clones), and a
whole revision or a whole history costs two processes, whatever the number of files.
None of these commands writes to the index or the working tree.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from actionplan.i18n import _, os_reason
from actionplan.layout import is_yaml_name
from actionplan.yamlio import MAX_FILE_BYTES


class GitError(Exception):
    """git is missing, the plan is not in a repository, or a revision is unknown."""


class GitMissing(GitError):
    """git itself cannot be run."""


class NotOneRevision(GitError):
    """A range or exclusion (``^HEAD``, ``v1..v2``) where one commit is needed."""


@dataclass(frozen=True)
class Repo:
    """The repository holding a plan directory, and where the plan sits inside it."""

    top: Path
    # The plan directory relative to the repository's top, as git writes paths: "plan/" or "".
    # Paths are decoded as the file system does (os.fsdecode): a folder name that is not UTF-8
    # keeps its bytes, and is given back to git unchanged.
    prefix: str
    # A shallow clone (git clone --depth): commits before its cut are not in the repository.
    shallow: bool = False


@dataclass(frozen=True)
class CommitFile:
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
    changes: list[CommitFile] = field(default_factory=list)
    # The history is cut here (a shallow clone): the commit has parents the repository lacks, so
    # git compares it with nothing and every file it holds looks added.
    cut: bool = False


def _blob(object_id: str) -> str | None:
    """A blob ID of ``--raw`` output, None for the all-zero ID that stands for "no file"."""
    return object_id if object_id.strip("0") else None


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            # Paths given to git are names, never patterns: a folder called "plan[1]" is that folder.
            ["git", "--literal-pathspecs", *args],
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
        # Two calls: a folder name may hold a newline, so two paths in one output could not be told apart.
        shallow, _sep, top = _git(plan_root, "rev-parse", "--is-shallow-repository", "--show-toplevel").partition(b"\n")
        prefix = _git(plan_root, "rev-parse", "--show-prefix")
    except GitMissing:
        raise
    except GitError:
        raise GitError(_("{path} is not inside a git repository").format(path=plan_root)) from None
    return Repo(Path(os.fsdecode(top.removesuffix(b"\n"))), os.fsdecode(prefix.removesuffix(b"\n")), shallow == b"true")


# One object ID, SHA-1 or SHA-256, as rev-parse prints it: anything else is not one commit.
_OBJECT_ID = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")


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
    found = out.removesuffix(b"\n")
    if not _OBJECT_ID.fullmatch(found):  # "^HEAD" verifies, as an exclusion: "^<id>"
        raise NotOneRevision(
            _("'{revision}' is not one revision: give one commit, tag or branch (not a range or ^exclusion)").format(
                revision=revision
            )
        )
    return found.decode()


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
        path = os.fsdecode(path_bytes)
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


def blob_sizes(repo: Repo, shas: Iterable[str]) -> dict[str, int]:
    """The size of each blob, by one ``git cat-file --batch-check`` (nothing read); a blob the
    repository lacks is left out."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    out = _git(repo.top, "cat-file", "--batch-check", data=("\n".join(wanted) + "\n").encode())
    sizes: dict[str, int] = {}
    for line in out.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
            sizes[parts[0]] = int(parts[2])
    return sizes


def blobs(repo: Repo, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs, read by one ``git cat-file --batch`` process.

    Callers check sizes first (ls-tree -l, :func:`blob_sizes`): this reads whatever it is given."""
    wanted = list(dict.fromkeys(shas))
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


def history(repo: Repo, revision: str, paths: list[str]) -> list[Commit]:
    """Commits reachable from ``revision`` that changed the plan's ``paths``, newest first.

    One ``git log`` process gives every commit with the blobs of the files it changed; merges
    are shown through the commits they bring in, as ``git log`` does by default. Every field
    ends in a NUL, which no commit message, author or path can hold: a message cannot pose as
    another field or another commit.
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
        "--format=format:%H%x00%P%x00%aI%x00%an%x00%s%x00",
        commit,
        "--",
        *pathspecs,
    )
    commits = _parse_log(out.split(b"\0"), repo.prefix)
    for found in commits:
        # Without parents: a root commit, or (only in a shallow clone) the cut.
        found.cut = repo.shallow and found.cut and _has_parents(repo, found.sha)
    return commits


_HEADER_FIELDS = 5  # %H %P %aI %an %s
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T[0-9:]{8}(?:Z|[+-]\d{2}:\d{2})")


def _parse_log(fields: list[bytes], prefix: str) -> list[Commit]:
    """``git log -z --raw`` with NUL-ended header fields: per commit the header, then pairs of
    ":modes blobs status" and path; an empty field between commits."""
    commits: list[Commit] = []
    at = 0
    while at < len(fields):
        if not fields[at].strip(b"\n"):
            at += 1
            continue
        header = [f.decode("utf-8", "replace") for f in fields[at : at + _HEADER_FIELDS]]
        at += _HEADER_FIELDS
        if len(header) < _HEADER_FIELDS or not _OBJECT_ID.fullmatch(header[0].encode()):
            raise GitError(_("git log gave output that actionplan cannot read"))
        sha, parents, date, author, message = header
        entry = Commit(sha, date if _ISO_DATE.fullmatch(date) else "", author, message)
        entry.cut = not parents  # told apart from a root commit by history()
        while at + 1 < len(fields) and fields[at].lstrip(b"\n").startswith(b":"):
            parts = fields[at].lstrip(b"\n")[1:].decode("ascii", "replace").split()
            path = os.fsdecode(fields[at + 1])
            at += 2
            if len(parts) < 5 or not path.startswith(prefix):
                continue
            old, new = parts[2], parts[3]
            entry.changes.append(CommitFile(path[len(prefix) :], _blob(old), _blob(new)))
        commits.append(entry)
    return commits


def _has_parents(repo: Repo, sha: str) -> bool:
    """Whether the commit object names parents (git shows none at a shallow clone's cut)."""
    raw = _git(repo.top, "cat-file", "commit", sha)
    head = raw.partition(b"\n\n")[0]
    return any(line.startswith(b"parent ") for line in head.split(b"\n"))
