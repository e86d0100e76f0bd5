"""Find a plan's files, read them safely, build the Plan, and return it with its problems (a Result)."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from actionplan import capabilities, files, yamlio
from actionplan.capabilities import Capabilities
from actionplan.fieldnames import key_and_word
from actionplan.i18n import N_, _, os_reason

# The layout lives in actionplan.layout (below i18n, which needs it); loader re-exports it.
from actionplan.layout import GLOSSARY_FILE as GLOSSARY_FILE
from actionplan.layout import ITEMS_DIR as ITEMS_DIR
from actionplan.layout import PLAN_ENV as PLAN_ENV
from actionplan.layout import PLAN_FILE as PLAN_FILE
from actionplan.layout import PROGRESS_DIR as PROGRESS_DIR
from actionplan.layout import embedded_plan_dir as embedded_plan_dir
from actionplan.layout import is_yaml_name
from actionplan.model import PROGRESS_FORMAT, Answer, Glossary, Indicator, Item, PlanMeta, ProgressFile, Term
from actionplan.problems import Problem, Result
from actionplan.text import suggest_or_list

M = TypeVar("M", bound=BaseModel)


class PlanNotFound(Exception):
    """The plan directory given does not exist or holds no plan.yaml."""


@dataclass
class Plan:
    """A loaded plan: plan.yaml, its items in plan order, glossary and progress answers."""

    root: Path
    meta: PlanMeta
    items: list[Item]
    glossary: list[Term] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    # Where each thing came from, as shown in problems: item id → file, answer → (file, index).
    item_files: dict[str, str] = field(default_factory=dict)
    answer_files: list[tuple[str, int]] = field(default_factory=list)
    # Item files that could not be read; their problems are reported already, and counts
    # over the items are not meaningful while any is missing.
    unread_items: list[str] = field(default_factory=list)
    items_missing: bool = False  # no items/ folder at all (reported by the loader)
    glossary_unread: bool = False
    plan_file: str = PLAN_FILE
    glossary_file: str = GLOSSARY_FILE

    def __post_init__(self) -> None:
        index = _parent_index(self.meta)
        self._parents = {item.id: _parent_from(index, item.id) for item in self.items}
        self._by_id = {item.id: item for item in self.items}
        # Tags that count towards the stated cross-referenced numbers (実計, 協働, 行革).
        self._flagged = frozenset(t.name for t in self.meta.tags if t.cross_reference)

    @functools.cached_property
    def capabilities(self) -> Capabilities:
        """What the plan states (capabilities.of): asked by every report, renderer, sheet and export."""
        return capabilities.of(self.meta, self.items)

    @functools.cached_property
    def answering(self) -> list[str]:
        """Every department that answers: the plan's list in its order, then an office that answers
        for items without 主管課 (PlanMeta.answerers)."""
        named = dict.fromkeys(d for item in self.items for d in self.meta.answerers(item))
        return [d for d in self.meta.departments if d in named] + [d for d in named if d not in self.meta.departments]

    def original(self, indicator: Indicator) -> Indicator:
        """The indicator a 再掲 stands for (its targets and answers are there); any other is itself."""
        ref = indicator.repeats
        item = self.item(ref.item) if ref else None
        found = next((i for i in item.indicators if i.id == ref.indicator), None) if item and ref else None
        return found or indicator

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def answers_for(self, year: int) -> dict[str, list[Answer]]:
        """The answers of a fiscal year by item, in plan order, each item's in its 主管課 order.

        Where validate finds two answers for one item, year and department, the first one read is kept.
        """
        found: dict[str, dict[str, Answer]] = {}
        for answer in self.answers:
            if answer.year == year:
                found.setdefault(answer.item, {}).setdefault(answer.department, answer)
        result: dict[str, list[Answer]] = {}
        for item in self.items:
            if (by_dept := found.pop(item.id, None)) is not None:
                order = {d: n for n, d in enumerate(item.departments)}
                result[item.id] = sorted(by_dept.values(), key=lambda a: order.get(a.department, len(order)))
        return result

    def parent(self, item_id: str) -> tuple[str | None, str | None]:
        """(pillar id, goal id) an item belongs to, from the longest matching ID prefix."""
        return self._parents.get(item_id) or parent_of(self.meta, item_id)

    def cross_referenced(self, item: Item) -> bool:
        return not self._flagged.isdisjoint(item.tags)


def parent_of(meta: PlanMeta, item_id: str) -> tuple[str | None, str | None]:
    return _parent_from(_parent_index(meta), item_id)


def _parent_index(meta: PlanMeta) -> dict[str, tuple[str, str | None]]:
    """Goal and pillar IDs to (pillar, goal); where an ID is used twice, the first in plan order wins."""
    index: dict[str, tuple[str, str | None]] = {}
    for pillar in meta.pillars:
        for goal in pillar.goals:
            index.setdefault(goal.id, (pillar.id, goal.id))
        index.setdefault(pillar.id, (pillar.id, None))
    return index


def _parent_from(index: dict[str, tuple[str, str | None]], item_id: str) -> tuple[str | None, str | None]:
    parts = item_id.split("-")
    for n in range(len(parts) - 1, 0, -1):
        found = index.get("-".join(parts[:n]))
        if found is not None:
            return found
    return None, None


def resolve_plan_dir(given: Path | None) -> Path:
    """--plan, else $ACTIONPLAN_PLAN, else the embedded plan."""
    if given is None and os.environ.get(PLAN_ENV):
        given = Path(os.environ[PLAN_ENV])
    root = given if given is not None else embedded_plan_dir()
    if not root.is_dir():
        raise PlanNotFound(_("plan directory not found: {path}").format(path=root))
    if not (root / PLAN_FILE).exists():
        raise PlanNotFound(_("no {file} in {path}: is this a plan directory?").format(file=PLAN_FILE, path=root))
    return root


def load(root: Path, tree: Mapping[str, bytes] | None = None, label: str = "") -> Result[Plan]:
    """Read every file of the plan at ``root``; never raises on bad data.

    With ``tree`` ({path relative to the plan: bytes}, e.g. the blobs of a git revision)
    the files come from memory instead of ``root``, through the same bytes -> model path,
    and problems name them ``label`` + path (``v1:plan/items/1-1-1.yaml``).

    Returns the plan (None when plan.yaml itself cannot be read) and every problem found
    while reading; the checks in :mod:`actionplan.checks` find the rest.
    """
    with collector_paused():
        return _load(root, tree, label)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a plan is read (and checked), back on (if it was) afterwards.

    Reading keeps every item it builds, and each collection walks all of them again: at
    10,000 items that was a sixth of `validate`'s CPU time (docs/benchmarks.md). Reading
    makes no reference cycles to wait for, so pausing costs no memory.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(root: Path, tree: Mapping[str, bytes] | None, label: str) -> Result[Plan]:
    problems: list[Problem] = []
    if tree is None and os.path.lexists(root / files.JOURNAL):
        problems.append(journal_problem(root))
    reader = _Reader(root, problems) if tree is None else _TreeReader(root, problems, tree, label)
    meta = reader.model(root / PLAN_FILE, PlanMeta)
    items: list[Item] = []
    item_files: dict[str, str] = {}
    unread_items: list[str] = []
    for path in reader.files(root / ITEMS_DIR):
        shown = reader.display(path)
        item = reader.model(path, Item, shown)
        if item is None:
            unread_items.append(shown)
            continue
        if item.id in item_files:
            problems.append(
                Problem(
                    shown,
                    "duplicate-id",
                    _("item ID '{id}' is also used by {file}").format(id=item.id, file=item_files[item.id]),
                    loc=("id",),
                    item=item.id,
                )
            )
            continue
        items.append(item)
        item_files[item.id] = shown
    items_missing = not reader.is_folder(root / ITEMS_DIR)
    if items_missing:
        # Said once here; the counts would only say "0 found" for every goal and pillar.
        problems.append(
            Problem(
                reader.display(root / ITEMS_DIR),
                "folder-missing",
                _(
                    "the {folder}/ folder is missing; every item of the plan is a file in it ({folder}/1-1-1.yaml …)"
                ).format(folder=ITEMS_DIR),
            )
        )
    glossary: list[Term] = []
    glossary_unread = False
    if reader.exists(root / GLOSSARY_FILE):
        parsed = reader.model(root / GLOSSARY_FILE, Glossary)
        glossary = list(parsed.terms) if parsed else []
        glossary_unread = parsed is None
    answers: list[Answer] = []
    answer_files: list[tuple[str, int]] = []
    for path in reader.files(root / PROGRESS_DIR):
        shown = reader.display(path)
        progress = reader.model(path, ProgressFile, shown)
        if progress is not None:
            answers.extend(progress.answers)
            answer_files.extend((shown, i) for i in range(len(progress.answers)))
    if meta is None:
        return Result(None, locate(problems))
    items.sort(key=lambda i: sort_key(i.id))
    plan = Plan(
        root=root,
        meta=meta,
        items=items,
        glossary=glossary,
        answers=answers,
        item_files=item_files,
        answer_files=answer_files,
        unread_items=unread_items,
        items_missing=items_missing,
        glossary_unread=glossary_unread,
        plan_file=reader.display(root / PLAN_FILE),
        glossary_file=reader.display(root / GLOSSARY_FILE),
    )
    return Result(plan, problems)


def journal_problem(root: Path) -> Problem:
    """A journal left in the plan folder, as a problem: reading never acts on it (files.py).

    A valid one is a change of several files that was interrupted (some files may be new and
    others old until it is finished); any other is refused whole, as data actionplan did not write.
    """
    shown = display_path(root / files.JOURNAL)
    try:
        files.read_journal(root)
    except files.JournalError as exc:
        return Problem(
            shown,
            "journal-invalid",
            _("not a journal actionplan wrote, or damaged: {reason}; nothing was moved").format(reason=exc.reason),
            hint=_("look at what it is, then remove it: actionplan recover --plan {folder} --discard").format(
                folder=display_path(root)
            ),
        )
    return Problem(
        shown,
        "unfinished-change",
        _("a change of several files was interrupted; until it is finished some files may be new and others old"),
        hint=_(
            "finish it: actionplan recover --plan {folder}   (or put every file back: actionplan recover --plan"
            " {folder} --discard)"
        ).format(folder=display_path(root)),
    )


_ID_PARTS = re.compile(r"[-.]")


def sort_key(item_id: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of IDs: 1-2-10 after 1-2-9.

    Also called on file names, which may be anything (``1-①``): only decimal digits are read as a
    number, as ``isdigit`` is true of ① and ² too, which ``int`` refuses.
    """
    return tuple([(0, int(p)) if p.isdecimal() else (1, p) for p in _ID_PARTS.split(item_id)])


