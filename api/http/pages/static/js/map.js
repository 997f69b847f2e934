// The relations on a map that ships with the service: country outlines from Natural Earth
// (static/world.json, plate carrée: x = longitude, y = -latitude), partnerships as lines,
// visits as arrows from origin to host, alliances as a star from their members' centre. Every
// mark opens its sources. Filters: type, and a date range (GET /relations).

import { allPages, api } from "./api.js";
import { clear, documentLink, el, placeName, showError } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const WORLD = { x: -180, y: -90, width: 360, height: 180 };
let relations = [];
let view = WORLD;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

export async function start() {
  const world = await api("/ui/static/world.json");
  const map = document.getElementById("map");
  map.append(svg("g", { class: "countries" }, ...world.countries.map((country) =>
    svg("path", { d: country.d }, svg("title", {}, country.name)))));
  map.append(svg("g", { id: "marks" }));
  document.getElementById("map-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    load().catch(showError);
  });
  document.getElementById("zoom-world").addEventListener("click", () => zoom(WORLD));
  map.addEventListener("wheel", (event) => {
    event.preventDefault();
    const factor = event.deltaY > 0 ? 1.25 : 0.8;
    const width = Math.min(360, view.width * factor);
    const height = width / 2;
    zoom({ x: view.x + (view.width - width) / 2, y: view.y + (view.height - height) / 2,
      width, height });
  }, { passive: false });
  await load();
}

async function load() {
  const query = new URLSearchParams();
  for (const [name, id] of [["date_from", "date-from"], ["date_to", "date-to"]]) {
    const value = document.getElementById(id).value.trim();
    if (value) query.set(name, value);
  }
  relations = await allPages(`/relations?${query}`);
  zoom(fit(placesOf(relations)));
}

function shownTypes() {
  return new Set([...document.querySelectorAll("#map-filter input[name=type]:checked")]
    .map((input) => input.value));
}

function placesOf(list) {
  const places = new Map();
  for (const relation of list) {
    for (const place of endpoints(relation)) {
      if (place && place.lat !== null && place.lon !== null) places.set(place.id, place);
    }
  }
  return [...places.values()];
}

function endpoints(relation) {
  if (relation.type === "partnership") return relation.places;
  if (relation.type === "visit") return [relation.from_place, relation.host_place];
  return relation.members.map((member) => member.place);
}

const located = (place) => place && place.lat !== null && place.lon !== null;
const point = (place) => [place.lon, -place.lat];

