// What the dashboard shows of a parsed statement (the unified model of /v4/*/parse): its
// holdings as rows, its totals, its allocations, and CSV exports of both.

const DEMAT_CLASSES = {
  equities: "Equity",
  demat_mutual_funds: "Mutual funds (demat)",
  corporate_bonds: "Corporate bonds",
  government_securities: "Government securities",
  aifs: "AIFs",
};

// One row per mutual-fund scheme and per demat holding.
export function holdings(statement) {
  const rows = [];
  for (const folio of statement.mutual_funds || []) {
    for (const scheme of folio.schemes || []) {
      rows.push({
        account: folio.folio_number || "",
        amc: folio.amc || "",
        name: scheme.name || "",
        isin: scheme.isin || "",
        type: scheme.type || "Other",
        assetClass: "Mutual funds",
        units: scheme.units,
        nav: scheme.nav,
        cost: scheme.cost,
        value: scheme.value || 0,
        gain: scheme.gain?.absolute,
        gainPercent: scheme.gain?.percentage,
      });
    }
  }
  for (const account of statement.demat_accounts || []) {
    const label = [account.dp_name, account.client_id || account.bo_id].filter(Boolean).join(" · ");
    for (const [key, assetClass] of Object.entries(DEMAT_CLASSES)) {
      for (const holding of account.holdings?.[key] || []) {
        rows.push({
          account: label,
          amc: account.dp_name || "",
          name: holding.name || "",
          isin: holding.isin || "",
          type: assetClass,
          assetClass,
          units: holding.units,
          nav: holding.additional_info?.price,
          cost: undefined,
          value: holding.value || 0,
          gain: undefined,
          gainPercent: undefined,
        });
      }
    }
  }
  return rows;
}

// Totals: the statement's own total value; cost and gain over the holdings that print a cost.
export function totals(statement, rows) {
  const withCost = rows.filter((row) => typeof row.cost === "number");
  const cost = withCost.reduce((sum, row) => sum + row.cost, 0);
  const valueWithCost = withCost.reduce((sum, row) => sum + row.value, 0);
  const gain = withCost.length ? round2(valueWithCost - cost) : undefined;
  return {
    value: statement.summary?.total_value ?? rows.reduce((sum, row) => sum + row.value, 0),
    cost: withCost.length ? round2(cost) : undefined,
    gain,
    gainPercent: withCost.length && cost > 0 ? round2((gain * 100) / cost) : undefined,
    // demat holdings print no cost: then cost and gain cover only the holdings that do
    partial: withCost.length > 0 && withCost.length < rows.length,
  };
}

const round2 = (value) => Math.round(value * 100) / 100;

// Value grouped by a row property: [{label, value}].
export function allocation(rows, by) {
  const groups = new Map();
  for (const row of rows) groups.set(row[by] || "Other", (groups.get(row[by] || "Other") || 0) + row.value);
  return [...groups].map(([label, value]) => ({ label, value }));
}

function csvCell(value) {
  if (value === undefined || value === null) return "";
  const text = String(value);
  // a leading = + - @ would be read as a formula by spreadsheets
  const safe = /^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header, rows) {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function holdingsCsv(rows) {
  return toCsv(
    ["account", "amc", "scheme", "isin", "type", "units", "nav", "cost", "value", "gain", "gain_percent"],
    rows.map((r) => [r.account, r.amc, r.name, r.isin, r.type, r.units, r.nav, r.cost, r.value, r.gain, r.gainPercent]),
  );
}

// One row per transaction (mutual-fund schemes and demat holdings that list them).
export function transactionsCsv(statement) {
  const out = [];
  const add = (account, name, isin, tx) =>
    out.push([account, name, isin, tx.date, tx.description, tx.type, tx.amount, tx.units, tx.nav, tx.balance]);
  for (const folio of statement.mutual_funds || []) {
    for (const scheme of folio.schemes || []) {
      for (const tx of scheme.transactions || []) add(folio.folio_number, scheme.name, scheme.isin, tx);
    }
  }
  for (const account of statement.demat_accounts || []) {
    for (const key of Object.keys(DEMAT_CLASSES)) {
      for (const holding of account.holdings?.[key] || []) {
        for (const tx of holding.transactions || []) add(account.client_id || account.bo_id, holding.name, holding.isin, tx);
      }
    }
  }
  return toCsv(["account", "name", "isin", "date", "description", "type", "amount", "units", "nav", "balance"], out);
}