def locate(problems: list[Problem]) -> list[Problem]:
    """Give line and column to problems that only know their place in the document.

    Files are parsed again only when one of their problems needs a position, so a clean
    run never pays for positions.
    """
    pending: dict[str, list[int]] = {}
    for index, problem in enumerate(problems):
        if problem.line is None and problem.loc is not None:
            pending.setdefault(problem.path, []).append(index)
    result = list(problems)
    for display, indexes in pending.items():
        node = _node_of(Path(display))
        for index in indexes:
            result[index] = _positioned(result[index], node)
    return sorted(result, key=lambda p: p.sort_key)


def display_path(path: Path) -> str:
    """A path as problems show it: relative to the working directory when inside it."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _node_of(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    text = yamlio.decode(raw, str(path)).value
    return None if text is None else yamlio.compose(text, str(path)).value


_EDITOR_LEFTOVERS = re.compile(r"(^\.|^#|~$|\.swp$|\.swo$|\.bak$|\.orig$|\.tmp$)")


def _plan_file_name(name: str) -> bool:
    """A YAML file of the plan: not hidden, not an editor's leftover."""
    return not _EDITOR_LEFTOVERS.search(name) and is_yaml_name(name)


def _name_order(name: str) -> tuple[tuple[tuple[int, int | str], ...], str]:
    """Files in ID order; the name breaks ties (1-1-1 and １-１-１): the order never depends on the file system."""
    return sort_key(os.path.splitext(name)[0]), name