/** The smallest view of the world (2:1) that holds these places, with a margin. */
function fit(places) {
  if (places.length === 0) return WORLD;
  const xs = places.map((place) => place.lon);
  const ys = places.map((place) => -place.lat);
  let width = Math.max(12, (Math.max(...xs) - Math.min(...xs)) * 1.3);
  let height = Math.max(6, (Math.max(...ys) - Math.min(...ys)) * 1.3);
  if (width < height * 2) width = height * 2; else height = width / 2;
  width = Math.min(width, 360);
  height = Math.min(height, 180);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

function zoom(next) {
  view = next;
  const map = document.getElementById("map");
  map.setAttribute("viewBox", `${view.x} ${view.y} ${view.width} ${view.height}`);
  draw();
}

function draw() {
  const marks = clear(document.getElementById("marks"));
  const unit = view.width / 180; // about one pixel in four at the page's width
  const types = shownTypes();
  const shown = relations.filter((relation) => types.has(relation.type));
  for (const relation of shown) {
    const mark = markOf(relation, unit);
    if (mark) {
      mark.addEventListener("click", () => detail(relation));
      marks.append(mark);
    }
  }
  for (const place of placesOf(shown)) {
    const [x, y] = point(place);
    marks.append(svg("g", { class: "place", "data-place": place.id,
      onclick: () => placeDetail(place, shown) },
    svg("circle", { cx: x, cy: y, r: unit * 1.2 }),
    svg("text", { x: x + unit * 1.8, y: y + unit, "font-size": unit * 3.2 }, place.name)));
  }
}

function markOf(relation, unit) {
  const label = svg("title", {}, titleOf(relation));
  if (relation.type === "partnership") {
    const [a, b] = relation.places;
    if (!located(a) || !located(b)) return null;
    return svg("line", { class: "relation partnership", x1: point(a)[0], y1: point(a)[1],
      x2: point(b)[0], y2: point(b)[1], "data-relation": relation.id }, label);
  }
  if (relation.type === "visit") {
    if (!located(relation.from_place) || !located(relation.host_place)) return null;
    return arrow(point(relation.from_place), point(relation.host_place), unit, relation, label);
  }
  const members = relation.members.map((member) => member.place).filter(located);
  if (members.length < 2) return null;
  const cx = members.reduce((sum, place) => sum + point(place)[0], 0) / members.length;
  const cy = members.reduce((sum, place) => sum + point(place)[1], 0) / members.length;
  const d = members.map((place) => `M${cx} ${cy}L${point(place)[0]} ${point(place)[1]}`).join("");
  return svg("path", { class: "relation alliance", d, "data-relation": relation.id }, label);
}

/** A curved arrow from `from` to `to` (bent to the right, so A→B and B→A do not overlap). */
function arrow(from, to, unit, relation, label) {
  const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
  const length = Math.hypot(dx, dy) || 1;
  const [nx, ny] = [-dy / length, dx / length];
  const bend = length * 0.15;
  const control = [(from[0] + to[0]) / 2 + nx * bend, (from[1] + to[1]) / 2 + ny * bend];
  const [tx, ty] = [to[0] - control[0], to[1] - control[1]];
  const tangent = Math.hypot(tx, ty) || 1;
  const [ux, uy] = [tx / tangent, ty / tangent];
  const size = unit * 3;
  const head = [
    [to[0] - ux * size + uy * size * 0.5, to[1] - uy * size - ux * size * 0.5],
    [to[0] - ux * size - uy * size * 0.5, to[1] - uy * size + ux * size * 0.5],
  ];
  return svg("g", { class: "relation visit", "data-relation": relation.id }, label,
    svg("path", { d: `M${from[0]} ${from[1]}Q${control[0]} ${control[1]} ${to[0]} ${to[1]}` }),
    svg("polygon", { points: `${to.join(",")} ${head[0].join(",")} ${head[1].join(",")}` }));
}

function titleOf(relation) {
  if (relation.type === "partnership") {
    return `${relation.places.map(placeName).join(" ↔ ")} (${relation.kind}` +
      `${relation.since ? `, since ${relation.since}` : ""})`;
  }
  if (relation.type === "visit") {
    const origin = relation.from_place ? placeName(relation.from_place) :
      relation.from_organisation;
    return `${origin || "?"} → ${placeName(relation.host_place)}` +
      `${relation.start ? ` (${relation.start})` : ""}`;
  }
  return `${relation.name} (${relation.members.length} members)`;
}

function detail(relation) {
  const box = clear(document.getElementById("map-detail"));
  box.append(el("h3", {}, titleOf(relation)), sourcesOf(relation));
}

function sourcesOf(relation) {
  return el("ul", { class: "sources" }, ...relation.sources.map((source) => {
    const span = source.evidence[0];
    return el("li", {}, el("a", { href: documentLink(source.document_id, span) },
      span ? el("q", {}, span.text) : source.document_id),
    source.stated_date ? el("span", { class: "meta" }, ` (${source.stated_date})`) : null);
  }));
}

function placeDetail(place, shown) {
  const box = clear(document.getElementById("map-detail"));
  const involving = shown.filter((relation) =>
    endpoints(relation).some((other) => other && other.id === place.id));
  box.append(el("h3", {}, place.name),
    el("p", { class: "meta" }, [place.country, ...place.names.filter((n) => n !== place.name)]
      .filter(Boolean).join(" · ")),
    ...involving.map((relation) => el("div", { class: `relation-detail ${relation.type}` },
      el("strong", {}, titleOf(relation)), sourcesOf(relation))));
}
