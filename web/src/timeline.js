// The timeline: stacked bars of event counts per period, one colour per event type.
import { sortTypes, typeColor } from "./colors.js";
import { clear, el, svg } from "./util.js";

const W = 900;
const H = 230;
const M = { left: 40, right: 8, top: 10, bottom: 26 };

function parse(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function iso(date) {
  return date.toISOString().slice(0, 10);
}

export function nextPeriod(period, interval) {
  const d = parse(period);
  if (interval === "year") d.setUTCFullYear(d.getUTCFullYear() + 1);
  else if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + (interval === "week" ? 7 : 1));
  return iso(d);
}

export function periodEnd(period, interval) {
  const next = parse(nextPeriod(period, interval));
  next.setUTCDate(next.getUTCDate() - 1);
  return iso(next);
}

export function periodLabel(period, interval) {
  if (interval === "year") return period.slice(0, 4);
  return interval === "month" ? period.slice(0, 7) : period;
}

// Every period from the first to the last, so that gaps show as gaps.
function allPeriods(first, last, interval) {
  const out = [first];
  while (out[out.length - 1] < last) out.push(nextPeriod(out[out.length - 1], interval));
  return out;
}

const COARSER_NAME = { day: "days", week: "weeks", month: "months", year: "years" };

export function renderTimeline(container, data, { onSelect }) {
  clear(container);
  const interval = data.interval;
  const stacks = new Map();
  const typeTotals = new Map();
  for (const b of data.buckets) {
    if (!stacks.has(b.period)) stacks.set(b.period, new Map());
    stacks.get(b.period).set(b.event_type, b.count);
    typeTotals.set(b.event_type, (typeTotals.get(b.event_type) || 0) + b.count);
  }
  if (!stacks.size) {
    container.append(el("p", { class: "empty" }, "No dated events match these filters."));
    return;
  }
  const present = [...stacks.keys()].sort();
  const periods = allPeriods(present[0], present[present.length - 1], interval);
  const types = sortTypes(typeTotals.keys());
  const totals = periods.map((p) => [...(stacks.get(p) || new Map()).values()].reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  // The x axis is time, to scale: a period's bar sits where its first day falls between the first
  // period's start and the last period's end.
  const t0 = parse(periods[0]).getTime();
  const t1 = parse(nextPeriod(periods[periods.length - 1], interval)).getTime();
  const x = (period) => M.left + ((parse(period).getTime() - t0) / (t1 - t0)) * plotW;
  const y = (v) => M.top + plotH - (v / max) * plotH;

  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img",
    "aria-label": "Events per period and type", dataset: { interval, start: periods[0],
      end: periodEnd(periods[periods.length - 1], interval) } });
  for (const v of [0, Math.round(max / 2), max]) {
    chart.append(
      svg("line", { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: "grid" }),
      svg("text", { x: M.left - 6, y: y(v) + 4, class: "tick", "text-anchor": "end" }, String(v)),
    );
  }
  const every = Math.ceil(periods.length / 10);
  periods.forEach((period, i) => {
    const left = x(period);
    const width = x(nextPeriod(period, interval)) - left;
    const barW = Math.max(1, Math.min(width * 0.8, 48));
    const bx = left + (width - barW) / 2;
    if (i % every === 0) {
      chart.append(svg("text", { x: left + width / 2, y: H - 8, class: "tick", "text-anchor": "middle" },
        periodLabel(period, interval)));
    }
    let base = 0;
    const stack = stacks.get(period) || new Map();
    for (const type of types) {
      const count = stack.get(type);
      if (!count) continue;
      const top = y(base + count);
      const height = Math.max(2, y(base) - top);
      const choose = () => onSelect({ period, until: periodEnd(period, interval), type, interval });
      chart.append(svg("rect", {
        x: bx, y: top, width: barW, height, fill: typeColor(type), class: "bar", tabindex: 0,
        dataset: { period, until: periodEnd(period, interval), type, count },
        on: { click: choose, keydown: (e) => { if (e.key === "Enter") choose(); } },
      }, svg("title", {}, `${periodLabel(period, interval)} · ${type}: ${count}`)));
      base += count;
    }
  });
  container.append(chart);
  if (data.asked && data.asked !== interval) {
    container.append(el("p", { class: "note zoom-note" },
      `Shown per ${interval}: the range is too long to draw per ${data.asked} to scale ` +
      `(${periods.length} ${COARSER_NAME[interval]} from ${periodLabel(periods[0], interval)}). ` +
      "Narrow Since/Until to see finer periods."));
  }
  const legend = el("div", { class: "legend" });
  for (const type of types) {
    legend.append(el("span", { class: "chip", dataset: { type } },
      el("span", { class: "swatch", dataset: { color: typeColor(type) } }), `${type} ${typeTotals.get(type)}`));
  }
  for (const sw of legend.querySelectorAll(".swatch")) sw.style.backgroundColor = sw.dataset.color;
  container.append(legend);
  if (data.undated) container.append(el("p", { class: "note" }, `${data.undated === 1 ? "1 event has" : `${data.undated} events have`} no date and so no bar.`));
}
