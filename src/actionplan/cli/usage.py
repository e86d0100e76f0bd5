"""How every command's help and usage errors read: plain metavars, and in the user's language.

typer writes "Usage:", "Show this message and exit." and its usage errors ("No such option",
"Missing argument") in English without gettext; these classes and :func:`usage_message` put
them through the catalog like every other message.
"""

from __future__ import annotations

import inspect
import re
import shutil
import sys
from collections.abc import Sequence
from typing import Any

import typer

# Private: typer has no public route to click's formatter and errors; pyproject pins typer <0.30.
from typer._click import Context, HelpFormatter
from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from actionplan.i18n import N_, _
from actionplan.text import display_width, terminal_safe, wrap

# Option values as a newcomer reads them (`--dept DEPT`, not `--dept <list[str]>`): the option's
# own name in capitals, except where another word says more.
_METAVARS = {"plan": "DIR", "output": "FILE", "search": "TEXT"}

# typer's own words, which it looks up with gettext.gettext (see i18n.install_for_libraries):
# listed so that the catalog keeps them. Its usage errors are left untranslated there and
# said again by usage_message, which knows them in English.
TYPER_WORDS = (
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Commands"),
    N_("Aborted!"),
    N_("(dynamic)"),
)


class Formatter(HelpFormatter):
    """Help wrapped to the terminal (COLUMNS, else 80) by display width, as Japanese needs.

    click's formatter counts characters (a kanji is two columns wide), breaks only at spaces
    (a Japanese sentence has none, so it breaks inside the next ASCII word: 「progre / ss_phases」)
    and caps the width at 80. Here lines break between Japanese characters and at spaces,
    never inside an option or a path, and no line is wider than the terminal.
    """

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        columns = width or shutil.get_terminal_size((80, 24)).columns
        super().__init__(indent_increment, width=max(columns - 1, 40), max_width=max_width)

    def write_heading(self, heading: str) -> None:
        self.write(" " * self.current_indent + _("{heading}:").format(heading=heading) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            self.write("\n" if n else "")
            self.write("".join(f"{indent}{line}\n" for line in wrap(paragraph.strip(), self.width - len(indent))))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(first, _extras(second)) for first, second in rows]
        first_col = min(max((display_width(first) for first, _second in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            lines = wrap(second, max(self.width - self.current_indent - first_col, 20)) if second else []
            if display_width(first) <= first_col - col_spacing and lines:
                head = first + " " * (first_col - display_width(first))
                self.write(f"{indent}{head}{lines.pop(0)}\n")
            else:
                self.write(f"{indent}{first}\n")
            self.write("".join(f"{indent}{' ' * first_col}{line}\n" for line in lines))


_EXTRAS = re.compile(r"\s+\[([^\[\]]+)\]$")


def _extras(text: str) -> str:
    """click's ``[default: 80; env var: X]`` after an option's help, with the catalog's brackets and joins."""
    found = _EXTRAS.search(text)
    if found is None:
        return text
    extras = _(", ").join(found.group(1).split("; "))
    return text[: found.start()] + _("  [{extras}]").format(extras=extras)


class _HelpContext(Context):
    formatter_class = Formatter


class _Help:
    """The usage line's prefix and the help option's text in the user's language."""

    context_class: type[Context] = _HelpContext

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces: list[str] = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_short_help_str(self, limit: int = 45) -> str:
        # The help's whole first paragraph, wrapped by Formatter.write_dl: click cuts it at ``limit``
        # characters with "...", mid-word, and a Japanese sentence has no ". " to stop at.
        first = inspect.cleandoc(self.help or "").split("\n\n")[0].strip()  # type: ignore[attr-defined]
        return first or str(super().get_short_help_str(limit))  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class Command(_Help, TyperCommand):
    """A command whose help reads plainly: `report [OPTIONS] YEAR`, `glossary [OPTIONS] [TERM]`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperOption) and param.metavar is None and not param.is_flag:
                long_name = max(param.opts, key=len).lstrip("-")
                param.metavar = _METAVARS.get(long_name, long_name.upper())
            elif isinstance(param, TyperArgument) and param.metavar:
                param.metavar = param.metavar.strip("[]")  # the usage line brackets optional ones

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.display_name_raw
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((param.display_name_raw, record[1]))
            else:
                options.append(record)
        for title, rows in ((_("Arguments"), arguments), (_("Options"), options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Group(_Help, TyperGroup):
    """A command group (actionplan, actionplan progress) with the same help and translated usage errors."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            return super(Group, self).main(
                args, prog_name, complete_var, standalone_mode=False, windows_expand_args=windows_expand_args, **extra
            )

        if not standalone_mode:
            return run()
        # typer's standalone mode prints its usage errors in English: catch them and say them here.
        try:
            code = run()
        except click_errors.ClickException as exc:
            show_usage_error(exc, sys.stderr)
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write(_("Aborted!") + "\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class Typer(typer.Typer):
    """typer.Typer whose commands and groups are :class:`Command` and :class:`Group`."""

    def __init__(self, *, cls: type[TyperGroup] | None = None, **kwargs: Any) -> None:
        super().__init__(cls=cls or Group, **kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(name, cls=cls or Command, **kwargs)


def _hint(exc: click_errors.BadParameter) -> str:
    """The option's names or the argument's, quoted and joined by the catalog (「--format」／「-f」);
    click's own hint quotes and joins them in code ('--format' / '-f')."""
    param = exc.param
    if exc.param_hint is not None:
        names = [exc.param_hint] if isinstance(exc.param_hint, str) else list(exc.param_hint)
    elif isinstance(param, TyperOption):
        names = list(param.opts)
    elif param is not None:
        names = [param.get_error_hint()]
    else:
        return ""
    hint = _(" / ").join(_quoted(name.strip("'")) for name in names)
    if isinstance(param, TyperOption) and param.show_envvar and param.envvar:
        variables = [param.envvar] if isinstance(param.envvar, str) else list(param.envvar)
        hint += _(" ({hint})").format(hint=_("env var: {var}").format(var=_(", ").join(variables)))
    return hint


def _quoted(name: str) -> str:
    return _("'{word}'").format(word=name)


# typer's other usage errors, by their English text.
_PATTERNS = (
    (
        re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)"),
        N_("unexpected extra argument: {args}"),
    ),
    (re.compile(r"Option (?P<option>'.+') requires an argument\."), N_("option {option} needs a value")),
    (re.compile(r"Option (?P<option>'.+') requires (?P<n>\d+) arguments\."), N_("option {option} needs {n} values")),
    (re.compile(r"Option (?P<option>'.+') does not take a value\."), N_("option {option} takes no value")),
    (re.compile(r"No such command '(?P<name>[^']+)'\."), N_("no such command: {name}")),
    (
        re.compile(r"No such command '(?P<name>[^']+)'\. Did you mean (?P<names>.+)\?"),
        N_("no such command: {name} (did you mean {names}?)"),
    ),
    (re.compile(r"Missing command\."), N_("a command is missing")),
)


def usage_message(exc: click_errors.ClickException) -> str:
    """A usage error of typer's in the user's language (the English text where none is known)."""
    if isinstance(exc, click_errors.NoSuchOption):
        message = _("no such option: {option}").format(option=exc.option_name)
        if exc.possibilities:
            message += _(" (did you mean {options}?)").format(options=_(", ").join(sorted(exc.possibilities)))
        return message
    if isinstance(exc, click_errors.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        if kind == "argument":
            return _("missing argument {name}").format(name=_hint(exc))
        return _("missing option {name}").format(name=_hint(exc))
    if isinstance(exc, click_errors.BadParameter):
        hint = _hint(exc)
        if hint:
            return _("invalid value for {param}: {message}").format(param=hint, message=exc.message)
        return _("invalid value: {message}").format(message=exc.message)
    text = exc.format_message()
    for pattern, message in _PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            words = found.groupdict()
            if "option" in words:  # click quoted it: 'x'
                words["option"] = _quoted(words["option"][1:-1])
            return _(message).format(**words)  # marked with N_ in _PATTERNS
    return text


def show_usage_error(exc: click_errors.ClickException, err: Any) -> None:
    """What typer's ``exc.show()`` prints (usage, a hint, the error), in the user's language."""
    if isinstance(exc, click_errors.NoArgsIsHelpError):
        exc.show(err)  # the help itself
        return
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        err.write(ctx.get_usage() + "\n")
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            err.write(_("Try '{command}' for help.").format(command=command) + "\n")
        err.write("\n")
    # The message repeats what was typed (an unknown option): never an escape sequence to the terminal.
    err.write(_("actionplan: error: {message}").format(message=terminal_safe(usage_message(exc))) + "\n")
