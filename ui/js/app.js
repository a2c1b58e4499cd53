// The dashboard's shell: hash routes, the signed-in header, the status line.
import * as session from "./session.js";
import { post } from "./api.js";
import { show } from "./dom.js";
import { quiet, say, sayError } from "./status.js";
import { signInPage } from "./views/signin.js";
import { portfolioPage } from "./views/portfolio.js";
import { batchPage, batchJobPage } from "./views/batch.js";
import { historyPage } from "./views/history.js";
import { keysPage } from "./views/keys.js";
import { deliveriesPage, webhooksPage } from "./views/webhooks.js";

const main = document.getElementById("main");

// [pattern, page, title]: a page gets (view, params, query) and renders into view, its part of main.
const ROUTES = [
  [/^\/signin$/, signInPage, "Sign in"],
  [/^\/portfolio$/, portfolioPage, "Portfolio"],
  [/^\/portfolio\/([\w-]+)$/, portfolioPage, "Portfolio"],
  [/^\/batch$/, batchPage, "Batches"],
  [/^\/batch\/([\w-]+)$/, batchJobPage, "Batch"],
  [/^\/history$/, historyPage, "History"],
  [/^\/keys$/, keysPage, "API keys"],
  [/^\/webhooks$/, webhooksPage, "Webhooks"],
  [/^\/webhooks\/([\w-]+)$/, deliveriesPage, "Webhook deliveries"],
];

let leave = null; // the current page's clean-up (an open event stream)

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/portfolio";
  const [path, search = ""] = raw.split("?");
  return { path, query: new URLSearchParams(search) };
}

function renderHeader(signedIn, path) {
  document.getElementById("nav").hidden = !signedIn;
  document.getElementById("who").hidden = !signedIn;
  document.getElementById("who-email").textContent = session.load()?.user?.email || "";
  for (const link of document.querySelectorAll("#nav a")) {
    const section = link.getAttribute("href").slice(1);
    if (path === section || path.startsWith(`${section}/`)) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function route() {
  if (leave) leave();
  leave = null;
  const { path, query } = parseHash();
  const signedIn = Boolean(session.load()?.access_token);
  if (!signedIn && path !== "/signin") {
    location.hash = "#/signin";
    return;
  }
  renderHeader(signedIn, path);
  const match = ROUTES.map(([pattern, page, title]) => [pattern.exec(path), page, title]).find(([m]) => m);
  if (!match) {
    location.hash = "#/portfolio";
    return;
  }
  const [found, page, title] = match;
  document.title = `${title} · casgate`;
  quiet();
  // Each visit renders into a view of its own: a page still loading when the next one is asked
  // for (a slow answer, a quick click) finishes into its detached view instead of over the new one.
  const view = document.createElement("div");
  view.className = "view";
  main.replaceChildren(view);
  try {
    const cleanup = (await page(view, found.slice(1), query)) || null;
    if (view.isConnected) leave = cleanup;
    else if (cleanup) cleanup(); // left while it loaded: close what it opened (an event stream)
  } catch (error) {
    if (!view.isConnected) return;
    show(view);
    sayError(error);
  }
}

// Leaving a session reloads the page, so nothing of it (statements, file names, secrets shown
// once) survives in memory for whoever signs in next; the notice is said after the reload.
const NOTICE = "casgate.notice";

function leaveSession(notice, kind) {
  session.clear();
  sessionStorage.setItem(NOTICE, JSON.stringify([notice, kind]));
  location.hash = "#/signin";
  location.reload();
}

document.getElementById("sign-out").addEventListener("click", async () => {
  const refresh = session.load()?.refresh_token;
  try {
    if (refresh) await post("/api/auth/logout", { refresh_token: refresh });
  } catch {
    // the tokens are forgotten here either way
  }
  leaveSession("Signed out.", "info");
});

window.addEventListener("casgate:signed-out", () => leaveSession("Your session ended; sign in again.", "error"));

window.addEventListener("hashchange", route);
route().then(() => {
  const notice = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  if (notice) say(...JSON.parse(notice));
});
