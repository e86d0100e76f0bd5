"""The text layer: one rule per kind of text, each str -> str."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionplan.text import (
    cell_text,
    csv_safe,
    excel_csv,
    fold,
    html_safe,
    markdown_safe,
    normalise,
    one_line,
    page_header,
    sheet_name,
    suggest,
    terminal_safe,
    text_width,
)


def test_normalise_and_fold() -> None:
    assert normalise(" １-１-１\u3000") == "1-1-1"
    assert fold("ＩＣＴ") == fold("ict") == "ict"


def test_suggest_names_the_closest_words() -> None:
    assert suggest("情報政策", ["情報政策課", "防災課"]) == "did you mean '情報政策課'?"
    assert suggest("zzz", ["情報政策課"]) is None
    assert suggest("a", ["A", "B", "C", "D"]) == "did you mean 'A'?"  # another case: too short for difflib


def test_terminal_safe_removes_whole_escape_sequences() -> None:
    # CSI colour, OSC window title (BEL and ST terminated), OSC 8 hyperlink, 8-bit CSI.
    assert terminal_safe("a\x1b[31mb") == "a\ufffdb"
    assert terminal_safe("a\x1b]0;pwned\x07b") == "a\ufffdb"
    assert terminal_safe("a\x1b]8;;http://x\x1b\\link") == "a\ufffdlink"
    assert terminal_safe("a\x9b2Jb") == "a\ufffdb"
    assert terminal_safe("a\x1b") == "a\ufffd"
    assert terminal_safe("\u202eevil\u200b") == "\ufffdevil\ufffd"


def test_terminal_safe_line_ends() -> None:
    assert terminal_safe("a\r\nb\tc") == "a b c"
    assert terminal_safe("a\u2028b\u2029c") == "a b c"
    assert one_line("一行目\r\n二行目\n三行目\r四行目") == "一行目 二行目 三行目 四行目"
    assert terminal_safe("a\r\nb\rc", one_line=False) == "a\nb\nc"


def test_workbook_text_rules() -> None:
    """What every workbook writer (report xlsx, open data, survey sheets) puts in a cell, a tab, a header."""
    assert cell_text("一行目\r\n二行目\x07") == "一行目\n二行目\ufffd"
    assert sheet_name("令和2年度[計画]:A/B*?\\") == "令和2年度 計画  A B"
    assert len(sheet_name("進" * 40)) == 31
    assert sheet_name("///") == "-"
    assert page_header("総務課&人事課") == "総務課&&人事課"
    assert page_header("&" * 300) == "&" * 200  # cut before doubling: never a lone & at the end


def test_csv_safe_quotes_formulas_and_keeps_line_breaks() -> None:
    assert csv_safe("=1+1") == "'=1+1"
    assert csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe("-1") == "'-1"
    for sign in "＝＋－＠﹦﹢﹣":  # full-width and small forms: Excel on a Japanese PC takes them as formula signs
        assert csv_safe(f'{sign}HYPERLINK("http://x")').startswith("'"), sign
    assert csv_safe("ー長音") == "ー長音" and csv_safe("〜から") == "〜から"
    assert csv_safe("行1\r\n行2") == "行1\n行2"
    assert csv_safe("\x1b[31m=x") == "\ufffd=x"
    assert excel_csv([["a", "b,c"]]) == '\ufeffa,"b,c"\r\n'


def test_markdown_safe_neutralises_html_and_markdown() -> None:
    text = markdown_safe('</script><script>alert(1)</script> "><img src=x onerror=alert(1)>')
    assert "<" not in text and ">" not in text
    assert text.startswith("&lt;/script&gt;")
    assert markdown_safe("a|b\\c") == "a\\|b\\\\c"
    assert markdown_safe("[x](javascript:alert(1)) *b* `c`") == "\\[x\\](javascript:alert(1)) \\*b\\* \\`c\\`"
    assert markdown_safe("a & b\nc") == "a &amp; b c"


def test_html_safe() -> None:
    assert html_safe('<a title="x">') == "&lt;a title=&quot;x&quot;&gt;"
    assert html_safe("a\nb\x07") == "a\nb\ufffd"


@given(st.text())
def test_terminal_safe_leaves_nothing_a_terminal_would_act_on(text: str) -> None:
    for single in (True, False):
        safe = terminal_safe(text, one_line=single)
        unsafe = [c for c in safe if unicodedata.category(c) == "Cc" and c != "\n"]
        assert unsafe == [] and "\u202e" not in safe and "\u2028" not in safe
        assert single is False or "\n" not in safe
        assert terminal_safe(safe, one_line=single) == safe  # once is enough


@given(st.lists(st.text(max_size=300), max_size=8))
def test_file_names_are_never_paths_and_never_collide(words: list[str]) -> None:
    from actionplan.text import FILE_WORD_BYTES, file_names

    forms = file_names(words)
    assert set(forms) == set(words)
    for form in forms.values():
        assert form and form not in (".", "..") and not form.startswith(".") and form == form.rstrip(" .")
        assert not set(form) & set('<>:"/\\|?*')
        assert all(unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") for c in form)
        assert len(form.encode("utf-8")) <= FILE_WORD_BYTES + 9  # the form, and _ and 8 hex digits if it collided
    folded = [unicodedata.normalize("NFC", f).casefold() for f in forms.values()]
    assert len(set(folded)) == len(folded)
    assert file_names(reversed(words)) == forms


def test_text_width_is_the_one_printed_width_rule() -> None:
    """Full-width characters count 1 (of the size), others 0.6; ambiguous ones (○) only when asked."""
    assert text_width("取組ab") == pytest.approx(3.2)
    assert text_width("取組", 12) == pytest.approx(24)
    assert text_width("○") == pytest.approx(0.6)
    assert text_width("○", ambiguous_wide=True) == pytest.approx(1.0)
