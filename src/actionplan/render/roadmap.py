"""The roadmap page: items × fiscal years in one self-contained HTML file, with filters."""

from __future__ import annotations

import json
from typing import Literal

from actionplan import fiscal
from actionplan.i18n import _, ngettext
from actionplan.model import Labels
from actionplan.publication import internal_mark, marked_title, problems_warning
from actionplan.render.html import PALETTE, description_html, page, plan_lang, plan_text
from actionplan.render.svg import CHART_CSS, chart_svg
from actionplan.reports.charts import rollup_word
from actionplan.reports.roadmap import Cell, Group, Kind, Roadmap, Row, Year
from actionplan.text import html_safe

CSS = """
[hidden] { display: none !important; }
header p { margin: .15rem 0; color: var(--muted); }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: end; margin: 1rem 0 .5rem;
  padding: .75rem 1rem; background: var(--head); border: 1px solid var(--line); border-radius: 6px; }
.controls label { display: block; font-size: .85rem; font-weight: 700; }
.controls select, .controls input, .controls button { font: inherit; padding: .3rem .4rem; border: 1px solid #6b7280;
  border-radius: 4px; background: #fff; color: var(--ink); min-height: 2.2rem; }
.controls input { width: 16rem; }
.controls button { cursor: pointer; }
.classification { position: fixed; top: .25rem; right: .5rem; margin: 0; padding: 0 .5rem; z-index: 20;
  border: 2px solid #b91c1c; color: #b91c1c; background: #fff; font-weight: 700; }
header p.problems { color: #7f1d1d; background: #fef2f2; border: 2px solid #b91c1c; padding: .3rem .6rem; }
#count { font-weight: 700; margin: .5rem 0; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; list-style: none; padding: 0; margin: .25rem 0 .75rem; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.legend .words { color: var(--muted); font-size: .85rem; }
h2.legend-title { font-size: 1rem; margin: .75rem 0 .25rem; }
table.roadmap { width: 100%; font-size: .92rem; }
table.roadmap caption { font-weight: 400; color: var(--muted); }
table.roadmap thead th { position: sticky; top: 0; z-index: 2; text-align: center; white-space: nowrap; }
table.roadmap thead th.item-col { text-align: left; }
th.year .era { display: block; }
th.year .ad { display: block; font-weight: 400; font-size: .85rem; }
th.year.baseline { background: #e5e7eb; }
tr.group-row th { background: #374151; color: #fff; text-align: left; font-size: 1rem; }
tbody.level-2 tr.group-row th { background: #e5e7eb; color: var(--ink); padding-left: 1.25rem; }
tr.item > th { font-weight: 400; min-width: 15rem; max-width: 28rem; background: #fff; }
tr.item summary { cursor: pointer; font-weight: 700; }
tr.item summary .id { display: inline-block; min-width: 3.2rem; margin-right: .5em; color: var(--muted);
  font-weight: 400; font-variant-numeric: tabular-nums; white-space: nowrap; }
.detail { margin: .4rem 0 .2rem; font-size: .9rem; }
.detail p { margin: .3rem 0; }
.detail .headline { font-weight: 700; }
.detail dl { margin: .3rem 0; display: grid; grid-template-columns: auto 1fr; gap: .1rem .6rem; }
.detail dt { font-weight: 700; }
.detail dd { margin: 0; }
.tags { margin-top: .2rem; }
.tag { display: inline-block; font-size: .78rem; border: 1px solid #6b7280; border-radius: 3px; padding: 0 .3rem;
  margin: 0 .25rem .1rem 0; }
td.depts { font-size: .85rem; min-width: 7rem; }
td.depts ul { list-style: none; margin: 0; padding: 0; }
td.cell { min-width: 6.5rem; }
td.cell.baseline { background: #f9fafb; }
ul.phases { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .2rem; }
.chip { display: inline-block; border-left: .35rem solid; border-radius: 3px; padding: .05rem .35rem;
  white-space: nowrap; }
.chip .mark { margin-right: .2rem; }
.chip.k-none { background: #fff; border: 1px dashed #6b7280; border-left-width: .35rem; }
.status { margin: .25rem 0 0; font-size: .82rem; border-radius: 3px; padding: .05rem .3rem; border: 1px solid; }
.status.on_schedule { background: #ecfdf5; border-color: #047857; }
.status.delayed { background: #fffbeb; border-color: #b45309; }
.status.stopped { background: #fef2f2; border-color: #b91c1c; }
.status.partly_answered { background: #f3f4f6; border-color: #6b7280; border-style: dashed; }
.status .note { display: block; color: var(--muted); }
.status .note, .detail dd { white-space: pre-line; }
details[open] + .tags { display: none; }
tr.group-row th .heading { position: sticky; left: .5rem; }
header p.as-of { font-weight: 700; color: var(--ink); }
.empty-mark { color: var(--muted); }
.milestone { margin: .25rem 0 0; font-size: .82rem; font-weight: 700; }
.detail h4 { margin: .5rem 0 .1rem; font-size: .9rem; }
.detail ul.entries { margin: .1rem 0; padding-left: 1.2rem; }
@media (max-width: 900px) {
  .table-scroll { overflow-x: auto; }
  table.roadmap thead th { position: static; }
  tr.item > th, table.roadmap thead th.item-col:first-child { position: sticky; left: 0; z-index: 1;
    box-shadow: 1px 0 0 var(--line); }
}
@media (max-width: 640px) {
  body { margin: 0 .5rem 1.5rem; }
  h1 { font-size: 1.2rem; }
  .controls { display: block; padding: .5rem .6rem; }
  .controls > div { margin-bottom: .4rem; }
  .controls select, .controls input, .controls button { width: 100%; min-height: 2.75rem; }
  table.roadmap { font-size: .78rem; width: 100%; }
  table.roadmap th, table.roadmap td { padding: .2rem .25rem; }
  table.roadmap thead th { white-space: normal; }
  tr.item > th { min-width: 0; width: 7.5rem; max-width: 7.5rem; }
  tr.item summary .id { display: block; min-width: 0; }
  th.depts-col, td.depts { display: none; }
  td.cell { min-width: 0; }
  th.year .ad { font-size: .68rem; }
  .chip { white-space: normal; padding: 0 .15rem; border-left-width: .22rem; font-size: .72rem; }
  .chip .mark { display: none; }
  .status { font-size: .7rem; padding: 0 .15rem; }
  .status .note { display: none; }  /* each department's result is in the item's details */
  .charts figure { overflow-x: auto; }
  .charts svg.chart { min-width: 560px; }
  .legend .words { font-size: .78rem; }
}
@media print {
  body { font-size: 8pt; }
  table.roadmap thead th { position: static; }
  .chip { padding: 0 .2rem; }
  details:not([open]) .detail { display: none; }
  tr.item > th { max-width: none; }
}
"""

