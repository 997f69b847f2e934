// Ask the collection (POST /ask, the same answerer as the API). Each [n] in an answer links to
// the cited document with the cited span marked; a refusal says that the sources do not hold
// the answer, not that they hold nothing.

import { api } from "./api.js";
import { documentLink, el, showError } from "./dom.js";

export async function start() {
  const form = document.getElementById("ask-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("question");
    const question = input.value.trim();
    if (!question) return;
    input.value = "";
    ask(question).catch(showError);
  });
}

async function ask(question) {
  const conversation = document.getElementById("conversation");
  conversation.append(el("li", { class: "question" }, question));
  const pending = el("li", { class: "answer pending" }, "Reading the sources…");
  conversation.append(pending);
  pending.scrollIntoView({ block: "end" });
  try {
    const answer = await api("/ask", { method: "POST", json: { question } });
    pending.replaceWith(rendered(answer));
  } catch (error) {
    pending.replaceWith(el("li", { class: "answer error" }, error.message));
  }
}

function rendered(answer) {
  const refused = answer.status === "not_in_sources";
  const byNumber = new Map(answer.citations.map((citation) => [citation.n, citation]));
  const parts = answer.answer.split(/(\[\d+\])/).map((part) => {
    const match = /^\[(\d+)\]$/.exec(part);
    const citation = match && byNumber.get(Number(match[1]));
    if (!citation) return part;
    return el("a", { href: documentLink(citation.document_id, citation), class: "cite" }, part);
  });
  const how = {
    facts: "from the extracted facts",
    sentences: "read off a sentence",
  }[answer.diagnostics.answered_from] || "from the passages";
  return el("li", { class: refused ? "answer refused" : "answer" },
    refused ? el("p", { class: "refusal" }, "Not in the sources") : null,
    el("p", {}, ...parts),
    answer.citations.length ? el("ol", { class: "citations" }, ...answer.citations.map(
      (citation) => el("li", { value: citation.n },
        el("a", { href: documentLink(citation.document_id, citation) }, el("q", {}, citation.text))),
    )) : null,
    el("p", { class: "meta" },
      `${how}, ${answer.diagnostics.model_calls} model calls, ${answer.diagnostics.seconds} s`));
}
