// Indian number formats (lakh/crore grouping) and dates, as the statements print them.

const rupees = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", maximumFractionDigits: 2 });
const plain = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 4 });
const stamp = new Intl.DateTimeFormat("en-IN", { dateStyle: "medium", timeStyle: "short" });
const percent = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export const money = (value) => (value === undefined || value === null ? "—" : rupees.format(value));
export const number = (value) => (value === undefined || value === null ? "—" : plain.format(value));
export const pct = (value) => (value === undefined || value === null ? "—" : `${percent.format(value)}%`);

// A class naming the sign of a gain, for colour (the sign is also in the text itself).
export const signClass = (value) => (value > 0 ? "gain" : value < 0 ? "loss" : "");

export function when(value) {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : stamp.format(date);
}

export function bytes(size) {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}
