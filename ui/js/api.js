// The REST API through the gateway: JSON and multipart calls with the session's JWT, one shared
// token refresh on a 401, and server-sent events read from a fetch stream (EventSource cannot
// send an Authorization header).
import * as session from "./session.js";

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let refreshing = null;

// Refresh tokens rotate and reusing a retired one ends the session, so concurrent 401s share
// one refresh.
function refresh() {
  refreshing ??= (async () => {
    const current = session.load();
    if (!current?.refresh_token) return false;
    const response = await fetch("/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: current.refresh_token }),
    });
    if (!response.ok) {
      session.clear();
      return false;
    }
    session.save(await response.json());
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function errorOf(response) {
  let message = `${response.status} ${response.statusText}`;
  let code;
  try {
    const body = await response.json();
    message = body.msg || body.message || message;
    code = body.code;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, message, code);
}

function target(path, query) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  return url;
}

// Calls the API; answers the parsed JSON body (or the Response itself with raw: true).
export async function call(method, path, { json, form, query, raw, signal } = {}) {
  const attempt = () => {
    const headers = {};
    const token = session.load()?.access_token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body;
    if (json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(json);
    } else if (form) {
      body = form; // the browser sets the multipart boundary
    }
    return fetch(target(path, query), { method, headers, body, signal });
  };
  const signedIn = Boolean(session.load()?.access_token);
  let response = await attempt();
  if (response.status === 401 && signedIn && (await refresh())) {
    response = await attempt();
  }
  if (response.status === 401 && signedIn) {
    session.clear();
    window.dispatchEvent(new Event("casgate:signed-out"));
  }
  if (!response.ok) throw await errorOf(response);
  return raw ? response : response.json();
}

export const get = (path, options) => call("GET", path, options);
export const post = (path, json, options) => call("POST", path, { ...options, json });
export const del = (path, options) => call("DELETE", path, options);
export const upload = (path, form, options) => call("POST", path, { ...options, form });

// Yields each server-sent event's JSON until the stream ends or `signal` aborts it.
export async function* events(path, { query, signal } = {}) {
  const response = await call("GET", path, { query, signal, raw: true });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replaceAll("\r\n", "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n");
        if (data) yield JSON.parse(data);
      }
    }
  } finally {
    reader.releaseLock();
  }
}
