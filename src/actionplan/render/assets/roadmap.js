// The roadmap's filters (render/roadmap.py puts this inline, allowed by the page's CSP by its hash).
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var dept = document.getElementById("f-dept");
  var tag = document.getElementById("f-tag");
  var text = document.getElementById("f-text");
  var count = document.getElementById("count");
  var none = document.getElementById("no-match");
  var unknown = document.getElementById("unknown-filter");
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
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }
  function visibleItems(el) { return el.querySelector("tr.item:not([hidden])") !== null; }
  // A plan without departments or tags has no such filter (render/roadmap.py): its value is then empty.
  function chosen(select) { return select ? select.value : ""; }
  function apply() {
    var d = chosen(dept), t = chosen(tag);
    var words = norm(text.value).split(/\s+/).filter(Boolean);
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
    if (d) { why.push(fill(say.labelled, { label: say.department, value: d })); }
    if (t) { why.push(fill(say.labelled, { label: say.tag, value: t })); }
    if (words.length) { why.push(fill(say.labelled, { label: say.keyword, value: text.value.trim() })); }
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
  // A value the list does not hold (a mistyped or outdated link) is said, never silently dropped.
  function pick(select, value, heading, missing) {
    if (select) { select.value = ""; }
    if (!value) { return; }
    if (select && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    } else {
      missing.push(fill(say.unknown, { filter: heading, value: value }));
    }
  }
  // ... and the filters follow the address: on load, Back/Forward and a pasted link.
  function fromAddress() {
    var given = new URLSearchParams(location.hash.replace(/^#/, ""));
    var missing = [];
    pick(dept, given.get("dept"), say.department, missing);
    pick(tag, given.get("tag"), say.tag, missing);
    text.value = given.get("q") || "";
    unknown.textContent = missing.join(" ");
    unknown.hidden = missing.length === 0;
    apply();
  }
  var typing = false;
  form.hidden = false;
  form.addEventListener("input", function (e) {
    if (e.target !== text) { return; }
    remember(typing ? "replace" : "push");
    typing = true;
  });
  form.addEventListener("change", function () { typing = false; unknown.hidden = true; remember("push"); });
  form.addEventListener("reset", function () {
    setTimeout(function () { typing = false; unknown.hidden = true; remember("push"); }, 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("popstate", fromAddress);
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
}());
