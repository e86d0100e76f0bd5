"""The shared axe-core harness (tests/browser/axe.py) finds a violation where there is one, and none
on a page without: the accessibility checks of every page rely on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser.axe import AXE_VERSION, summary, violations

PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>検査</title></head>
<body><main><h1>検査</h1>{body}</main></body></html>"""


def test_axe_reports_a_missing_text_alternative_and_nothing_on_a_clean_page(driver: Any, tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.html", tmp_path / "good.html"
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    bad.write_text(PAGE.format(body=f'<img src="{pixel}">'), encoding="utf-8")
    good.write_text(PAGE.format(body=f'<img src="{pixel}" alt="点">'), encoding="utf-8")
    driver.get(bad.as_uri())
    found = violations(driver)
    assert [v["id"] for v in found] == ["image-alt"], summary(found)
    assert found[0]["nodes"][0]["target"] == "img"
    assert driver.execute_script("return axe.version;") == AXE_VERSION
    driver.get(good.as_uri())
    assert violations(driver) == []
