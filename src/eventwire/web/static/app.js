// eventwire viewer: article list with search and date filters, and an article view with its
// entity mentions highlighted. Plain DOM, no framework, no build step. Article text and every
// other value from the API only ever enter the page as text nodes or attributes, never as HTML.
"use strict";

const ENTITY_TYPES = {
  PERSON: "Person",
  ORG: "Organization",
  GPE: "Country, city or state",
  LOC: "Location",
  NORP: "Nationality, religious or political group",
  FAC: "Building, airport, road or bridge",
};
const PAGE_SIZE = 20;

const $ = (id) => document.getElementById(id);

// Values from the API never become a class name directly: unknown types share one colour.
function typeClass(type) {
  return Object.hasOwn(ENTITY_TYPES, type) ? `t-${type}` : "t-OTHER";
}

// Builds an element; `text` is set as textContent, so it is never parsed as markup.
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || key === "title" ||
             key === "href" || key === "datetime" || key === "type" || key === "rel") {
      node.setAttribute(key, value);
    } else throw new Error(`el: unsupported property ${key}`);
  }
  node.append(...children);
  return node;
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

// Each navigation bumps this; a response for an older one is dropped instead of drawn.
let generation = 0;
let lastListHash = "#/";

// ---- article list -------------------------------------------------------------------------

const FILTERS = ["q", "from", "to", "source"];

function readForm() {
  const form = $("search");
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

function fillForm(params) {
  const form = $("search");
  for (const name of FILTERS) form.elements[name].value = params.get(name) || "";
}

function resultItem(item) {
  const title = el("a", {
    className: "title", href: `#/article/${encodeURIComponent(item.id)}`,
    text: item.title || "(untitled)",
  });
  const meta = el("p", { className: "meta" },
    el("span", { className: "source", text: item.source || "unknown source" }),
    " · ",
    item.published
      ? el("time", { className: "date", datetime: item.published, text: item.published })
      : el("span", { className: "date", text: "undated" }));
  const li = el("li", { "data-id": item.id }, title, meta);
  if (item.snippet) li.append(snippet(item.snippet));
  return li;
}

// The store marks matches in a snippet as [word]; they become <b> elements around text nodes.
function snippet(text) {
  const node = el("p", { className: "snippet" });
  text.split(/\[([^[\]]*)\]/).forEach((part, n) => {
    if (n % 2) node.append(el("b", { text: part }));
    else if (part) node.append(document.createTextNode(part));
  });
  return node;
}

async function loadPage(params, cursor, mine) {
  const query = new URLSearchParams(params);
  query.set("limit", String(PAGE_SIZE));
  if (cursor) query.set("cursor", cursor);
  const page = await getJSON(`/api/articles?${query}`);
  if (mine !== generation) return;
  $("results").append(...page.items.map(resultItem));
  const more = $("more");
  more.hidden = !page.next;
  more.onclick = () => {
    more.disabled = true;
    loadPage(params, page.next, mine)
      .catch((error) => { if (mine === generation) setStatus(error.message, true); })
      .finally(() => { more.disabled = false; });
  };
  const shown = $("results").children.length;
  if (shown === 0) setStatus(params.toString() ? "No articles match." : "The store is empty.");
  else setStatus(`${shown} article${shown === 1 ? "" : "s"}${page.next ? " so far" : ""}`);
}

async function showList(params, mine) {
  $("article-view").hidden = true;
  $("list-view").hidden = false;
  document.title = "eventwire";
  fillForm(params);
  $("results").replaceChildren();
  $("more").hidden = true;
  setStatus("Loading…");
  await loadPage(params, null, mine);
}

// ---- article view -------------------------------------------------------------------------

// The record's offsets count code points (Python str indices); JavaScript strings count UTF-16
// units. This maps each code point offset to its UTF-16 offset, so text outside the Basic
// Multilingual Plane (emoji, some scripts) does not shift the highlights after it.
function utf16Offsets(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return null;
  const offsets = [0];
  let units = 0;
  for (const char of text) {
    units += char.length;
    offsets.push(units);
  }
  return offsets;
}

// Mentions as non-overlapping spans in text order. Overlapping spans cannot both be drawn
// inline; the longer (earlier) one is kept, and every mention still counts in the list.
function layoutMentions(record) {
  const text = record.article.text;
  const offsets = utf16Offsets(text);
  const length = offsets ? offsets.length - 1 : text.length;
  const at = offsets ? (i) => offsets[i] : (i) => i;
  const spans = [];
  record.entities.forEach((entity, index) => {
    for (const mention of entity.mentions) {
      if (!(mention.start >= 0 && mention.start < mention.end && mention.end <= length)) continue;
      spans.push({ start: at(mention.start), end: at(mention.end), entity: index });
    }
  });
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let reached = 0;
  for (const span of spans) {
    if (span.start < reached) continue;
    kept.push(span);
    reached = span.end;
  }
  return kept;
}

function highlightedText(record) {
  const text = record.article.text;
  const fragment = document.createDocumentFragment();
  let position = 0;
  for (const span of layoutMentions(record)) {
    const entity = record.entities[span.entity];
    if (span.start > position) fragment.append(document.createTextNode(text.slice(position, span.start)));
    fragment.append(el("mark", {
      className: `mention ${typeClass(entity.type)}`,
      "data-entity": String(span.entity),
      title: `${entity.name} (${entity.type})`,
    }, document.createTextNode(text.slice(span.start, span.end))));
    position = span.end;
  }
  if (position < text.length) fragment.append(document.createTextNode(text.slice(position)));
  return fragment;
}

function selectEntity(index) {
  const container = $("article-text");
  const current = container.dataset.selected;
  const next = index === null || current === String(index) ? null : String(index);
  for (const mark of container.querySelectorAll("mark.mention")) {
    mark.classList.toggle("selected", mark.dataset.entity === next);
  }
  for (const button of $("entity-list").querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.entity === next));
  }
  if (next === null) {
    delete container.dataset.selected;
    container.classList.remove("has-selection");
    return;
  }
  container.dataset.selected = next;
  container.classList.add("has-selection");
  const first = container.querySelector("mark.selected");
  if (first) first.scrollIntoView({ block: "nearest" });
}