# A file of the plan: the plan's own files as Paths, a folder's files as the strings files() gives
# (a Path per file was a tenth of reading a plan of 10,000 items).
FilePath = str | Path


class _Reader:
    """Reads files of one plan, turning every refusal into a problem."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.problems = problems
        # Per folder, computed once: a plan of 100,000 items has 100,000 files but two folders.
        self._cwd = str(Path.cwd())
        self._shown: dict[str, str] = {}
        self._inside: dict[str, bool] = {}
        # Whether each file files() listed is a symbolic link, as the listing said (no lstat per file).
        self._link: dict[str, bool] = {}

    def display(self, path: FilePath) -> str:
        """``display_path(path)``, with the pathlib work done once per folder."""
        parent, name = os.path.split(path)
        folder = self._shown.get(parent)
        if folder is None:
            folder = self._shown[parent] = display_path(Path(parent))
        shown = name if folder == "." else os.path.join(folder, name)
        return "." if shown == self._cwd else shown

    def files(self, folder: Path) -> Iterator[FilePath]:
        """The YAML files of a folder, in name order, without hidden files or editor leftovers."""
        if not folder.is_dir():
            return
        try:
            with os.scandir(folder) as entries:
                listed = {e.name: e.is_symlink() for e in entries if _plan_file_name(e.name)}
        except OSError as exc:
            self.problems.append(
                Problem(
                    self.display(folder),
                    "file-unreadable",
                    _("cannot list folder: {reason}").format(reason=os_reason(exc)),
                )
            )
            return
        base = os.fspath(folder)
        for name in sorted(listed, key=_name_order):
            path = os.path.join(base, name)
            self._link[path] = listed[name]
            yield path

    def exists(self, path: Path) -> bool:
        return path.exists() or path.is_symlink()

    def is_folder(self, path: Path) -> bool:
        return path.is_dir()

    def outside(self, path: FilePath, display: str) -> Problem | None:
        """A file reached through a link (of the file or of its folder) must stay in the plan."""
        if self._plainly_inside(path):
            return None
        try:
            target = Path(path).resolve()
        except (OSError, RuntimeError):  # a symlink loop: RuntimeError up to 3.12, OSError after
            return Problem(display, "file-unreadable", _("cannot read file: symbolic link loop"))
        if target.is_relative_to(self.real_root):
            return None
        return Problem(
            display, "symlink-outside", _("symbolic link leaves the plan directory ({target})").format(target=target)
        )

    def _plainly_inside(self, path: FilePath) -> bool:
        """True for a file that is no link, in a folder that resolves inside the plan.

        One resolve() per folder instead of one per file; anything else (a link, an error)
        takes the full check in outside().
        """
        link = self._link.get(path) if isinstance(path, str) else None
        if link is None:
            try:
                link = stat.S_ISLNK(os.lstat(path).st_mode)
            except OSError:
                return False
        if link:
            return False
        folder = os.path.dirname(path)
        inside = self._inside.get(folder)
        if inside is None:
            try:
                inside = Path(folder).resolve().is_relative_to(self.real_root)
            except (OSError, RuntimeError):
                inside = False
            self._inside[folder] = inside
        return inside

    def read(self, path: FilePath, display: str) -> Result[yamlio.Document]:
        if (refusal := self.outside(path, display)) is not None:
            return Result(None, [refusal])
        return yamlio.read_file(path, display)

    def model(self, path: FilePath, model: type[M], shown: str | None = None) -> M | None:
        """The file's model, or None with its problems added; ``shown`` is its display() where known."""
        read = self.read(path, self.display(path) if shown is None else shown)
        parsed = _to_model(read, model)
        self.problems.extend(parsed.problems)
        return parsed.value


