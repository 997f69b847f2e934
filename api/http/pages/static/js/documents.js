// The collection: documents with their extraction status and facts per type, search by
// place, and the form that submits an article and follows its extraction until it is done.

import { api, fetchBlob } from "./api.js";
import { clear, documentLink, el, showError, showStatus, sleep } from "./dom.js";

const PAGE_SIZE = 20;
const UNFINISHED = new Set(["pending", "running"]);
let offset = 0;
let place = "";
let refresh = null;

export async function start() {
  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    place = document.getElementById("search-place").value.trim();
    offset = 0;
    load().catch(showError);
  });
  document.getElementById("previous").addEventListener("click", () => {
    offset = Math.max(0, offset - PAGE_SIZE);
    load().catch(showError);
  });
  document.getElementById("next").addEventListener("click", () => {
    offset += PAGE_SIZE;
    load().catch(showError);
  });
  document.getElementById("submit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submit().catch(showError);
  });
  for (const link of document.querySelectorAll("#exports a[data-download]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      download(link.getAttribute("href"), link.dataset.download).catch(showError);
    });
  }
  await load();
}

/** An export fetched with this session's key (a plain link would carry none), then saved. */
async function download(path, filename) {
  const blob = await fetchBlob(path);
  const link = el("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

async function load() {
  const query = new URLSearchParams({ limit: PAGE_SIZE, offset });
  if (place) query.set("place", place);
  const page = await api(`/documents?${query}`);
  const body = clear(document.querySelector("#documents tbody"));
  for (const item of page.items) body.append(row(item));
  if (page.items.length === 0) {
    body.append(el("tr", {}, el("td", { colspan: 6, class: "empty" },
      place ? `No document names ${place}.` : "No documents yet: submit one.")));
  }
  const last = Math.min(offset + PAGE_SIZE, page.total);
  document.getElementById("page-info").textContent =
    page.total ? `${offset + 1}–${last} of ${page.total}` : "";
  document.getElementById("previous").disabled = offset === 0;
  document.getElementById("next").disabled = last >= page.total;
  clearTimeout(refresh);
  if (page.items.some((item) => UNFINISHED.has(item.extraction_status))) {
    refresh = setTimeout(() => load().catch(showError), 5000);
  }
}

function row(item) {
  const label = item.title || item.excerpt || item.id;
  const added = new Date(item.created_at).toLocaleString();
  const status = item.extraction_status || "none";
  return el("tr", { "data-document-id": item.id },
    el("td", {}, el("a", { href: documentLink(item.id) }, label),
      item.url ? el("div", { class: "meta" }, item.url) : null),
    el("td", {}, added),
    el("td", {}, el("span", { class: `badge ${status}` }, status)),
    el("td", { class: "count" }, item.facts.partnerships),
    el("td", { class: "count" }, item.facts.visits),
    el("td", { class: "count" }, item.facts.alliances));
}

async function submit() {
  const format = document.getElementById("submit-format").value;
  const document_ = { [format]: document.getElementById("submit-body").value };
  for (const [field, id] of [["title", "submit-title"], ["url", "submit-url"],
    ["published_at", "submit-published"]]) {
    const value = document.getElementById(id).value.trim();
    if (value) document_[field] = value;
  }
  const answer = await api("/documents", { method: "POST", json: document_ });
  showStatus(answer.created ? "Stored; extracting…" : "Already stored.");
  document.getElementById("submit-body").value = "";
  await load();
  await follow(answer.document.id, answer.extraction);
}

async function follow(documentId, extraction) {
  const box = document.getElementById("progress");
  box.hidden = false;
  const started = Date.now();
  while (UNFINISHED.has(extraction.status)) {
    const waited = Math.round((Date.now() - started) / 1000);
    clear(box).append(
      el("p", {}, el("span", { class: `badge ${extraction.status}` }, extraction.status),
        ` ${waited} s, ${extraction.model_calls.length} model calls so far`),
      el("progress", {}));
    await sleep(2000);
    extraction = await api(`/documents/${encodeURIComponent(documentId)}/extraction`);
  }
  const result = extraction.result || { partnerships: [], visits: [], alliances: [] };
  clear(box).append(
    el("p", {}, el("span", { class: `badge ${extraction.status}` }, extraction.status), " ",
      extraction.error || `${result.partnerships.length} partnerships, ` +
        `${result.visits.length} visits, ${result.alliances.length} alliances`),
    el("a", { href: documentLink(documentId), id: "review-link" }, "Review the evidence →"));
  showStatus("");
  await load();
}
