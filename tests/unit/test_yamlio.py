"""The safe YAML reader: what it refuses, where it says the problem is, and what it keeps as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from actionplan import i18n, loader, yamlio
from support import FIXTURES, MINIMAL

VALID_OVERLAYS = FIXTURES / "valid-overlays"


def read(text: str | bytes) -> tuple[object, list[tuple[str, int | None, int | None]]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    result = yamlio.read_bytes(raw, "x.yaml")
    document, problems = result.value, result.problems
    return (document.data if document else None), [(p.code, p.line, p.col) for p in problems]


def test_uses_the_libyaml_loader_when_present() -> None:
    assert yamlio._Loader is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


def test_yaml_1_1_surprises_stay_the_text_written() -> None:
    data, problems = read("a: yes\nb: 0755\nc: 1:20\nd: 2019-04-01\ne: on\nf: 1e3\ng: .inf\nh: 0x1F\ni: 3\n")
    assert problems == []
    assert data == {
        "a": "yes", "b": "0755", "c": "1:20", "d": "2019-04-01", "e": "on",
        "f": "1e3", "g": ".inf", "h": "0x1F", "i": "3",
    }  # fmt: skip


@pytest.mark.parametrize("written", ["a:", "a: ~", "a: null", "a: Null", "a: NULL"])
def test_plain_nulls_are_none(written: str) -> None:
    assert read(written + "\n") == ({"a": None}, [])


@pytest.mark.parametrize("written", ["a: '~'", 'a: "null"', "a: ''"])
def test_quoted_nulls_are_text(written: str) -> None:
    data, problems = read(written + "\n")
    assert problems == []
    assert data == {"a": written.split(": ", 1)[1][1:-1]}


def test_free_text_is_kept_as_written() -> None:
    data, _ = read("t: ＩＣＴを活用した　取組\nu: |-\n  一行目\n  二行目\n")
    assert data == {"t": "ＩＣＴを活用した　取組", "u": "一行目\n二行目"}


def test_bom_and_crlf_are_fine() -> None:
    assert read(b"\xef\xbb\xbfa: 1\r\nb: x\r\n") == ({"a": "1", "b": "x"}, [])


def test_duplicate_key_is_refused_at_the_second() -> None:
    data, problems = read("a: 1\nb: 2\na: 3\n")
    assert data is None
    assert problems == [("duplicate-key", 3, 1)]


def test_duplicate_keys_in_nested_mappings_are_all_reported() -> None:
    _, problems = read("a:\n  x: 1\n  x: 2\nb: {y: 1, y: 2}\n")
    assert problems == [("duplicate-key", 3, 3), ("duplicate-key", 4, 11)]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: &x 1\nb: 2\n", (1, 4)),
        ("a: 1\nb: *x\n", (2, 4)),  # an undefined alias is still an alias, not a crash
        ("a: [1, &y [2]]\n", (1, 8)),
    ],
)
def test_anchors_and_aliases_are_refused(text: str, where: tuple[int, int]) -> None:
    data, problems = read(text)
    assert data is None
    assert problems == [("yaml-anchor", *where)]


def test_alias_bomb_is_refused_at_the_first_anchor() -> None:
    lol = ", ".join(["lol"] * 9)
    text = f"a: &a [{lol}]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert read(text) == (None, [("yaml-anchor", 1, 4)])


def test_ampersand_in_text_is_not_an_anchor() -> None:
    assert read("a: R&D * 2\n") == ({"a": "R&D * 2"}, [])


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !custom x\n", "!custom"),
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !!set {x}\n", "!!set"),
        ("a: !!omap [x: 1]\n", "!!omap"),
    ],
)
def test_non_standard_tags_are_refused(text: str, tag: str) -> None:
    result = yamlio.read_bytes(text.encode(), "x.yaml")
    document, problems = result.value, result.problems
    assert document is None
    assert [(p.code, p.line, p.col) for p in problems] == [("yaml-tag", 1, 4)]
    assert f"'{tag}'" in problems[0].message


def test_standard_scalar_tags_keep_the_text() -> None:
    assert read("a: !!str 0755\nb: !!int 12\n") == ({"a": "0755", "b": "12"}, [])


def test_shift_jis_gets_a_hint_in_the_users_language() -> None:
    raw = "id: 1-1-1\ntitle: 災害情報\n".encode("cp932")
    result = yamlio.read_bytes(raw, "x.yaml")
    document, problems = result.value, result.problems
    assert document is None
    (problem,) = problems
    assert (problem.code, problem.line, problem.col) == ("encoding", 2, 8)
    assert problem.hint == "the file looks like Shift_JIS (cp932); save it as UTF-8"
    try:
        i18n.use("ja")
        (japanese,) = yamlio.read_bytes(raw, "x.yaml").problems
    finally:
        i18n.use("en")
    assert japanese.code == "encoding"
    assert japanese.hint == "Shift_JIS（cp932）で保存されているようだ。UTF-8 で保存し直すこと"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf_16_is_named(encoding: str) -> None:
    result = yamlio.read_bytes("id: 1-1-1\ntitle: 災害\n".encode(encoding), "x.yaml")
    document, problems = result.value, result.problems
    assert document is None
    assert [p.code for p in problems] == ["encoding"]
    assert "UTF-16" in problems[0].message + (problems[0].hint or "")


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff", "# only a comment\n"])
def test_empty_files(text: str) -> None:
    assert read(text)[1] == [("empty-file", 1, 1)]


def test_several_documents() -> None:
    _, problems = read("a: 1\n---\nb: 2\n")
    assert problems == [("several-documents", 2, 1)]


@pytest.mark.parametrize(
    ("text", "kind"), [("- a\n", "a list"), ("just text\n", "text"), ("---\n", "empty"), ("~\n", "empty")]
)
def test_top_level_must_be_a_mapping(text: str, kind: str) -> None:
    result = yamlio.read_bytes(text.encode(), "x.yaml")
    document, problems = result.value, result.problems
    assert document is None
    assert [p.code for p in problems] == ["not-a-mapping"]
    assert problems[0].message.endswith(f"but it is {kind}")
    assert problems[0].hint is None


def test_full_width_colon_is_named() -> None:
    problems = yamlio.read_bytes("タイトル：災害情報の収集\n".encode(), "x.yaml").problems
    assert [(p.code, p.line, p.col) for p in problems] == [("not-a-mapping", 1, 1)]
    assert problems[0].hint is not None
    assert "full-width colon" in problems[0].hint
    assert "full-width colon" in problems[0].hint


def test_full_width_colon_inside_a_mapping_points_at_the_colon() -> None:
    problems = yamlio.read_bytes("id: 1-1-1\ntitle：災害\nheadline: x\n".encode(), "x.yaml").problems
    assert [(p.code, p.line, p.col) for p in problems] == [("yaml-syntax", 2, 6)]
    assert problems[0].hint is not None
    assert "full-width colon" in problems[0].hint


def test_full_width_colon_in_text_is_fine() -> None:
    assert read("title: 目的：災害対策\n") == ({"title": "目的：災害対策"}, [])


def test_tab_indent_hint() -> None:
    problems = yamlio.read_bytes(b"a:\n\t- b\n", "x.yaml").problems
    assert [(p.code, p.line, p.col, p.hint) for p in problems] == [
        ("yaml-syntax", 2, 1, "indent with spaces, not tabs")
    ]


def test_colon_in_text_suggests_quoting() -> None:
    problems = yamlio.read_bytes("headline: 目的: 災害対策\n".encode(), "x.yaml").problems
    assert [(p.code, p.line, p.col) for p in problems] == [("yaml-syntax", 1, 13)]  # the colon, counted in characters
    assert "quotes" in (problems[0].hint or "")


def test_control_character_is_refused_with_position() -> None:
    assert read("a: ok\nb: x\x07y\n")[1] == [("yaml-syntax", 2, 5)]


def test_control_character_after_japanese_is_placed_by_characters() -> None:
    # libyaml reports a UTF-8 byte offset: 4:35 was printed for this character at 3:11.
    text = "# 1-1-1 ICTを活用した災害情報の収集と発信\nid: 1-1-1\ntitle: あいう\x07\n"
    assert read(text)[1] == [("yaml-syntax", 3, 11)]


def test_non_text_keys_and_merge_keys_are_refused() -> None:
    assert read("? [a, b]\n: x\n")[1] == [("yaml-key", 1, 3)]
    assert read("a: 1\n<<: {b: 2}\n")[1] == [("yaml-anchor", 2, 1)]


@pytest.mark.parametrize("depth", [yamlio.MAX_DEPTH + 1, 10_000])
def test_deep_flow_nesting_is_refused(depth: int) -> None:
    assert read("a: " + "[" * depth + "]" * depth + "\n")[1][0][0] == "yaml-too-deep"


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = yamlio.MAX_DEPTH - 1  # plus the top-level mapping
    data, problems = read("a: " + "[" * depth + "]" * depth + "\n")
    assert problems == []
    assert isinstance(data, dict)


def test_size_cap(tmp_path: Path) -> None:
    assert read(b"a: " + b"x" * yamlio.MAX_FILE_BYTES)[1] == [("file-too-large", None, None)]
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (yamlio.MAX_FILE_BYTES + 1))
    result = yamlio.read_file(path, "big.yaml")
    document, problems = result.value, result.problems
    assert document is None
    assert [p.code for p in problems] == ["file-too-large"]


def test_position_of_keys_values_and_fiscal_years() -> None:
    text = "a:\n  b: [x, y]\nschedule:\n  R2: [実施]\n"
    result = yamlio.compose(text, "x.yaml")
    node, problems = result.value, result.problems
    assert problems == [] and node is not None
    assert yamlio.position(node, ("a", "b", 1)) == (2, 10)
    assert yamlio.position(node, ("a", "b"), key=True) == (2, 3)
    assert yamlio.position(node, ("schedule", 2020, 0)) == (4, 8)
    # A place that does not exist points at its nearest parent.
    assert yamlio.position(node, ("a", "missing")) == (2, 3)


def test_yaml_1_1_surprise_fixture_reads_back_as_written(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(MINIMAL, plan)
    shutil.copytree(VALID_OVERLAYS / "yaml11-surprises", plan, dirs_exist_ok=True)
    result = loader.load(plan)
    loaded, problems = result.value, result.problems
    assert problems == []
    assert loaded is not None
    item = loaded.item("3-1")
    assert item is not None
    assert (item.title, item.headline, item.description) == ("yes", "0755", "1:20")
    other = loaded.item("1-1-3")
    assert other is not None
    assert other.title == "2019-04-01"


def test_full_width_id_and_vocabulary_are_normalised_free_text_is_not(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(MINIMAL, plan)
    path = plan / "items" / "1-1-1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("id: 1-1-1", "id: １-１-１")
        .replace("glossary: [ICT]", "glossary: [ＩＣＴ]")
        .replace("title: ICTを", "title: ＩＣＴを"),
        encoding="utf-8",
    )
    result = loader.load(plan)
    loaded, problems = result.value, result.problems
    assert problems == []
    assert loaded is not None
    item = loaded.item("1-1-1")
    assert item is not None
    assert item.glossary == ["ICT"]
    assert item.title.startswith("ＩＣＴを")
