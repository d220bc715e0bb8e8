// The Brief view: GET /api/brief rendered as a printable page. Its evidence links open the article
// view at the evidence (#/article/<doc>/<event_id>, or #/article/<doc>/@<start>-<end> for a quote).
//   #/brief?country=RUS&type=ACCUSE   the brief of a filter (the filter form's "Brief" button)
//   #/brief/<doc>                     the brief of one article (the article view's "Brief" link)
import { FILTER_KEYS, api, clear, el, plural, svg } from "./util.js";

const $ = (id) => document.getElementById(id);

export function briefHash(filters = {}) {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) query.set(key, filters[key]);
  const text = query.toString();
  return `#/brief${text ? `?${text}` : ""}`;
}

export function articleBriefHash(doc) {
  return `#/brief/${encodeURIComponent(doc)}`;
}

// Where an evidence item is read in context: the event's highlight, else the span itself.
export function evidenceHash(item) {
  const doc = encodeURIComponent(item.doc);
  if (item.event_ids && item.event_ids.length) return `#/article/${doc}/${encodeURIComponent(item.event_ids[0])}`;
  return `#/article/${doc}/@${item.start}-${item.end}`;
}

let backToOverview = () => { location.hash = "#/"; };

// Adds the view and the "Brief" button of the filter form. getFilters returns the applied filters (those
// the URL holds, not the form's unsubmitted fields); onBack leaves the brief for the overview.
export function installBrief({ getFilters, onBack }) {
  const view = el("section", { id: "brief-view", class: "panel brief-view", hidden: "" });
  document.querySelector("main").append(view);
  if (onBack) backToOverview = onBack;
  const form = $("filters");
  form.append(el("button", { type: "button", class: "brief-button", title: "A dated, evidence-linked account of the filtered events",
    on: { click: () => { location.hash = briefHash(getFilters()); } } }, "Brief"));
}

