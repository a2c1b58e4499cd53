// Open a statement (upload it with its password, or pick one from history) and see the
// portfolio: totals, allocation, holdings, gains and XIRR; download it as JSON or CSV.
import { get, upload } from "../api.js";
import { loadAnalytics, gainsSection } from "../analytics.js";
import { donut } from "../chart.js";
import { downloadLink, releaseDownloads } from "../downloads.js";
import { field, h, show } from "../dom.js";
import { money, number, pct, signClass, when } from "../format.js";
import { allocation, holdings, holdingsCsv, totals, transactionsCsv } from "../statement.js";
import { say, sayError } from "../status.js";

// The statement last opened, kept in memory only (never in browser storage).
let opened = null;

export async function portfolioPage(main, [documentId]) {
  if (!documentId) return openPage(main);
  if (opened?.id !== documentId) {
    const document = await get(`/api/history/documents/${encodeURIComponent(documentId)}`);
    if (!document.statement?.meta) throw new Error("This document has no parsed statement.");
    opened = { id: documentId, statement: document.statement, filename: document.filename };
  }
  renderPortfolio(main, opened);
  return releaseDownloads;
}

async function openPage(main) {
  const file = h("input", { type: "file", name: "file", accept: "application/pdf,.pdf", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "off" });
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "upload-title" },
    h("h2", { id: "upload-title" }, "Upload a statement"),
    field("Statement (PDF)", file, "A CAMS/KFintech CAS or an NSDL/CDSL eCAS."),
    field("PDF password", password, "Usually your PAN, as the statement's e-mail says."),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Parse statement")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    say("Parsing the statement…");
    try {
      const body = new FormData();
      body.append("file", file.files[0]);
      body.append("password", password.value);
      const result = await upload("/api/single/process", body);
      opened = { id: result.document_id, statement: result.statement, filename: result.filename };
      location.hash = `#/portfolio/${result.document_id}`;
    } catch (error) {
      sayError(error);
    } finally {
      button.disabled = false;
    }
  });

  const picker = h("section", { class: "card", "aria-labelledby": "pick-title" }, h("h2", { id: "pick-title" }, "Or pick one from history"));
  show(main, h("h1", {}, "Open a statement"), h("div", { class: "grid" }, form, picker));
  const recent = await get("/api/history/documents", { query: { page_size: 10 } });
  const parsed = recent.documents.filter((doc) => doc.status === "completed");
  picker.append(
    parsed.length
      ? h(
          "ul",
          {},
          parsed.map((doc) =>
            h("li", {}, h("a", { href: `#/portfolio/${doc.id}` }, doc.filename), ` · ${doc.document_type} · ${when(doc.created_at)}`),
          ),
        )
      : h("p", {}, "No parsed statements yet."),
    h("p", {}, h("a", { href: "#/history" }, "Search all history")),
  );
}

function stat(label, value, { id, cls } = {}) {
  return h("div", {}, h("dt", {}, label), h("dd", { id, class: cls }, value));
}

