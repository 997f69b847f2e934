// The JSON API, called with the API key this browser session entered (sessionStorage: it
// ends with the tab). A 401 opens the key form; other errors carry the API's own message.

const KEY = "citylinks.key";

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.detail ? body.detail : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = "GET", json, body, contentType } = {}) {
  const headers = {};
  const key = sessionStorage.getItem(KEY);
  if (key) headers["X-API-Key"] = key;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (contentType) {
    headers["Content-Type"] = contentType;
  }
  const response = await fetch(path, { method, headers, body });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) askForKey(data && data.detail);
    throw new ApiError(response.status, data);
  }
  return data;
}

/** A file the API streams (an export), as a Blob. */
export async function fetchBlob(path) {
  const headers = {};
  const key = sessionStorage.getItem(KEY);
  if (key) headers["X-API-Key"] = key;
  const response = await fetch(path, { headers });
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    if (response.status === 401) askForKey(data && data.detail);
    throw new ApiError(response.status, data);
  }
  return response.blob();
}

/** Every item of a paginated route (`limit` per request). */
export async function allPages(path, limit = 500) {
  const items = [];
  const joiner = path.includes("?") ? "&" : "?";
  for (let offset = 0; ; offset += limit) {
    const page = await api(`${path}${joiner}limit=${limit}&offset=${offset}`);
    items.push(...page.items);
    if (offset + limit >= page.total) return items;
  }
}

export function askForKey(reason) {
  const form = document.getElementById("key-form");
  form.hidden = false;
  document.getElementById("key-error").textContent = reason || "";
  document.getElementById("key-input").focus();
}

export function setUpKeyForm() {
  const form = document.getElementById("key-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, document.getElementById("key-input").value.trim());
    window.location.reload();
  });
}

let caller = null;

/** The caller's name and scopes (GET /whoami), asked once per page. */
export async function whoami() {
  if (caller === null) caller = await api("/whoami");
  return caller;
}

export async function may(scope) {
  try {
    return (await whoami()).scopes.includes(scope);
  } catch {
    return false;
  }
}