def _to_model(read: Result[yamlio.Document], model: type[M]) -> Result[M]:
    document = read.value
    return Result(None, read.problems) if document is None else to_model(document.data, document.display, model)


def parse(raw: bytes, display: str, model: type[M]) -> Result[M]:
    """One file's bytes to its model, as load() reads them (for a file of a past revision)."""
    return _to_model(yamlio.read_bytes(raw, display), model)


class _TreeReader(_Reader):
    """Reads a plan held in memory ({relative POSIX path: bytes}), such as a git revision."""

    def __init__(self, root: Path, problems: list[Problem], tree: Mapping[str, bytes], label: str) -> None:
        super().__init__(root, problems)
        self.tree = tree
        self.label = label

    def _key(self, path: FilePath) -> str:
        return Path(path).relative_to(self.root).as_posix()

    def display(self, path: FilePath) -> str:
        return self.label + self._key(path)

    def exists(self, path: Path) -> bool:
        return self._key(path) in self.tree

    def is_folder(self, path: Path) -> bool:
        prefix = self._key(path) + "/"
        return any(key.startswith(prefix) for key in self.tree)

    def files(self, folder: Path) -> Iterator[FilePath]:
        prefix = self._key(folder) + "/"
        names = [key[len(prefix) :] for key in self.tree if key.startswith(prefix)]
        for name in sorted((n for n in names if "/" not in n and _plan_file_name(n)), key=_name_order):
            yield folder / name

    def read(self, path: FilePath, display: str) -> Result[yamlio.Document]:
        raw = self.tree.get(self._key(path))
        if raw is None:
            return Result(None, [Problem(display, "file-unreadable", _("no such file in this revision"))])
        return yamlio.read_bytes(raw, display)


