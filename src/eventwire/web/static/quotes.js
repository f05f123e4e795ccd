// The quotes view: who said what, filtered by speaker, each quote linking to its article.
"use strict";

function quoteLine(item) {
  const who = item.speaker ? item.speaker.name : "unknown speaker";
  const details = [item.kind, item.cue ? `cue '${item.cue}'` : null,
                   item.venue ? `venue: ${item.venue}` : null].filter(Boolean).join(", ");
  return el("li", { className: "quote-row", "data-article": item.article, "data-quote": item.id },
    el("blockquote", { text: item.kind === "direct" ? `“${item.text}”` : item.text }),
    el("p", { className: "meta" },
      el("b", { className: "speaker", text: who }), ` · ${details} · `,
      el("a", { href: articleHref(item.article, { quote: item.id }), text: item.title || "(untitled)" })));
}

async function loadQuotes(speaker, cursor, mine) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (speaker) query.set("speaker", speaker);
  if (cursor) query.set("cursor", cursor);
  const page = await getJSON(`/api/quotes?${query}`);
  if (mine !== generation) return;
  $("quote-results").append(...page.items.map(quoteLine));
  const more = $("more-quotes");
  more.hidden = !page.next;
  more.onclick = () => {
    more.disabled = true;
    loadQuotes(speaker, page.next, mine)
      .catch((error) => { if (mine === generation) setStatus(error.message, true); })
      .finally(() => { more.disabled = false; });
  };
  const shown = $("quote-results").children.length;
  setStatus(shown ? `${shown} quote${shown === 1 ? "" : "s"}${page.next ? " so far" : ""}`
    : speaker ? "No quotes by a matching speaker." : "No quotes stored.");
}

async function showQuotes(params, mine) {
  showView("quotes-view", false);
  const speaker = params.get("speaker") || "";
  $("speaker-form").elements.speaker.value = speaker;
  $("quote-results").replaceChildren();
  $("more-quotes").hidden = true;
  setStatus("Loading…");
  await loadQuotes(speaker, null, mine);
  showView("quotes-view");
}

function initQuotes() {
  $("speaker-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate("quotes", { speaker: event.target.elements.speaker.value.trim() });
  });
}
