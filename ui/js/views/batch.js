// Start a batch from uploads and watch it live over server-sent events: one progress bar per
// document, pause, resume and cancel.
import { events, get, post, upload } from "../api.js";
import { field, h, show } from "../dom.js";
import { when } from "../format.js";
import { say, sayError } from "../status.js";

// File names of the jobs started in this tab, in upload order (the server knows uploads by id).
const fileNames = new Map();

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export async function batchPage(main) {
  const name = h("input", { type: "text", name: "name", autocomplete: "off" });
  const files = h("input", { type: "file", name: "files", accept: "application/pdf,.pdf", multiple: true, required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "off" });
  const ocr = h("input", { type: "checkbox", name: "ocr" });
  const tag = h("input", { type: "checkbox", name: "tag" });
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "start-title" },
    h("h2", { id: "start-title" }, "Start a batch"),
    field("Name", name, "Optional; shown in history."),
    field("Statements (PDF, several)", files),
    field("PDF password", password, "Used for every file of this batch."),
    h(
      "fieldset",
      { class: "field" },
      h("legend", {}, "Options"),
      h("label", {}, ocr, " Read scanned pages (OCR)"),
      h("label", {}, tag, " Tag each document"),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Start batch")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const body = new FormData();
      for (const file of files.files) body.append("files", file);
      body.append("password", password.value);
      body.append("name", name.value);
      body.append("options", JSON.stringify({ ocr: ocr.checked, tag: tag.checked }));
      const job = await upload("/api/batch/start", body);
      fileNames.set(job.job_id, [...files.files].map((file) => file.name));
      location.hash = `#/batch/${job.job_id}`;
    } catch (error) {
      sayError(error);
    } finally {
      button.disabled = false;
    }
  });

  const active = h("section", { class: "card", "aria-labelledby": "active-title" }, h("h2", { id: "active-title" }, "Running now"));
  show(main, h("h1", {}, "Batches"), h("div", { class: "grid" }, form, active));
  const { jobs } = await get("/api/batch/active");
  active.append(
    jobs.length ? h("ul", {}, jobs.map((job) => h("li", {}, h("a", { href: `#/batch/${job.job_id}` }, job.name || job.job_id), ` · ${job.status} · ${job.done}/${job.total}`))) : h("p", {}, "No batch is running."),
    h("p", {}, h("a", { href: "#/history" }, "Finished batches are in history")),
  );
}

function stateOf(status) {
  if (status === "completed") return "done";
  if (status === "failed") return "failed";
  if (status === "cancelled") return "cancelled";
  if (status === "running" || status === "processing" || status === "started") return "running";
  return "queued";
}

// One document's row: name, state, progress bar (indeterminate while it runs), error or link.
class DocumentRow {
  constructor(label) {
    this.label = label;
    this.state = h("span", { class: "state" });
    this.bar = h("progress", { max: 1, value: 0, "aria-label": `Progress of ${label}` });
    this.extra = h("span", { class: "error" });
    this.link = h("span");
    this.el = h("li", {}, h("span", { class: "name" }, label, " ", this.link), this.state, this.bar, this.extra);
  }

  update(status, { documentId, error } = {}) {
    const state = stateOf(status);
    this.el.dataset.state = state;
    this.state.className = `state ${state}`;
    this.state.textContent = { done: "Done", failed: "Failed", cancelled: "Cancelled", running: "Parsing…", queued: "Queued" }[state];
    if (state === "running") this.bar.removeAttribute("value");
    else this.bar.value = state === "done" || state === "failed" ? 1 : 0;
    this.extra.textContent = error || "";
    if (documentId && state === "done") this.link.replaceChildren(h("a", { href: `#/portfolio/${documentId}` }, "open"));
  }
}