def to_model(data: Any, display: str, model: type[M]) -> Result[M]:
    """The model of a document's data, or the problems (positions still to be located)."""
    if model is ProgressFile and isinstance(data, dict) and "format" not in data and "records" in data:
        return Result(None, [old_progress_format(display)], data)
    try:
        return Result(model.model_validate(data), [], data)
    except ValidationError as exc:
        return Result(None, schema_problems(exc, display, data, model), data)


def old_progress_format(display: str) -> Problem:
    """An old progress file (one record per item and year): never reinterpreted silently."""
    return Problem(
        display,
        "progress-old-format",
        _(
            "old progress format (records:, one record per item and year); format {format} keeps"
            " one answer per item, year and 主管課"
        ).format(format=PROGRESS_FORMAT),
        line=1,
        col=1,
        hint=_("convert it with `actionplan progress migrate --plan DIR`, which names each record's 主管課"),
    )


def read_model(raw: bytes, display: str, model: type[M]) -> Result[M]:
    """Bytes to model, the one path the loader and progress writers share.

    The result keeps the plain data the reader built (``data``, None when it could not), and
    its problems are already placed at their line and column in ``raw``.
    """
    parsed = parse(raw, display, model)
    return Result(parsed.value, place(parsed.problems, raw), parsed.data)


def place(problems: list[Problem], raw: bytes) -> list[Problem]:
    """Give problems their line and column in ``raw`` (which may not be on disk yet)."""
    if all(p.line is not None or p.loc is None for p in problems):
        return problems
    text = yamlio.decode(raw, "").value
    node = yamlio.compose(text, "").value if text is not None else None
    return [_positioned(p, node) for p in problems]


def _positioned(problem: Problem, node: Any) -> Problem:
    if problem.line is not None or problem.loc is None or node is None:
        return problem
    key = problem.code in ("unknown-field", "duplicate-id")
    return problem.with_position(*yamlio.position(node, problem.loc, key=key))


