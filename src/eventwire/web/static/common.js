// eventwire viewer, shared helpers: element builders, the API client, colours, filters.
// Plain classic scripts loaded in order (common.js first, app.js last) share these top-level
// names. Values from the API only ever enter the page as text nodes or attributes.
"use strict";

const $ = (id) => document.getElementById(id);
// The SVG namespace is an identifier, not an address: nothing is ever fetched from it.
const SVG_NS = "http://www.w3.org/2000/svg";
const PAGE_SIZE = 20;
// Views that draw all matching events fetch at most this many (pages of the largest size).
const MAX_DRAWN_EVENTS = 2000;

// PLOVER types, in the order of the record format, each with a colour of its own.
const EVENT_COLOURS = {
  AGREE: "#1b9e77", CONSULT: "#66a61e", SUPPORT: "#2ca25f", CONCEDE: "#a6d854",
  COOPERATE: "#41b6c4", AID: "#1f78b4", RETREAT: "#8da0cb", REQUEST: "#7570b3",
  ACCUSE: "#e7298a", REJECT: "#c51b7d", THREATEN: "#fc8d62", PROTEST: "#e6ab02",
  SANCTION: "#a6761d", MOBILIZE: "#666666", COERCE: "#d95f02", ASSAULT: "#b2182b",
};
const EVENT_TYPES = Object.keys(EVENT_COLOURS);
const MODALITIES = ["asserted", "denied", "negated", "hedged", "intended", "conditional"];

function eventColour(type) {
  return Object.hasOwn(EVENT_COLOURS, type) ? EVENT_COLOURS[type] : "#999999";
}

// Builds an element; `text` is set as textContent, so it is never parsed as markup.
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  setProps(node, props);
  node.append(...children);
  return node;
}

// The same for SVG elements; every property is an attribute except `text`.
function svg(tag, props = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.setAttribute("class", value);
    else node.setAttribute(key, String(value));
  }
  node.append(...children);
  return node;
}

const ATTRIBUTES = new Set(["title", "href", "datetime", "type", "rel", "name", "value",
  "for", "id", "role", "tabindex", "open", "checked"]);

function setProps(node, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || ATTRIBUTES.has(key)) {
      node.setAttribute(key, value === true ? "" : value);
    } else throw new Error(`el: unsupported property ${key}`);
  }
}

class ApiFailure extends Error {}

async function getJSON(url) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (error) {
    throw new ApiFailure(`cannot reach the server (${error.message})`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Leave body null: the status line below still says what happened.
  }
  if (!response.ok) {
    const detail = body && body.error ? `${body.error.code} ${body.error.message}` : "";
    throw new ApiFailure(detail || `HTTP ${response.status}`);
  }
  return body;
}

function setStatus(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

// The shared filter bar: its fields are the query part of every view's address.
const FILTERS = ["q", "from", "to", "type", "modality", "source"];

function readFilters() {
  const form = $("search");
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

function fillFilters(params) {
  const form = $("search");
  for (const name of FILTERS) form.elements[name].value = params.get(name) || "";
}

// Only the filter bar's own names go to the API, whatever else the address holds.
function filterParams(params, extra = {}) {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (params.get(name)) query.set(name, params.get(name));
  for (const [key, value] of Object.entries(extra)) if (value) query.set(key, value);
  return query;
}

// Every event matching the filters, page by page, up to MAX_DRAWN_EVENTS.
async function fetchEvents(params, extra = {}) {
  const query = filterParams(params, extra);
  query.set("limit", "100");
  const items = [];
  let cursor = null;
  do {
    if (cursor) query.set("cursor", cursor);
    const page = await getJSON(`/api/events?${query}`);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < MAX_DRAWN_EVENTS);
  return { items: items.slice(0, MAX_DRAWN_EVENTS), truncated: Boolean(cursor) };
}

function articleHref(articleId, params = {}) {
  const query = new URLSearchParams(params).toString();
  return `#/article/${encodeURIComponent(articleId)}${query ? `?${query}` : ""}`;
}

function actorNames(actors) {
  return (actors || []).map((actor) => actor.name).join(", ");
}

// A non-asserted event is never shown as a plain fact: it carries its modality as a badge.
function modalityBadge(modality) {
  if (!modality || modality === "asserted") return null;
  return el("span", { className: `badge m-${MODALITIES.includes(modality) ? modality : "other"}`,
                      title: `modality: ${modality}`, text: modality.toUpperCase() });
}

function typeSwatch(type) {
  const swatch = el("span", { className: "swatch", "aria-hidden": "true" });
  swatch.style.background = eventColour(type);
  return swatch;
}

// One line of an event list: type, modality, actors, date, place, and its article.
function eventLine(item, withArticle = true) {
  const li = el("li", { className: `event-row${item.modality !== "asserted" ? " not-asserted" : ""}`,
                        "data-article": item.article, "data-event": item.id });
  const head = el("a", { href: articleHref(item.article, { event: item.id }), className: "event-link" },
    typeSwatch(item.type), el("b", { text: item.type + (item.mode ? `/${item.mode}` : "") }));
  li.append(head);
  const badge = modalityBadge(item.modality);
  if (badge) li.append(" ", badge);
  const who = [actorNames(item.sources), actorNames(item.targets)];
  if (who[0] || who[1]) li.append(" ", el("span", { className: "actors", text: `${who[0] || "?"} → ${who[1] || "?"}` }));
  const where = [item.day || item.date, item.place ? item.place.name : null].filter(Boolean);
  if (where.length) li.append(" ", el("span", { className: "meta", text: where.join(" · ") }));
  if (withArticle) li.append(el("div", { className: "meta", text: item.title || "(untitled)" }));
  return li;
}
