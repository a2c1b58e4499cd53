// Browse and search history: documents (full-text search over their text and fields) and jobs.
import { get } from "../api.js";
import { field, h, show } from "../dom.js";
import { bytes, when } from "../format.js";

const PAGE_SIZE = 20;

export async function historyPage(main, _params, query) {
  const q = query.get("q") || "";
  const page = Math.max(1, Number(query.get("page")) || 1);
  const search = h("input", { type: "search", name: "q", value: q, autocomplete: "off" });
  const form = h(
    "form",
    { role: "search", class: "card", "aria-label": "Search documents" },
    field("Search documents", search, "Words from the statement: an investor, a scheme, a PAN, an ISIN…"),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Search"), q ? h("a", { href: "#/history" }, "Clear search") : null),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = search.value.trim() ? `#/history?q=${encodeURIComponent(search.value.trim())}` : "#/history";
  });

  const [documents, jobs, stats] = await Promise.all([
    q
      ? get("/api/history/documents/search", { query: { q, page, page_size: PAGE_SIZE } })
      : get("/api/history/documents", { query: { page, page_size: PAGE_SIZE } }),
    q ? null : get("/api/history/jobs", { query: { page_size: 10 } }),
    q ? null : get("/api/history/stats"),
  ]);

  show(
    main,
    h("h1", {}, "History"),
    form,
    stats
      ? h(
          "dl",
          { class: "stats" },
          h("div", {}, h("dt", {}, "Documents"), h("dd", {}, stats.documents)),
          h("div", {}, h("dt", {}, "Pages"), h("dd", {}, stats.pages)),
          h("div", {}, h("dt", {}, "Success rate"), h("dd", {}, `${Math.round(stats.success_rate * 100)}%`)),
        )
      : null,
    h("h2", { id: "documents-title" }, q ? `Documents matching “${q}” (${documents.total})` : `Documents (${documents.total})`),
    documentsTable(documents.documents),
    pager(q, page, documents.total),
    jobs ? [h("h2", { id: "jobs-title" }, "Recent batches"), jobsTable(jobs.jobs)] : null,
  );
}

function documentsTable(documents) {
  if (!documents.length) return h("p", { id: "no-documents" }, "No documents.");
  return h(
    "div",
    { class: "scroll", tabindex: 0, role: "region", "aria-labelledby": "documents-title" },
    h(
      "table",
      { id: "documents-table" },
      h("thead", {}, h("tr", {}, ["File", "Type", "Pages", "Size", "Status", "Tags", "Added"].map((name) => h("th", { scope: "col" }, name)))),
      h(
        "tbody",
        {},
        documents.map((doc) =>
          h(
            "tr",
            { dataset: { id: doc.id } },
            h("th", { scope: "row" }, doc.status === "completed" ? h("a", { href: `#/portfolio/${doc.id}` }, doc.filename) : doc.filename),
            h("td", {}, doc.document_type),
            h("td", { class: "num" }, doc.pages),
            h("td", { class: "num" }, bytes(doc.size)),
            h("td", {}, doc.status),
            h("td", {}, (doc.tags || []).map((t) => t.name || t).join(", ")),
            h("td", {}, when(doc.created_at)),
          ),
        ),
      ),
    ),
  );
}

function jobsTable(jobs) {
  if (!jobs.length) return h("p", {}, "No batches yet.");
  return h(
    "div",
    { class: "scroll", tabindex: 0, role: "region", "aria-labelledby": "jobs-title" },
    h(
      "table",
      { id: "jobs-table" },
      h("thead", {}, h("tr", {}, ["Batch", "Status", "Done", "Failed", "Total", "Started"].map((name) => h("th", { scope: "col" }, name)))),
      h(
        "tbody",
        {},
        jobs.map((job) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, h("a", { href: `#/batch/${job.job_id}` }, job.name || job.job_id)),
            h("td", {}, job.status),
            h("td", { class: "num" }, job.done),
            h("td", { class: "num" }, job.failed),
            h("td", { class: "num" }, job.total),
            h("td", {}, when(job.created_at)),
          ),
        ),
      ),
    ),
  );
}

function pager(q, page, total) {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) return null;
  const link = (n, label) => h("a", { href: `#/history?${new URLSearchParams({ ...(q ? { q } : {}), page: n })}` }, label);
  return h(
    "nav",
    { class: "actions", "aria-label": "Pages" },
    page > 1 ? link(page - 1, "Previous") : null,
    h("span", {}, `Page ${page} of ${pages}`),
    page < pages ? link(page + 1, "Next") : null,
  );
}