SCRIPT = """(function () {
  "use strict";
  var form = document.getElementById("filters");
  var dept = document.getElementById("f-dept");
  var tag = document.getElementById("f-tag");
  var text = document.getElementById("f-text");
  var count = document.getElementById("count");
  var none = document.getElementById("no-match");
  // The page's words, in its language (data-messages): the script itself holds none.
  var say = JSON.parse(form.getAttribute("data-messages"));
  var total = 0;
  var rows = Array.prototype.map.call(document.querySelectorAll("tr.item"), function (tr) {
    total += 1;
    return {
      tr: tr,
      depts: JSON.parse(tr.getAttribute("data-departments")),
      tags: JSON.parse(tr.getAttribute("data-tags")),
      text: tr.getAttribute("data-search")
    };
  });
  function norm(s) { return s.normalize("NFKC").toLowerCase(); }
  function fill(message, values) {
    return message.replace(/\\{(\\w+)\\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }
  function visibleItems(el) { return el.querySelector("tr.item:not([hidden])") !== null; }
  function apply() {
    var d = dept.value, t = tag.value;
    var words = norm(text.value).split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!d || r.depts.indexOf(d) >= 0) && (!t || r.tags.indexOf(t) >= 0) &&
        words.every(function (w) { return r.text.indexOf(w) >= 0; });
      r.tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("tbody.level-2"), function (tb) {
      tb.hidden = !visibleItems(tb);
    });
    Array.prototype.forEach.call(document.querySelectorAll("tbody.level-1"), function (tb) {
      var goals = document.querySelectorAll('tbody.level-2[data-pillar="' + tb.getAttribute("data-group") + '"]');
      var any = visibleItems(tb) || Array.prototype.some.call(goals, function (g) { return !g.hidden; });
      tb.hidden = !any;
    });
    var why = [];
    if (d) { why.push(say.department + ": " + d); }
    if (t) { why.push(say.tag + ": " + t); }
    if (words.length) { why.push(say.keyword + ": " + text.value.trim()); }
    var shownText = fill(say.count, { shown: shown, total: total, item: say.item });
    count.textContent = why.length ?
      fill(say.filtered, { count: shownText, filters: why.join(say.separator) }) : shownText;
    none.hidden = shown !== 0;
    return wanted(d, t);
  }
  function wanted(d, t) {
    var hash = new URLSearchParams();
    if (d) { hash.set("dept", d); }
    if (t) { hash.set("tag", t); }
    if (text.value.trim()) { hash.set("q", text.value.trim()); }
    return hash.toString();
  }
  // The address follows the filters: a new entry per choice (Back undoes it), one per typing.
  function remember(how) {
    var hash = apply();
    if (hash === new URLSearchParams(location.hash.replace(/^#/, "")).toString()) { return; }
    var url = hash ? "#" + hash : location.pathname + location.search;
    try {
      if (how === "push") { history.pushState(null, "", url); } else { history.replaceState(null, "", url); }
    } catch (e) { }
  }
  function pick(select, value) {
    select.value = "";
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
  }
  // ... and the filters follow the address: on load, Back/Forward and a pasted link.
  function fromAddress() {
    var given = new URLSearchParams(location.hash.replace(/^#/, ""));
    pick(dept, given.get("dept"));
    pick(tag, given.get("tag"));
    text.value = given.get("q") || "";
    apply();
  }
  var typing = false;
  form.hidden = false;
  form.addEventListener("input", function (e) {
    if (e.target !== text) { return; }
    remember(typing ? "replace" : "push");
    typing = true;
  });
  form.addEventListener("change", function () { typing = false; remember("push"); });
  form.addEventListener("reset", function () { setTimeout(function () { typing = false; remember("push"); }, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("popstate", fromAddress);
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
}());
"""


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


