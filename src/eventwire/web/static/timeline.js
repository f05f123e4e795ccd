// The timeline view: events per day (per week past 120 days, per month past two years) as
// bars stacked by PLOVER type; clicking a bar narrows the date filter to it.
"use strict";

const DAY_MS = 86400000;
const SHOWN_EVENTS = 200;

function dayNumber(day) {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

function dayString(number) {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

// Bins of events by day, ISO week (weeks start on Monday) or month, whichever keeps the bars
// countable; every bin between the first and the last, so gaps in the reporting show.
function binEvents(items) {
  const dated = items.filter((item) => item.day && /^\d{4}-\d{2}-\d{2}$/.test(item.day));
  if (!dated.length) return { bins: [], unit: "day", undated: items.length };
  const days = dated.map((item) => dayNumber(item.day));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const span = last - first;
  const unit = span > 730 ? "month" : span > 120 ? "week" : "day";
  const bins = [];
  const index = new Map();
  const keyOf = (n) => {
    if (unit === "month") return dayString(n).slice(0, 7);
    // 1970-01-01 was a Thursday: shifting by 3 makes weeks start on Monday.
    return unit === "week" ? n - ((n + 3) % 7) : n;
  };
  for (let n = first; n <= last; n += 1) {
    const key = keyOf(n);
    if (index.has(key)) continue;
    index.set(key, bins.length);
    bins.push({ from: dayString(n), to: dayString(n), counts: {}, total: 0 });
  }
  // Each bin runs from its first calendar day to its last, whichever days have events.
  for (const bin of bins) {
    const n = dayNumber(bin.from);
    if (unit === "week") {
      bin.from = dayString(keyOf(n));
      bin.to = dayString(keyOf(n) + 6);
    } else if (unit === "month") {
      const [year, month] = bin.from.split("-").map(Number);
      bin.from = `${bin.from.slice(0, 7)}-01`;
      bin.to = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    }
  }
  dated.forEach((item, i) => {
    const bin = bins[index.get(keyOf(days[i]))];
    bin.counts[item.type] = (bin.counts[item.type] || 0) + 1;
    bin.total += 1;
  });
  return { bins, unit, undated: items.length - dated.length };
}

function timelineChart(bins, unit) {
  const height = 220;
  const top = 10;
  const bottom = 40;
  const left = 36;
  const barWidth = Math.max(4, Math.min(28, Math.floor(900 / bins.length)));
  const width = left + bins.length * barWidth + 10;
  const most = Math.max(1, ...bins.map((bin) => bin.total));
  const scale = (height - top - bottom) / most;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img",
                            "aria-label": `Events per ${unit}`, className: "timeline-chart" });
  const base = height - bottom;
  root.append(svg("line", { x1: left, y1: base, x2: width - 5, y2: base, className: "axis" }));
  for (const tick of [0, Math.ceil(most / 2), most]) {
    const y = base - tick * scale;
    root.append(svg("text", { x: left - 4, y: y + 3, className: "tick", "text-anchor": "end",
                              text: String(tick) }));
  }
  const labelEvery = Math.ceil(bins.length / 12);
  bins.forEach((bin, n) => {
    const x = left + n * barWidth;
    const group = svg("g", { className: "bar", tabindex: 0, "data-from": bin.from,
                             "data-to": bin.to, "data-total": bin.total });
    let y = base;
    for (const type of EVENT_TYPES) {
      const count = bin.counts[type];
      if (!count) continue;
      const h = count * scale;
      y -= h;
      group.append(svg("rect", { x: x + 1, y: y.toFixed(2), width: barWidth - 2,
                                 height: h.toFixed(2), fill: eventColour(type),
                                 "data-type": type }));
    }
    // A transparent rectangle over the whole column makes even an empty bin clickable.
    group.append(svg("rect", { x, y: top, width: barWidth, height: base - top, className: "hit" }));
    const label = unit === "day" ? bin.from : unit === "week" ? `week of ${bin.from}` : bin.from.slice(0, 7);
    const parts = EVENT_TYPES.filter((t) => bin.counts[t]).map((t) => `${t} ${bin.counts[t]}`);
    group.append(svg("title", { text: `${label}: ${bin.total} event${bin.total === 1 ? "" : "s"}` +
                                      (parts.length ? ` (${parts.join(", ")})` : "") }));
    root.append(group);
    if (n % labelEvery === 0) {
      root.append(svg("text", { x: x + barWidth / 2, y: base + 14, className: "tick",
                                "text-anchor": "middle",
                                text: unit === "month" ? bin.from.slice(0, 7) : bin.from.slice(5) }));
    }
  });
  if (bins.length) {
    root.append(svg("text", { x: left, y: height - 6, className: "tick",
                              text: `${bins[0].from} … ${bins[bins.length - 1].to} (per ${unit})` }));
  }
  return root;
}

async function showTimeline(params, mine) {
  showView("timeline-view", false);
  setStatus("Loading…");
  const events = await fetchEvents(params);
  if (mine !== generation) return;
  const { bins, unit, undated } = binEvents(events.items);
  $("timeline").replaceChildren(bins.length ? timelineChart(bins, unit)
    : el("p", { className: "none", text: "No dated events match." }));
  const types = EVENT_TYPES.filter((type) => events.items.some((item) => item.type === type));
  $("timeline-legend").replaceChildren(...types.map((type) => el("li", {}, typeSwatch(type), type)));
  const sorted = [...events.items].sort((a, b) => (a.day || "").localeCompare(b.day || ""));
  $("timeline-events").replaceChildren(...sorted.slice(0, SHOWN_EVENTS).map((item) => eventLine(item)));
  const total = events.items.length;
  setStatus(`${total} event${total === 1 ? "" : "s"}` + (undated ? `, ${undated} undated` : "") +
            (total > SHOWN_EVENTS ? ` (the first ${SHOWN_EVENTS} listed)` : "") +
            (events.truncated ? ` (first ${MAX_DRAWN_EVENTS} only)` : ""));
  showView("timeline-view");
}

function initTimeline() {
  const pick = (target) => {
    const bar = target.closest("g.bar");
    if (!bar) return;
    const form = $("search");
    form.elements.from.value = bar.dataset.from;
    form.elements.to.value = bar.dataset.to;
    navigate("timeline");
  };
  $("timeline").addEventListener("click", (event) => pick(event.target));
  $("timeline").addEventListener("keydown", (event) => {
    if (event.key === "Enter") pick(event.target);
  });
}