export async function batchJobPage(main, [jobId]) {
  const path = `/api/batch/jobs/${encodeURIComponent(jobId)}`;
  let job = await get(`${path}/status`);
  const names = fileNames.get(jobId) || [];
  const rows = new Map();
  const list = h("ul", { class: "docs", "aria-label": "Documents" });
  const rowFor = (source) => {
    if (!rows.has(source)) {
      const label = names[rows.size] || source;
      rows.set(source, new DocumentRow(label));
      list.append(rows.get(source).el);
    }
    return rows.get(source);
  };
  const showDocuments = (documents) => {
    for (const doc of documents) rowFor(doc.source).update(doc.status, { documentId: doc.document_id, error: doc.error });
  };
  showDocuments(job.documents);

  const overall = h("progress", { class: "overall", max: 100, value: job.percent, "aria-labelledby": "overall-label" });
  const counts = h("span", { id: "overall-label" });
  const statusText = h("strong", { id: "job-status" });
  const pause = h("button", { type: "button", class: "secondary" }, "Pause");
  const resume = h("button", { type: "button", class: "secondary" }, "Resume");
  const cancel = h("button", { type: "button", class: "danger" }, "Cancel");

  const setJob = (next) => {
    job = { ...job, ...next };
    overall.value = job.percent;
    counts.textContent = `${job.done} of ${job.total} done, ${job.failed} failed (${Math.round(job.percent)}%)`;
    statusText.textContent = job.status;
    statusText.dataset.status = job.status;
    pause.disabled = !["queued", "running"].includes(job.status);
    resume.disabled = job.status !== "paused";
    cancel.disabled = TERMINAL.has(job.status) || job.status === "cancelling";
  };
  const control = (action) => async () => {
    try {
      const answer = await post(`${path}/${action}`, {});
      setJob({ status: answer.status });
      say(`Batch ${answer.status}.`);
    } catch (error) {
      sayError(error);
    }
  };
  pause.addEventListener("click", control("pause"));
  resume.addEventListener("click", control("resume"));
  cancel.addEventListener("click", control("cancel"));
  setJob({});

  show(
    main,
    h("h1", {}, job.name || "Batch"),
    h("p", {}, "Status: ", statusText, ` · started ${when(job.created_at)}`),
    h("div", {}, counts, overall),
    h("div", { class: "actions", role: "group", "aria-label": "Batch controls" }, pause, resume, cancel),
    h("h2", {}, "Documents"),
    list,
  );

  const stop = new AbortController();
  watch(path, job, stop.signal, (event) => {
    if (event.source) rowFor(event.source).update(eventStatus(event), { documentId: event.document_id, error: event.error });
    const status = event.type === "snapshot" ? event.status : jobStatus(event.type, job.status);
    setJob({ status, done: event.done, failed: event.failed, total: event.total, percent: event.percent });
    if (TERMINAL.has(status)) {
      say(`Batch ${status}: ${event.done} done, ${event.failed} failed.`);
      // documents that never ran (a cancelled job) have no event of their own
      get(`${path}/status`).then((final) => showDocuments(final.documents), sayError);
    }
  });
  return () => stop.abort();
}

function eventStatus(event) {
  return { document_started: "running", document_finished: "completed", document_failed: "failed" }[event.type] || "queued";
}

function jobStatus(type, current) {
  return { started: "running", resumed: "running", paused: "paused", cancelled: "cancelled", completed: "completed", failed: "failed" }[type] || current;
}

// Follows the job's events until it ends, reconnecting after the last seen event if the stream
// drops.
async function watch(path, job, signal, onEvent) {
  // from the status the page shows: a snapshot taken later would skip what happened in between
  let after = job.last_seq || 0;
  let status = job.status;
  for (let attempt = 0; !TERMINAL.has(status) && !signal.aborted && attempt < 20; attempt++) {
    try {
      for await (const event of events(`${path}/events`, { query: { after_seq: after || undefined }, signal })) {
        after = Math.max(after, event.seq);
        onEvent(event);
        status = event.type === "snapshot" ? event.status : jobStatus(event.type, status);
        if (TERMINAL.has(status)) return;
      }
    } catch (error) {
      if (signal.aborted) return;
      sayError(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
