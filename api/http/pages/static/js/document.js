// One document: its stored text with every fact's evidence highlighted (one colour per type),
// the facts beside it (click one to mark its spans; click a highlight to find its fact), what
// verification dropped and why, and the boilerplate the model never read, greyed.
//
// Offsets are the API's: Python string indices, that is code points. JavaScript strings count
// UTF-16 units, so the text is cut as an array of code points.

import { api, may } from "./api.js";
import { clear, el, placeName, showError, showStatus, sleep } from "./dom.js";

const TYPES = ["partnerships", "visits", "alliances"];
const SINGULAR = { partnerships: "partnership", visits: "visit", alliances: "alliance" };
const documentId = document.body.dataset.documentId;
const path = `/documents/${encodeURIComponent(documentId)}`;

export async function start() {
  const [stored, sentences] = await Promise.all([api(path), api(`${path}/sentences`)]);
  document.getElementById("document-title").textContent =
    stored.title || `Document ${stored.id}`;
  document.getElementById("document-meta").textContent = [
    stored.url, stored.published_at && `published ${stored.published_at}`,
    `${stored.length} characters`, `added ${new Date(stored.created_at).toLocaleString()}`,
  ].filter(Boolean).join(" · ");
  window.addEventListener("hashchange", markCited);
  let extraction = await api(`${path}/extraction`);
  render(stored.text, sentences, extraction);
  while (extraction.status === "pending" || extraction.status === "running") {
    await sleep(2000);
    extraction = await api(`${path}/extraction`);
    render(stored.text, sentences, extraction);
  }
  // What the buttons may do depends on how the extraction ended.
  await setUpButtons(extraction);
}

function render(text, sentences, extraction) {
  const facts = factsOf(extraction.result);
  const badge = document.getElementById("extraction-status");
  badge.textContent = extraction.status;
  badge.className = `badge ${extraction.status}`;
  if (extraction.error) showStatus(`Extraction ${extraction.status}: ${extraction.error}`, "error");
  renderText(text, sentences, facts);
  markCited();
  renderFacts(facts);
  renderDropped(extraction.result ? extraction.result.diagnostics.dropped : []);
}

function factsOf(result) {
  if (!result) return [];
  return TYPES.flatMap((type) => result[type].map((item, n) => ({
    id: `${SINGULAR[type]}-${n + 1}`, type: SINGULAR[type], item,
  })));
}

// --- the text --------------------------------------------------------------------------------

function renderText(text, sentences, facts) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  for (const fact of facts) {
    for (const span of fact.item.evidence) cuts.add(span.start).add(span.end);
  }
  for (const sentence of sentences) cuts.add(sentence.start).add(sentence.end);
  const points = [...cuts].filter((n) => n >= 0 && n <= chars.length).sort((a, b) => a - b);
  const boilerplate = sentences.filter((sentence) => sentence.boilerplate);
  const box = clear(document.getElementById("document-text"));
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    const covering = facts.filter((fact) =>
      fact.item.evidence.some((span) => span.start <= start && end <= span.end));
    const greyed = boilerplate.some((s) => s.start <= start && end <= s.end);
    const classes = [...new Set(covering.map((fact) => fact.type))];
    if (greyed) classes.push("boilerplate");
    const segment = el(covering.length ? "mark" : "span", {
      class: classes.join(" ") || null,
      "data-start": start,
      "data-end": end,
      "data-facts": covering.length ? covering.map((fact) => fact.id).join(" ") : null,
      title: covering.length ? covering.map((fact) => title(fact)).join("; ") : null,
    }, chars.slice(start, end).join(""));
    if (covering.length) segment.addEventListener("click", () => select(covering, "text"));
    box.append(segment);
  }
}

// --- the facts -------------------------------------------------------------------------------

function renderFacts(facts) {
  const list = clear(document.getElementById("facts"));
  if (facts.length === 0) list.append(el("li", { class: "empty" }, "No facts."));
  for (const fact of facts) {
    const card = el("li", { class: `fact ${fact.type}`, id: fact.id, tabindex: 0 },
      el("strong", {}, title(fact)), el("dl", {}, ...details(fact)),
      el("span", { class: "meta" }, `${fact.item.evidence.length} evidence span(s)`));
    card.addEventListener("click", () => select([fact], "panel"));
    card.addEventListener("keydown", (event) => {
      if (event.key === "Enter") select([fact], "panel");
    });
    list.append(card);
  }
}

function title(fact) {
  const item = fact.item;
  if (fact.type === "partnership") return item.places.map(placeName).join(" ↔ ");
  if (fact.type === "visit") {
    const origin = item.from_place ? placeName(item.from_place) : item.from_organisation;
    return `${origin || "?"} → ${placeName(item.host_place)}`;
  }
  return item.name;
}

