"""The Japanese catalog follows docs/terms.md: its forbidden words, its punctuation and its joins.

Every msgstr of locale/ja/LC_MESSAGES/actionplan.po is checked, so a message added by anyone
that says 見出し or 「: 」 fails here with the message named. The code is checked too: a list of
Japanese words joined in code with ", " would bypass the catalog's 「、」.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "actionplan"
CATALOG = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "actionplan.po"

# 「使わない」 words of docs/terms.md, each with what to write instead (the test's message).
FORBIDDEN: dict[str, str] = {
    r"見出し": "概要 (headline) or 列名 (a column's name)",
    r"担当課": "主管課",
    r"(?<!コミット、)タグ": "区分 (a plan tag) or 型指定 (a YAML tag); git's tag stays タグ",
    r"未記録": "未回答",
    r"(?<!提出)期限": "到達目標 (milestone) or 提出期限 (due date)",
    r"検証(?!・見直し)": "検査 (検証・見直し is a kind of phase of the plan)",
    r"組み込|埋め込": "同梱",
    r"ディレクトリ": "フォルダ",
    r"取り込": "読み込む",
    r"[2２]回": "二度",
    r"今日": "本日",
    r"すでに": "既に",
    r"既定": "省略時は",
    r"(?<!取組)(?<!の)実績(?!値)": "取組実績 or 実績値 (実績 alone)",
    r"項目名「": "キー「 (a YAML key)",
    r"すべてか、何も": "すべて書き込むか、一つも書き込まない",
    r"断る|断った": "受け付けない",
    r"縦持ち": "一行に一件の表",
    r"一つの項目のすべて": "項目の全容",
    r"ください。?$": "である調 (です・ます only on sheets and pages)",
    r"(?<!地方公共)団体コード": "全国地方公共団体コード",
    r"(?<!地方公共)団体名": "地方公共団体名",
    r"写し": "コピー (Excel's word too)",
    r"名前(?!付きパイプ)": "名称",
    r"項目の名称": "項目名",
    r"[0-9}]年間": "か年 (a length of the plan period: 3か年)",
    r"課題と今後": "課題・今後の方向性",
    r"[0-9}] ?個": "件 (items, answers) or ファイル (files)",
    r"ファイル ?(\d+|\{\w+\})件": "{n}ファイル (files are counted in ファイル)",
    r"の代わりに": "〜せず or 〜ではなく (a calque of 'instead of')",
    r"\{year\} 計画": "{year}の計画",
    r"現状 \{": "現状（{year}）",
}
# Entries written for departments and citizens (survey sheets, the roadmap page) may use です・ます.
POLITE_FILES = ("progress/sheets/write.py", "progress/sheets/workbook.py", "render/roadmap.py")
# YAML's own syntax shown as an example is not a Japanese label followed by a colon.
YAML_EXAMPLES = ("「キー: 値」", 'key: "…"')
QUOTED_SYMBOL = re.compile(r"「[!-~ ]{1,4}」")  # 「: 」「,」「]」: characters to type, quoted
JAPANESE = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
PUNCTUATION: dict[str, str] = {
    rf"{JAPANESE}: ": "「：」 after a Japanese label, not 「: 」",
    rf"{JAPANESE}:$": "「：」 after a Japanese label, not 「:」",
    rf"{JAPANESE}\(|\({JAPANESE}|{JAPANESE}\)|\){JAPANESE}": "（） around Japanese, not ( )",
    rf"{JAPANESE}\[|\[{JAPANESE}|{JAPANESE}\]": "［］ or 【】 around Japanese, not [ ]",
    rf"{JAPANESE},|, ?{JAPANESE}": "「、」 between Japanese words, not 「, 」",
    rf"{JAPANESE};|; ?{JAPANESE}": "「。」 between Japanese clauses, not 「; 」",
    rf"{JAPANESE} ?/ ?{JAPANESE}|{JAPANESE} / | / {JAPANESE}": "「／」 between Japanese words, not 「/」",
    # A shell command keeps its own quotes (pip install 'actionplan[pdf]').
    rf"{JAPANESE} ?'[^'\s]+'|(?<!install )'[^'\s]+' ?{JAPANESE}": "「」 around a word in Japanese text, not ' '",
}
# The join words themselves: code joins lists with _(", ") etc., so these must be Japanese.
JOINS = {", ": "、", " / ": "／", "; ": "。", " · ": "・"}


def _entries() -> list[tuple[str, str, tuple[str, ...]]]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, str) else message.id[0]
        strings = tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)
        files = tuple(path for path, _line in message.locations)
        found += [(ids, s, files) for s in strings if s]
    return found


def _plain(text: str) -> str:
    for example in YAML_EXAMPLES:
        text = text.replace(example, "")
    return QUOTED_SYMBOL.sub("", text)


def _polite_allowed(files: tuple[str, ...]) -> bool:
    return bool(files) and all(path.endswith(POLITE_FILES) for path in files)


def test_catalog_uses_the_words_of_the_terms_page() -> None:
    broken = []
    for msgid, msgstr, files in _entries():
        for pattern, instead in FORBIDDEN.items():
            if instead.startswith("である調") and _polite_allowed(files):
                continue
            for line in msgstr.splitlines():
                if re.search(pattern, line):
                    broken.append(f"{msgid!r} → {msgstr!r}: {pattern} (write {instead})")
                    break
    assert not broken, "\n".join(broken)


def test_catalog_punctuation_is_japanese_around_japanese() -> None:
    broken = []
    for msgid, msgstr, _files in _entries():
        text = _plain(msgstr)
        for pattern, rule in PUNCTUATION.items():
            if any(re.search(pattern, line) for line in text.splitlines()):
                broken.append(f"{msgid!r} → {msgstr!r}: {rule}")
    assert not broken, "\n".join(broken)


def test_brackets_nest_at_most_two_deep() -> None:
    broken = []
    for msgid, msgstr, _files in _entries():
        depth = deepest = 0
        for char in msgstr:
            depth += char in "（「『［【"
            deepest = max(deepest, depth)
            depth -= char in "）」』］】"
        if deepest > 2:
            broken.append(f"{msgid!r} → {msgstr!r}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(("join", "japanese"), JOINS.items())
def test_join_words_are_japanese(join: str, japanese: str) -> None:
    assert {msgid: msgstr for msgid, msgstr, _ in _entries()}.get(join) == japanese


def _bare_joins(tree: ast.AST) -> list[int]:
    """Lines where a literal ", " / " / " / "; " joins, not translated, build text (not machine formats)."""
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant)
            and node.func.value.value in JOINS
        ):
            lines.append(node.lineno)
    return lines


# Joins that build text no person reads in Japanese: option names, codes, ASCII-only values.
MACHINE_JOINS = {
    "render/problems.py": "GitHub annotation properties",
    "newplan.py": "YAML flow mappings of a new plan's files ({2025: 800, 2026: 100})",
}


def test_code_does_not_join_words_around_japanese_text() -> None:
    broken = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in MACHINE_JOINS:
            continue
        for line in _bare_joins(ast.parse(path.read_text(encoding="utf-8"))):
            broken.append(f"src/actionplan/{relative}:{line}: join with _(', ') (the catalog's 「、」)")
    assert not broken, "\n".join(broken)


def _option_helps() -> set[str]:
    """The help texts of every option and argument (typer.Option/Argument(help=_("…")) in cli/)."""
    found = {"Show this message and exit."}  # click's --help, translated in cli/usage.py
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("Option", "Argument")):
                continue
            for keyword in node.keywords:
                text = keyword.value
                if isinstance(text, ast.Call) and isinstance(text.func, ast.Attribute) and text.func.attr == "format":
                    text = text.func.value  # _("Output format: {formats}.").format(…)
                if keyword.arg != "help" or not isinstance(text, ast.Call) or not text.args:
                    continue
                if isinstance(text.args[0], ast.Constant) and isinstance(text.args[0].value, str):
                    found.add(text.args[0].value)
    return found


def test_option_help_texts_end_as_sentences_in_both_languages() -> None:
    """Each option's help ends with 「。」 in Japanese and '.' in English, as most did: all, not some."""
    helps = _option_helps()
    assert len(helps) > 40, "the help texts of the options were not found"
    catalog = {msgid: msgstr for msgid, msgstr, _files in _entries()}
    english = sorted(text for text in helps if not text.endswith("."))
    japanese = sorted(f"{text!r} → {catalog.get(text)!r}" for text in helps if not catalog.get(text, "").endswith("。"))
    assert not english and not japanese, "\n".join([*english, *japanese])
