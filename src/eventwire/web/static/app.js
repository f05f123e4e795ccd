// eventwire viewer: routing, the shared filter bar and the article list. The views live in
// article.js, map.js, timeline.js, network.js and quotes.js (loaded before this file). Plain
// DOM, no framework, no build step.
"use strict";

// Each navigation bumps this; a response for an older one is dropped instead of drawn.
let generation = 0;
let lastListHash = "#/";

const VIEWS = ["list-view", "map-view", "timeline-view", "network-view", "quotes-view", "corpus-view", "article-view"];
const TAB_OF_VIEW = {
  "list-view": "articles", "map-view": "map", "timeline-view": "timeline",
  "network-view": "network", "quotes-view": "quotes", "corpus-view": "corpus",
};

// Shows one view (hidden until drawn when `ready` is false) and marks its tab.
function showView(id, ready = true) {
  for (const view of VIEWS) $(view).hidden = view !== id || !ready;
  const tab = TAB_OF_VIEW[id];
  for (const link of document.querySelectorAll("#tabs a")) {
    if (link.dataset.tab === tab) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  $("search").hidden = id === "quotes-view";
}

// The address of `view` with the filter bar's values (and `extra`) as its query.
function viewHash(view, extra = {}) {
  const params = readFilters();
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const query = params.toString();
  if (view === "articles") return query ? `#/search?${query}` : "#/";
  return `#/${view}${query ? `?${query}` : ""}`;
}

function navigate(view, extra = {}) {
  const hash = viewHash(view, extra);
  if (location.hash === hash) route();
  else location.hash = hash;
}

function currentView() {
  const match = /^#\/(map|timeline|network|quotes|corpus)\b/.exec(location.hash);
  return match ? match[1] : "articles";
}

// ---- article list -------------------------------------------------------------------------

function resultItem(item) {
  const title = el("a", {
    className: "title", href: articleHref(item.id), text: item.title || "(untitled)",
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
  const query = filterParams(params, { limit: String(PAGE_SIZE), cursor });
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
  if (shown === 0) setStatus(filterParams(params).toString() ? "No articles match." : "The store is empty.");
  else setStatus(`${shown} article${shown === 1 ? "" : "s"}${page.next ? " so far" : ""}`);
}

async function showList(params, mine) {
  showView("list-view");
  document.title = "eventwire";
  $("results").replaceChildren();
  $("more").hidden = true;
  setStatus("Loading…");
  await loadPage(params, null, mine);
}

// ---- routing ------------------------------------------------------------------------------

// Routes: #/ and #/search?… (articles), #/map?…, #/timeline?…, #/network?…, #/quotes?…,
// #/corpus?…, #/corpus/ID, #/article/ID[?event=V1]. The query holds the filter bar's values and is shared by the views.
const SHOW = {
  map: showMap, timeline: showTimeline, network: showNetwork, quotes: showQuotes, corpus: showCorpus,
};

function route() {
  const hash = location.hash || "#/";
  const mine = ++generation;
  const [path, query = ""] = hash.split(/\?(.*)/s);
  const params = new URLSearchParams(query);
  const article = /^#\/article\/(.+)$/.exec(path);
  const merged = /^#\/corpus\/(.+)$/.exec(path);
  let shown;
  if (merged) {
    shown = Promise.resolve(merged[1]).then((id) => showCorpusEvent(decodeURIComponent(id), mine));
  } else if (article) {
    shown = Promise.resolve(article[1])
      .then((id) => showArticle(decodeURIComponent(id), params, mine, lastListHash));
  } else {
    lastListHash = hash;
    fillFilters(params);
    const view = /^#\/(map|timeline|network|quotes|corpus)$/.exec(path);
    document.title = view ? `${view[1]} — eventwire` : "eventwire";
    shown = view ? SHOW[view[1]](params, mine) : showList(params, mine);
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
    // The count is decoration; the views report any real failure themselves.
  }
}

function fillChoices() {
  const type = $("search").elements.type;
  type.append(...EVENT_TYPES.map((name) => el("option", { value: name, text: name })));
  const modality = $("search").elements.modality;
  modality.append(...MODALITIES.map((name) => el("option", { value: name, text: name })));
}

function init() {
  fillChoices();
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(currentView());
  });
  $("clear").addEventListener("click", () => {
    $("search").reset();
    navigate(currentView());
  });
  $("tabs").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-tab]");
    if (!link) return;
    event.preventDefault();
    navigate(link.dataset.tab);
  });
  initArticle();
  initMap();
  initTimeline();
  initNetwork();
  initQuotes();
  window.addEventListener("hashchange", route);
  showCount();
  route();
}

init();
