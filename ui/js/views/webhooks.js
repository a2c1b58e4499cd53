// The account's webhooks: register one (its secret shown once), list, rotate the secret, enable
// one a receiver's 410 disabled, delete; each webhook's deliveries with their attempts, and
// redelivery.
import { del, get, post } from "../api.js";
import { field, h, show } from "../dom.js";
import { when } from "../format.js";
import { say, sayError } from "../status.js";

const EVENTS = [
  ["parse.completed", "A single document was processed"],
  ["batch.completed", "A batch ended (completed, failed or cancelled)"],
  ["extraction.completed", "An extraction finished"],
  ["review.completed", "A review finished"],
];

// A secret, shown once: in the page only, never stored.
function secretBox(label, secret) {
  return [h("p", {}, label), h("p", { class: "secret", id: "webhook-secret" }, secret)];
}

export async function webhooksPage(main) {
  const url = h("input", { type: "url", name: "url", required: true, placeholder: "https://example.com/hooks", autocomplete: "off" });
  const boxes = EVENTS.map(([name, help]) => [name, h("input", { type: "checkbox", name: "events", value: name, checked: name === "parse.completed" || name === "batch.completed" }), help]);
  const shown = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "new-webhook-title" },
    h("h2", { id: "new-webhook-title" }, "New webhook"),
    field("Receiver URL", url, "casgate POSTs each event here, signed with the webhook's secret."),
    h("fieldset", { class: "field" }, h("legend", {}, "Events"), boxes.map(([name, box, help]) => h("label", {}, box, ` ${name} `, h("span", { class: "hint" }, `(${help})`)))),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Create webhook")),
    shown,
  );
  const list = h("div");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const events = boxes.filter(([, box]) => box.checked).map(([name]) => name);
    try {
      const webhook = await post("/v1/webhooks", { url: url.value, events });
      url.value = "";
      shown.replaceChildren(...secretBox("The webhook's signing secret; copy it now, it is not shown again:", webhook.secret));
      await refresh(list, shown);
    } catch (error) {
      sayError(error);
    }
  });
  show(main, h("h1", {}, "Webhooks"), form, h("h2", { id: "webhooks-title" }, "Your webhooks"), list);
  await refresh(list, shown);
}

async function refresh(list, shown) {
  const { webhooks } = await get("/v1/webhooks");
  if (!webhooks.length) {
    list.replaceChildren(h("p", {}, "No webhooks."));
    return;
  }
  list.replaceChildren(
    h(
      "div",
      { class: "scroll", tabindex: 0, role: "region", "aria-labelledby": "webhooks-title" },
      h(
        "table",
        { id: "webhooks-table" },
        h("thead", {}, h("tr", {}, ["URL", "Events", "State", "Created", ""].map((label) => h("th", { scope: "col" }, label)))),
        h("tbody", {}, webhooks.map((webhook) => webhookRow(webhook, list, shown))),
      ),
    ),
  );
}

