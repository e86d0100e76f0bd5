"""Messages in the user's language: the gettext catalogs under actionplan/locale, one language per run.

Mark every user-facing message with ``_()`` (or ``ngettext`` for counted nouns) and put named
``{placeholders}`` in the message, filled in after translation::

    _("wrote {path} ({size} bytes)").format(path=output, size=f"{size:,}")

The language is chosen once, the first time a message is translated: ``ACTIONPLAN_LANG``,
then the locale variables (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; a ``C`` or
``POSIX`` locale means English), then on Windows the user's locale, then the plan's own
``language:`` (plan.yaml), else English. Messages are written in English in the code; the
Japanese is in locale/ja/LC_MESSAGES/actionplan.po (docs: /work/notes/i18n-api.md, README).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gettext
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

DOMAIN = "actionplan"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("ja", "en")
LANG_ENV = "ACTIONPLAN_LANG"
_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")
_PLAN_LANGUAGE = re.compile(rb"^language:[ \t]*[\"']?([A-Za-z_-]+)", re.MULTILINE)

_chosen: str | None = None


def _(message: str) -> str:
    """``message`` in the user's language (the English text itself when there is no translation)."""
    return _translations().gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it here (it is translated where it is used)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the user's language (Japanese has one form)."""
    return _translations().ngettext(singular, plural, n)


def language() -> str:
    """The language of this run: ``"ja"`` or ``"en"``."""
    global _chosen
    if _chosen is None:
        _chosen = from_environment(os.environ) or _windows_language() or _plan_language(sys.argv[1:]) or SOURCE_LANGUAGE
    return _chosen


def use(lang: str) -> None:
    """Speak ``lang`` from now on (tests; a program that knows better than the environment)."""
    global _chosen
    _chosen = supported(lang)
    _translations.cache_clear()


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` for a while (a machine output's English beside the user's language), then as before."""
    before = language()
    use(lang)
    try:
        yield
    finally:
        use(before)


def supported(value: str) -> str:
    """The supported language a locale name or list (``ja_JP.UTF-8``, ``fr:ja``, ``C``) asks for."""
    for part in value.split(":"):
        name = part.split(".")[0].split("@")[0]
        if name in ("C", "POSIX"):
            return SOURCE_LANGUAGE
        primary = name.replace("-", "_").split("_")[0].lower()
        if primary in LANGUAGES:
            return primary
    return SOURCE_LANGUAGE


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The language the environment asks for, or None when it says nothing.

    As GNU gettext does, a ``C``/``POSIX`` locale means the untranslated (English) text even
    when ``LANGUAGE`` is set, so CI on ``C.UTF-8`` reads English.
    """
    explicit = environ.get(LANG_ENV)
    if explicit:
        return supported(explicit)
    locale_name = next((environ[var] for var in _LOCALE_VARS if environ.get(var)), None)
    if locale_name is not None and locale_name.split(".")[0].split("@")[0] in ("C", "POSIX"):
        return SOURCE_LANGUAGE
    for value in (environ.get("LANGUAGE"), locale_name):
        if value:
            return supported(value)
    return None


def _windows_language() -> str | None:
    # Windows has no LANG; Python sets LC_CTYPE from the user's locale (e.g. Japanese_Japan.932).
    if sys.platform != "win32":
        return None
    import locale

    name = (locale.getlocale()[0] or "").lower()
    if not name:
        return None
    return "ja" if name.startswith(("ja", "japanese")) else SOURCE_LANGUAGE


def _plan_language(args: Sequence[str]) -> str | None:
    """The ``language:`` of the plan this run reads (--plan, else $ACTIONPLAN_PLAN, else embedded).

    Read with a line match, not the YAML reader: the language is needed before the plan is
    loaded (help texts), and a broken plan still gets messages in its language.
    """
    from actionplan import layout

    root = _plan_argument(args) or os.environ.get(layout.PLAN_ENV) or str(layout.embedded_plan_dir())
    try:
        with open(Path(root) / layout.PLAN_FILE, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    found = _PLAN_LANGUAGE.search(head)
    return supported(found.group(1).decode("ascii")) if found else None


def _plan_argument(args: Sequence[str]) -> str | None:
    for index, arg in enumerate(args):
        if arg in ("--plan", "-p") and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--plan="):
            return arg.removeprefix("--plan=")
        if arg.startswith("-p") and len(arg) > 2 and not arg.startswith("--"):
            return arg[2:]
    return None


@functools.cache
def _translations() -> gettext.NullTranslations:
    return _catalog(language())


@functools.cache
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def every_language(message: str) -> tuple[str, ...]:
    """``message`` in every supported language, this run's first: what a reader of a file made
    under another locale accepts (a survey sheet written in Japanese, read on an English PC)."""
    forms = [_catalog(lang).gettext(message) for lang in (language(), *LANGUAGES)]
    return tuple(dict.fromkeys(forms))


def install_for_libraries() -> None:
    """Let typer (which calls ``gettext.gettext`` for a few words) speak this run's language too.

    Those words are in this catalog (cli/usage.py lists them). The standard gettext reads the
    language from ``LANGUAGE``, so it is set for this process.
    """
    os.environ["LANGUAGE"] = language()
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)


# The operating system's reasons, in the user's language: strerror is English (or the C library's
# language) whatever the locale, and would sit inside a Japanese sentence.
_OS_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied (or the file is open in another program)"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EEXIST: N_("it exists already"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EBUSY: N_("it is in use"),
    errno.ENOTEMPTY: N_("the folder is not empty"),
    errno.EXDEV: N_("it is on another disk"),
    errno.ELOOP: N_("too many symbolic links"),
    errno.EIO: N_("input/output error"),
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in this run's language (the system's words otherwise)."""
    message = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if message is None:
        return str(exc.strerror or exc)
    return _(message)  # marked with N_