def _cell(cell: Cell, baseline: bool, milestones: list[str]) -> str:
    css = "cell baseline" if baseline else "cell"
    parts: list[str] = []
    if cell.phases:
        parts.append('<ul class="phases">' + "".join(f"<li>{chip(p.name, p.kind)}</li>" for p in cell.phases) + "</ul>")
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
        said = _("status: {status}").format(status=status.name)
        parts.append(f'<p class="status {rollup}" title="{html_safe(status.meaning)}">{html_safe(said)}{note}</p>')
    return f'<td class="{css}">' + "".join(parts) + "</td>"


def _row(row: Row, roadmap: Roadmap, tag_meanings: dict[str, str]) -> str:
    labels = roadmap.labels
    detail = [f'<p class="headline"{plan_lang(row.headline)}>{html_safe(row.headline)}</p>'] if row.headline else []
    detail += description_html(row.description)
    listed = _(", ")
    # (heading, value as HTML): the plan's words marked lang="ja" on a page in another language
    facts = [(word(labels, "department"), plan_text(listed.join(row.departments)))]
    if row.tags:
        meant = [
            _("{tag} ({meaning})").format(tag=t, meaning=tag_meanings[t]) if t in tag_meanings else t for t in row.tags
        ]
        facts.append((word(labels, "tag"), plan_text(listed.join(meant))))
    by = html_safe(_("by {year}: {text}"))
    facts += [
        (_("Milestone"), by.format(year=html_safe(fiscal.short(year)), text=plan_text(text)))
        for year, text in row.milestones
    ]
    facts += [(_("Source"), plan_text(line)) for line in row.sources]
    for cell, year in zip(row.cells, roadmap.years, strict=True):
        if cell.status and cell.status.note:
            result = _("{year} result").format(year=fiscal.short(year.year))
            facts.append((result, plan_text(f"{cell.status.name}: {cell.status.note}")))
        if cell.status and cell.status.memo:
            memo = _("{year} internal note and answered by").format(year=fiscal.short(year.year))
            facts.append((memo, plan_text(cell.status.memo)))
    detail.append("<dl>" + "".join(f"<dt>{html_safe(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    tags = "".join(f'<span class="tag"{plan_lang(t)}>{html_safe(t)}</span>' for t in row.tags)
    header = (
        f'<th scope="row" id="item-{html_safe(row.id)}"><details><summary><span class="id">{html_safe(row.id)}</span>'
        f"{plan_text(row.title)}</summary>"
        f'<div class="detail">{"".join(detail)}</div></details>'
        + (f'<div class="tags">{tags}</div>' if tags else "")
        + "</th>"
    )
    depts = (
        '<td class="depts"><ul>'
        + "".join(f"<li{plan_lang(d)}>{html_safe(d)}</li>" for d in row.departments)
        + "</ul></td>"
    )
    cells = "".join(
        _cell(c, y.baseline, [text for year, text in row.milestones if year == y.year])
        for c, y in zip(row.cells, roadmap.years, strict=True)
    )
    data = (
        f' data-departments="{html_safe(json.dumps(row.departments, ensure_ascii=False))}"'
        f' data-tags="{html_safe(json.dumps(row.tags, ensure_ascii=False))}"'
        f' data-search="{html_safe(row.search)}"'
    )
    return f'<tr class="item"{data}>{header}{depts}{cells}</tr>'


def _group(group: Group, roadmap: Roadmap, columns: int, tag_meanings: dict[str, str], pillar: str = "") -> list[str]:
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
    text = _("{note} (published with --allow-problems)").format(note=problems_warning(count))
    return f'<p class="problems" role="note">{html_safe(text)}</p>'


def word(labels: Labels, kind: Literal["item", "department", "tag"]) -> str:
    """The plan's word as a label or heading: 主管課; "Department" in English (Japanese has no case)."""
    term = labels.term(kind)
    return term[:1].upper() + term[1:]


def _year_heading(year: Year) -> str:
    """The short form of the year over the other one: 令和2年度 over （2020年度）; FY2020 over (R2)."""
    short = fiscal.short(year.year)
    other = fiscal.label(year.year).removeprefix(short).strip()
    heading = _("Baseline {year}").format(year=short) if year.baseline else short
    parts = [f'<span class="era">{html_safe(heading)}</span>', f'<span class="ad">{html_safe(other)}</span>']
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
        "department": word(labels, "department"),
        "tag": word(labels, "tag"),
        "keyword": _("Keyword"),
    }


def roadmap_html(roadmap: Roadmap) -> str:
    """The whole roadmap page as text, in this run's language (the plan's own words as written)."""
    total = len(roadmap.rows)
    labels = roadmap.labels
    item = labels.term("item")
    columns = 2 + len(roadmap.years)
    tag_meanings = {name: meaning for name, meaning, _unused in roadmap.tags}
    tag_counts = [(name, n) for name, _unused, n in roadmap.tags]
    title = _("{plan} roadmap").format(plan=roadmap.name)
    if roadmap.classification:
        title = marked_title(title)
    facts = ngettext(
        "{municipality} · plan period {period} · {published} · {count} {item}",
        "{municipality} · plan period {period} · {published} · {count} {item}s",
        total,
    ).format(
        municipality=roadmap.municipality, period=roadmap.period, published=roadmap.published, count=total, item=item
    )
    as_of = _("Progress: answers up to {year}").format(year=fiscal.label(roadmap.as_of)) if roadmap.as_of else ""
    showing = ngettext("Showing {count} {item}", "Showing {count} {item}s", total).format(count=total, item=item)
    messages = json.dumps(_messages(roadmap, total), ensure_ascii=False)
    skip, mark, source = _("Skip to the roadmap table"), internal_mark(), _("Source: {source}")
    filters, every_tag, keyword, clear = (
        _("Filter {item}s").format(item=item),
        _("all tags"),
        _("Keyword"),
        _("Clear filters"),
    )
    hint = _("part of the {title}, description or ID").format(title=labels.item_title)
    body: list[str] = [
        f'<a class="skip" href="#roadmap">{html_safe(skip)}</a>',
        *([f'<p class="classification">{html_safe(mark)}</p>'] if roadmap.classification else []),
        "<header>",
        f"<h1>{html_safe(title)}</h1>",
        f"<p>{html_safe(facts)}</p>",
        *(f'<p class="source">{html_safe(source.format(source=line))}</p>' for line in roadmap.sources),
        *([_problems_banner(roadmap.problems)] if roadmap.problems else []),
        *([f'<p class="as-of">{html_safe(as_of)}</p>'] if as_of else []),
        "</header>",
        '<main id="main">',
        f'<form id="filters" class="controls no-print" role="search"'
        f' aria-label="{html_safe(filters)}"'
        f' data-messages="{html_safe(messages)}" hidden>',
        f'<div><label for="f-dept">{html_safe(word(labels, "department"))}</label><select id="f-dept" name="dept">',
        _options(labels.all_departments, total, roadmap.departments),
        "</select></div>",
        f'<div><label for="f-tag">{html_safe(word(labels, "tag"))}</label>'
        f'<select id="f-tag" name="tag">{_options(every_tag, total, tag_counts)}</select></div>',
        f'<div><label for="f-text">{html_safe(keyword)}</label>'
        f'<input id="f-text" name="q" type="search"'
        f' placeholder="{html_safe(hint)}"'
        ' autocomplete="off"></div>',
        f'<div><button type="reset">{html_safe(clear)}</button></div>',
        "</form>",
        f'<p id="count" role="status" aria-live="polite">{html_safe(showing)}</p>',
    ]
    if roadmap.kinds:  # a plan with no phases has no legend of kinds
        legend = _("Kinds of phases (legend)")
        body.append(f'<h2 class="legend-title" id="legend-kinds">{html_safe(legend)}</h2>')
        body.append('<ul class="legend" aria-labelledby="legend-kinds">')
        between = _(" / ")  # between the phase words of a kind
        for kind in roadmap.kinds:
            phases = between.join(kind.phases)
            words = f'<span class="words"{plan_lang(phases)}>{html_safe(phases)}</span>' if kind.phases else ""
            body.append(f"<li>{chip(kind.label, kind)}{words}</li>")
        body.append("</ul>")
    if roadmap.has_records:
        statuses = _("Status")
        body.append(f'<h2 class="legend-title" id="legend-status">{html_safe(statuses)}</h2>')
        body.append('<ul class="legend" aria-labelledby="legend-status">')
        for status in roadmap.statuses:
            rollup = status.rollup or "unknown"
            rollup_label = rollup_word(status.rollup) if status.rollup else ""
            body.append(
                f'<li><span class="status {rollup}"{plan_lang(status.name)}>{html_safe(status.name)}</span>'
                f'<span class="words">{html_safe(rollup_label)}: '
                f"{plan_text(status.meaning)}</span></li>"
            )
        body.append("</ul>")
    item_head = _("{item} (select for details)").format(item=word(labels, "item"))
    head = [
        f'<th scope="col" class="item-col">{html_safe(item_head)}</th>',
        f'<th scope="col" class="item-col depts-col">{html_safe(word(labels, "department"))}</th>',
    ]
    for year in roadmap.years:
        css = "year baseline" if year.baseline else "year"
        head.append(f'<th scope="col" class="{css}">{_year_heading(year)}</th>')
    caption = _("{plan}: each {item}'s plan by fiscal year (phases coloured by kind, see the legend)")
    body += [
        '<div class="table-scroll">',
        '<table class="roadmap" id="roadmap">',
        f"<caption>{html_safe(caption.format(plan=roadmap.name, item=item))}</caption>",
        "<thead><tr>" + "".join(head) + "</tr></thead>",
    ]
    for group in roadmap.groups:
        body += _group(group, roadmap, columns, tag_meanings)
    no_match = _("No {item} matches the filters. “Clear filters” shows them all again.").format(item=item)
    body += [
        "</table>",
        "</div>",
        f'<p id="no-match" hidden>{html_safe(no_match)}</p>',
    ]
    if roadmap.charts:
        body.append('<section class="charts" aria-labelledby="charts-title">')
        charts = _("Summary (charts)")
        body.append(f'<h2 id="charts-title">{html_safe(charts)}</h2>')
        body += [chart_svg(chart, f"chart-{n}") for n, chart in enumerate(roadmap.charts, 1)]
        body.append("</section>")
    body += [
        "</main>",
    ]
    return page(title, "\n".join(body), css=CSS + CHART_CSS + kind_css(roadmap.kinds), script=SCRIPT)
