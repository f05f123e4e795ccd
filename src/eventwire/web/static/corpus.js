// eventwire viewer: the Corpus view (events merged across articles) and one corpus event's
// reports side by side. Loaded after common.js, before app.js.
"use strict";

function sourcesBadge(item) {
  return el("span", { className: "badge sources", title: "independent sources",
                      text: `${item.n_sources} source${item.n_sources === 1 ? "" : "s"}` });
}

function disagreementText(d) {
  return `${d.field}: ${d.values.map((v) => String(v.value)).join(" vs ")}`;
}

function corpusLine(item) {
  const li = el("li", { className: "event-row corpus-row", "data-corpus": item.id,
                        "data-sources": String(item.n_sources) });
  li.append(el("a", { href: `#/corpus/${encodeURIComponent(item.id)}`, className: "event-link" },
    typeSwatch(item.type), el("b", { text: item.type })), " ", sourcesBadge(item));
  const where = [item.day, item.place ? item.place.name : null].filter(Boolean);
  if (where.length) li.append(" ", el("span", { className: "meta", text: where.join(" · ") }));
  li.append(" ", el("span", { className: "meta", text: `${item.n_reports} report${item.n_reports === 1 ? "" : "s"}` }));
  for (const d of item.disagreements) {
    li.append(" ", el("span", { className: "badge disagreement", text: disagreementText(d) }));
  }
  return li;
}

async function showCorpus(params, mine) {
  showView("corpus-view");
  $("corpus-detail").replaceChildren();
  $("corpus-results").replaceChildren();
  setStatus("Loading…");
  const query = filterParams(params, { limit: "100" });
  const page = await getJSON(`/api/corpus-events?${query}`);
  if (mine !== generation) return;
  $("corpus-results").append(...page.items.map(corpusLine));
  const merged = page.items.filter((item) => item.n_sources > 1).length;
  setStatus(page.items.length
    ? `${page.items.length} corpus events${page.next ? " (first page)" : ""}, ${merged} with several sources`
    : "No corpus events match.");
}

function reportCard(report) {
  const card = el("article", { className: "report", "data-article": report.article,
                               "data-event": report.event });
  card.append(el("h3", { text: report.outlet || "unknown outlet" }));
  const badge = modalityBadge(report.modality);
  const meta = el("p", { className: "meta", text: [report.published, report.date,
    report.place ? report.place.name : null].filter(Boolean).join(" · ") });
  if (badge) meta.append(" ", badge);
  card.append(meta);
  if (report.attributed_to) card.append(el("p", { className: "meta", text: `according to ${report.attributed_to.name}` }));
  card.append(el("blockquote", { text: report.text }));
  card.append(el("a", { href: articleHref(report.article, { event: report.event }),
                        text: report.title || "(untitled)" }));
  return card;
}

async function showCorpusEvent(id, mine) {
  showView("corpus-view");
  $("corpus-results").replaceChildren();
  setStatus("Loading…");
  const page = await getJSON(`/api/corpus-events?${new URLSearchParams({ id })}`);
  if (mine !== generation) return;
  const detail = $("corpus-detail");
  detail.replaceChildren();
  if (!page.items.length) {
    setStatus(`No corpus event ${id}.`, true);
    return;
  }
  const item = page.items[0];
  document.title = `${item.type} — eventwire`;
  detail.append(el("h2", { text: `${item.type}${item.place ? ` at ${item.place.name}` : ""}${item.day ? `, ${item.day}` : ""}` }),
    el("p", {}, sourcesBadge(item)));
  if (item.disagreements.length) {
    detail.append(el("ul", { className: "disagreements" },
      ...item.disagreements.map((d) => el("li", { text: disagreementText(d) }))));
  }
  detail.append(el("div", { className: "reports" }, ...item.reports.map(reportCard)));
  setStatus(`${item.n_reports} reports from ${item.n_sources} independent source${item.n_sources === 1 ? "" : "s"}`);
}
