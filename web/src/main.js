// The eventwire page: filters, timeline, network, dyads and event table on the overview; an
// article view with the evidence highlighted; a Brief view. Everything the page shows lives in the
// URL hash, so a reload or a shared link shows the same view:
//   #/?actor=..&type=..&interval=month&net=actor&s.source_id=..&s.type=..&page=2   overview
//   #/article/<doc>/<event_id>                              article (@<start>-<end>: a span of it)
//   #/brief?actor=..&type=..   #/brief/<doc>                the brief of the filters, of an article (brief.js)
// A click on a bar, an edge or a node selects events with the same filters the API used to
// count them, so the list always holds the number the picture shows.
import { renderArticle, highlight } from "./article.js";
import { briefRoute, installBrief } from "./brief.js";
import { TYPE_ORDER, typeColor } from "./colors.js";
import { renderNetwork } from "./network.js";
import { periodLabel, renderTimeline } from "./timeline.js";
import { FILTER_KEYS, actorLabel, api, apiUrl, clear, el, plural } from "./util.js";

const PAGE = 25;
const STATUSES = ["occurred", "planned", "alleged", "denied", "hypothetical"];
const SELECTION_KEYS = ["actor_id", "source_id", "target_id", "country", "source_country", "target_country",
  "type", "since", "until"];
const EXPORTS = [["csv", "CSV"], ["jsonl", "JSON Lines"], ["parquet", "Parquet"]];
const state = { filters: {}, interval: "month", net: "actor", selection: null, offset: 0, articleDoc: null,
  overviewKey: null, overviewHash: "#/", tableSeq: 0 };
const $ = (id) => document.getElementById(id);

// -- the URL ------------------------------------------------------------------------------------

function overviewHash({ filters = state.filters, interval = state.interval, net = state.net,
  selection = state.selection, offset = state.offset } = {}) {
  const q = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) q.set(key, filters[key]);
  if (interval !== "month") q.set("interval", interval);
  if (net !== "actor") q.set("net", net);
  if (selection) {
    for (const [key, value] of Object.entries(selection.params)) if (value) q.set(`s.${key}`, value);
    q.set("s.label", selection.label);
  }
  if (offset) q.set("page", String(offset / PAGE + 1));
  const text = q.toString();
  return text ? `#/?${text}` : "#/";
}

