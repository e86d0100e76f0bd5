"""Layout checks of a page in the test browser: widths as a phone or a desktop shows them, text that
overlaps other text, horizontal page scroll. Shared by the browser tests of every page.

    from browser.layout import at_width, overlapping_text, page_scrolls_sideways
    at_width(driver, 390)                   # a phone: mobile emulation, as DevTools' device mode
    driver.get(page.as_uri())
    assert overlapping_text(driver) == []
"""

from __future__ import annotations

from typing import Any

# Every visible run of text (a text node's line boxes, cut to what scrolling or clipping ancestors
# let show; visually hidden text is skipped), then each pair of runs of different elements whose
# boxes cross by more than a pixel. Sorted by top, so only runs on the same lines are compared.
OVERLAPS = """
function visible(r, el) {
  var box = {l: r.left, r: r.right, t: r.top, b: r.bottom};
  for (var a = el; a && a !== document.documentElement; a = a.parentElement) {
    var s = getComputedStyle(a);
    if (s.clip && s.clip !== 'auto') return null;
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
      var c = a.getBoundingClientRect();
      box = {l: Math.max(box.l, c.left), r: Math.min(box.r, c.right),
             t: Math.max(box.t, c.top), b: Math.min(box.b, c.bottom)};
    }
  }
  return box.r - box.l > 2 && box.b - box.t > 2 ? box : null;
}
var boxes = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  var node = walker.currentNode, el = node.parentElement;
  if (!node.textContent.trim() || !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
  var range = document.createRange();
  range.selectNodeContents(node);
  Array.prototype.forEach.call(range.getClientRects(), function (r) {
    var box = visible(r, el);
    if (box) { box.el = el; box.text = node.textContent.trim().slice(0, 30); boxes.push(box); }
  });
}
boxes.sort(function (a, b) { return a.t - b.t; });
var found = [];
for (var i = 0; i < boxes.length; i++) {
  for (var j = i + 1; j < boxes.length && boxes[j].t < boxes[i].b - 1; j++) {
    var a = boxes[i], b = boxes[j];
    if (a.el !== b.el && Math.min(a.r, b.r) - Math.max(a.l, b.l) > 1 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 1) {
      found.push(a.text + ' × ' + b.text);
    }
  }
}
return found;
"""


def at_width(driver: Any, width: int, height: int = 900) -> None:
    """Show pages ``width`` CSS pixels wide: below 600 as a phone (mobile emulation, touch viewport)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def overlapping_text(driver: Any) -> list[str]:
    """Pairs of visible text runs of different elements that overlap ("1-1-1 × 項目名"): none on a good page."""
    return list(driver.execute_script(OVERLAPS))


def page_scrolls_sideways(driver: Any) -> bool:
    """Whether the page is wider than the screen (a phone user would have to scroll sideways)."""
    return bool(driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth;"))