function webhookRow(webhook, list, shown) {
  const actions = h("td", {}, h("div", { class: "actions" }));
  const group = actions.firstChild;
  const rotate = h("button", { type: "button", class: "secondary" }, "Rotate secret");
  rotate.addEventListener("click", async () => {
    try {
      const rotated = await post(`/v1/webhooks/${encodeURIComponent(webhook.id)}/rotate-secret`, {});
      shown.replaceChildren(...secretBox(`New secret for ${webhook.url} (the previous one still signs until ${when(rotated.previous_secret_expires_at)}):`, rotated.secret));
      shown.scrollIntoView();
    } catch (error) {
      sayError(error);
    }
  });
  const remove = h("button", { type: "button", class: "secondary", "aria-label": `Delete the webhook for ${webhook.url}` }, "Delete");
  remove.addEventListener("click", () => {
    const confirm = h("button", { type: "button", class: "danger" }, "Delete it now");
    const keep = h("button", { type: "button", class: "secondary" }, "Keep it");
    confirm.addEventListener("click", async () => {
      try {
        await del(`/v1/webhooks/${encodeURIComponent(webhook.id)}`);
        say(`Webhook for ${webhook.url} deleted.`);
        await refresh(list, shown);
      } catch (error) {
        sayError(error);
      }
    });
    const before = [...group.children];
    keep.addEventListener("click", () => {
      group.replaceChildren(...before);
      remove.focus();
    });
    group.replaceChildren(confirm, keep);
    confirm.focus();
  });
  const deliveries = h("a", { href: `#/webhooks/${webhook.id}` }, "Deliveries");
  group.append(deliveries, rotate, remove);
  if (webhook.disabled) {
    const enable = h("button", { type: "button", "aria-label": `Enable the webhook for ${webhook.url} again` }, "Enable");
    enable.addEventListener("click", async () => {
      try {
        await post(`/v1/webhooks/${encodeURIComponent(webhook.id)}/enable`, {});
        say(`Webhook for ${webhook.url} enabled again.`);
        await refresh(list, shown);
      } catch (error) {
        sayError(error);
      }
    });
    group.prepend(enable);
  }
  return h(
    "tr",
    { dataset: { id: webhook.id } },
    h("th", { scope: "row" }, webhook.url),
    h("td", {}, webhook.events.join(", ")),
    h("td", { class: "webhook-state" }, webhook.disabled ? `disabled: ${webhook.disabled_reason || ""}` : "active"),
    h("td", {}, when(webhook.created_at)),
    actions,
  );
}

export async function deliveriesPage(main, [webhookId]) {
  const path = `/v1/webhooks/${encodeURIComponent(webhookId)}`;
  const webhook = await get(path);
  const table = h("div");
  const reload = h("button", { type: "button", class: "secondary" }, "Refresh");
  reload.addEventListener("click", () => renderDeliveries(path, table).catch(sayError));
  show(
    main,
    h("h1", {}, "Deliveries"),
    h("p", {}, `To ${webhook.url} · `, h("a", { href: "#/webhooks" }, "All webhooks")),
    h("div", { class: "actions" }, reload),
    table,
  );
  await renderDeliveries(path, table);
}

async function renderDeliveries(path, table) {
  const { deliveries } = await get(`${path}/deliveries`, { query: { limit: 50 } });
  if (!deliveries.length) {
    table.replaceChildren(h("p", { id: "no-deliveries" }, "No deliveries yet."));
    return;
  }
  const columns = ["Event", "Status", "Attempts", "Response", "Latency", "Created", ""];
  table.replaceChildren(
    h(
      "div",
      { class: "scroll", tabindex: 0, role: "region", "aria-label": "Deliveries" },
      h(
        "table",
        { id: "deliveries-table" },
        h("thead", {}, h("tr", {}, columns.map((label) => h("th", { scope: "col" }, label)))),
        h(
          "tbody",
          {},
          deliveries.map((delivery) => {
            const redeliver = h("button", { type: "button", class: "secondary", "aria-label": `Redeliver ${delivery.event} of ${when(delivery.created_at)}` }, "Redeliver");
            redeliver.addEventListener("click", async () => {
              try {
                await post(`${path}/deliveries/${encodeURIComponent(delivery.id)}/redeliver`, {});
                say(`Delivery of ${delivery.event} queued again.`);
                await renderDeliveries(path, table);
              } catch (error) {
                sayError(error);
              }
            });
            return h(
              "tr",
              { dataset: { id: delivery.id, status: delivery.status } },
              h("th", { scope: "row" }, delivery.event),
              h("td", { class: "delivery-status" }, delivery.status, delivery.error ? h("span", { class: "hint" }, ` ${delivery.error}`) : null),
              h("td", { class: "num" }, delivery.attempts),
              h("td", { class: "num" }, delivery.response_code ?? "—"),
              h("td", { class: "num" }, delivery.latency_ms === undefined ? "—" : `${Math.round(delivery.latency_ms)} ms`),
              h("td", {}, when(delivery.created_at)),
              h("td", {}, redeliver),
            );
          }),
        ),
      ),
    ),
  );
}
