// The article view: the text with every extraction highlighted by kind, and beside it the
// lists of entities, events (with their explanation), quotes, times, places and quantities.
"use strict";

const ENTITY_TYPES = {
  PERSON: "Person",
  ORG: "Organization",
  GPE: "Country, city or state",
  LOC: "Location",
  NORP: "Nationality, religious or political group",
  FAC: "Building, airport, road or bridge",
};
// Kinds of highlight, outermost first when two cover the same text.
const KINDS = ["quote", "trigger", "entity", "place", "time", "quantity"];
const KIND_LABELS = {
  entity: "Entities", quote: "Quotes", time: "Times", place: "Places",
  quantity: "Quantities", trigger: "Event triggers",
};

// Values from the API never become a class name directly: unknown types share one colour.
function typeClass(type) {
  return Object.hasOwn(ENTITY_TYPES, type) ? `t-${type}` : "t-OTHER";
}

// The record's offsets count code points (Python str indices); JavaScript strings count UTF-16
// units. This maps each code point offset to its UTF-16 offset, so text outside the Basic
// Multilingual Plane (emoji, some scripts) does not shift the highlights after it.
function offsetMapper(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return { length: text.length, at: (i) => i };
  const offsets = [0];
  let units = 0;
  for (const char of text) {
    units += char.length;
    offsets.push(units);
  }
  return { length: offsets.length - 1, at: (i) => offsets[i] };
}

// Every highlight of the record as {start, end, kind, ref, ...} in UTF-16 offsets.
function collectSpans(record) {
  const { length, at } = offsetMapper(record.article.text);
  const spans = [];
  const add = (start, end, kind, ref, extra = {}) => {
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end &&
          end <= length)) return;
    spans.push({ start: at(start), end: at(end), kind, ref, ...extra });
  };
  record.entities.forEach((entity, index) => {
    for (const m of entity.mentions) add(m.start, m.end, "entity", String(index), { entity });
  });
  (record.quotes || []).forEach((q) => add(q.start, q.end, "quote", q.id, { item: q }));
  (record.times || []).forEach((t) => add(t.start, t.end, "time", t.id, { item: t }));
  (record.places || []).forEach((p) => add(p.start, p.end, "place", p.id, { item: p }));
  (record.quantities || []).forEach((q) => add(q.start, q.end, "quantity", q.id, { item: q }));
  for (const event of record.events || []) {
    const trigger = event.explanation && event.explanation.trigger;
    if (trigger) add(trigger.start, trigger.end, "trigger", event.id, { item: event });
  }
  return spans;
}

// Spans as a tree: a span nests in the innermost one containing it. One that crosses the end
// of an enclosing span cannot be drawn inline; it is left out of the text and `skipped`
// counts it (its list item still shows it).
function spanTree(spans) {
  const order = (s) => KINDS.indexOf(s.kind);
  spans.sort((a, b) => a.start - b.start || b.end - a.end || order(a) - order(b));
  const root = { start: 0, end: Infinity, children: [] };
  const stack = [root];
  let skipped = 0;
  for (const span of spans) {
    while (stack.length > 1 && stack[stack.length - 1].end <= span.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (span.end > parent.end) {
      skipped += 1;
      continue;
    }
    const node = { ...span, children: [] };
    parent.children.push(node);
    stack.push(node);
  }
  return { root, skipped };
}

function markFor(span) {
  if (span.kind === "entity") {
    const entity = span.entity;
    return el("mark", { className: `mention ${typeClass(entity.type)} hl k-entity`,
                        "data-entity": span.ref, "data-kind": "entity",
                        title: `${entity.name} (${entity.type})` });
  }
  const props = { className: `hl k-${span.kind}`, "data-kind": span.kind, "data-ref": span.ref };
  const item = span.item;
  if (span.kind === "trigger") {
    props.title = `${item.type} (${item.modality})`;
    if (item.modality !== "asserted") props.className += ` not-asserted m-${item.modality}`;
  } else if (span.kind === "quote") {
    props.title = item.speaker ? `quote: ${item.speaker.name}` : "quote, speaker unknown";
  } else if (span.kind === "time") {
    props.title = `${item.type}: ${item.value || "unresolved"}`;
  } else if (span.kind === "place") {
    props.title = item.lat === null ? item.name : `${item.name} (${item.lat}, ${item.lon})`;
  } else if (span.kind === "quantity") {
    props.title = `${item.kind}: ${quantityValue(item)}`;
  }
  return el("mark", props);
}

function renderNode(text, node, into) {
  let position = node.start === undefined ? 0 : node.start;
  const end = Number.isFinite(node.end) ? node.end : text.length;
  for (const child of node.children) {
    if (child.start > position) into.append(document.createTextNode(text.slice(position, child.start)));
    const mark = markFor(child);
    renderNode(text, child, mark);
    into.append(mark);
    position = child.end;
  }
  if (end > position) into.append(document.createTextNode(text.slice(position, end)));
}

function highlightedText(record) {
  const { root, skipped } = spanTree(collectSpans(record));
  const fragment = document.createDocumentFragment();
  renderNode(record.article.text, root, fragment);
  return { fragment, skipped };
}

function quantityValue(q) {
  if (q.value !== null && q.value !== undefined) return String(q.value);
  if (q.low !== null || q.high !== null) return `${q.low ?? "?"}–${q.high ?? "?"}`;
  return "?";
}

// ---- lists beside the text ------------------------------------------------------------------

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
      el("span", { className: "type", text: [entity.type, entity.country, entity.sector].filter(Boolean).join(" ") }),
      el("span", { className: "mentions", title: "mentions", text: String(entity.mentions.length) }))));
}