function readOverviewHash(hash) {
  const q = new URLSearchParams(hash.replace(/^#\/\??/, ""));
  const filters = {};
  for (const key of FILTER_KEYS) if (q.get(key)) filters[key] = q.get(key);
  const params = {};
  for (const key of SELECTION_KEYS) if (q.get(`s.${key}`)) params[key] = q.get(`s.${key}`);
  const selection = Object.keys(params).length ? { label: q.get("s.label") || "selection", params } : null;
  const page = Math.max(1, parseInt(q.get("page") || "1", 10) || 1);
  return { filters, interval: q.get("interval") || "month", net: q.get("net") === "country" ? "country" : "actor",
    selection, offset: (page - 1) * PAGE };
}

function go(changes) {
  location.hash = overviewHash({ ...changes });
}

function articleHash(doc, eventId) {
  return `#/article/${encodeURIComponent(doc)}${eventId ? `/${encodeURIComponent(eventId)}` : ""}`;
}

// -- errors: old results go, a way back stays ------------------------------------------------------

function clearResults() {
  for (const id of ["timeline", "network", "dyads", "events-table", "pager", "selection", "exports"]) clear($(id));
  delete $("pager").dataset.total;
}

function showError(error, { inArticle = false } = {}) {
  const box = clear($("error"));
  const back = inArticle
    ? el("button", { type: "button", class: "error-back", on: { click: () => { location.hash = state.overviewHash; } } },
      "← Back to overview")
    : el("button", { type: "button", class: "error-back", on: { click: () => { location.hash = "#/"; } } },
      "Clear filters");
  box.append(el("span", { class: "error-text" }, String(error.message || error)), " ", back);
  if (!inArticle && history.length > 1) {
    box.append(" ", el("button", { type: "button", class: "error-undo", on: { click: () => history.back() } }, "Undo"));
  }
  box.hidden = false;
  if (!inArticle) clearResults();
}

function hideError() {
  clear($("error")).hidden = true;
}

// -- filters ------------------------------------------------------------------------------------

function option(value, label) {
  return el("option", { value }, label ?? value);
}

function buildFilters() {
  const form = $("filters");
  const field = (label, input) => el("label", {}, el("span", {}, label), input);
  form.append(
    field("Actor", el("input", { name: "actor", type: "search", placeholder: "name or alias" })),
    field("Country", el("input", { name: "country", type: "search", placeholder: "ISO3", maxlength: 3, size: 4 })),
    field("Type", el("select", { name: "type" }, option("", "any"), TYPE_ORDER.map((t) => option(t)))),
    field("Status", el("select", { name: "status" }, option("", "any"), STATUSES.map((s) => option(s)))),
    field("Since", el("input", { name: "since", type: "date" })),
    field("Until", el("input", { name: "until", type: "date" })),
    field("Text", el("input", { name: "q", type: "search", placeholder: "in the evidence" })),
    field("Per", el("select", { name: "interval" }, option("month"), option("week"), option("day"), option("year"))),
    el("button", { type: "submit" }, "Apply"),
    el("button", { type: "reset" }, "Clear"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const filters = {};
    for (const key of FILTER_KEYS) {
      const value = String(data.get(key) || "").trim();
      if (value) filters[key] = value;
    }
    go({ filters, interval: String(data.get("interval") || "month"), net: state.net, selection: null, offset: 0 });
  });
  form.addEventListener("reset", (e) => {
    e.preventDefault();
    go({ filters: {}, interval: "month", net: state.net, selection: null, offset: 0 });
  });
}

function fillFilters() {
  const form = $("filters");
  for (const key of FILTER_KEYS) form.elements[key].value = state.filters[key] || "";
  form.elements.interval.value = state.interval;
}

// -- overview ----------------------------------------------------------------------------------------

async function loadStats() {
  const s = await api("/api/stats");
  const range = s.first_day ? ` · events dated ${s.first_day} – ${s.last_day}` : "";
  const stats = $("stats");
  stats.textContent = `${plural(s.articles, "article")} · ${plural(s.events, "event")} · ${plural(s.quotes, "quote")}${range}`;
  stats.dataset.firstDay = s.first_day || "";
  stats.dataset.lastDay = s.last_day || "";
}

function filterProblem(f) {
  if (f.since && f.until && f.since > f.until) return `"Since" (${f.since}) is after "Until" (${f.until}): no event can match.`;
  if (f.country && !/^[A-Za-z]{3}$/.test(f.country)) return `Country must be a three-letter code (ISO3 or IGO), not "${f.country}".`;
  return null;
}

async function loadOverview() {
  const f = state.filters;
  const problem = filterProblem(f);
  if (problem) throw new Error(problem);
  const [timeline, network, dyads] = await Promise.all([
    loadTimeline(f, state.interval),
    api("/api/network", { ...f, by: state.net, max_edges: 80 }),
    api("/api/dyads", { ...f, limit: 12 }),
  ]);
  renderTimeline($("timeline"), timeline, { onSelect: selectPeriod });
  renderNetwork($("network"), network, { onNode: selectNode, onEdge: selectEdge });
  renderDyads($("dyads"), dyads);
  for (const button of document.querySelectorAll("#net-mode button")) {
    button.setAttribute("aria-pressed", String(button.dataset.net === state.net));
  }
}

// The axis is drawn to scale; a range too long for the chosen period is shown in coarser periods.
const COARSER = { day: "week", week: "month", month: "year" };
const MAX_PERIODS = 400;
const DAYS = { day: 1, week: 7, month: 30.44, year: 365.25 };

async function loadTimeline(f, interval) {
  let chosen = interval;
  let data = await api("/api/timeline", { ...f, interval: chosen });
  while (COARSER[chosen] && spanPeriods(data, chosen) > MAX_PERIODS) {
    chosen = COARSER[chosen];
    data = await api("/api/timeline", { ...f, interval: chosen });
  }
  data.asked = interval;
  return data;
}

function spanPeriods(data, interval) {
  if (!data.buckets.length) return 0;
  const days = (Date.parse(data.buckets[data.buckets.length - 1].period) - Date.parse(data.buckets[0].period)) / 864e5;
  return days / DAYS[interval] + 1;
}

function select(label, params) {
  go({ selection: { label, params }, offset: 0 });
}

function selectPeriod({ period, until, type, interval }) {
  select(`${periodLabel(period, interval)} · ${type}`, { since: period, until, type });
}

function selectNode(node) {
  if (state.net === "country") select(`country: ${node.name}`, { country: node.id });
  else select(`actor: ${node.name}`, { actor_id: node.id });
}

function selectEdge(link) {
  const label = `${link.source.name} → ${link.target.name} · ${link.event_type}`;
  if (state.net === "country") {
    select(label, { source_country: link.source.id, target_country: link.target.id, type: link.event_type });
  } else {
    select(label, { source_id: link.source.id, target_id: link.target.id, type: link.event_type });
  }
}

function renderDyads(container, data) {
  clear(container);
  if (!data.items.length) {
    container.append(el("p", { class: "empty" }, "No country pairs match."));
    return;
  }
  const rows = data.items.map((d) => {
    const bar = el("span", { class: `score-bar ${d.score < 0 ? "neg" : "pos"}` });
    bar.style.width = `${Math.min(50, Math.abs(d.score) * 5)}%`;
    const counts = Object.entries(d.counts).map(([t, n]) => `${t} ${n}`).join(", ");
    return el("tr", { title: counts }, el("td", { class: "nowrap" }, `${d.source_country} → ${d.target_country}`),
      el("td", { class: "num" }, d.n_events), el("td", { class: "num" }, d.score.toFixed(1)),
      el("td", { class: "score" }, el("span", { class: "axis" }, bar)));
  });
  container.append(el("table", { class: "dyads" },
    el("thead", {}, el("tr", {}, ["Pair", "Events", "Score", "Conflict ↔ cooperation"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)));
}

function listParams() {
  // A selection narrows the filters; where both set a key (type, dates), the selection's value holds.
  return { ...state.filters, ...(state.selection ? state.selection.params : {}) };
}

function renderExports() {
  const box = clear($("exports"));
  box.append(el("span", { class: "note" }, "Export these events:"));
  for (const [format, label] of EXPORTS) {
    box.append(" ", el("a", { class: "export", href: apiUrl("/api/export", { ...listParams(), format }),
      download: `eventwire-events.${format}`, dataset: { format } }, label));
  }
}

async function loadTable() {
  const page = await api("/api/events", { ...listParams(), limit: PAGE, offset: state.offset, order: "desc" });
  const selection = clear($("selection"));
  if (state.selection) {
    selection.append(el("span", { class: "chip" }, state.selection.label, " ",
      el("button", { type: "button", class: "link", title: "Show all events",
        on: { click: () => go({ selection: null, offset: 0 }) } }, "✕")));
  }
  const table = clear($("events-table"));
  const head = el("thead", {}, el("tr", {}, ["Date", "Type", "Source", "Target", "Status", "Evidence", "Article"]
    .map((h) => el("th", {}, h))));
  const body = el("tbody");
  for (const e of page.items) {
    const chip = el("span", { class: "type-chip" }, e.event_type);
    chip.style.backgroundColor = typeColor(e.event_type);
    const open = () => { location.hash = articleHash(e.doc, e.event_id); };
    body.append(el("tr", { class: "event-row", tabindex: 0, dataset: { eventId: e.event_id },
      on: { click: open, keydown: (ev) => { if (ev.key === "Enter") open(); } } },
    el("td", { class: "nowrap date-cell", dataset: { label: "Date" } }, e.day || "—"),
    el("td", { class: "type-cell" }, chip),
    el("td", { class: "actor-cell", dataset: { label: "Source" } }, actorLabel(e.source)),
    el("td", { class: "actor-cell", dataset: { label: "Target" } }, actorLabel(e.target)),
    el("td", { class: "status-cell" }, e.status || ""),
    el("td", { class: "evidence-cell" }, e.evidence.text || ""),
    el("td", { class: "title-cell" }, e.article_title || e.doc)));
  }
  table.append(head, body);
  const pager = clear($("pager"));
  pager.dataset.total = String(page.total);
  const last = Math.min(page.offset + page.items.length, page.total);
  pager.append(
    el("button", { type: "button", disabled: page.offset === 0 ? "" : null,
      on: { click: () => go({ offset: Math.max(0, state.offset - PAGE) }) } }, "‹ Prev"),
    el("span", { class: "count" }, page.total ? ` ${page.offset + 1}–${last} of ${page.total} ` : " no events "),
    el("button", { type: "button", disabled: last >= page.total ? "" : null,
      on: { click: () => go({ offset: state.offset + PAGE }) } }, "Next ›"),
  );
  renderExports();
  state.tableSeq += 1;
  document.body.dataset.tableSeq = String(state.tableSeq);
}

async function showOverview(hash) {
  const next = readOverviewHash(hash);
  const key = JSON.stringify([next.filters, next.interval, next.net]);
  const scroll = next.selection && JSON.stringify(next.selection) !== JSON.stringify(state.selection);
  Object.assign(state, next);
  state.overviewHash = hash || "#/";
  fillFilters();
  document.title = "eventwire";
  $("article-view").hidden = true;
  $("overview").hidden = false;
  hideError();
  try {
    if (key !== state.overviewKey) {
      state.overviewKey = null;
      await loadOverview();
      state.overviewKey = key;
    }
    await loadTable();
    if (scroll) $("events-panel").scrollIntoView({ block: "start" });
  } catch (error) {
    state.overviewKey = null;
    showError(error);
  }
}

// -- article ------------------------------------------------------------------------------------------

async function showArticle(doc, eventId) {
  $("overview").hidden = true;
  hideError();
  const view = $("article-view");
  view.hidden = false;
  if (state.articleDoc === doc && view.dataset.loaded === "1") {
    highlight(view, eventId);
    return;
  }
  view.dataset.loaded = "0";
  clear(view).append(el("p", { class: "empty" }, "Loading…"));
  try {
    const detail = await api(`/api/articles/${encodeURIComponent(doc)}`);
    state.articleDoc = doc;
    renderArticle(view, detail, eventId, {
      onBack: () => { location.hash = state.overviewHash; },
      onSelect: (id) => { history.replaceState(null, "", articleHash(doc, id)); highlight(view, id); },
    });
    view.dataset.loaded = "1";
    document.title = `${detail.article.title || doc} · eventwire`;
  } catch (error) {
    state.articleDoc = null;
    clear(view);
    showError(error, { inArticle: true });
  }
}

function route() {
  const brief = briefRoute(location.hash);
  if (brief) {
    hideError();
    return brief;
  }
  const match = location.hash.match(/^#\/article\/([^/]+)(?:\/([^/]+))?$/);
  if (match) return showArticle(decodeURIComponent(match[1]), match[2] ? decodeURIComponent(match[2]) : null);
  return showOverview(location.hash.startsWith("#/") ? location.hash : "#/");
}

function buildNetMode() {
  const box = $("net-mode");
  for (const [net, label] of [["actor", "Actors"], ["country", "Countries"]]) {
    box.append(el("button", { type: "button", dataset: { net }, "aria-pressed": "false",
      on: { click: () => go({ net, selection: null, offset: 0 }) } }, label));
  }
}

buildFilters();
buildNetMode();
// The Brief button writes the brief of the filters the URL holds (state.filters, read from the hash).
installBrief({ getFilters: () => state.filters, onBack: () => { location.hash = state.overviewHash; } });
window.addEventListener("hashchange", route);
loadStats().catch((error) => showError(error));
route().then(() => { document.body.dataset.ready = "1"; });
