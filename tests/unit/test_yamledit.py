"""yamledit: the one round trip of hand-edited YAML files."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionplan import yamledit
from actionplan.layout import is_yaml_name


def _edited(raw: bytes) -> bytes:
    document = yamledit.load_editable(raw)
    document.data["answers"][0]["status"] = "遅れ"
    return document.dump()


def test_a_round_trip_keeps_comments_bom_crlf_and_the_list_indentation() -> None:
    raw = "# 進捗\r\nanswers:\r\n- item: 1-1-1  # 防災\r\n  status: 予定どおり\r\n".encode()
    assert _edited(b"\xef\xbb\xbf" + raw) == b"\xef\xbb\xbf" + raw.replace("予定どおり".encode(), "遅れ".encode())
    indented = b"answers:\n  - item: 1-1-1\n    status: x\n"
    assert _edited(indented) == "answers:\n  - item: 1-1-1\n    status: 遅れ\n".encode()


def test_a_new_file_starts_from_its_text_and_indents_lists_by_two() -> None:
    document = yamledit.load_editable(None, "# header\nanswers:\n")
    document.data["answers"] = [{"item": "1-1-1"}]
    assert document.dump() == b"# header\nanswers:\n  - item: 1-1-1\n"


def test_digest_tells_a_changed_file_and_a_missing_one(tmp_path: Path) -> None:
    assert yamledit.read_existing(tmp_path / "none.yaml") is None
    assert yamledit.digest(None) is None
    assert yamledit.digest(b"a") != yamledit.digest(b"b")


@pytest.mark.parametrize(
    ("name", "yaml"),
    [
        ("3-1.yaml", True),
        ("3-1.YAML", True),
        ("3-1.Yml", True),
        (".yaml", False),
        ("3-1.yaml~", False),
        ("a.txt", False),
    ],
)
def test_yaml_names_in_any_case(name: str, yaml: bool) -> None:
    assert is_yaml_name(name) is yaml