function actorText(actor) {
  const details = [actor.country, actor.sector].filter(Boolean).join(", ");
  return details ? `${actor.name} [${details}]` : actor.name;
}

// Why an event was coded, as `eventwire explain` tells it.
function explanation(event) {
  const why = event.explanation;
  const lines = [];
  const row = (label, value) => lines.push(el("dt", { text: label }), el("dd", { text: value }));
  row("sentence", event.text.trim());
  if (event.attributed_to) row("reported by", actorText(event.attributed_to));
  if (why) {
    row("lexicon", why.lexicon);
    row("trigger", `'${why.trigger.text}' at ${why.trigger.start}–${why.trigger.end}`);
    for (const path of why.paths) row(path.role, `${path.actor}: ${path.path}`);
    if (why.modality_cue) row("modality", `${event.modality}, cue '${why.modality_cue}'`);
    if (why.date_from) row("date from", `the ${why.date_from}`);
    if (why.place_from) row("place from", `the ${why.place_from}`);
  } else {
    row("note", "no explanation recorded: coded by an older pipeline");
  }
  row("confidence", event.confidence.toFixed(2));
  if (event.cameo) row("CAMEO", event.cameo);
  if (event.acled) row("ACLED", `${event.acled.event_type} / ${event.acled.sub_event_type}`);
  return el("details", { className: "why" }, el("summary", { text: "why" }), el("dl", {}, ...lines));
}

function eventItems(record) {
  return (record.events || []).map((event) => {
    const li = el("li", { className: `item event${event.modality !== "asserted" ? " not-asserted" : ""}`,
                          "data-kind": "trigger", "data-ref": event.id, id: `ev-${event.id}` });
    const head = el("button", { type: "button", className: "goto", "data-kind": "trigger", "data-ref": event.id },
      typeSwatch(event.type), el("b", { text: event.type + (event.mode ? `/${event.mode}` : "") }));
    li.append(head);
    const badge = modalityBadge(event.modality);
    if (badge) li.append(" ", badge);
    li.append(el("div", { className: "actors",
      text: `${event.sources.map(actorText).join("; ") || "?"} → ${event.targets.map(actorText).join("; ") || "?"}` }));
    const where = [event.date, event.place ? event.place.name : null].filter(Boolean).join(" · ");
    if (where) li.append(el("div", { className: "meta", text: where }));
    li.append(explanation(event));
    return li;
  });
}

function simpleItem(kind, ref, label, detail) {
  return el("li", { className: `item ${kind}`, "data-kind": kind, "data-ref": ref },
    el("button", { type: "button", className: "goto", "data-kind": kind, "data-ref": ref },
      el("span", { className: `chip k-${kind}`, text: label })),
    detail ? el("span", { className: "detail", text: detail }) : "");
}

function quoteItems(record) {
  return (record.quotes || []).map((q) => {
    const who = q.speaker ? q.speaker.name : "unknown speaker";
    const extra = [q.kind, q.cue ? `cue '${q.cue}'` : null, q.venue ? `venue: ${q.venue}` : null];
    return simpleItem("quote", q.id, who, `“${q.text}” (${extra.filter(Boolean).join(", ")})`);
  });
}

function timeItems(record) {
  return (record.times || []).map((t) =>
    simpleItem("time", t.id, t.text, `${t.type} ${t.value || "unresolved"}`));
}

function placeItems(record) {
  return (record.places || []).map((p) => {
    const where = p.lat === null || p.lat === undefined ? "no coordinates" : `${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}`;
    return simpleItem("place", p.id, p.text, `${p.name}${p.country ? ` (${p.country})` : ""} · ${where}`);
  });
}

