"""Every rule about text, in one place and typed ``str -> str``.

Reading: :func:`normalise` (vocabulary words and IDs), :func:`fold` (searching),
:func:`suggest` ("did you mean …?"). Writing: :func:`terminal_safe` (terminal and plain text),
:func:`csv_safe` and :func:`excel_csv` (spreadsheets), :func:`markdown_safe` and
:func:`html_safe`. Every writer starts from :func:`terminal_safe`, so no output format can
carry an escape sequence, a control character or a bidi override. Naming: :func:`file_names`
(plan words in file names, never paths) and :func:`hidden_characters` (names no one can see).
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

from actionplan.i18n import _

# --- reading -----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFKC and trim a vocabulary word or ID: full-width ``１-１-１`` and ``ＩＣＴ`` match."""
    return unicodedata.normalize("NFKC", text).strip()


def fold(text: str) -> str:
    """Width- and case-insensitive form for searching: ＩＣＴ, ict and ICT are equal."""
    return unicodedata.normalize("NFKC", text).casefold()


def suggest(word: str, known: Iterable[str], n: int = 3) -> str | None:
    """'did you mean …?' text for the closest known words, or None."""
    choices = list(known)
    # A word typed in another case or width (a for A, Ｂ for B) is too short for difflib to see.
    folded = unicodedata.normalize("NFKC", word).casefold()
    close = [c for c in choices if c != word and unicodedata.normalize("NFKC", c).casefold() == folded]
    close = close or difflib.get_close_matches(word, choices, n=n, cutoff=0.5)
    if not close:
        close = [c for c in choices if word and (word in c or c in word)][:n]
    if not close:
        return None
    return _("did you mean {words}?").format(words=_(" / ").join(_("'{word}'").format(word=c) for c in close))


# A number as people write it: digits, an optional point, an optional exponent, thousands
# separated by commas (1,000) and full-width digits (１０) allowed. Not Python's extras: 1_000,
# inf, nan, 0x10 are no numbers anyone writes in a plan or a sheet.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class NotANumber(ValueError):
    """A text that is not a number, or a number too large to compute with; the message says which."""


def number(text: str | float) -> float:
    """The number written in ``text`` (1,000 and １０ too), a finite float; NotANumber otherwise.

    The one rule for every number a user writes: plan files, ``--value``, survey sheets.
    A number beyond the float range (a 401-digit value) would become infinity and print as
    ``Infinity`` in JSON, so it is refused here, with NaN and infinity.
    """
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        # true, an empty YAML value (None), a list: never a number, and never a crash in the reader.
        raise NotANumber(_("must be a number"))
    if isinstance(text, int | float):
        try:
            value = float(text)
        except OverflowError:
            value = math.inf
    else:
        written = unicodedata.normalize("NFKC", text).strip().replace(",", "")
        if not _NUMBER.fullmatch(written):
            raise NotANumber(_("'{text}' is not a number").format(text=terminal_safe(text)))
        value = float(written)
    if math.isnan(value):
        raise NotANumber(_("must be a number"))
    if math.isinf(value):
        raise NotANumber(_("the number is out of range: at most about ±1.8e308"))
    return value


def amount(value: float, unit: str = "") -> str:
    """A number as a plan prints it, with its unit: 1,000人/年, 41.2%, 12.5 (never 1000 or 1e+03)."""
    # Whole numbers below 10^15 in full (1,000); others as Python shortens them (1.2e+20).
    shown = f"{int(value):,}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:,.10g}"
    return shown + unit


def suggest_or_list(word: str, known: Sequence[str]) -> str | None:
    """:func:`suggest`'s "did you mean …?", else the known words: an unknown word always gets a way forward."""
    if hint := suggest(word, known):
        return hint
    # TRANSLATORS: between the words of a list: 、 in Japanese
    return _("known: {words}").format(words=_(", ").join(known)) if known else None


# --- writing -----------------------------------------------------------------------------------


def phases_text(phases: Sequence[str]) -> str:
    """Phases of one year as the plan writes them: 検討／実施 (検討 / 実施 in English).

    The one join of phase words, in every report, sheet and message; the sheet reader splits
    on both forms (progress.records.split_phases).
    """
    # TRANSLATORS: between the phases of one fiscal year (運用／普及啓発).
    return _(" / ").join(phases)


LINE_BREAK = " "
# Every line break a file may hold: CRLF, CR, LF and Unicode's line and paragraph separators.
_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def one_line(text: str) -> str:
    """Text on one line: each line break (CRLF, CR, LF, U+2028/9) becomes LINE_BREAK (a space)."""
    return _BREAKS.sub(LINE_BREAK, text)


REPLACEMENT = "\ufffd"

