// A hand-drawn SVG donut with a legend. The legend lists every slice with its value and share,
// so the chart's content is in text too (the SVG itself is labelled as an image).
import { h, svg } from "./dom.js";
import { money, pct } from "./format.js";

// Okabe–Ito, colour-blind safe; distinct on white.
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

// `slices`: [{label, value}] with positive values; the smallest past the palette become "Other".
export function donut(title, slices) {
  const sorted = slices.filter((s) => s.value > 0).sort((a, b) => b.value - a.value);
  const shown = sorted.slice(0, COLOURS.length - 1);
  const rest = sorted.slice(COLOURS.length - 1).reduce((sum, s) => sum + s.value, 0);
  if (rest > 0) shown.push({ label: "Other", value: rest });
  const total = shown.reduce((sum, s) => sum + s.value, 0);

  const radius = 15.915; // circumference 100: dash lengths are percentages
  const rings = [];
  let offset = 25; // start at 12 o'clock
  shown.forEach((slice, i) => {
    const share = (slice.value / total) * 100;
    rings.push(
      svg("circle", {
        cx: 21, cy: 21, r: radius, fill: "none", stroke: COLOURS[i], "stroke-width": 6,
        "stroke-dasharray": `${share} ${100 - share}`, "stroke-dashoffset": offset,
      }),
    );
    offset = (offset - share + 100) % 100;
  });
  const summary = shown.map((s) => `${s.label} ${pct((s.value / total) * 100)}`).join(", ");
  const chart = svg("svg", { viewBox: "0 0 42 42", role: "img", "aria-label": `${title}: ${summary}` }, ...rings);
  const legend = h(
    "ul",
    { class: "legend" },
    shown.map((slice, i) =>
      h(
        "li",
        {},
        h("span", { class: "swatch", style: { background: COLOURS[i] }, "aria-hidden": "true" }),
        h("span", {}, slice.label),
        h("span", { class: "value" }, `${money(slice.value)} · ${pct((slice.value / total) * 100)}`),
      ),
    ),
  );
  return h("figure", { class: "chart" }, chart, legend);
}
