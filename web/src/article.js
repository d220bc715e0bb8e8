// The article view: the original text with every evidence span marked, the events beside it.
// An "@<start>-<end>" in place of an event id highlights that span of the text (a quote's evidence).
import { articleBriefHash } from "./brief.js";
import { typeColor } from "./colors.js";
import { actorLabel, clear, el, plural } from "./util.js";

// Split the text at every evidence boundary; each piece knows which events cover it.
export function segments(text, events) {
  const cuts = new Set([0, text.length]);
  const spans = [];
  for (const e of events) {
    let start = Math.max(0, Math.min(text.length, e.evidence.start ?? 0));
    let end = Math.max(start, Math.min(text.length, e.evidence.end ?? 0));
    // Whitespace at the edges (a trailing line break) would mark an empty line.
    while (start < end && /\s/.test(text[start])) start += 1;
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    if (end > start) {
      spans.push({ id: e.event_id, type: e.event_type, start, end });
      cuts.add(start);
      cuts.add(end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    out.push({ start: a, end: b, text: text.slice(a, b), events: covering });
  }
  return out;
}

function markFor(piece) {
  const mark = el("mark", {
    class: "evidence",
    dataset: { events: piece.events.map((s) => s.id).join(" "), types: piece.events.map((s) => s.type).join(" ") },
    title: piece.events.map((s) => s.type).join(", "),
  }, piece.text);
  mark.style.borderBottomColor = typeColor(piece.events[0].type);
  return mark;
}

export function renderArticle(container, detail, selectedId, { onBack, onSelect }) {
  clear(container);
  const { article, events, quotes } = detail;
  const body = el("article", { class: "article-body" });
  const meta = [article.date || "undated", article.outlet, article.doc].filter(Boolean).join(" · ");
  body.append(
    el("button", { class: "back", type: "button", on: { click: onBack } }, "← Back to overview"), " ",
    el("a", { class: "brief-link", href: articleBriefHash(article.doc) }, "Brief of this article"),
    el("h2", { id: "article-title" }, article.title || article.doc),
    el("p", { class: "meta" }, meta),
  );
  if (article.url && /^https?:\/\//i.test(article.url)) {
    body.append(el("p", { class: "meta" }, el("a", { href: article.url, rel: "noopener noreferrer", target: "_blank" },
      article.url)));
  }
  const textBox = el("div", { id: "article-text", class: "article-text" });
  for (const piece of segments(article.text, events)) {
    textBox.append(piece.events.length ? markFor(piece) : document.createTextNode(piece.text));
  }
  body.append(textBox);

  const side = el("aside", { class: "article-events" }, el("h3", {}, plural(events.length, "event")));
  const list = el("ol", { class: "event-list" });
  for (const e of events) {
    const chip = el("span", { class: "type-chip" }, e.event_type);
    chip.style.backgroundColor = typeColor(e.event_type);
    const item = el("li", {
      class: "event-item", tabindex: 0, dataset: { eventId: e.event_id },
      on: { click: () => onSelect(e.event_id), keydown: (ev) => { if (ev.key === "Enter") onSelect(e.event_id); } },
    },
    el("div", {}, chip, " ", el("span", { class: "status" }, e.status || "")),
    el("div", { class: "who" }, `${actorLabel(e.source)} → ${actorLabel(e.target)}`),
    el("div", { class: "when" }, e.date ? `${e.date.text || ""} (${e.date.start}${e.date.end !== e.date.start ? ` – ${e.date.end}` : ""})`
      : `no date; article ${e.article_date || "undated"}`),
    el("div", { class: "conf" }, `confidence ${e.confidence ?? "?"}${e.cameo ? ` · CAMEO ${e.cameo}` : ""}`));
    list.append(item);
  }
  side.append(list);
  if (quotes.length) {
    side.append(el("h3", {}, plural(quotes.length, "quote")));
    const ql = el("ul", { class: "quote-list" });
    for (const q of quotes) {
      ql.append(el("li", {}, el("q", {}, q.quote || ""), " — ", q.speaker ? actorLabel(q.speaker) : "unknown speaker"));
    }
    side.append(ql);
  }
  container.append(el("div", { class: "article-layout" }, body, side));
  if (selectedId) highlight(container, selectedId);
}

// The text nodes of the article text in order, with the offset each starts at.
function textRange(container, start, end) {
  const box = container.querySelector("#article-text");
  if (!box) return null;
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let offset = 0;
  let begun = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.nodeValue.length;
    if (!begun && start <= offset + length) {
      range.setStart(node, start - offset);
      begun = true;
    }
    if (begun && end <= offset + length) {
      range.setEnd(node, end - offset);
      return range;
    }
    offset += length;
  }
  return null;
}

// Highlight characters start..end of the text (CSS Custom Highlight API, else the selection) and scroll to them.
function highlightSpan(container, start, end) {
  const range = textRange(container, start, end);
  if (!range) return;
  if (window.CSS && CSS.highlights && window.Highlight) CSS.highlights.set("eventwire-span", new Highlight(range));
  else window.getSelection().addRange(range);
  const box = range.getBoundingClientRect();
  window.scrollBy({ top: box.top - window.innerHeight / 3 });
}

// Mark the selected event's evidence and its list item, and scroll the evidence into view.
export function highlight(container, eventId) {
  for (const node of container.querySelectorAll(".active")) node.classList.remove("active");
  if (window.CSS && CSS.highlights) CSS.highlights.delete("eventwire-span");
  const span = /^@(\d+)-(\d+)$/.exec(eventId || "");
  if (span) {
    highlightSpan(container, Number(span[1]), Number(span[2]));
    return;
  }
  const marks = [...container.querySelectorAll("mark.evidence")].filter((m) =>
    m.dataset.events.split(" ").includes(eventId));
  for (const m of marks) m.classList.add("active");
  const item = [...container.querySelectorAll(".event-item")].find((li) => li.dataset.eventId === eventId);
  if (item) item.classList.add("active");
  if (marks.length) marks[0].scrollIntoView({ block: "center" });
  if (item) item.scrollIntoView({ block: "nearest" });
}