# A whole escape sequence is one unsafe thing: CSI (ESC [ … final byte), OSC (ESC ] … BEL or
# ESC \), DCS/SOS/PM/APC strings, and two-byte escapes. Their 8-bit forms (U+009B CSI,
# U+009D OSC …) likewise. Removing only the ESC would leave "]0;title" behind as text.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x7e]?"
)
# Control characters (C0, C1, DEL) and the invisible format characters that can reorder or
# hide text on a terminal (bidi overrides, zero-width marks). Tab and newline are handled apart.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Anything terminal_safe would change but NFC: most cells hold none, and skip the three passes.
_ANY = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def terminal_safe(text: str, *, one_line: bool = True) -> str:
    """Text safe for a terminal: every escape sequence or control character becomes U+FFFD.

    Line ends become spaces (``one_line``) or LF; a tab becomes a space, so that plain
    tab-separated output keeps its columns.
    """
    text = unicodedata.normalize("NFC", text)
    if not _ANY.search(text):
        return text
    text = _BREAKS.sub(LINE_BREAK if one_line else "\n", text.replace("\t", " "))
    return _UNSAFE.sub(REPLACEMENT, _SEQUENCE.sub(REPLACEMENT, text))


_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """A spreadsheet cell that cannot run: terminal-safe, line ends kept as LF (Excel shows a
    line break inside a cell), and a leading = + - @, half- or full-width (＝ ＋ － ＠), gets a
    quote mark (OWASP formula injection).
    """
    text = terminal_safe(text, one_line=False)
    # Excel on a Japanese PC reads a full-width ＝＋－＠ (and ﹦, ﹢, ﹣) as the formula sign too: NFKC folds them.
    return "'" + text if unicodedata.normalize("NFKC", text[:1]).startswith(_CSV_RISKY) else text


