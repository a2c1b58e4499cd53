// The signed-in session, in sessionStorage only: it ends with the tab, and nothing is written to
// localStorage. A statement's data is never stored at all (it stays in memory).

const KEY = "casgate.session";

export function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || "null");
  } catch {
    return null;
  }
}

export function save(tokens, user) {
  const current = load() || {};
  const next = {
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    user: user || current.user || null,
  };
  sessionStorage.setItem(KEY, JSON.stringify(next));
  return next;
}

export function clear() {
  sessionStorage.removeItem(KEY);
}
