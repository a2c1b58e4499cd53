// Returns, capital gains and allocation from POST /v4/analytics for a history document.
import { ApiError, post } from "./api.js";
import { h } from "./dom.js";
import { downloadLink } from "./downloads.js";
import { money, signClass } from "./format.js";

// The analytics of a history document, or null where the server has no analytics (404/501).
export async function loadAnalytics(documentId) {
  try {
    return await post("/v4/analytics", { document_id: documentId });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 501)) return null;
    throw error;
  }
}

const YEAR_COLUMNS = [
  ["Equity short-term", "equity_short_term"],
  ["Equity long-term", "equity_long_term"],
  ["Equity long-term taxable", "equity_long_term_taxable"],
  ["Other short-term", "other_short_term"],
  ["Other long-term", "other_long_term"],
  ["Sale value", "sale_value"],
  ["Cost", "cost"],
];

// The capital-gains section: one row per financial year, and each year's Schedule 112A CSV.
export function gainsSection(result) {
  const gains = result.capital_gains || {};
  const years = gains.financial_years || [];
  const out = [h("h2", { id: "capital-gains" }, "Capital gains")];
  if (!years.length) {
    out.push(h("p", {}, "No redemptions in this statement: no realised gains."));
  } else {
    out.push(
      h(
        "div",
        { class: "scroll", tabindex: 0, role: "region", "aria-labelledby": "capital-gains" },
        h(
          "table",
          { id: "gains-table" },
          h(
            "thead",
            {},
            h("tr", {}, h("th", { scope: "col" }, "Financial year"), YEAR_COLUMNS.map(([label]) => h("th", { scope: "col", class: "num" }, label))),
          ),
          h(
            "tbody",
            {},
            years.map((year) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, year.financial_year),
                YEAR_COLUMNS.map(([, key]) => h("td", { class: `num ${signClass(year[key])}` }, money(year[key]))),
              ),
            ),
          ),
        ),
      ),
    );
  }
  const schedules = (gains.schedule_112a || []).filter((s) => s.csv);
  if (schedules.length) {
    out.push(
      h(
        "div",
        { class: "actions", role: "group", "aria-label": "Schedule 112A" },
        schedules.map((s) => downloadLink(`Schedule 112A ${s.financial_year} (CSV)`, `schedule-112a-${s.financial_year}.csv`, "text/csv", s.csv)),
      ),
    );
  }
  if ((result.warnings || []).length) {
    out.push(
      h(
        "details",
        { class: "notes" },
        h("summary", {}, `Notes on these figures (${result.warnings.length})`),
        h("ul", {}, result.warnings.map((w) => h("li", {}, w))),
      ),
    );
  }
  return out;
}