function quantityItems(record) {
  return (record.quantities || []).map((q) => {
    const parts = [quantityValue(q), q.approx, q.kind, q.object].filter(Boolean);
    return simpleItem("quantity", q.id, q.text, parts.join(" · "));
  });
}

function section(title, items, id) {
  const list = el("ol", { id });
  list.append(...items);
  if (!items.length) list.append(el("li", { className: "none", text: "none found" }));
  return el("section", { className: "facet" }, el("h2", { text: `${title} (${items.length})` }), list);
}

// ---- interaction ---------------------------------------------------------------------------

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

function flash(node) {
  node.classList.remove("flash");
  // Reading layout restarts the animation when the same node is flashed twice in a row.
  void node.getBoundingClientRect();
  node.classList.add("flash");
  node.addEventListener("animationend", () => node.classList.remove("flash"), { once: true });
}

// Scrolls to the span of a list item and flashes it (and the item itself).
function gotoSpan(kind, ref) {
  const marks = [...$("article-text").querySelectorAll("mark[data-kind]")]
    .filter((mark) => mark.dataset.kind === kind && mark.dataset.ref === ref);
  for (const mark of $("article-text").querySelectorAll("mark.current")) mark.classList.remove("current");
  for (const item of $("facets").querySelectorAll("li.current")) item.classList.remove("current");
  const item = [...$("facets").querySelectorAll("li.item")]
    .find((li) => li.dataset.kind === kind && li.dataset.ref === ref);
  if (item) item.classList.add("current");
  if (!marks.length) return false;
  const toggle = $("kind-toggles").querySelector(`input[value="${kind}"]`);
  if (toggle && !toggle.checked) {
    toggle.checked = true;
    applyToggles();
  }
  marks[0].scrollIntoView({ block: "center" });
  for (const mark of marks) {
    mark.classList.add("current");
    flash(mark);
  }
  return true;
}

function applyToggles() {
  const text = $("article-text");
  for (const box of $("kind-toggles").querySelectorAll("input")) {
    text.classList.toggle(`hide-${box.value}`, !box.checked);
  }
}

function kindToggles(record, spans) {
  const counts = {};
  for (const span of spans) counts[span.kind] = (counts[span.kind] || 0) + 1;
  return KINDS.map((kind) => el("label", { className: `toggle k-${kind}` },
    el("input", { type: "checkbox", value: kind, checked: true }),
    ` ${KIND_LABELS[kind]} (${counts[kind] || 0})`));
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

async function showArticle(id, params, mine, backHash) {
  showView("article-view", false);
  $("back").setAttribute("href", backHash);
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
  text.className = "text";
  const { fragment, skipped } = highlightedText(record);
  text.replaceChildren(fragment);
  $("kind-toggles").replaceChildren(...kindToggles(record, collectSpans(record)));
  $("skipped").textContent = skipped
    ? `${skipped} overlapping highlight${skipped === 1 ? "" : "s"} shown in the lists only` : "";
  const entities = entityList(record);
  $("entity-list").replaceChildren(...entities);
  if (!entities.length) $("entity-list").append(el("li", { className: "none", text: "none found" }));
  $("facets").replaceChildren(
    section("Events", eventItems(record), "event-list"),
    section("Quotes", quoteItems(record), "quote-list"),
    section("Times", timeItems(record), "time-list"),
    section("Places", placeItems(record), "place-list"),
    section("Quantities", quantityItems(record), "quantity-list"));
  setStatus("");
  showView("article-view");
  window.scrollTo(0, 0);
  const event = params.get("event");
  if (event) {
    const item = document.getElementById(`ev-${event}`);
    if (item) item.querySelector("details").open = true;
    if (!gotoSpan("trigger", event) && item) item.scrollIntoView({ block: "center" });
  }
  const quote = params.get("quote");
  if (quote) gotoSpan("quote", quote);
}

function initArticle() {
  $("entity-list").addEventListener("click", (event) => {
    const button = event.target.closest("button.entity");
    if (button) selectEntity(Number(button.dataset.entity));
  });
  $("article-text").addEventListener("click", (event) => {
    const mark = event.target.closest("mark.mention");
    if (mark) selectEntity(Number(mark.dataset.entity));
  });
  $("facets").addEventListener("click", (event) => {
    const button = event.target.closest("button.goto");
    if (button) gotoSpan(button.dataset.kind, button.dataset.ref);
  });
  $("kind-toggles").addEventListener("change", applyToggles);
}