function renderPortfolio(main, { id, statement }) {
  const rows = holdings(statement);
  const sum = totals(statement, rows);
  const meta = statement.meta || {};
  const period = meta.statement_period || {};
  const base = `statement-${id}`;

  const stats = h(
    "dl",
    { class: "stats", id: "totals" },
    stat("Current value", money(sum.value), { id: "total-value" }),
    stat(sum.partial ? "Invested (holdings with a cost)" : "Invested", money(sum.cost), { id: "total-cost" }),
    stat(sum.partial ? "Gain on those" : "Gain", money(sum.gain), { id: "total-gain", cls: signClass(sum.gain) }),
    stat("Gain %", pct(sum.gainPercent), { id: "total-gain-percent", cls: signClass(sum.gain) }),
    stat("XIRR", "…", { id: "xirr" }),
  );

  const charts = [h("h2", { id: "allocation" }, "Allocation")];
  const byAmc = allocation(rows, "amc");
  const byType = allocation(rows, "type");
  const byClass = allocation(rows, "assetClass");
  const chartGrid = h("div", { class: "grid" });
  const amcTitle = statement.demat_accounts?.length ? "By AMC or depository participant" : "By AMC";
  if (byAmc.length) chartGrid.append(h("section", {}, h("h3", {}, amcTitle), donut(`Allocation ${amcTitle.toLowerCase()}`, byAmc)));
  if (byType.length) chartGrid.append(h("section", {}, h("h3", {}, "By fund type"), donut("Allocation by fund type", byType)));
  if (byClass.length > 1) chartGrid.append(h("section", {}, h("h3", {}, "By asset class"), donut("Allocation by asset class", byClass)));
  charts.push(rows.length ? chartGrid : h("p", {}, "No holdings."));

  const table = holdingsTable(rows);
  const gains = h("div", { id: "gains" });

  show(
    main,
    h("h1", {}, statement.investor?.name || "Portfolio"),
    h(
      "p",
      {},
      `${meta.detection?.issuer || meta.cas_type || ""} ${(meta.detection?.variant || "").toLowerCase()} statement`,
      period.to ? `, ${period.from || "…"} to ${period.to}` : "",
      ". ",
      h("a", { href: "#/portfolio" }, "Open another statement"),
    ),
    stats,
    h(
      "div",
      { class: "actions", role: "group", "aria-label": "Downloads" },
      downloadLink("Download JSON", `${base}.json`, "application/json", JSON.stringify(statement, null, 2)),
      downloadLink("Download holdings CSV", `${base}-holdings.csv`, "text/csv", holdingsCsv(rows)),
      downloadLink("Download transactions CSV", `${base}-transactions.csv`, "text/csv", transactionsCsv(statement)),
    ),
    charts,
    h("h2", { id: "holdings" }, "Holdings"),
    table,
    gains,
    (statement.warnings || []).length
      ? [h("h2", {}, "Warnings"), h("ul", {}, statement.warnings.map((w) => h("li", {}, w)))]
      : [],
  );
  showAnalytics(id, rows, table, gains);
}

function holdingsTable(rows) {
  const head = ["Account", "Scheme / security", "Units", "NAV / price", "Invested", "Value", "Gain", "XIRR"];
  const numeric = new Set(["Units", "NAV / price", "Invested", "Value", "Gain", "XIRR"]);
  return h(
    "div",
    { class: "scroll", tabindex: 0, role: "region", "aria-labelledby": "holdings" },
    h(
      "table",
      { id: "holdings-table" },
      h("thead", {}, h("tr", {}, head.map((name) => h("th", { scope: "col", class: numeric.has(name) ? "num" : undefined }, name)))),
      h(
        "tbody",
        {},
        rows.map((row) =>
          h(
            "tr",
            { dataset: { isin: row.isin, account: row.account } },
            h("td", {}, row.account),
            h("th", { scope: "row" }, h("span", { class: "scheme-name" }, row.name), h("span", { class: "hint" }, `${row.isin} · ${row.type}`)),
            h("td", { class: "num" }, number(row.units)),
            h("td", { class: "num" }, number(row.nav)),
            h("td", { class: "num" }, money(row.cost)),
            h("td", { class: "num value" }, money(row.value)),
            h("td", { class: `num ${signClass(row.gain)}` }, row.gain === undefined ? "—" : `${money(row.gain)} (${pct(row.gainPercent)})`),
            h("td", { class: "num xirr" }, "…"),
          ),
        ),
      ),
    ),
  );
}

// Gains and XIRR come from POST /v4/analytics; without it (an older server) they show "—".
async function showAnalytics(documentId, rows, table, gains) {
  const xirrCell = document.getElementById("xirr");
  let result = null;
  try {
    result = await loadAnalytics(documentId);
  } catch (error) {
    sayError(error);
  }
  if (!xirrCell.isConnected) return; // the page changed meanwhile
  xirrCell.textContent = pct(result?.returns?.portfolio?.xirr);
  const byScheme = new Map((result?.returns?.schemes || []).map((s) => [`${s.folio}|${s.isin}`, s.xirr]));
  for (const tr of table.querySelectorAll("tbody tr")) {
    tr.querySelector(".xirr").textContent = pct(byScheme.get(`${tr.dataset.account}|${tr.dataset.isin}`));
  }
  if (result) gains.replaceChildren(...gainsSection(result));
}