// Shows the brief when the hash is a brief route and returns the promise of its loading; otherwise hides
// the view and returns null.
export function briefRoute(hash) {
  const view = $("brief-view");
  const match = hash.match(/^#\/brief(?:\/([^?]+))?(?:\?(.*))?$/);
  if (!match) {
    if (view) view.hidden = true;
    document.body.classList.remove("brief-open");
    return null;
  }
  const params = {};
  if (match[1]) params.doc = decodeURIComponent(match[1]);
  for (const [key, value] of new URLSearchParams(match[2] || "")) if (FILTER_KEYS.includes(key)) params[key] = value;
  $("overview").hidden = true;
  $("article-view").hidden = true;
  view.hidden = false;
  document.body.classList.add("brief-open");
  return loadBrief(view, params);
}

async function loadBrief(view, params) {
  view.dataset.ready = "0";
  clear(view).append(el("p", { class: "empty" }, "Writing the brief…"));
  const query = new URLSearchParams(params).toString();
  try {
    const body = await api("/api/brief", params);
    renderBrief(view, body, query);
    document.title = `${body.title} · eventwire`;
  } catch (error) {
    clear(view).append(el("p", { class: "error" }, String(error.message || error)));
  } finally {
    view.dataset.ready = "1";
  }
}

function refLink(n, byNumber) {
  const item = byNumber.get(n);
  return el("a", { class: "ref", href: item ? evidenceHash(item) : "#", title: item ? item.text : "" }, `[${n}]`);
}

function refs(numbers, byNumber) {
  const [first, ...more] = numbers;
  const out = [refLink(first, byNumber)];
  if (more.length) out.push(" (also ", ...more.flatMap((n, i) => [i ? " " : "", refLink(n, byNumber)]), ")");
  return out;
}

function lineItem(line, byNumber) {
  return el("li", { dataset: { events: line.event_ids.join(" ") } },
    el("span", { class: "when" }, line.when), ": ", line.text,
    line.status_text ? ["; ", el("span", { class: "status" }, line.status_text)] : null, ". ",
    refs(line.evidence, byNumber));
}

function section(cls, title, ...children) {
  return el("section", { class: `brief-section ${cls}` }, el("h3", {}, title), ...children);
}

function articleMeta(a) {
  const source = [a.outlet, a.url].filter(Boolean).join(", ") || a.source_path || a.doc;
  const date = a.date ? `${a.date_label}${a.date_note ? ` (${a.date_note})` : ""}` : "undated";
  return el("p", { class: "meta" }, `Source: ${source} · Date: ${date} · `,
    el("a", { href: `#/article/${encodeURIComponent(a.doc)}` }, "article view"));
}

export function renderBrief(view, brief, query) {
  clear(view);
  const byNumber = new Map(brief.evidence.map((item) => [item.n, item]));
  const asFormat = `/api/brief${query ? `?${query}&` : "?"}format=`;
  view.append(
    el("div", { class: "brief-tools" },
      el("button", { type: "button", class: "back", on: { click: () => backToOverview() } }, "← Back to overview"),
      el("button", { type: "button", on: { click: () => window.print() } }, "Print"),
      el("a", { href: `${asFormat}html`, download: "brief.html" }, "HTML"),
      el("a", { href: `${asFormat}markdown`, download: "brief.md" }, "Markdown")),
    el("h2", { id: "brief-title" }, brief.title));
  if (brief.kind === "question") {
    view.append(el("p", { class: "meta" },
      `${plural(brief.counts.lines, "event")} from ${plural(brief.counts.articles, "article")}`));
  } else {
    for (const a of brief.articles) {
      if (brief.articles.length > 1) view.append(el("p", { class: "meta" }, el("strong", {}, a.title || a.doc)));
      view.append(articleMeta(a));
    }
  }
  const happened = brief.happened.length ? el("ul", { class: "lines" }, brief.happened.map((l) => lineItem(l, byNumber)))
    : el("p", { class: "empty" }, "No events found.");
  view.append(section("happened", "What happened", happened));
  if (brief.ahead.length) view.append(section("ahead", "Ahead", el("ul", { class: "lines" }, brief.ahead.map((l) => lineItem(l, byNumber)))));
  if (brief.said.length) {
    view.append(section("said", "Who said what", brief.said.flatMap((g) => [
      el("p", { class: "speaker" }, g.label),
      el("ul", { class: "quotes" }, g.quotes.map((q) => el("li", {}, el("q", {}, q.text), " ", refLink(q.evidence, byNumber)))),
    ])));
  }
  if (brief.names.length) {
    view.append(section("names", "Names in the text", el("ul", {}, brief.names.map((row) => el("li", {},
      el("strong", {}, row.label), ": written ",
      row.spellings.map((s, i) => [i ? ", " : "", `“${s.text}”${s.count > 1 ? ` (${s.count}×)` : ""}`]))))));
  }
  if (brief.summary && brief.summary.periods.length) view.append(section("summary", `Per ${brief.summary.interval}`, chart(brief.summary)));
  if (brief.kind === "question" && brief.articles.length) {
    view.append(section("articles", "Articles cited", el("ol", {}, brief.articles.map((a) => el("li", {},
      el("a", { href: `#/article/${encodeURIComponent(a.doc)}` }, a.title || a.doc),
      ` · ${a.date_label || "undated"} · ${plural(a.events_cited, "event")}`)))));
  }
  if (brief.evidence.length) {
    view.append(section("evidence", "Evidence", el("ol", { class: "evidence" }, brief.evidence.map((item) => el("li", { value: item.n },
      el("a", { class: "ref", href: evidenceHash(item) }, `${item.doc}, characters ${item.start}–${item.end}`), ": ",
      el("q", {}, item.text))))));
  }
}

// Cooperative events up, conflictual down, one bar pair per period (as eventwire/brief/chart.py draws it).
function chart(summary) {
  const W = 640;
  const H = 180;
  const M = { left: 34, right: 8, top: 16, bottom: 30 };
  const periods = summary.periods;
  const top = Math.max(1, ...periods.map((p) => p.cooperation));
  const bottom = Math.max(1, ...periods.map((p) => p.conflict));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const axis = M.top + (plotH * top) / (top + bottom);
  const unit = plotH / (top + bottom);
  const step = plotW / periods.length;
  const bar = Math.max(step * 0.8, 1);
  const root = svg("svg", { class: "brief-chart", viewBox: `0 0 ${W} ${H}`, role: "img",
    "aria-label": `Cooperative (up) and conflictual (down) events per ${summary.interval}` });
  root.append(svg("line", { x1: M.left, y1: axis, x2: W - M.right, y2: axis, class: "axis-line" }),
    svg("text", { x: M.left - 4, y: M.top + 4, class: "tick", "text-anchor": "end" }, top),
    svg("text", { x: M.left - 4, y: M.top + plotH, class: "tick", "text-anchor": "end" }, bottom));
  periods.forEach((p, i) => {
    const x = M.left + i * step + (step - bar) / 2;
    const tip = `${p.label}: ${plural(p.events, "event")}, ${p.cooperation} cooperative, ${p.conflict} conflictual`;
    if (p.cooperation) root.append(svg("rect", { class: "coop", x, y: axis - p.cooperation * unit, width: bar, height: p.cooperation * unit }, svg("title", {}, tip)));
    if (p.conflict) root.append(svg("rect", { class: "conf", x, y: axis, width: bar, height: p.conflict * unit }, svg("title", {}, tip)));
  });
  root.append(svg("text", { x: M.left, y: H - 8, class: "tick" }, periods[0].label));
  if (periods.length > 1) root.append(svg("text", { x: W - M.right, y: H - 8, class: "tick", "text-anchor": "end" }, periods[periods.length - 1].label));
  const rows = periods.filter((p) => p.events).map((p) => el("tr", {},
    el("td", {}, p.label), el("td", { class: "num" }, p.events), el("td", { class: "num" }, p.cooperation),
    el("td", { class: "num" }, p.conflict), el("td", { class: "num" }, p.goldstein_mean === null ? "" : p.goldstein_mean.toFixed(1)),
    el("td", {}, Object.entries(p.counts).map(([t, n]) => `${t} ${n}`).join(", "))));
  return [root, el("table", { class: "brief-table" },
    el("thead", {}, el("tr", {}, [summary.interval, "Events", "Cooperative", "Conflictual", "Mean Goldstein", "By type"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows))];
}
