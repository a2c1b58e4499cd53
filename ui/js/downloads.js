// Download links made in the page (blob URLs), released when the page is left.
import { h } from "./dom.js";

const urls = [];

export function downloadLink(label, name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  urls.push(url);
  return h("a", { class: "button secondary", href: url, download: name }, label);
}

export function releaseDownloads() {
  for (const url of urls.splice(0)) URL.revokeObjectURL(url);
}
