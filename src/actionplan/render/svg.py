"""Charts as inline SVG: stacked bars drawn from report data, readable without colour or script."""

from __future__ import annotations

import math
from collections.abc import Callable

from actionplan.i18n import _, ngettext
from actionplan.text import amount, html_safe, text_width
from actionplan.views import Chart, LineChart

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
CHART_FONT = 12


def _fit(text: str, width: float) -> str:
    if text_width(text, CHART_FONT) <= width:
        return text
    while text and text_width(text + "…", CHART_FONT) > width:
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
        width = 16 + 6 + text_width(name, CHART_FONT) + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + 20
        legend.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="16" height="14" fill="{fill}" stroke="#1a1a1a" stroke-width=".5"/>'
            f'<text x="{x + 22:.0f}" y="{y + 12:.0f}">{html_safe(name)}</text>'
        )
        x += width
    top = y + 30
    # Room after the longest bar for its total ("12件", wider in English: "12 answers").
    totals = [text_width(count(chart, sum(row)), CHART_FONT) + 8 for row in chart.values]
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
            if width >= text_width(number, CHART_FONT) + 4:
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
        f'font-size="{CHART_FONT}">'
        f'<title id="{ident}-title">{html_safe(chart.title)}</title>'
        f'<desc id="{ident}-desc">{html_safe(describe(chart))}</desc>'
        f'<g class="legend">{"".join(legend)}</g><g class="bars">{"".join(rows)}</g></svg>'
    )
    note = f'<p class="chart-note">{html_safe(chart.note)}</p>' if chart.note else ""
    return f'<figure class="chart" id="{ident}"><figcaption>{html_safe(chart.title)}</figcaption>{svg}{note}</figure>'


# A line chart: 実績値 a solid dark-blue line with filled dots, 目標値 a dashed dark-grey line with
# hollow squares (told apart by dash and mark shape as well as colour).
LINE_COLORS = ("#0072B2", "#595959")
PLOT_HEIGHT = 170
PLOT_BOTTOM = 40 + PLOT_HEIGHT  # under the legend
TICKS = 4


def describe_trend(chart: LineChart) -> str:
    """The line chart in words: each series with every year's value (the SVG's text alternative)."""
    parts = []
    for s, name in enumerate(chart.series):
        points = [
            f"{c} {amount(v, chart.unit)}"
            for c, row in zip(chart.categories, chart.values, strict=True)
            if (v := row[s]) is not None
        ]
        parts.append(_("{category}: {counts}").format(category=name, counts=_(", ").join(points) or _("none")))
    return _("{bars}.").format(bars=_("; ").join(parts))


def _step(largest: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that TICKS steps reach ``largest`` with."""
    rough = largest / TICKS
    power = 10 ** math.floor(math.log10(rough))
    return float(next(power * m for m in (1, 2, 2.5, 5, 10) if power * m * TICKS >= largest))


def _year_lines(label: str) -> tuple[str, str]:
    """A year's label on two lines under the axis: 令和5年度 over （2023年度）, FY2023 over (R5)."""
    for mark in ("（", " ("):
        if mark in label:
            head, tail = label.split(mark, 1)
            return head, mark.strip() + tail
    return label, ""


def _legend_line(n: int, x: float, y: float) -> str:
    dash = "" if n == 0 else ' stroke-dasharray="6 4"'
    stroke = f'stroke="{LINE_COLORS[n % 2]}" stroke-width="2"{dash}'
    return f'<line x1="{x:.0f}" y1="{y:.0f}" x2="{x + 28:.0f}" y2="{y:.0f}" {stroke}/>' + _mark(n, x + 14, y, "")


def _mark(n: int, x: float, y: float, title: str) -> str:
    tip = f"<title>{html_safe(title)}</title>" if title else ""
    color = LINE_COLORS[n % 2]
    if n == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{color}">{tip}</circle>'
    return (
        f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="#fff" stroke="{color}" '
        f'stroke-width="2">{tip}</rect>'
    )


def trend_svg(chart: LineChart, ident: str) -> str:
    """A line chart as a <figure>: caption, the SVG (role img, title and full description), no script."""
    legend, x = [], 0.0
    for n, name in enumerate(chart.series):
        legend.append(_legend_line(n, x, 11) + f'<text x="{x + 34:.0f}" y="{15}">{html_safe(name)}</text>')
        x += 34 + text_width(name, CHART_FONT) + 24
    numbers = [v for row in chart.values for v in row if v is not None]
    step = _step(max([*numbers, 0.0]) * 1.1 or 1.0)
    ticks = [step * t for t in range(TICKS + 1)]
    left = max(text_width(amount(t, chart.unit), CHART_FONT) for t in ticks) + 14
    slot = (WIDTH - left - 10) / max(len(chart.categories), 1)

    def at(c: int, value: float) -> tuple[float, float]:
        return left + slot * (c + 0.5), PLOT_BOTTOM - PLOT_HEIGHT * value / ticks[-1]

    body = _axes(chart, ticks, left, slot)
    for n in reversed(range(len(chart.series))):  # 実績値 drawn last, over the target line
        body += _series(chart, n, at, slot)
    height = PLOT_BOTTOM + 70
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" aria-labelledby="{ident}-title {ident}-desc" font-size="{CHART_FONT}">'
        f'<title id="{ident}-title">{html_safe(chart.title)}</title>'
        f'<desc id="{ident}-desc">{html_safe(describe_trend(chart))}</desc>'
        f'<g class="legend">{"".join(legend)}</g><g class="lines">{"".join(body)}</g></svg>'
    )
    return f'<figure class="chart" id="{ident}"><figcaption>{html_safe(chart.title)}</figcaption>{svg}</figure>'


