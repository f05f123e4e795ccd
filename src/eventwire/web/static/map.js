// The map view: events with coordinates as dots on the bundled world map (equirectangular,
// x = lon + 180, y = 90 - lat in a 360 x 180 box, as world.json is drawn). Colour is the
// PLOVER type, size the confidence; a non-asserted event is a hollow ring, not a solid fact.
"use strict";

let worldMap = null;

async function loadWorld() {
  if (!worldMap) worldMap = await getJSON("/static/world.json");
  return worldMap;
}

function project(lat, lon) {
  return [lon + 180, 90 - lat];
}

// Events at the same spot would hide each other: the n-th one there is set on a small spiral
// around it, the same way on every load.
function spread(items) {
  const seen = new Map();
  return items.map((item) => {
    const [x, y] = project(item.place.lat, item.place.lon);
    const key = `${x.toFixed(2)},${y.toFixed(2)}`;
    const n = seen.get(key) || 0;
    seen.set(key, n + 1);
    if (n === 0) return { item, x, y };
    const angle = n * 2.4;
    const radius = 1.1 * Math.sqrt(n);
    return { item, x: x + radius * Math.cos(angle), y: y + radius * Math.sin(angle) };
  });
}

function mapLegend(types) {
  const items = types.map((type) => el("li", {}, typeSwatch(type), type));
  items.push(el("li", {}, el("span", { className: "swatch hollow", "aria-hidden": "true" }),
    "hollow: denied, hedged or otherwise not asserted"));
  return items;
}

async function showMap(params, mine) {
  showView("map-view", false);
  setStatus("Loading…");
  const [world, events] = await Promise.all([loadWorld(), fetchEvents(params)]);
  if (mine !== generation) return;
  const [x0, y0, width, height] = world.viewBox;
  const drawn = events.items.filter((item) => item.place && item.place.lat !== null &&
                                             item.place.lon !== null);
  const root = svg("svg", { viewBox: `${x0} ${y0} ${width} ${height}`, role: "img",
                            "aria-label": "Map of events", className: "world" });
  root.append(svg("rect", { x: x0, y: y0, width, height, className: "sea" }));
  const land = svg("g", { className: "land" });
  for (const country of world.countries) {
    land.append(svg("path", { d: country.d }, svg("title", { text: country.name })));
  }
  root.append(land);
  const dots = svg("g", { className: "dots" });
  for (const { item, x, y } of spread(drawn)) {
    const colour = eventColour(item.type);
    const asserted = item.modality === "asserted";
    const dot = svg("circle", {
      cx: x.toFixed(3), cy: y.toFixed(3), r: (0.7 + 1.3 * item.confidence).toFixed(2),
      fill: asserted ? colour : "none", stroke: asserted ? "#ffffff" : colour,
      "stroke-width": asserted ? 0.25 : 0.6, className: "dot", tabindex: 0,
      "data-article": item.article, "data-event": item.id, "data-type": item.type,
      "data-modality": item.modality,
    }, svg("title", { text: `${item.type} (${item.modality}) · ${item.place.name} · ` +
                            `${item.day || "undated"} · ${item.title || "(untitled)"}` }));
    dots.append(dot);
  }
  root.append(dots);
  $("map").replaceChildren(root);
  const types = EVENT_TYPES.filter((type) => drawn.some((item) => item.type === type));
  $("map-legend").replaceChildren(...mapLegend(types));
  const unplaced = events.items.length - drawn.length;
  setStatus(`${drawn.length} event${drawn.length === 1 ? "" : "s"} on the map` +
            (unplaced ? `, ${unplaced} without coordinates` : "") +
            (events.truncated ? ` (first ${MAX_DRAWN_EVENTS} only)` : ""));
  showView("map-view");
}

function openDot(target) {
  const dot = target.closest("circle.dot");
  if (dot) location.hash = articleHref(dot.dataset.article, { event: dot.dataset.event });
}

function initMap() {
  $("map").addEventListener("click", (event) => openDot(event.target));
  $("map").addEventListener("keydown", (event) => {
    if (event.key === "Enter") openDot(event.target);
  });
}
