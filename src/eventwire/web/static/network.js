// The actor network view: actors as nodes, events as edges from each source to each target,
// laid out by a small force simulation with a fixed seed (the same picture on every load).
"use strict";

const MAX_NODES = 60;
const LAYOUT_STEPS = 300;
const NET_SIZE = 600;

// A seeded generator (mulberry32): Math.random would move the nodes on every load.
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Nodes are the actors with most events; an edge joins a source and a target of an event.
function buildGraph(items) {
  const degree = new Map();
  const edges = new Map();
  for (const item of items) {
    for (const source of item.sources || []) {
      for (const target of item.targets || []) {
        if (source.name === target.name) continue;
        const key = JSON.stringify([source.name, target.name]);
        const edge = edges.get(key) || { source: source.name, target: target.name, count: 0, types: {} };
        edge.count += 1;
        edge.types[item.type] = (edge.types[item.type] || 0) + 1;
        edges.set(key, edge);
        degree.set(source.name, (degree.get(source.name) || 0) + 1);
        degree.set(target.name, (degree.get(target.name) || 0) + 1);
      }
    }
  }
  const names = [...degree.keys()]
    .sort((a, b) => degree.get(b) - degree.get(a) || a.localeCompare(b))
    .slice(0, MAX_NODES);
  const kept = new Set(names);
  const nodes = names.map((name) => ({ name, degree: degree.get(name), x: 0, y: 0, vx: 0, vy: 0 }));
  const links = [...edges.values()].filter((e) => kept.has(e.source) && kept.has(e.target));
  return { nodes, links, dropped: degree.size - names.length };
}

// Repulsion between every pair, springs along links, a pull to the centre, and cooling.
function layout(nodes, links) {
  const random = seededRandom(20151119);
  const centre = NET_SIZE / 2;
  nodes.forEach((node, n) => {
    const angle = (2 * Math.PI * n) / Math.max(1, nodes.length);
    const radius = NET_SIZE * (0.25 + 0.15 * random());
    node.x = centre + radius * Math.cos(angle);
    node.y = centre + radius * Math.sin(angle);
  });
  const index = new Map(nodes.map((node, n) => [node.name, n]));
  // The spring length shrinks as nodes are added, so the graph keeps to the same area.
  const ideal = Math.min(110, Math.max(25, (0.6 * NET_SIZE) / Math.sqrt(Math.max(1, nodes.length))));
  for (let step = 0; step < LAYOUT_STEPS; step += 1) {
    const heat = 1 - step / LAYOUT_STEPS;
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const a = nodes[i];
        const b = nodes[j];
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) {
          dx = random() - 0.5;
          dy = random() - 0.5;
          d2 = 0.01;
        }
        const force = (0.01 * ideal * ideal) / d2;
        a.vx += dx * force;
        a.vy += dy * force;
        b.vx -= dx * force;
        b.vy -= dy * force;
      }
    }
    for (const link of links) {
      const a = nodes[index.get(link.source)];
      const b = nodes[index.get(link.target)];
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.max(1, Math.hypot(dx, dy));
      const pull = ((d - ideal) / d) * 0.05;
      a.vx += dx * pull;
      a.vy += dy * pull;
      b.vx -= dx * pull;
      b.vy -= dy * pull;
    }
    for (const node of nodes) {
      node.vx += (centre - node.x) * 0.02;
      node.vy += (centre - node.y) * 0.02;
      const speed = Math.hypot(node.vx, node.vy);
      const limit = 20 * heat + 0.5;
      if (speed > limit) {
        node.vx *= limit / speed;
        node.vy *= limit / speed;
      }
      node.x = Math.min(NET_SIZE - 20, Math.max(20, node.x + node.vx));
      node.y = Math.min(NET_SIZE - 20, Math.max(20, node.y + node.vy));
      node.vx *= 0.6;
      node.vy *= 0.6;
    }
  }
}

function dominantType(types) {
  return Object.entries(types).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

function networkChart(nodes, links) {
  // Room beyond the layout box on the right for the labels of the outermost nodes.
  const root = svg("svg", { viewBox: `-20 -10 ${NET_SIZE + 160} ${NET_SIZE + 20}`, role: "img",
                            "aria-label": "Actor network", className: "network-chart" });
  const defs = svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 18, refY: 5,
                                               markerWidth: 6, markerHeight: 6, orient: "auto" },
    svg("path", { d: "M0 0L10 5L0 10z", className: "arrowhead" })));
  root.append(defs);
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const edgeGroup = svg("g", { className: "edges" });
  for (const link of links) {
    const a = byName.get(link.source);
    const b = byName.get(link.target);
    const type = dominantType(link.types);
    edgeGroup.append(svg("line", {
      x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      stroke: eventColour(type), "stroke-width": Math.min(6, 1 + link.count),
      "marker-end": "url(#arrow)", className: "edge",
    }, svg("title", { text: `${link.source} → ${link.target}: ${link.count} event` +
                            `${link.count === 1 ? "" : "s"} (mostly ${type})` })));
  }
  root.append(edgeGroup);
  const nodeGroup = svg("g", { className: "nodes" });
  for (const node of nodes) {
    const radius = 5 + Math.min(12, 2 * Math.sqrt(node.degree));
    nodeGroup.append(svg("g", { className: "node", tabindex: 0, "data-actor": node.name },
      svg("circle", { cx: node.x.toFixed(1), cy: node.y.toFixed(1), r: radius.toFixed(1) }),
      svg("text", { x: (node.x + radius + 2).toFixed(1), y: (node.y + 4).toFixed(1), text: node.name }),
      svg("title", { text: `${node.name}: ${node.degree} link${node.degree === 1 ? "" : "s"}` })));
  }
  root.append(nodeGroup);
  return root;
}

async function showNetwork(params, mine) {
  showView("network-view", false);
  setStatus("Loading…");
  const events = await fetchEvents(params);
  if (mine !== generation) return;
  const { nodes, links, dropped } = buildGraph(events.items);
  layout(nodes, links);
  $("network").replaceChildren(nodes.length ? networkChart(nodes, links)
    : el("p", { className: "none", text: "No events with both a source and a target match." }));
  $("actor-events").replaceChildren();
  $("actor-title").textContent = "Click an actor to list its events.";
  setStatus(`${nodes.length} actor${nodes.length === 1 ? "" : "s"}, ${links.length} link` +
            `${links.length === 1 ? "" : "s"}` + (dropped ? ` (${dropped} less connected actors left out)` : ""));
  showView("network-view");
}

async function showActorEvents(name) {
  const mine = generation;
  for (const node of $("network").querySelectorAll("g.node")) {
    node.classList.toggle("selected", node.dataset.actor === name);
  }
  $("actor-title").textContent = `Events of ${name}`;
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const events = await fetchEvents(params, { actor: name });
  if (mine !== generation) return;
  const mentioning = events.items.filter((item) => [...(item.sources || []), ...(item.targets || [])]
    .some((actor) => actor.name === name));
  mentioning.sort((a, b) => (a.day || "").localeCompare(b.day || ""));
  $("actor-events").replaceChildren(...mentioning.map((item) => eventLine(item)));
}

function initNetwork() {
  const pick = (target) => {
    const node = target.closest("g.node");
    if (node) showActorEvents(node.dataset.actor).catch((error) => setStatus(error.message, true));
  };
  $("network").addEventListener("click", (event) => pick(event.target));
  $("network").addEventListener("keydown", (event) => {
    if (event.key === "Enter") pick(event.target);
  });
}
