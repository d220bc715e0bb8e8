// The actor network: actors as nodes, events as edges coloured by type. The layout is
// computed once (a fixed number of force-simulation ticks) and drawn as static SVG.
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from "d3-force";
import { sortTypes, typeColor } from "./colors.js";
import { clear, el, svg } from "./util.js";

const W = 900;
const H = 480;

export function renderNetwork(container, data, { onActor, onEdge }) {
  clear(container);
  if (!data.edges.length) {
    container.append(el("p", { class: "empty" }, "No events with both a source and a target match these filters."));
    return;
  }
  const nodes = data.nodes.map((n) => ({ ...n }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = data.edges.filter((e) => e.source !== e.target).map((e) => ({ ...e }));
  // Several types between the same pair are drawn as separate arcs.
  const pairIndex = new Map();
  for (const link of links) {
    const key = [link.source, link.target].sort().join("\u0000");
    link.arc = pairIndex.get(key) || 0;
    pairIndex.set(key, link.arc + 1);
  }
  const radius = (n) => 4 + Math.sqrt(n.n_events) * 2.5;
  const simulation = forceSimulation(nodes)
    .force("link", forceLink(links).id((d) => d.id).distance(55).strength(0.5))
    .force("charge", forceManyBody().strength(-140).distanceMax(260))
    .force("collide", forceCollide().radius((d) => radius(d) + 6))
    // Gravity keeps the small separate components close to the main one.
    .force("x", forceX(W / 2).strength(0.05))
    .force("y", forceY(H / 2).strength(0.25))
    .force("center", forceCenter(W / 2, H / 2))
    .stop();
  for (let i = 0; i < 300; i += 1) simulation.tick();
  // Fit the layout into the view box.
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 120) / Math.max(1, maxX - minX), (H - 60) / Math.max(1, maxY - minY), 2);
  const px = (n) => 60 + (n.x - minX) * scale + ((W - 120) - (maxX - minX) * scale) / 2;
  const py = (n) => 30 + (n.y - minY) * scale + ((H - 60) - (maxY - minY) * scale) / 2;

  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network-svg", role: "img",
    "aria-label": "Actor network" });
  const defs = svg("defs");
  const types = sortTypes(new Set(links.map((l) => l.event_type)));
  for (const type of types) {
    defs.append(svg("marker", { id: `arrow-${type}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6,
      markerHeight: 6, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: typeColor(type) })));
  }
  chart.append(defs);
  const edgeLayer = svg("g", { class: "edges" });
  for (const link of links) {
    const s = link.source;
    const t = link.target;
    const [x1, y1, x2, y2] = [px(s), py(s), px(t), py(t)];
    const dx = x2 - x1;
    const dy = y2 - y1;
    const len = Math.max(1, Math.hypot(dx, dy));
    // Stop the arrow at the target's rim; bend parallel edges apart.
    const ex = x2 - (dx / len) * (radius(t) + 2);
    const ey = y2 - (dy / len) * (radius(t) + 2);
    const bend = link.arc ? (link.arc % 2 ? 1 : -1) * Math.ceil(link.arc / 2) * 18 : 0;
    const cx = (x1 + ex) / 2 - (dy / len) * bend;
    const cy = (y1 + ey) / 2 + (dx / len) * bend;
    const path = svg("path", {
      d: `M${x1},${y1} Q${cx},${cy} ${ex},${ey}`, class: "edge", stroke: typeColor(link.event_type),
      "stroke-width": 1.2 + Math.log2(link.count) * 1.2, "marker-end": `url(#arrow-${link.event_type})`,
      fill: "none", tabindex: 0, dataset: { type: link.event_type, count: link.count },
      on: { click: () => onEdge(link) },
    }, svg("title", {}, `${s.name} → ${t.name}: ${link.event_type} × ${link.count}`));
    edgeLayer.append(path);
  }
  chart.append(edgeLayer);
  const nodeLayer = svg("g", { class: "nodes" });
  const labelLayer = svg("g", { class: "labels" });
  const labelled = new Set([...nodes].sort((a, b) => b.n_events - a.n_events).slice(0, 18).map((n) => n.id));
  for (const n of nodes) {
    const g = svg("g", { class: "node", tabindex: 0, dataset: { actor: n.name }, on: { click: () => onActor(n) } },
      svg("circle", { cx: px(n), cy: py(n), r: radius(n) }),
      svg("title", {}, `${n.name}${n.country ? ` (${n.country})` : ""}: ${n.n_events} events`));
    nodeLayer.append(g);
    if (labelled.has(n.id)) {
      labelLayer.append(svg("text", { x: px(n) + radius(n) + 3, y: py(n) + 4, class: "label" }, n.name));
    }
  }
  // Labels above every node, so that no node hides a name.
  chart.append(nodeLayer, labelLayer);
  container.append(chart);
  const legend = el("div", { class: "legend" });
  for (const type of types) {
    const sw = el("span", { class: "swatch" });
    sw.style.backgroundColor = typeColor(type);
    legend.append(el("span", { class: "chip" }, sw, type));
  }
  container.append(legend);
  if (byId.size > labelled.size) container.append(el("p", { class: "note" }, "Hover a node or edge for details."));
}
