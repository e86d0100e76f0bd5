"""The message catalogs: extract marked messages, update the .po files, compile the .mo files, check.

    python tools/catalogs.py            # extract + update locale/*/LC_MESSAGES/actionplan.po + compile
    python tools/catalogs.py compile    # .po -> .mo only (also done by `pip install`, see hatch_build.py)
    python tools/catalogs.py check      # exit 1 listing messages without Japanese, stale or broken entries

The .po files are the reviewed text in the repository. They are written sorted by message,
without line numbers and without wrapping, so that two people adding messages rarely touch
the same lines (and .gitattributes merges .po files line-wise). The .mo files are build
output, never committed.
"""

from __future__ import annotations

import ast
import io
import re
import string
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "actionplan"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "actionplan"
TRANSLATED = ("ja",)  # every message must have these; English is the text in the code
_FIXED_DATE = datetime(2026, 11, 26, tzinfo=UTC)  # the header never changes, so it never conflicts
_MARKERS = {"_", "ngettext", "N_"}
# On a line calling _() with a variable: the messages it can hold are marked with N_() where defined.
_N_MARK = "# marked with N_"


def extract() -> Catalog:
    """Every message marked in the package's code, each with the files it is used in."""
    template = Catalog(project=DOMAIN, creation_date=_FIXED_DATE, fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=DEFAULT_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, _lineno, message, comments, context in found:
        path = (Path("src/actionplan") / filename).as_posix()
        # No line numbers in the template (they would churn every diff); babel takes None though typed int.
        template.add(message, None, [(path, None)], auto_comments=comments, context=context)  # type: ignore[list-item]
    return template


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project=DOMAIN, creation_date=_FIXED_DATE, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=path.stem)


def stable_form(catalog: Catalog) -> bytes:
    """A catalog as the repository keeps it: sorted, no line numbers, no wrapping, a fixed header."""
    catalog.creation_date = _FIXED_DATE
    catalog.revision_date = _FIXED_DATE
    catalog.fuzzy = False
    catalog.project, catalog.version = DOMAIN, ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "actionplan"
    catalog.header_comment = (
        f"# actionplan messages in {catalog.locale}: reviewed text, edit the msgstr lines.\n"
        "# Update with `python tools/catalogs.py` (see notes in the README's Development section)."
    )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=True, include_lineno=False, ignore_obsolete=True)
    # Without the Babel version: two people with different Babel versions write the same file.
    return b"\n".join(line for line in buffer.getvalue().split(b"\n") if not line.startswith(b'"Generated-By:'))


def write(path: Path, catalog: Catalog) -> bool:
    """Write a .po in the repository's stable shape; True when the file changed."""
    data = stable_form(catalog)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def update() -> list[Path]:
    """Bring every translated language's actionplan.po in line with the code; the files changed."""
    template = extract()
    changed = []
    for lang in TRANSLATED:
        path = po_path(lang)
        catalog = read(path, lang)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        if write(path, catalog):
            changed.append(path)
    return changed


def po_files() -> Iterator[Path]:
    yield from sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_all() -> list[Path]:
    """Compile every .po next to it as a .mo; the .mo files written (unchanged ones are left alone)."""
    written = []
    for path in po_files():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=path.parents[1].name, domain=path.stem)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        target = path.with_suffix(".mo")
        if not target.exists() or target.read_bytes() != buffer.getvalue():
            target.write_bytes(buffer.getvalue())
            written.append(target)
    return written


def _fields(text: str) -> set[str]:
    """The ``{name}`` placeholders of a message (format specs included: ``{size:,}``)."""
    try:
        return {
            f"{{{name}{':' + spec if spec else ''}}}"
            for _, name, spec, _ in string.Formatter().parse(text)
            if name is not None
        }
    except ValueError:
        return {"<unbalanced braces>"}


