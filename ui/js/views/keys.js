// The account's API keys: create one (shown once), list them masked, revoke one.
import { del, get, post } from "../api.js";
import { field, h, show } from "../dom.js";
import { when } from "../format.js";
import { say, sayError } from "../status.js";

export async function keysPage(main) {
  const name = h("input", { type: "text", name: "name", required: true, autocomplete: "off" });
  const created = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "new-key-title" },
    h("h2", { id: "new-key-title" }, "New API key"),
    field("Key name", name, "What will use it, e.g. “reporting job”."),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Create key")),
    created,
  );
  const list = h("div");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await post("/api/keys", { name: name.value });
      name.value = "";
      // shown once, held by no storage; gone when the page changes
      created.replaceChildren(
        h("p", {}, "Copy the key now; it is not shown again:"),
        h("p", { class: "secret", id: "new-key" }, answer.api_key),
      );
      await refresh(list);
    } catch (error) {
      sayError(error);
    }
  });
  show(main, h("h1", {}, "API keys"), form, h("h2", { id: "keys-title" }, "Your keys"), list);
  await refresh(list);
}

async function refresh(list) {
  const { keys } = await get("/api/keys");
  const active = keys.filter((key) => !key.revoked);
  if (!active.length) {
    list.replaceChildren(h("p", {}, "No active keys."));
    return;
  }
  list.replaceChildren(
    h(
      "div",
      { class: "scroll", tabindex: 0, role: "region", "aria-labelledby": "keys-title" },
      h(
        "table",
        { id: "keys-table" },
        h("thead", {}, h("tr", {}, ["Name", "Key", "Credits used", "Created", ""].map((label) => h("th", { scope: "col" }, label)))),
        h("tbody", {}, active.map((key) => keyRow(key, list))),
      ),
    ),
  );
}

function keyRow(key, list) {
  const actions = h("td");
  const revoke = h("button", { type: "button", class: "secondary", "aria-label": `Revoke ${key.name}` }, "Revoke");
  // two steps rather than a modal confirm(): the second button says what it does
  revoke.addEventListener("click", () => {
    const confirm = h("button", { type: "button", class: "danger" }, `Revoke ${key.name} now`);
    const keep = h("button", { type: "button", class: "secondary" }, "Keep it");
    confirm.addEventListener("click", async () => {
      try {
        await del(`/api/keys/${encodeURIComponent(key.id)}`);
        say(`Key ${key.name} revoked.`);
        await refresh(list);
      } catch (error) {
        sayError(error);
      }
    });
    keep.addEventListener("click", () => {
      actions.replaceChildren(revoke);
      revoke.focus();
    });
    actions.replaceChildren(h("div", { class: "actions" }, confirm, keep));
    confirm.focus();
  });
  actions.append(revoke);
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, key.name),
    h("td", {}, h("code", {}, key.masked_key)),
    h("td", { class: "num" }, key.is_unlimited ? "unlimited" : `${key.credits_used} of ${key.credits_limit}`),
    h("td", {}, when(key.created_at)),
    actions,
  );
}