function details(fact) {
  const item = fact.item;
  const rows = [];
  const add = (label, value) => {
    if (value === null || value === undefined || value === "" ||
      (Array.isArray(value) && value.length === 0)) return;
    rows.push(el("dt", {}, label), el("dd", {}, Array.isArray(value) ? value.join(", ") : value));
  };
  const people = (list) => list.map((p) => (p.role ? `${p.name} (${p.role})` : p.name));
  if (fact.type === "partnership") {
    add("kind", item.kind);
    add("status", item.status);
    add("since", item.since);
    add("topics", item.topics);
  } else if (fact.type === "visit") {
    add("when", item.date_text || [item.start, item.end].filter(Boolean).join(" – "));
    add("days", item.duration_days);
    add("participants", item.participants);
    add("leaders", people(item.leaders));
    add("received by", people(item.host_officials || []));
    add("topics", item.topics);
  } else {
    add("founded", item.founded);
    add("members", item.members.map(placeName));
    add("joined", item.joined.map((j) => `${placeName(j.place)}${j.date ? ` (${j.date})` : ""}`));
  }
  return rows;
}

/** Marks these facts and their spans; scrolls to the spans (from the panel) or the card. */
function select(facts, from) {
  const ids = new Set(facts.map((fact) => fact.id));
  for (const marked of document.querySelectorAll(".marked")) marked.classList.remove("marked");
  for (const card of document.querySelectorAll("#facts .fact")) {
    card.classList.toggle("selected", ids.has(card.id));
  }
  const spans = [...document.querySelectorAll("#document-text [data-facts]")]
    .filter((segment) => segment.dataset.facts.split(" ").some((id) => ids.has(id)));
  for (const segment of spans) segment.classList.add("marked");
  const target = from === "panel" ? spans[0] : document.getElementById(facts[0].id);
  if (target) target.scrollIntoView({ block: "center", behavior: "smooth" });
}

/** `#span=START-END` (a citation's link): marks that span of the text. */
function markCited() {
  const match = /^#span=(\d+)-(\d+)$/.exec(window.location.hash);
  for (const cited of document.querySelectorAll(".cited")) cited.classList.remove("cited");
  if (!match) return;
  const [start, end] = [Number(match[1]), Number(match[2])];
  const segments = [...document.querySelectorAll("#document-text [data-start]")].filter(
    (segment) => Number(segment.dataset.start) < end && Number(segment.dataset.end) > start);
  for (const segment of segments) segment.classList.add("cited");
  if (segments.length) segments[0].scrollIntoView({ block: "center" });
}

// --- what verification dropped, and the buttons ------------------------------------------------

function renderDropped(dropped) {
  const list = clear(document.getElementById("dropped"));
  if (dropped.length === 0) list.append(el("li", { class: "empty" }, "Nothing."));
  for (const value of dropped) {
    list.append(el("li", {}, el("code", {}, `${value.type}.${value.field}`), " ",
      el("q", {}, value.value), el("div", { class: "meta" }, value.reason)));
  }
}

async function setUpButtons(extraction) {
  const [ingest, admin] = await Promise.all([may("ingest"), may("admin")]);
  const reextract = document.getElementById("reextract");
  const remove = document.getElementById("delete");
  // A failed or outdated extraction is retried under the current key (scope ingest); a current
  // one is only run again by a forced job (scope admin).
  const retry = extraction.status === "failed" || !extraction.result_is_current;
  reextract.textContent = retry ? "Retry extraction" : "Re-extract";
  reextract.hidden = !(retry ? ingest : admin);
  remove.hidden = !admin;
  reextract.addEventListener("click", () => runAgain(retry).catch(showError));
  remove.addEventListener("click", async () => {
    if (!window.confirm("Delete this document, its extractions and facts?")) return;
    try {
      await api(path, { method: "DELETE" });
      window.location.assign("/ui/");
    } catch (error) {
      showError(error);
    }
  });
}

async function runAgain(retry) {
  if (retry) {
    await api(`${path}/extraction`, { method: "POST" });
  } else {
    let job = await api("/jobs/reextract", {
      method: "POST", json: { document_ids: [documentId], force: true },
    });
    while (job.state === "preparing" || job.state === "running") {
      showStatus(`Re-extracting (job ${job.id}: ${job.state})…`);
      await sleep(2000);
      job = await api(`/jobs/${encodeURIComponent(job.id)}`);
    }
  }
  window.location.reload();
}
