"""Charts as inline SVG: stacked bars drawn from report data, readable without colour or script."""

from __future__ import annotations

from actionplan.i18n import _, ngettext
from actionplan.text import html_safe, text_width
from actionplan.views import Chart

# Okabe-Ito, the palette most colour-vision deficiencies tell apart; every segment also carries
# its number and every bar its series in the legend, so colour is never the only sign.
OKABE_ITO = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#999999")
# Colours with a meaning: the rollup of a status (順調, 遅れ, 中止), "some 主管課 not yet" and
# "no answer yet" (the two greys outside the palette, so phase kinds keep their colours).
ROLES = {
    "on_schedule": "#009E73",
    "delayed": "#E69F00",
    "stopped": "#D55E00",
    "partly_answered": "#A6A6A6",
    "not_counted": "#C8C8C8",
    "none": "#DDDDDD",
}
_DARK = {"#0072B2"}
# Series without a role (phase kinds) take these in order: first the colours no role uses, so
# a kind is never mistaken for 順調 or 遅れ. The roadmap's chips use the same order.
SERIES_COLORS = (
    *(c for c in OKABE_ITO if c not in ROLES.values()),
    *(c for c in OKABE_ITO if c in ROLES.values()),
)  # white text on these; near-black text on every other colour

WIDTH = 760
LABEL_WIDTH = 200
TOTAL_WIDTH = 56
ROW = 26
BAR = 18
FONT = 12


def _fit(text: str, width: float) -> str:
    if text_width(text, FONT) <= width:
        return text
    while text and text_width(text + "…", FONT) > width:
        text = text[:-1]
    return text + "…"


def colors(chart: Chart) -> list[str]:
    """The colour of each series: its role's, else the next unused palette colour."""
    result, position = [], 0
    for n in range(len(chart.series)):
        role = chart.colors[n] if n < len(chart.colors) else ""
        if role in ROLES:
            result.append(ROLES[role])
        else:
            result.append(SERIES_COLORS[position % len(SERIES_COLORS)])
            position += 1
    return result


def count(chart: Chart, value: int) -> str:
    """A number of what the chart counts: 3件; "3 items" or "3 answers" in English."""
    if chart.counted == "answers":
        return ngettext("{count} answer", "{count} answers", value).format(count=value)
    return ngettext("{count} item", "{count} items", value).format(count=value)


def describe(chart: Chart) -> str:
    """The chart in words: every bar with every non-zero segment (the SVG's text alternative)."""
    parts = []
    for category, row in zip(chart.categories, chart.values, strict=True):
        counts = _(", ").join(f"{s} {count(chart, v)}" for s, v in zip(chart.series, row, strict=True) if v)
        parts.append(_("{category}: {counts}").format(category=category, counts=counts or _("none")))
    return _("{bars}.").format(bars=_("; ").join(parts))


def chart_svg(chart: Chart, ident: str) -> str:
    """One chart as a <figure>: a caption, the SVG (role img, title and full description), no script."""
    fills = colors(chart)
    legend, x, y = [], 0.0, 4.0
    for name, fill in zip(chart.series, fills, strict=True):
        width = 16 + 6 + text_width(name, FONT) + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + 20
        legend.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="16" height="14" fill="{fill}" stroke="#1a1a1a" stroke-width=".5"/>'
            f'<text x="{x + 22:.0f}" y="{y + 12:.0f}">{html_safe(name)}</text>'
        )
        x += width
    top = y + 30
    # Room after the longest bar for its total ("12件", wider in English: "12 answers").
    totals = [text_width(count(chart, sum(row)), FONT) + 8 for row in chart.values]
    bar_width = WIDTH - LABEL_WIDTH - max([TOTAL_WIDTH, *totals])
    largest = max((sum(row) for row in chart.values), default=0) or 1
    rows = []
    for n, (category, row) in enumerate(zip(chart.categories, chart.values, strict=True)):
        y = top + n * ROW
        label = _fit(category, LABEL_WIDTH - 10)
        rows.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 5}" text-anchor="end">{html_safe(label)}</text>')
        x = float(LABEL_WIDTH)
        for name, value, fill in zip(chart.series, row, fills, strict=True):
            if not value:
                continue
            width = bar_width * value / largest
            rows.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{fill}" stroke="#fff" '
                f'stroke-width="1"><title>{html_safe(f"{category} {name} {count(chart, value)}")}</title></rect>'
            )
            number = str(value)
            if width >= text_width(number, FONT) + 4:
                ink = "#fff" if fill in _DARK else "#1a1a1a"
                rows.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + BAR - 5}" text-anchor="middle" fill="{ink}">{number}</text>'
                )
            x += width
        rows.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 5}">{html_safe(count(chart, sum(row)))}</text>')
    height = top + len(chart.categories) * ROW + 4
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-size="{FONT}">'
        f'<title id="{ident}-title">{html_safe(chart.title)}</title>'
        f'<desc id="{ident}-desc">{html_safe(describe(chart))}</desc>'
        f'<g class="legend">{"".join(legend)}</g><g class="bars">{"".join(rows)}</g></svg>'
    )
    note = f'<p class="chart-note">{html_safe(chart.note)}</p>' if chart.note else ""
    return f'<figure class="chart" id="{ident}"><figcaption>{html_safe(chart.title)}</figcaption>{svg}{note}</figure>'


CHART_CSS = """
figure.chart { margin: .75rem 0 1.25rem; break-inside: avoid; }
figure.chart figcaption { font-weight: 700; margin-bottom: .25rem; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg.chart text { fill: #1a1a1a; }
svg.chart text[fill="#fff"] { fill: #fff; }
.chart-note { color: var(--muted); font-size: .85rem; margin: .2rem 0 0; }
"""
