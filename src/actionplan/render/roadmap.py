"""The roadmap page: items × fiscal years in one self-contained HTML file, with filters."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Literal

from actionplan import fiscal
from actionplan.i18n import _, ngettext
from actionplan.model import Labels
from actionplan.publication import internal_mark, marked_title, problems_warning
from actionplan.render.html import PALETTE, description_html, page, plan_lang, plan_text
from actionplan.render.svg import CHART_CSS, chart_svg
from actionplan.reports.charts import rollup_word
from actionplan.reports.roadmap import Cell, Kind, Roadmap, RoadmapRow, Section, Year
from actionplan.text import html_safe


@cache
def asset(name: str) -> str:
    """A file of render/assets (the page's CSS and script), read once: package data, not Python strings."""
    return resources.files("actionplan.render").joinpath("assets", name).read_text(encoding="utf-8")


def kind_css(kinds: list[Kind]) -> str:
    """One class per kind, coloured by its position in the plan's list of kinds."""
    rules = []
    for kind in kinds:
        background, edge, _mark = PALETTE[kind.position % len(PALETTE)]
        rules.append(f".chip.k{kind.position} {{ background: {background}; border-color: {edge}; }}")
    return "\n".join(rules) + "\n"


def mark(kind: Kind | None) -> str:
    return PALETTE[kind.position % len(PALETTE)][2] if kind else "?"


def chip(name: str, kind: Kind | None) -> str:
    css = f"k{kind.position}" if kind else "k-none"
    kind_label = kind.label if kind else _("kind not defined")
    said = _(" ({kind})").format(kind=kind_label)
    return (
        f'<span class="chip {css}" title="{html_safe(kind_label)}">'
        f'<span class="mark" aria-hidden="true">{mark(kind)}</span>'
        f'{plan_text(name)}<span class="sr-only">{html_safe(said)}</span></span>'
    )


def _cell(cell: Cell, year: Year, milestones: list[str]) -> str:
    css = "cell baseline" if year.baseline else "cell"
    parts: list[str] = []
    if cell.phases:
        parts.append('<ul class="phases">' + "".join(f"<li>{chip(p.name, p.kind)}</li>" for p in cell.phases) + "</ul>")
    elif cell.indicators:
        parts.append('<ul class="year-kpis">' + "".join(f"<li>{plan_text(k)}</li>" for k in cell.indicators) + "</ul>")
    elif not milestones:
        # Not stated by the plan: shown as such, never as an invented phase.
        unstated = html_safe(_("not stated"))
        parts.append(f'<span class="empty-mark" aria-hidden="true">—</span><span class="sr-only">{unstated}</span>')
    milestone = _("◆ {text} (milestone)")
    parts += [f'<p class="milestone">{html_safe(milestone.format(text=text))}</p>' for text in milestones]
    if cell.status:
        status = cell.status
        rollup = status.rollup or "unknown"
        note = f'<span class="note">{html_safe(status.note)}</span>' if status.note else ""
        # 一部未回答, or a rollup worked out from the indicators' grades, is no 進捗区分 anyone gave.
        said = (
            _("status: {status}").format(status=status.name)
            if status.stated
            else _("rollup: {rollup}").format(rollup=status.name)
        )
        parts.append(f'<p class="status {rollup}" title="{html_safe(status.meaning)}">{html_safe(said)}{note}</p>')
    # A phone shows each cell under its item with this year label (the column headings are then hidden).
    shown = _year_short(year)
    return f'<td class="{css}" data-year="{html_safe(shown)}">' + "".join(parts) + "</td>"


def _facts(row: RoadmapRow, roadmap: Roadmap, tag_meanings: dict[str, str]) -> list[tuple[str, str]]:
    """The details of an item as (heading, value as HTML); the plan's words marked lang="ja" on a page
    in another language."""
    labels = roadmap.labels
    listed = _(", ")
    facts = []
    if row.departments:  # an item naming no 主管課 in a plan where others do: no empty 主管課 heading
        facts.append((heading_word(labels, "department"), plan_text(listed.join(row.departments))))
    if row.tags:
        meant = [
            _("{tag} ({meaning})").format(tag=t, meaning=tag_meanings[t]) if t in tag_meanings else t for t in row.tags
        ]
        facts.append((heading_word(labels, "tag"), plan_text(listed.join(meant))))
    by = html_safe(_("by {year}: {text}"))
    facts += [
        (_("Milestone"), by.format(year=html_safe(fiscal.short(year)), text=plan_text(text)))
        for year, text in row.milestones
    ]
    facts += [(_("Source"), plan_text(line)) for line in row.sources]
    for cell, year in zip(row.cells, roadmap.years, strict=True):
        status, short = cell.status, fiscal.short(year.year)
        if status and status.note:
            # Without a 取組実績 the note already gives each 主管課's status: the status once, not twice.
            said = _("{label}: {value}").format(label=status.name, value=status.note) if status.told else status.note
            facts.append((_("{year} result").format(year=short), plan_text(said)))
        if status and status.challenge:
            facts.append((_("{year} challenges and next steps").format(year=short), plan_text(status.challenge)))
        if status and status.memo:
            memo = _("{year} internal note and answered by").format(year=short)
            facts.append((memo, plan_text(status.memo)))
    return facts


def _indicators(row: RoadmapRow) -> str:
    """The item's indicators, always in view under its title: target, latest value and 達成率."""
    if not row.indicators:
        return ""
    lines = "".join(f"<li>{plan_text(line)}</li>" for line in row.indicators)
    heading = html_safe(_("Indicators"))
    return f'<ul class="kpis" aria-label="{heading}">{lines}</ul>'


def _row(row: RoadmapRow, roadmap: Roadmap, tag_meanings: dict[str, str]) -> str:
    detail = [f'<p class="headline"{plan_lang(row.headline)}>{html_safe(row.headline)}</p>'] if row.headline else []
    detail += description_html(row.description)
    facts = _facts(row, roadmap, tag_meanings)
    detail.append("<dl>" + "".join(f"<dt>{html_safe(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    tags = "".join(f'<span class="tag"{plan_lang(t)}>{html_safe(t)}</span>' for t in row.tags)
    header = (
        f'<th scope="row" id="item-{html_safe(row.id)}"><details><summary><span class="id">{html_safe(row.id)}</span>'
        + (f'<span class="label"{plan_lang(row.label)}>{html_safe(row.label)}</span>' if row.label else "")
        + f"{plan_text(row.title)}</summary>"
        f'<div class="detail">{"".join(detail)}</div></details>'
        + (f'<div class="tags">{tags}</div>' if tags else "")
        + _indicators(row)
        + "</th>"
    )
    depts = (
        '<td class="depts"><ul>'
        + "".join(f"<li{plan_lang(d)}>{html_safe(d)}</li>" for d in row.departments)
        + "</ul></td>"
        if roadmap.stated.has_departments
        else ""
    )
    cells = "".join(
        _cell(c, y, [text for year, text in row.milestones if year == y.year])
        for c, y in zip(row.cells, roadmap.years, strict=True)
    )
    data = (
        f' data-departments="{html_safe(json.dumps(row.departments, ensure_ascii=False))}"'
        f' data-tags="{html_safe(json.dumps(row.tags, ensure_ascii=False))}"'
        f' data-search="{html_safe(row.search)}"'
    )
    return f'<tr class="item"{data}>{header}{depts}{cells}</tr>'


def _group(group: Section, roadmap: Roadmap, columns: int, tag_meanings: dict[str, str], pillar: str = "") -> list[str]:
    owner = f' data-pillar="{html_safe(pillar)}"' if group.level == 2 else f' data-group="{html_safe(group.id)}"'
    heading = f"{group.label} {group.title}".strip()
    lines = [
        f'<tbody class="level-{group.level}"{owner}>',
        f'<tr class="group-row"><th scope="rowgroup" colspan="{columns}">'
        f'<span class="heading"{plan_lang(heading)}>{html_safe(heading)}</span></th></tr>',
        *(_row(r, roadmap, tag_meanings) for r in group.rows),
        "</tbody>",
    ]
    for goal in group.groups:
        lines += _group(goal, roadmap, columns, tag_meanings, pillar=group.id)
    return lines


def _options(label_all: str, total: int, choices: list[tuple[str, int]]) -> str:
    counted = _("{name} ({count})")
    options = [f'<option value="">{html_safe(counted.format(name=label_all, count=total))}</option>']
    options += [
        f'<option value="{html_safe(name)}">{html_safe(counted.format(name=name, count=n))}</option>'
        for name, n in choices
    ]
    return "".join(options)


def _problems_banner(count: int) -> str:
    text = _("{note} (published before they were corrected)").format(note=problems_warning(count))
    return f'<p class="problems" role="note">{html_safe(text)}</p>'


def heading_word(labels: Labels, kind: Literal["item", "department", "tag"]) -> str:
    """The plan's word as a label or heading: 主管課; "Department" in English (Japanese has no case)."""
    term = labels.term(kind)
    return term[:1].upper() + term[1:]


def _year_short(year: Year) -> str:
    short = fiscal.short(year.year)
    return _("Baseline {year}").format(year=short) if year.baseline else short


def _year_heading(year: Year) -> str:
    """The short form of the year over the other one: 令和2年度 over （2020年度）; FY2020 over (R2)."""
    other = fiscal.aside(year.year)
    parts = [f'<span class="era">{html_safe(_year_short(year))}</span>', f'<span class="ad">{html_safe(other)}</span>']
    if year.partial:
        months = _("({months})").format(months=year.partial)
        parts.append(f'<span class="ad">{html_safe(months)}</span>')
    return "".join(parts)


def _messages(roadmap: Roadmap, total: int) -> dict[str, str]:
    """The words the script shows, in the page's language ({placeholders} filled in by the script)."""
    labels = roadmap.labels
    return {
        # The number of items the page holds decides the plural: "Showing 3 of 50 items".
        "count": ngettext("Showing {shown} of {total} {item}", "Showing {shown} of {total} {item}s", total),
        "item": labels.term("item"),
        "filtered": _("{count} ({filters})"),
        "separator": _(", "),
        "department": heading_word(labels, "department"),
        "tag": heading_word(labels, "tag"),
        "keyword": _("Keyword"),
        "labelled": _("{label}: {value}"),  # a filter in the line saying what is shown
        "unknown": _("The address asks for {filter} “{value}”, which this plan does not have: not filtered by it."),
    }


def _title(roadmap: Roadmap) -> str:
    title = _("{plan} roadmap").format(plan=roadmap.name)
    return marked_title(title) if roadmap.classification else title


def _header(roadmap: Roadmap) -> list[str]:
    """The page's heading: 庁内限り, title, the plan's facts and sources, problems and the as-of year."""
    total = len(roadmap.rows)
    facts = (
        ngettext(
            "{municipality} · plan period {period} · {published} · {count} {item}",
            "{municipality} · plan period {period} · {published} · {count} {item}s",
            total,
        )
        if roadmap.published
        else ngettext(  # a plan that does not say when it was published
            "{municipality} · plan period {period} · {count} {item}",
            "{municipality} · plan period {period} · {count} {item}s",
            total,
        )
    ).format(
        municipality=roadmap.municipality,
        period=roadmap.period,
        published=roadmap.published,
        count=total,
        item=roadmap.labels.term("item"),
    )
    as_of = _("Progress: answers up to {year}").format(year=fiscal.label(roadmap.as_of)) if roadmap.as_of else ""
    source, skip = _("Source: {source}"), _("Skip to the roadmap table")
    return [
        f'<a class="skip" href="#roadmap">{html_safe(skip)}</a>',
        "<header>",  # the 庁内限り mark inside the banner landmark, as all content is in one
        *([f'<p class="classification">{html_safe(internal_mark())}</p>'] if roadmap.classification else []),
        f"<h1>{html_safe(_title(roadmap))}</h1>",
        f"<p>{html_safe(facts)}</p>",
        *(f'<p class="source">{html_safe(source.format(source=line))}</p>' for line in roadmap.sources),
        *([_problems_banner(roadmap.problems)] if roadmap.problems else []),
        *([f'<p class="as-of">{html_safe(as_of)}</p>'] if as_of else []),
        "</header>",
    ]


def _filters(roadmap: Roadmap) -> list[str]:
    """The filter form (shown by the script), the line saying what is shown, and an unknown filter's note."""
    labels, total = roadmap.labels, len(roadmap.rows)
    item = labels.term("item")
    tag_counts = [(name, n) for name, _unused, n in roadmap.tags]
    messages = json.dumps(_messages(roadmap, total), ensure_ascii=False)
    showing = ngettext("Showing {count} {item}", "Showing {count} {item}s", total).format(count=total, item=item)
    hint = _("part of the {title}, description, result, challenges or ID").format(title=labels.item_title)
    filters, every_tag, keyword, clear = _("Filter {item}s"), _("all tags"), _("Keyword"), _("Clear filters")
    # A filter only for what the plan states (capabilities): no 主管課 filter in a plan without 主管課.
    dept_label = html_safe(heading_word(labels, "department"))
    dept = [
        f'<div><label for="f-dept">{dept_label}</label><select id="f-dept" name="dept">',
        _options(labels.all_departments, total, roadmap.departments),
        "</select></div>",
    ]
    tag = (
        f'<div><label for="f-tag">{html_safe(heading_word(labels, "tag"))}</label>'
        f'<select id="f-tag" name="tag">{_options(every_tag, total, tag_counts)}</select></div>'
    )
    return [
        f'<form id="filters" class="controls no-print" role="search"'
        f' aria-label="{html_safe(filters.format(item=item))}"'
        f' data-messages="{html_safe(messages)}" hidden>',
        *(dept if roadmap.stated.has_departments else []),
        *([tag] if roadmap.stated.has_tags else []),
        f'<div><label for="f-text">{html_safe(keyword)}</label>'
        f'<input id="f-text" name="q" type="search"'
        f' placeholder="{html_safe(hint)}"'
        ' autocomplete="off"></div>',
        f'<div><button type="reset">{html_safe(clear)}</button></div>',
        "</form>",
        '<p id="unknown-filter" role="alert" hidden></p>',
        f'<p id="count" role="status" aria-live="polite">{html_safe(showing)}</p>',
    ]


def _legends(roadmap: Roadmap) -> list[str]:
    """The legend of phase kinds (mark, colour and name) and, with answers, of statuses."""
    body: list[str] = []
    legend, statuses = _("Kinds of phases (legend)"), _("Status")
    if roadmap.kinds:  # a plan with no phases has no legend of kinds
        body.append(f'<h2 class="legend-title" id="legend-kinds">{html_safe(legend)}</h2>')
        body.append('<ul class="legend" aria-labelledby="legend-kinds">')
        between = _(" / ")  # between the phase words of a kind
        for kind in roadmap.kinds:
            phases = between.join(kind.phases)
            words = f'<span class="words"{plan_lang(phases)}>{html_safe(phases)}</span>' if kind.phases else ""
            body.append(f"<li>{chip(kind.label, kind)}{words}</li>")
        body.append("</ul>")
    if roadmap.has_records:
        body.append(f'<h2 class="legend-title" id="legend-status">{html_safe(statuses)}</h2>')
        body.append('<ul class="legend" aria-labelledby="legend-status">')
        for status in roadmap.statuses:
            rollup = status.rollup or "unknown"
            # The status's meaning first, its rollup after it: 完了 is not a word for 順調.
            words = plan_text(status.meaning)
            if status.rollup:
                template = html_safe(_("{meaning} (rollup: {rollup})"))
                words = template.format(meaning=words, rollup=html_safe(rollup_word(status.rollup)))
            body.append(
                f'<li><span class="status {rollup}"{plan_lang(status.name)}>{html_safe(status.name)}</span>'
                f'<span class="words">{words}</span></li>'
            )
        body.append("</ul>")
    return body


def _table(roadmap: Roadmap) -> list[str]:
    """The table: a row per item under its pillar and goal headings, a column per fiscal year."""
    labels = roadmap.labels
    item = labels.term("item")
    tag_meanings = {name: meaning for name, meaning, _unused in roadmap.tags}
    item_head = _("{item} (select for details)").format(item=heading_word(labels, "item"))
    head = [f'<th scope="col" class="item-col">{html_safe(item_head)}</th>']
    if roadmap.stated.has_departments:
        head.append(f'<th scope="col" class="item-col depts-col">{html_safe(heading_word(labels, "department"))}</th>')
    for year in roadmap.years:
        css = "year baseline" if year.baseline else "year"
        head.append(f'<th scope="col" class="{css}">{_year_heading(year)}</th>')
    caption = (
        _("{plan}: each {item}'s plan by fiscal year (phases coloured by kind, see the legend)")
        if roadmap.kinds
        else _("{plan}: each {item}'s plan by fiscal year")
    )
    body = [
        '<div class="table-scroll">',
        '<table class="roadmap" id="roadmap">',
        f"<caption>{html_safe(caption.format(plan=roadmap.name, item=item))}</caption>",
        "<thead><tr>" + "".join(head) + "</tr></thead>",
    ]
    for group in roadmap.groups:
        body += _group(group, roadmap, len(head), tag_meanings)
    no_match = _("No {item} matches the filters. “Clear filters” shows them all again.").format(item=item)
    return [*body, "</table>", "</div>", f'<p id="no-match" hidden>{html_safe(no_match)}</p>']


def _charts(roadmap: Roadmap) -> list[str]:
    """The charts, each in a box of its own that scrolls on a narrow screen and that the keyboard reaches
    (a labelled region), so a chart keeps a legible size and its totals can be read."""
    if not roadmap.charts:
        return []
    heading = _("Summary (charts)")
    body = [
        '<section class="charts" aria-labelledby="charts-title">',
        f'<h2 id="charts-title">{html_safe(heading)}</h2>',
    ]
    for n, chart in enumerate(roadmap.charts, 1):
        body.append(f'<div class="chart-scroll" role="region" tabindex="0" aria-label="{html_safe(chart.title)}">')
        body += [chart_svg(chart, f"chart-{n}"), "</div>"]
    body.append("</section>")
    return body


def roadmap_html(roadmap: Roadmap) -> str:
    """The whole roadmap page as text, in this run's language (the plan's own words as written)."""
    body = [
        *_header(roadmap),
        '<main id="main">',
        *_filters(roadmap),
        *_legends(roadmap),
        *_table(roadmap),
        *_charts(roadmap),
        "</main>",
    ]
    # The number of year columns sets the phone's card grid (assets/roadmap.css).
    css = (
        asset("roadmap.css")
        + CHART_CSS
        + kind_css(roadmap.kinds)
        + (asset("roadmap-kpis.css") if any(c.indicators for r in roadmap.rows for c in r.cells) else "")
        + f"table.roadmap {{ --years: {len(roadmap.years)}; }}\n"
    )
    return page(_title(roadmap), "\n".join(body), css=css, script=asset("roadmap.js"))
