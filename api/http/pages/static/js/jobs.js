// Re-extraction jobs (scope admin): start one, follow each one's progress, rate and time left
// (polled every two seconds while one runs), read its failures, cancel it.

import { api } from "./api.js";
import { clear, documentLink, el, seconds, showError, showStatus } from "./dom.js";

const ACTIVE = new Set(["preparing", "running"]);
let refresh = null;

export async function start() {
  document.getElementById("job-form").addEventListener("submit", (event) => {
    event.preventDefault();
    create().catch(showError);
  });
  await load();
}

async function create() {
  const job = await api("/jobs/reextract", { method: "POST", json: {
    documents: document.getElementById("job-documents").value,
    force: document.getElementById("job-force").checked,
  } });
  showStatus(`Job ${job.id} started.`);
  await load();
}

async function load() {
  const page = await api("/jobs?limit=50");
  const body = clear(document.querySelector("#jobs tbody"));
  for (const job of page.items) body.append(row(job));
  if (page.items.length === 0) {
    body.append(el("tr", {}, el("td", { colspan: 7, class: "empty" }, "No jobs yet.")));
  }
  clearTimeout(refresh);
  if (page.items.some((job) => ACTIVE.has(job.state))) {
    refresh = setTimeout(() => load().catch(showError), 2000);
  }
}

function row(job) {
  const finished = job.done + job.skipped + job.failed + job.cancelled;
  const cancel = ACTIVE.has(job.state) ? el("button", { type: "button", onclick: async () => {
    try {
      await api(`/jobs/${encodeURIComponent(job.id)}/cancel`, { method: "POST" });
      await load();
    } catch (error) {
      showError(error);
    }
  } }, "Cancel") : null;
  const failures = el("ul", { class: "failures" }, ...job.failures.map((failure) =>
    el("li", {}, el("a", { href: documentLink(failure.document_id) }, failure.document_id),
      `: ${failure.error || "failed"}`)));
  return el("tr", { "data-job-id": job.id },
    el("td", {}, job.id, el("div", { class: "meta" },
      `${new Date(job.created_at).toLocaleString()} · ${JSON.stringify(job.selection)}` +
      `${job.force ? " · forced" : ""}`)),
    el("td", {}, el("span", { class: `badge ${job.state}` }, job.state),
      job.error ? el("div", { class: "error" }, job.error) : null),
    el("td", {}, el("progress", { max: job.total || 1, value: finished }),
      ` ${finished}/${job.total} (${job.done} done, ${job.skipped} skipped, ` +
      `${job.failed} failed, ${job.running} running)`),
    el("td", {}, job.rate_per_second ? `${(job.rate_per_second * 3600).toFixed(0)}/h` : "–"),
    el("td", {}, ACTIVE.has(job.state) ? seconds(job.eta_seconds) : "–"),
    el("td", {}, job.failed ? failures : "–"),
    el("td", {}, cancel));
}
