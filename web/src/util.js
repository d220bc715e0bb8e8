// DOM helpers. Every piece of data enters the page as a text node or an attribute
// value, never as HTML: article text may contain markup and must stay inert.

const SVG_NS = "http://www.w3.org/2000/svg";
// The event filters of the filter form, the overview's URL hash and the Brief view's.
export const FILTER_KEYS = ["actor", "country", "type", "status", "since", "until", "q"];

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "on") {
      for (const [name, handler] of Object.entries(value)) node.addEventListener(name, handler);
    } else if (key === "dataset") {
      for (const [name, v] of Object.entries(value)) node.dataset[name] = String(v);
    } else if (key === "text") {
      node.textContent = String(value);
    } else {
      node.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  return query.toString() ? `${path}?${query}` : path;
}

export async function api(path, params = {}) {
  const url = apiUrl(path, params);
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new Error(`HTTP ${response.status}: the server did not answer with JSON`);
  }
  if (!response.ok) {
    const message = body && body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body;
}

export function actorLabel(actor) {
  if (!actor) return "—";
  const name = actor.name || actor.text || "?";
  return actor.country ? `${name} (${actor.country})` : name;
}

export function eventDay(event) {
  return event.day || "undated";
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