function entityList(record) {
  const order = record.entities
    .map((entity, index) => ({ entity, index }))
    .sort((a, b) => b.entity.mentions.length - a.entity.mentions.length ||
                    a.entity.name.localeCompare(b.entity.name));
  return order.map(({ entity, index }) => el("li", {},
    el("button", { type: "button", className: "entity", "data-entity": String(index),
                   "aria-pressed": "false" },
      el("span", { className: `swatch ${typeClass(entity.type)}`, "aria-hidden": "true" }),
      el("span", { className: "name", text: entity.name }),
      el("span", { className: "type", text: entity.type }),
      el("span", { className: "mentions", title: "mentions", text: String(entity.mentions.length) }))));
}

function legend(record) {
  const types = Object.keys(ENTITY_TYPES);
  const items = types.map((type) => el("li", { className: typeClass(type), title: ENTITY_TYPES[type] },
    el("span", { className: `swatch ${typeClass(type)}`, "aria-hidden": "true" }), type));
  if (record.entities.some((entity) => !Object.hasOwn(ENTITY_TYPES, entity.type))) {
    items.push(el("li", { className: "t-OTHER", title: "Any other entity type" },
      el("span", { className: "swatch t-OTHER", "aria-hidden": "true" }), "other"));
  }
  return items;
}

function metaLine(article) {
  const parts = [el("span", { className: "source", text: article.source || "unknown source" })];
  if (article.published) {
    parts.push(el("time", { className: "date", datetime: article.published, text: article.published }));
    if (article.published_from && article.published_from !== "given") {
      parts.push(el("span", { text: `date from ${article.published_from}` }));
    }
  } else {
    parts.push(el("span", { className: "date", text: "undated" }));
  }
  parts.push(el("span", { text: `language: ${article.language}` }));
  // Only web links become links: a javascript: or data: URL in a record stays inert text.
  if (article.url && /^https?:\/\//i.test(article.url)) {
    parts.push(el("a", { href: article.url, rel: "noopener noreferrer", text: "original" }));
  }
  const line = [];
  parts.forEach((part, n) => { if (n) line.push(" · "); line.push(part); });
  return line;
}

function noteItems(notes) {
  return notes.map((note) => {
    const text = note.message.startsWith(note.code) ? note.message : `${note.code} ${note.message}`;
    return el("li", { text });
  });
}

async function showArticle(id, mine) {
  $("list-view").hidden = true;
  $("article-view").hidden = true;
  $("back").setAttribute("href", lastListHash);
  setStatus("Loading…");
  const record = await getJSON(`/api/articles/${encodeURIComponent(id)}`);
  if (mine !== generation) return;
  const article = record.article;
  const title = article.title || "(untitled)";
  document.title = `${title} — eventwire`;
  $("article-title").textContent = title;
  $("article-meta").replaceChildren(...metaLine(article));
  $("article-notes").replaceChildren(...noteItems(record.notes || []));
  $("legend").replaceChildren(...legend(record));
  const text = $("article-text");
  delete text.dataset.selected;
  text.classList.remove("has-selection");
  text.replaceChildren(highlightedText(record));
  const entities = entityList(record);
  $("entity-list").replaceChildren(...entities);
  if (!entities.length) $("entity-list").append(el("li", { className: "none", text: "none found" }));
  setStatus("");
  $("article-view").hidden = false;
  window.scrollTo(0, 0);
}

// ---- routing ------------------------------------------------------------------------------

// Routes: #/ and #/search?q=…&from=…&to=…&source=… (list), #/article/ID (one article).
function route() {
  const hash = location.hash || "#/";
  const mine = ++generation;
  const article = /^#\/article\/(.+)$/.exec(hash);
  let shown;
  if (article) {
    shown = Promise.resolve(article[1]).then((id) => showArticle(decodeURIComponent(id), mine));
  } else {
    lastListHash = hash;
    shown = showList(new URLSearchParams(hash.replace(/^#\/(search)?\??/, "")), mine);
  }
  // A malformed id in the address (URIError) lands here too, as a status message.
  shown.catch((error) => {
    if (mine === generation) setStatus(error.message, true);
  });
}

async function showCount() {
  try {
    const health = await getJSON("/api/health");
    $("count").textContent = `${health.articles} article${health.articles === 1 ? "" : "s"} stored`;
  } catch {
    // The count is decoration; the list reports any real failure itself.
  }
}

function init() {
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const params = readForm().toString();
    const hash = params ? `#/search?${params}` : "#/";
    if (location.hash === hash) route();
    else location.hash = hash;
  });
  $("entity-list").addEventListener("click", (event) => {
    const button = event.target.closest("button.entity");
    if (button) selectEntity(Number(button.dataset.entity));
  });
  $("article-text").addEventListener("click", (event) => {
    const mark = event.target.closest("mark.mention");
    if (mark) selectEntity(Number(mark.dataset.entity));
  });
  window.addEventListener("hashchange", route);
  showCount();
  route();
}

init();
