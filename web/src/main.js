// The eventwire page: filters, timeline, actor network, dyads and event table on the
// overview; an article view with the evidence highlighted. Routes live in the URL hash:
//   #/                          overview
//   #/article/<doc>/<event_id>  article, scrolled to that event's evidence (@<start>-<end>: a span)
//   #/brief?<filters>, #/brief/<doc>   the Brief view (brief.js)
import { renderArticle, highlight } from "./article.js";
import { briefRoute, installBrief } from "./brief.js";
import { TYPE_ORDER, typeColor } from "./colors.js";
import { renderNetwork } from "./network.js";
import { periodLabel, renderTimeline } from "./timeline.js";
import { actorLabel, api, clear, el, plural } from "./util.js";

const PAGE = 25;
const STATUSES = ["occurred", "planned", "alleged", "denied", "hypothetical"];
const state = { filters: {}, interval: "month", selection: null, offset: 0, articleDoc: null };
const $ = (id) => document.getElementById(id);

function showError(error) {
  const box = $("error");
  box.textContent = String(error.message || error);
  box.hidden = false;
}

function articleHash(doc, eventId) {
  return `#/article/${encodeURIComponent(doc)}${eventId ? `/${encodeURIComponent(eventId)}` : ""}`;
}

// -- filters ------------------------------------------------------------------------------------

function option(value, label) {
  return el("option", { value }, label ?? value);
}

function buildFilters() {
  const form = $("filters");
  const field = (label, input) => el("label", {}, el("span", {}, label), input);
  form.append(
    field("Actor", el("input", { name: "actor", type: "search", placeholder: "name" })),
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
    state.filters = {};
    for (const key of ["actor", "country", "type", "status", "since", "until", "q"]) {
      const value = String(data.get(key) || "").trim();
      if (value) state.filters[key] = value;
    }
    state.interval = String(data.get("interval") || "month");
    state.selection = null;
    state.offset = 0;
    loadOverview();
  });
  form.addEventListener("reset", () => setTimeout(() => form.requestSubmit(), 0));
}

// -- overview ----------------------------------------------------------------------------------------

async function loadStats() {
  const s = await api("/api/stats");
  const range = s.first_date ? ` · ${s.first_date} – ${s.last_date}` : "";
  $("stats").textContent = `${plural(s.articles, "article")} · ${plural(s.events, "event")} · ${plural(s.quotes, "quote")}${range}`;
}

async function loadOverview() {
  $("error").hidden = true;
  const f = state.filters;
  try {
    const [timeline, network, dyads] = await Promise.all([
      api("/api/timeline", { ...f, interval: state.interval }),
      api("/api/network", { ...f, max_edges: 80 }),
      api("/api/dyads", { ...f, limit: 12 }),
    ]);
    renderTimeline($("timeline"), timeline, { onSelect: selectPeriod });
    renderNetwork($("network"), network, { onActor: selectActor, onEdge: selectEdge });
    renderDyads($("dyads"), dyads);
  } catch (error) {
    showError(error);
  }
  await loadTable();
}

function selectPeriod({ period, until, type, interval }) {
  state.selection = { label: `${periodLabel(period, interval)} · ${type}`, params: { since: period, until, type } };
  state.offset = 0;
  loadTable().then(() => $("events-panel").scrollIntoView({ block: "start" }));
}

function selectActor(node) {
  state.selection = { label: `actor: ${node.name}`, params: { actor: node.name, country: node.country || undefined } };
  state.offset = 0;
  loadTable().then(() => $("events-panel").scrollIntoView({ block: "start" }));
}

function selectEdge(link) {
  state.selection = {
    label: `${link.source.name} → ${link.target.name} · ${link.event_type}`,
    params: { actor: link.source.name, type: link.event_type },
  };
  state.offset = 0;
  loadTable().then(() => $("events-panel").scrollIntoView({ block: "start" }));
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

async function loadTable() {
  const params = { ...state.filters, ...(state.selection ? state.selection.params : {}), limit: PAGE, offset: state.offset, order: "desc" };
  const table = $("events-table");
  let page;
  try {
    page = await api("/api/events", params);
  } catch (error) {
    showError(error);
    return;
  }
  // The selection chip appears with the rows it describes.
  const selection = $("selection");
  clear(selection);
  if (state.selection) {
    selection.append(el("span", { class: "chip" }, state.selection.label, " ",
      el("button", { type: "button", class: "link", title: "Show all events", on: { click: () => {
        state.selection = null;
        state.offset = 0;
        loadTable();
      } } }, "✕")));
  }
  clear(table);
  const head = el("thead", {}, el("tr", {}, ["Date", "Type", "Source", "Target", "Status", "Evidence", "Article"]
    .map((h) => el("th", {}, h))));
  const body = el("tbody");
  for (const e of page.items) {
    const chip = el("span", { class: "type-chip" }, e.event_type);
    chip.style.backgroundColor = typeColor(e.event_type);
    const open = () => { location.hash = articleHash(e.doc, e.event_id); };
    body.append(el("tr", { class: "event-row", tabindex: 0, dataset: { eventId: e.event_id },
      on: { click: open, keydown: (ev) => { if (ev.key === "Enter") open(); } } },
    el("td", { class: "nowrap" }, e.day || "—"), el("td", {}, chip), el("td", {}, actorLabel(e.source)),
    el("td", {}, actorLabel(e.target)), el("td", {}, e.status || ""),
    el("td", { class: "evidence-cell" }, e.evidence.text || ""), el("td", { class: "title-cell" }, e.article_title || e.doc)));
  }
  table.append(head, body);
  const pager = $("pager");
  clear(pager);
  const last = Math.min(page.offset + page.items.length, page.total);
  pager.append(
    el("button", { type: "button", disabled: page.offset === 0 ? "" : null, on: { click: () => {
      state.offset = Math.max(0, state.offset - PAGE);
      loadTable();
    } } }, "‹ Prev"),
    el("span", {}, page.total ? ` ${page.offset + 1}–${last} of ${page.total} ` : " no events "),
    el("button", { type: "button", disabled: last >= page.total ? "" : null, on: { click: () => {
      state.offset += PAGE;
      loadTable();
    } } }, "Next ›"),
  );
}

// -- article ------------------------------------------------------------------------------------------

async function showArticle(doc, eventId) {
  $("overview").hidden = true;
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
      onBack: () => { location.hash = "#/"; },
      onSelect: (id) => { history.replaceState(null, "", articleHash(doc, id)); highlight(view, id); },
    });
    view.dataset.loaded = "1";
    document.title = `${detail.article.title || doc} · eventwire`;
  } catch (error) {
    clear(view);
    showError(error);
  }
}

function route() {
  if (briefRoute(location.hash)) return;
  const match = location.hash.match(/^#\/article\/([^/]+)(?:\/([^/]+))?$/);
  if (match) {
    showArticle(decodeURIComponent(match[1]), match[2] ? decodeURIComponent(match[2]) : null);
    return;
  }
  document.title = "eventwire";
  $("article-view").hidden = true;
  $("overview").hidden = false;
}

buildFilters();
installBrief(() => state.filters);
window.addEventListener("hashchange", route);
loadStats().catch(showError);
loadOverview().then(() => { document.body.dataset.ready = "1"; });
route();