def _texts(value: str | tuple[str, ...] | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def entry_problems(message: Message) -> list[str]:
    """What is wrong with one translated entry: missing, fuzzy, placeholders that differ, or another number
    of lines than the English (a line-wise merge of .po files keeps both sides of a changed line)."""
    ids = _texts(message.id)
    strs = [s for s in _texts(message.string or "") if s]
    if not strs or message.fuzzy:
        return ["no translation" if not strs else "fuzzy (check it, then remove the fuzzy flag)"]
    wanted = set().union(*(_fields(text) for text in ids))
    found = [f"placeholders {sorted(_fields(s))} differ from {sorted(wanted)}" for s in strs if _fields(s) != wanted]
    lines = ids[0].count("\n")
    found += [
        f"{s.count(chr(10))} line breaks where the English has {lines} (a merge?)"
        for s in strs
        if s.count("\n") != lines
    ]
    return found


def literal_problems() -> list[str]:
    """Calls of _() or ngettext() whose messages are not plain string literals (they cannot be looked up),
    and ``_`` used as a throwaway name where it is the translation function."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source, str(path))
        imports_marker = any(
            isinstance(node, ast.ImportFrom) and any(alias.name == "_" and not alias.asname for alias in node.names)
            for node in ast.walk(tree)
        )
        for joined in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
            for node in ast.walk(joined):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _MARKERS:
                    where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                    found.append(f"{where}: {node.func.id}() inside an f-string is not extracted; call it outside")
        for node in ast.walk(tree):
            if imports_marker and isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                found.append(f"{where}: `_` is the translation function here; name the unused value `_unused`")
            marked_elsewhere = isinstance(node, ast.Call) and _N_MARK in lines[node.lineno - 1]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _MARKERS:
                if marked_elsewhere:
                    continue
                texts = node.args[:2] if node.func.id == "ngettext" else node.args[:1]
                if not texts or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in texts):
                    where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                    found.append(f"{where}: {node.func.id}() needs a plain string literal (no f-string, no +)")
    return found


def check() -> list[str]:
    """Every problem that keeps the catalogs from matching the code."""
    problems = literal_problems()
    template = extract()
    for lang in TRANSLATED:
        path = po_path(lang)
        catalog = read(path, lang)
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_bytes() if path.exists() else b""
        duplicates = sorted(
            {
                m
                for m in re.findall(rb'^msgid (".*")$', text, re.MULTILINE)
                if m != b'""' and text.count(b"\nmsgid " + m + b"\n") > 1
            }
        )
        problems.extend(f"{rel}: {d.decode()} is in the file twice (a merge?): keep one" for d in duplicates)
        if not duplicates and text != stable_form(catalog):
            problems.append(f"{rel}: not in the repository's form (after a merge?): run python tools/catalogs.py")
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id, message.context)
            if entry is None:
                problems.append(f"{rel}: missing {message.id!r} (run: python tools/catalogs.py)")
                continue
            problems.extend(f"{rel}: {message.id!r}: {p}" for p in entry_problems(entry))
        for entry in catalog:
            if entry.id and template.get(entry.id, entry.context) is None:
                problems.append(f"{rel}: {entry.id!r} is no longer in the code (run: python tools/catalogs.py)")
    for path in po_files():
        if path.stem == DOMAIN:
            continue
        rel = path.relative_to(ROOT).as_posix()
        for entry in read(path, path.parents[1].name):
            if entry.id:
                problems.extend(f"{rel}: {entry.id!r}: {p}" for p in entry_problems(entry))
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command == "update":
        for path in update():
            print(f"updated {path.relative_to(ROOT)}")
        for path in compile_all():
            print(f"compiled {path.relative_to(ROOT)}")
        todo = check()
        for line in todo:
            print(line)
        return 1 if todo else 0
    if command == "compile":
        for path in compile_all():
            print(f"compiled {path.relative_to(ROOT)}")
        return 0
    if command == "check":
        todo = check()
        for line in todo:
            print(line)
        return 1 if todo else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