def schema_problems(exc: ValidationError, display: str, data: Any, model: type[BaseModel]) -> list[Problem]:
    """One problem per pydantic error, each keeping its place in the document."""
    result = []
    item_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part != "[key]")
        # Pydantic's loc for a dict key error ends in the key itself; point at the key.
        where = ".".join(str(p) for p in loc) or _("(top level)")
        kind = error["type"]
        hint = None
        if kind == "extra_forbidden":
            code, message = "unknown-field", _("unknown field '{field}'").format(field=loc[-1])
            hint = suggest_or_list(str(loc[-1]), known_keys(model, loc[:-1]))
        elif kind == "missing":
            owner = _model_at(model, loc[:-1])
            field = key_and_word(owner.__name__, str(loc[-1])) if owner is not None else str(loc[-1])
            code, message = "missing-field", _("missing required field '{field}'").format(field=field)
        elif error.get("input", "") is None:
            code, message = "schema", _("{where}: a value is required here, but it is empty").format(where=where)
        else:
            code = "schema"
            message = _("{where}: {problem}").format(where=where, problem=_pydantic_message(error))
            if kind == "string_type" and isinstance(error.get("input"), list | dict):
                # [注] or {…} at the start of a value makes YAML read a list or mapping.
                hint = _(
                    'a value starting with [ or {{ is read as a list or mapping; if it is text, quote it: "…"'
                ).format()
        result.append(Problem(display, code, message, loc=loc, hint=hint, item=item_id))
    return result


def known_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys ``model`` takes at ``loc``, in the model's order: what an unknown key's did-you-mean draws on."""
    owner = _model_at(model, loc)
    return list(owner.model_fields) if owner is not None else []


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model whose keys are written at ``loc`` in a file of ``model``; None where a mapping or text is."""
    current: Any = model
    for part in loc:
        owner = _model_of(current)
        if owner is not None and isinstance(part, str) and part in owner.model_fields:
            current = owner.model_fields[part].annotation
        else:  # an entry of a list, or the value under a key of a mapping (schedule: {2020: …})
            current = _entry_of(current)
    return _model_of(current)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds, through Optional and Annotated; None for a list, mapping or text."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, dict):
        return None
    return next((m for m in map(_model_of, get_args(annotation)) if m is not None), None)


def _entry_of(annotation: Any) -> Any:
    """What a list or mapping annotation holds (a mapping's values), through Optional and Annotated."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (list, dict):
        return args[-1] if args else None
    return next((e for e in map(_entry_of, args) if e is not None), None)


# pydantic's error types, said in the user's language (the context fills the placeholders).
_PYDANTIC = {
    "string_type": N_("must be text"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be a mapping of keys to values"),
    "model_type": N_("must be a mapping of keys to values"),
    "model_attributes_type": N_("must be a mapping of keys to values"),
    "date_type": N_("must be a date (2020-04-01)"),
    "date_from_datetime_parsing": N_("must be a date (2020-04-01)"),
    "date_parsing": N_("must be a date (2020-04-01)"),
    "literal_error": N_("must be one of {expected}"),
    "enum": N_("must be one of {expected}"),
    "greater_than_equal": N_("must be {ge} or more"),
    "greater_than": N_("must be more than {gt}"),
    "less_than_equal": N_("must be {le} or less"),
    "too_short": N_("must have at least {min_length} entries"),
    "string_too_short": N_("must not be empty"),
    "string_pattern_mismatch": N_("must match the pattern {pattern}"),
}


# pydantic says a literal's choices in English ("'per_year' or 'cumulative'"): the words are re-joined.
_CHOICES = {"literal_error", "enum"}
_QUOTED = re.compile(r"'([^']*)'")


def _pydantic_message(error: Any) -> str:
    known = _PYDANTIC.get(error["type"])
    if known is not None:
        context = dict(error.get("ctx") or {})
        if error["type"] in _CHOICES and (words := _QUOTED.findall(str(context.get("expected", "")))):
            context["expected"] = _(", ").join(_("'{word}'").format(word=w) for w in words)
        try:
            return _(known).format(**{k: str(v) for k, v in context.items()})  # marked with N_ in _PYDANTIC
        except (KeyError, IndexError):
            pass
    message = str(error["msg"])
    return message.removeprefix("Value error, ")