def excel_csv(rows: Iterable[Sequence[str]]) -> str:
    """CSV text with a BOM and CRLF, so Excel on Japanese Windows opens it as UTF-8.

    Cells are written as given: callers make them safe with :func:`csv_safe`.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + buffer.getvalue()


def cell_text(text: str) -> str:
    """Text for a workbook cell: terminal-safe with its line breaks kept (Excel refuses a file whose
    cells hold control characters)."""
    return terminal_safe(text, one_line=False)


_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str) -> str:
    """A name Excel takes for a sheet tab: none of []:*?/\\ (a space instead), at most 31 characters."""
    return _NOT_IN_SHEET_NAMES.sub(" ", cell_text(name))[:31].strip() or "-"


def page_header(text: str) -> str:
    """Text for a workbook's page header or footer: in one, & starts a code (&P, &N), so a & is
    written &&; cut first, so that no & is left alone at the end (Excel takes 255 characters)."""
    return cell_text(text)[:100].replace("&", "&&")


# Characters that make markdown structure inside a table cell: escaped with a backslash.
_MARKDOWN = re.compile(r"([\\|`*_\[\]~])")


def markdown_safe(text: str) -> str:
    """One line of a markdown table cell or heading that renders as the text written.

    Markdown passes HTML through, so ``<``, ``>`` and ``&`` become entities (no
    ``</script>`` or ``<img onerror>`` reaches the page); ``|`` ``\\`` and the characters
    that make emphasis, code, links or headings are backslash-escaped.
    """
    text = terminal_safe(text)
    text = _MARKDOWN.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_safe(text: str) -> str:
    """Text for HTML content or a quoted attribute value: escaped, no control characters."""
    import html  # only pages need it: not loaded by a command that prints text (start-up)

    return html.escape(terminal_safe(text, one_line=False), quote=True)


def css_string(text: str) -> str:
    """Text as a quoted CSS string (``content: "…"``): quotes, backslashes and anything that could
    close the string, the rule or the <style> element written as CSS escapes."""
    plain = (c if c.isalnum() or c in " -_.()" or ord(c) > 0x7F else f"\\{ord(c):06x}" for c in terminal_safe(text))
    return '"' + "".join(plain) + '"'


# --- file names --------------------------------------------------------------------------------

# Characters Windows refuses in a file name (and / on every system): each becomes its full-width
# twin, which every file system accepts and a Japanese reader reads as the same word
# (産業振興部/産業振興センター -> 産業振興部／産業振興センター).
_FILE_TWINS = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in '<>:"/\\|?*'})
# Names Windows keeps for devices, whatever the extension (CON.txt is the console too).
_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{name}{n}" for name in ("COM", "LPT") for n in [*"123456789", "\u00b9", "\u00b2", "\u00b3"]]
)
# A file name is at most 255 bytes on Linux and macOS; leave room for the words around the part
# (令和2年度_ … _進捗状況調査票.xlsx is 45 bytes) and for a distinguishing suffix.
FILE_WORD_BYTES = 120
_FILE_SUFFIX = "_"


def hidden_characters(text: str) -> list[str]:
    """The characters of ``text`` that no one sees as written: controls (newline, tab, ESC),
    bidi controls (U+202E) and zero-width or other format characters (U+200B, U+FEFF), each
    once, as U+XXXX. A name holding one looks like another name, or moves text around it.
    """
    found = {f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in _HIDDEN}
    return sorted(found)


_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _file_word(word: str) -> str:
    """One word in a safe file-name form; the same word always gives the same form."""
    text = unicodedata.normalize("NFC", word).translate(_FILE_TWINS)
    text = "".join("_" if unicodedata.category(c) in _HIDDEN else c for c in text)
    # Windows drops trailing dots and spaces; a leading dot hides the file elsewhere.
    text = text.strip(" .\u3000")
    stem, dot, rest = text.partition(".")
    if stem.upper() in _DEVICES:
        text = stem + _FILE_SUFFIX + dot + rest
    encoded = text.encode("utf-8")
    if len(encoded) > FILE_WORD_BYTES:
        text = encoded[:FILE_WORD_BYTES].decode("utf-8", errors="ignore").rstrip(" .")
    return text or _FILE_SUFFIX


def _same_file(name: str) -> str:
    # Windows and macOS take names that differ only in case (or, on macOS, in composition) as one file.
    return unicodedata.normalize("NFC", name).casefold()


def file_names(words: Iterable[str]) -> dict[str, str]:
    """Each plan word (主管課, item ID, plan name) in a safe file-name form, unique among ``words``.

    The form keeps the word as written where it can: characters a file system refuses
    (``< > : " / \\ | ? *``) become their full-width twins, control, bidi and zero-width
    characters become ``_``, leading and trailing dots and spaces go, a Windows device name
    (CON, NUL, COM1 …) gets a ``_``, and the form is cut to FILE_WORD_BYTES bytes of UTF-8. It
    can never be a path: no separator, never ``.`` or ``..``, never empty.

    Two words whose forms are the same file on Windows or macOS (which ignore case) are told
    apart: a word whose form is itself keeps it, and each other one gets ``_`` and eight hex
    digits of its SHA-256. The result depends only on the set of words, never on their order.
    """
    ordered = sorted(set(words), key=lambda w: (_file_word(w) != w, w))
    taken: set[str] = set()
    result: dict[str, str] = {}
    for word in ordered:
        form = _file_word(word)
        attempt = 0
        while _same_file(form) in taken:
            digest = hashlib.sha256(f"{word}\0{attempt}".encode()).hexdigest()[:8]
            form = f"{_file_word(word)}_{digest}"
            attempt += 1
        taken.add(_same_file(form))
        result[word] = form
    return result


# Japanese line breaking (禁則): these never begin a line, and these never end one.
_NO_LINE_START = frozenset("、。，．）」』】］〕｝・：；？！ー…〜ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_LINE_END = frozenset("（「『【［〔｛")
# A run of ASCII is one word (option names, paths, 1-1-1); a space, or each other character alone.
_WRAP_TOKEN = re.compile(r"[ \t]+|[!-~]+|.", re.DOTALL)


# A column whose every cell is at most this wide (full-width characters, em on a page) never wraps:
# IDs, 継続, 未回答, 予定どおり, counts — in the HTML tables and the xlsx sheets alike.
SHORT_CELL = 6.0


def text_width(text: str, size: float = 1.0, *, ambiguous_wide: bool = False) -> float:
    """Roughly how wide ``text`` prints, in ``size`` units per full-width character (em by default).

    The one width rule of printed text (charts, the xlsx and HTML column widths and row heights,
    the survey sheets' rows): a full-width character is ``size``, any other about 0.6 of it.
    ``ambiguous_wide`` counts East Asian ambiguous characters (○ × ① →) full-width too, as the
    Japanese font of a survey sheet prints them.
    """
    wide = "WFA" if ambiguous_wide else "WF"
    return sum(size if unicodedata.east_asian_width(c) in wide else size * 0.6 for c in text)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one paragraph) in lines of at most ``width`` columns.

    Lines break at spaces and between Japanese characters, never inside a run of ASCII (an option,
    a path: ``progress_phases`` stays whole) unless that run alone is wider than a line, and not
    before 、。）」 or after （「 (禁則).
    """
    lines: list[list[str]] = [[]]
    used = 0
    for token in _WRAP_TOKEN.findall(" ".join(text.split("\n"))):
        if token.isspace():
            if lines[-1]:
                lines[-1].append(" ")
                used += 1
            continue
        size = display_width(token)
        if used + size > width and lines[-1]:
            carried = _carried(lines[-1], token)
            while lines[-1] and lines[-1][-1] == " ":
                lines[-1].pop()
            lines.append(carried)
            used = display_width("".join(carried))
        while size > width - used and used == 0 and len(token) > 1:  # an ASCII run wider than a line
            cut = _fitting(token, width)
            lines[-1].append(token[:cut])
            lines.append([])
            token, size = token[cut:], display_width(token[cut:])
        lines[-1].append(token)
        used += size
    return ["".join(line).rstrip() for line in lines if line] or [""]


def _carried(line: list[str], token: str) -> list[str]:
    """The characters that move to the next line with ``token`` so that neither line breaks 禁則."""
    carried: list[str] = []
    while (
        len(line) > 1
        and len(line[-1]) == 1
        and line[-1] != " "
        and (token[0] in _NO_LINE_START or line[-1] in _NO_LINE_END)
    ):
        carried.insert(0, line.pop())
        token = carried[0]
    return carried


def _fitting(token: str, width: int) -> int:
    used = 0
    for index, char in enumerate(token):
        used += display_width(char)
        if used > width:
            return max(index, 1)
    return len(token)
