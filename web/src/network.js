// The network: actors (or countries) as nodes, events as edges coloured by type. The layout is
// computed once (a fixed number of force-simulation ticks) and drawn as static SVG. Labels are
// placed greedily, biggest node first, at the first free spot around their node: a label that
// would overlap one already placed is left out (its node's tooltip still names it).
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from "d3-force";
import { sortTypes, typeColor } from "./colors.js";
import { clear, el, svg } from "./util.js";

const W = 900;
const H = 480;
const LABEL_FONT = "11px sans-serif";
const LABEL_H = 13;
const ARROW = 7; // arrowhead size in px, whatever the edge's width
const MAX_STROKE = 5;

let measureContext = null;
function textWidth(text) {
  if (!measureContext) measureContext = document.createElement("canvas").getContext("2d");
  if (!measureContext) return text.length * 6.5;
  measureContext.font = LABEL_FONT;
  return measureContext.measureText(text).width;
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// Candidate spots: right, left, above, below the node.
function labelBoxes(cx, cy, r, w) {
  return [
    { x: cx + r + 3, y: cy - LABEL_H / 2, w, h: LABEL_H },
    { x: cx - r - 3 - w, y: cy - LABEL_H / 2, w, h: LABEL_H },
    { x: cx - w / 2, y: cy - r - 2 - LABEL_H, w, h: LABEL_H },
    { x: cx - w / 2, y: cy + r + 2, w, h: LABEL_H },
  ];
}

export function renderNetwork(container, data, { onNode, onEdge }) {
  clear(container);
  if (!data.edges.length) {
    container.append(el("p", { class: "empty" }, "No events with both a source and a target match these filters."));
    return;
  }
  const nodes = data.nodes.map((n) => ({ ...n }));
  const links = data.edges.filter((e) => e.source !== e.target).map((e) => ({ ...e }));
  const loops = data.edges.length - links.length;
  // Several types between the same pair are drawn as separate arcs.
  const pairIndex = new Map();
  for (const link of links) {
    const key = [link.source, link.target].sort().join("\u0000");
    link.arc = pairIndex.get(key) || 0;
    pairIndex.set(key, link.arc + 1);
  }
  const radius = (n) => 4 + Math.min(Math.sqrt(n.n_events) * 2.5, 26);
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
    "aria-label": data.by === "country" ? "Country network" : "Actor network", dataset: { by: data.by } });
  const defs = svg("defs");
  const types = sortTypes(new Set(data.edges.map((l) => l.event_type)));
  for (const type of types) {
    // userSpaceOnUse: the arrowhead keeps its size however wide the edge is drawn.
    defs.append(svg("marker", { id: `arrow-${type}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: ARROW,
      markerHeight: ARROW, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
    svg("path", { d: "M0,0 L10,5 L0,10 z", fill: typeColor(type) })));
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
    edgeLayer.append(svg("path", {
      d: `M${x1},${y1} Q${cx},${cy} ${ex},${ey}`, class: "edge", stroke: typeColor(link.event_type),
      "stroke-width": Math.min(MAX_STROKE, 1.2 + Math.log2(link.count) * 1.2), "marker-end": `url(#arrow-${link.event_type})`,
      fill: "none", tabindex: 0, dataset: { type: link.event_type, count: link.count, source: s.id, target: t.id },
      on: { click: () => onEdge(link), keydown: (e) => { if (e.key === "Enter") onEdge(link); } },
    }, svg("title", {}, `${s.name} → ${t.name}: ${link.event_type} × ${link.count}`)));
  }
  chart.append(edgeLayer);
  const nodeLayer = svg("g", { class: "nodes" });
  const labelLayer = svg("g", { class: "labels" });
  // Node discs are obstacles too, so a label rarely covers another node; the biggest nodes may
  // cover a disc (the label's halo keeps it readable) but never another label.
  const discs = nodes.map((n) => ({ x: px(n) - radius(n), y: py(n) - radius(n), w: 2 * radius(n), h: 2 * radius(n), node: n }));
  const labels = [];
  const ranked = [...nodes].sort((a, b) => b.n_events - a.n_events || a.id.localeCompare(b.id));
  ranked.forEach((n, rank) => {
    const inside = (box) => box.x >= 0 && box.x + box.w <= W && box.y >= 0 && box.y + box.h <= H;
    const free = (box, obstacles) => !obstacles.some((other) => other.node !== n && overlaps(box, other));
    const boxes = labelBoxes(px(n), py(n), radius(n), textWidth(n.name)).filter(inside);
    const spot = boxes.find((box) => free(box, labels) && free(box, discs))
      || (rank < 12 ? boxes.find((box) => free(box, labels)) : undefined);
    if (!spot) return;
    labels.push({ ...spot, node: null });
    labelLayer.append(svg("text", { x: spot.x, y: spot.y + LABEL_H - 3, class: "label", "font-size": 11,
      "font-family": "sans-serif", dataset: { id: n.id } }, n.name));
  });
  for (const n of nodes) {
    const choose = () => onNode(n);
    nodeLayer.append(svg("g", { class: "node", tabindex: 0, dataset: { id: n.id, actor: n.name, count: n.n_events },
      on: { click: choose, keydown: (e) => { if (e.key === "Enter") choose(); } } },
    svg("circle", { cx: px(n), cy: py(n), r: radius(n) }),
    svg("title", {}, `${n.name}${n.country && n.country !== n.name ? ` (${n.country})` : ""}: ${n.n_events} events`)));
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
  const notes = [];
  if (labelLayer.childNodes.length < nodes.length) notes.push("Names that would overlap are left out: hover a node.");
  if (loops) notes.push(`${loops} edge${loops === 1 ? "" : "s"} from a node to itself not drawn (in the list).`);
  if (notes.length) container.append(el("p", { class: "note" }, notes.join(" ")));
}