def _axes(chart: LineChart, ticks: list[float], left: float, slot: float) -> list[str]:
    """Grid lines with the amounts on the left, each year's label on two lines under the plot."""
    drawn = []
    for t in ticks:
        y = PLOT_BOTTOM - PLOT_HEIGHT * t / ticks[-1]
        drawn.append(f'<line x1="{left:.0f}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        label = html_safe(amount(t, chart.unit))
        drawn.append(f'<text x="{left - 6:.0f}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for c, category in enumerate(chart.categories):
        x = left + slot * (c + 0.5)
        for line, text in enumerate(_year_lines(category)):
            y = PLOT_BOTTOM + 36 + line * 15  # under a value written below a mark at 0
            if text:
                drawn.append(f'<text x="{x:.1f}" y="{y}" text-anchor="middle">{html_safe(_fit(text, slot - 4))}</text>')
    return drawn


def _series(chart: LineChart, n: int, at: Callable[[int, float], tuple[float, float]], slot: float) -> list[str]:
    """One series: the line through its points, a mark per point, each value written beside it.

    The 実績値 and 目標値 of a year are written on the sides away from each other (the higher above
    its mark, the lower below), so the two never overlap whatever their distance."""
    name, color = chart.series[n], LINE_COLORS[n % 2]
    points = [(c, v) for c, row in enumerate(chart.values) if (v := row[n]) is not None]
    places = [at(c, v) for c, v in points]
    dash = "" if n == 0 else ' stroke-dasharray="6 4"'
    drawn = []
    if len(places) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in places)
        drawn.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
    for (c, value), (x, y) in zip(points, places, strict=True):
        shown = amount(value, chart.unit)
        drawn.append(_mark(n, x, y, f"{chart.categories[c]} {name} {shown}"))
        if text_width(shown, CHART_FONT) + 4 > slot:
            continue
        others = [v for m, v in enumerate(chart.values[c]) if m != n and v is not None]
        below = any(v > value for v in others) or (n > 0 and any(v == value for v in others))
        weight = ' font-weight="700"' if n == 0 else ""
        baseline = y + 19 if below else y - 9
        drawn.append(f'<text x="{x:.1f}" y="{baseline:.1f}" text-anchor="middle"{weight}>{html_safe(shown)}</text>')
    return drawn


CHART_CSS = """
figure.chart { margin: .75rem 0 1.25rem; break-inside: avoid; }
figure.chart figcaption { font-weight: 700; margin-bottom: .25rem; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg.chart text { fill: #1a1a1a; }
svg.chart text[fill="#fff"] { fill: #fff; }
.chart-note { color: var(--muted); font-size: .85rem; margin: .2rem 0 0; }
"""
