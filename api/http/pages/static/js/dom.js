// Building the page from data. Strings only ever become text nodes (never HTML): article text
// is a stranger's, and whatever markup it holds stays inert.

/** el("a", {href: "/x", class: "y"}, "text", child, ...): an element with text children. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined)
    .map((child) => (child instanceof Node ? child : document.createTextNode(String(child)))));
  return element;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

export function showStatus(message, kind = "info") {
  const status = document.getElementById("status");
  status.textContent = message || "";
  status.className = `status ${kind}`;
}

export function showError(error) {
  showStatus(error.message || String(error), "error");
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function documentLink(documentId, span) {
  const hash = span ? `#span=${span.start}-${span.end}` : "";
  return `/ui/documents/${encodeURIComponent(documentId)}${hash}`;
}

export function placeName(place) {
  return place ? place.name : "?";
}

export function seconds(value) {
  if (value === null || value === undefined) return "–";
  if (value < 90) return `${Math.round(value)} s`;
  if (value < 5400) return `${Math.round(value / 60)} min`;
  return `${(value / 3600).toFixed(1)} h`;
}
