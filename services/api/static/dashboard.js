// cablestream operations dashboard: polls the JSON resources every 2 s and redraws.
// Plain DOM, no framework and no CDN, so it runs on machines without internet access.
// Every value from the server goes in through textContent (never innerHTML): failure reasons
// and file names come from uploaded files and must not become markup.
"use strict";

const POLL_MS = 2000;
const KEY_ITEM = "cablestream.key";
const SVG = "http://www.w3.org/2000/svg";
const STATE_ORDER = ["parsed", "failed", "parsing", "queued"];
const MAX_FILE_ROWS = 300; // a job's file list beyond this is summarised, not drawn

const openJobs = new Set(); // jobs whose file list is unfolded, kept across redraws
const retryResults = new Map(); // failure id -> {text, ok}, kept across redraws
let polls = 0;

// --- the API key: ?key= once, then sessionStorage, sent as a Bearer header -------------------

function takeKeyFromUrl() {
  const url = new URL(window.location.href);
  const key = url.searchParams.get("key");
  if (key) {
    sessionStorage.setItem(KEY_ITEM, key);
    url.searchParams.delete("key"); // out of the address bar and the history
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
}

function authHeaders() {
  const key = sessionStorage.getItem(KEY_ITEM);
  return key ? { Authorization: `Bearer ${key}` } : {};
}

class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

async function api(path, method = "GET") {
  const response = await fetch(path, { method, headers: { Accept: "application/json", ...authHeaders() } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.detail || response.statusText);
  return body;
}

// --- formatting --------------------------------------------------------------------------------

const num = (n) => Number(n).toLocaleString("en-US");

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  return `${i ? n.toFixed(1) : n} ${units[i]}`;
}

function duration(s) {
  if (s === null || s === undefined) return "–";
  s = Math.round(s);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const ago = (ts) => `${duration(Math.max(0, Date.now() / 1000 - ts))} ago`;
const clock = (ts) => new Date(ts * 1000).toLocaleTimeString("en-GB");

// --- DOM helpers -------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "testid") node.dataset.testid = v;
    else if (k === "value") node.dataset.value = v === null ? "" : String(v);
    else if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** Sets a figure's text and its raw value (data-value), which the browser test compares to the API. */
function figure(testid, value, text) {
  const node = document.querySelector(`[data-testid="${testid}"]`);
  node.textContent = text;
  node.dataset.value = value === null ? "" : String(value);
}

/** A bar of coloured segments; widths set through CSSOM because the CSP forbids style attributes. */
function bar(parts, total, testid) {
  const outer = el("div", { class: "bar", role: "img", testid });
  for (const [cls, n] of parts) {
    if (!n) continue;
    const seg = el("span", { class: `seg ${cls}`, title: `${cls}: ${num(n)}` });
    seg.style.width = `${(100 * n) / Math.max(total, 1)}%`;
    outer.append(seg);
  }
  return outer;
}

// --- stages: figures and a throughput chart each ------------------------------------------------

function chart(stage) {
  const points = stage.series;
  const w = 300, h = 64;
  const peak = Math.max(0, ...points.map(([, c]) => c));
  const max = Math.max(1, peak);
  const x = (i) => (i * w) / Math.max(points.length - 1, 1);
  const y = (c) => h - 2 - (c * (h - 4)) / max;
  const line = points.map(([, c], i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(c).toFixed(1)}`).join("");
  const total = points.reduce((sum, [, c]) => sum + c, 0);
  const root = svg("svg", { viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: "none", class: "chart",
    "data-testid": `stage-${stage.stage}-chart`, "data-points": points.length, "data-total": total });
  root.append(svg("path", { d: `${line}L${w},${h}L0,${h}Z`, class: "area" }));
  root.append(svg("path", { d: line, class: "line", "vector-effect": "non-scaling-stroke" }));
  points.forEach(([ts, c], i) => { // invisible columns: hover shows each bucket's count
    const hit = svg("rect", { x: x(i) - w / points.length / 2, y: 0, width: w / points.length, height: h,
      class: "hit" });
    const title = svg("title");
    title.textContent = `${clock(ts)}: ${num(c)}`;
    hit.append(title);
    root.append(hit);
  });
  return el("div", { class: "chartbox" },
    el("div", { class: "axis top" }, el("span", {}, `peak ${num(peak)} per 10 s`),
      el("span", {}, `${num(total)} in 15 min`)), root,
    el("div", { class: "axis bottom" }, el("span", {}, "−15 min"), el("span", {}, "now")));
}

function stageCard(stage) {
  const id = (name) => `stage-${stage.stage}-${name}`;
  const eta = stage.backlog === 0 ? "idle" : stage.eta_seconds === null ? "stalled" : duration(stage.eta_seconds);
  const fig = (label, testid, value, text) =>
    el("div", {}, el("dt", {}, label), el("dd", { testid, value }, text));
  return el("article", { class: "card stage", testid: `stage-${stage.stage}` },
    el("h3", {}, stage.stage),
    el("dl", {},
      fig("rate", id("rate"), stage.rate_per_second, `${stage.rate_per_second} /s`),
      fig("backlog", id("backlog"), stage.backlog, num(stage.backlog)),
      fig("oldest", id("oldest"), stage.oldest_age_seconds, duration(stage.oldest_age_seconds)),
      fig("ETA", id("eta"), stage.eta_seconds, eta)),
    chart(stage));
}

function renderStats(stats) {
  figure("index-documents", stats.index.documents, num(stats.index.documents));
  figure("index-size", stats.index.size_bytes, bytes(stats.index.size_bytes));
  figure("failures-open", stats.failures_open, num(stats.failures_open));
  const waiting = stats.stages.reduce((sum, s) => sum + s.backlog, 0);
  figure("backlog-total", waiting, num(waiting));
  document.getElementById("stages").replaceChildren(...stats.stages.map(stageCard));
}

// --- jobs with per-file progress ---------------------------------------------------------------

function fileStates(files) {
  const counts = Object.fromEntries(STATE_ORDER.map((s) => [s, 0]));
  for (const f of files) counts[f.state] = (counts[f.state] || 0) + 1;
  return STATE_ORDER.map((s) => [s, counts[s]]);
}

function fileRows(job) {
  const shown = job.files.slice(0, MAX_FILE_ROWS);
  const rows = shown.map((f) => el("tr", { testid: `job-${job.job_id}-file-${f.index}`, "data-state": f.state },
    el("td", {}, f.name), el("td", {}, bytes(f.size)),
    el("td", {}, bar([[f.state, 1]], 1), el("span", { class: `state ${f.state}` }, f.state)),
    el("td", { class: "num" }, num(f.cables)), el("td", { class: "num" }, num(f.failed)),
    el("td", { class: "reason" }, f.error || (f.duplicate ? "duplicate bytes (stored once)" : ""))));
  if (job.files.length > shown.length) {
    rows.push(el("tr", {}, el("td", { colspan: 6 }, `… and ${num(job.files.length - shown.length)} more files`)));
  }
  return el("table", { class: "files" },
    el("thead", {}, el("tr", {}, ...["file", "size", "progress", "cables", "failed", "note"].map((h) =>
      el("th", {}, h)))), el("tbody", {}, ...rows));
}

function jobRows(job) {
  const c = job.counts;
  const id = (name) => `job-${job.job_id}-${name}`;
  const open = openJobs.has(job.job_id);
  const toggle = el("button", { class: "toggle", type: "button", "aria-expanded": String(open), testid: id("toggle"),
    onclick: () => { open ? openJobs.delete(job.job_id) : openJobs.add(job.job_id); draw(); } },
  open ? "▾" : "▸");
  const row = el("tr", { testid: `job-${job.job_id}`, class: "job" },
    el("td", { class: "mono", title: job.job_id }, toggle, job.job_id.slice(0, 8),
      job.source ? el("small", {}, ` ${job.source}`) : null),
    el("td", {}, el("span", { class: `state ${job.state}`, testid: id("state") }, job.state)),
    el("td", { class: "progress" }, bar(fileStates(job.files), c.files, id("files-bar")),
      el("span", { testid: id("files-done"), value: c.files_done }, `${num(c.files_done)} / ${num(c.files)}`)),
    el("td", { class: "progress" }, bar([["parsed", c.cables_indexed], ["failed", c.cables_index_failed]],
      c.cables_parsed, id("cables-bar")),
    el("span", { testid: id("indexed"), value: c.cables_indexed },
      `${num(c.cables_parsed)} / ${num(c.cables_indexed)}`)),
    el("td", { class: "num", testid: id("rate"), value: job.rate_cables_per_second },
      `${job.rate_cables_per_second} /s`),
    el("td", { class: "num", testid: id("eta"), value: job.eta_seconds }, duration(job.eta_seconds)),
    el("td", { title: new Date(job.created_at * 1000).toISOString() }, ago(job.created_at)));
  if (!open) return [row];
  return [row, el("tr", { class: "detail" }, el("td", { colspan: 7 }, fileRows(job)))];
}

// --- failures with retry -----------------------------------------------------------------------

async function retry(failureId) {
  retryResults.set(failureId, { text: "sending…", ok: true });
  draw();
  try {
    const result = await api(`/v1/failures/${encodeURIComponent(failureId)}/retry`, "POST");
    retryResults.set(failureId, { text: `queued again (${result.retried.length})`, ok: true });
  } catch (err) {
    retryResults.set(failureId, { text: `not retried: ${err.detail || err.message}`, ok: false });
  }
  draw();
}

async function retryAll() {
  const out = document.getElementById("retry-all-result");
  out.textContent = "sending…";
  try {
    const result = await api("/v1/failures/retry?all=true", "POST");
    out.textContent = `${num(result.retried.length)} queued again`;
  } catch (err) {
    out.textContent = `not retried: ${err.detail || err.message}`;
  }
  schedule(0);
}

function failureRow(f) {
  const id = (name) => `failure-${f.id}-${name}`;
  const result = retryResults.get(f.id);
  // A data error of the current parser or extractor fails the same way again: no button, its reason shown.
  const button = !f.task
    ? el("span", { class: "muted", title: "this failure names no task to retry" }, "–")
    : f.retryable
      ? el("button", { type: "button", class: "small", testid: id("retry"), onclick: () => retry(f.id) }, "Retry")
      : el("span", { class: "muted", testid: id("final"), title: f.final_reason || "" }, "final");
  if (result && result.text === "sending…") button.disabled = true;
  return el("tr", { testid: `failure-${f.id}` },
    el("td", { title: new Date(f.last_seen * 1000).toISOString() }, ago(f.last_seen)),
    el("td", {}, f.stage),
    el("td", { class: "mono", testid: id("type") }, f.error_type),
    el("td", { class: "input" }, f.name || f.reference_id || (f.reference_ids && f.reference_ids.length ? `${f.reference_ids.length} cables: ${f.reference_ids.slice(0, 3).join(", ")}…` : "–"),
      f.count > 1 ? el("small", { testid: id("count") }, ` ${num(f.count)} members: ${(f.samples || []).slice(0, 3).join(", ")}…`) : null,
      el("small", { class: "mono" }, f.job_id ? ` job ${f.job_id.slice(0, 8)}` : " no job")),
    el("td", { class: "reason", testid: id("reason") }, f.message),
    el("td", { class: "num", testid: id("attempts"), value: f.attempts }, num(f.attempts)),
    el("td", { class: "actions" }, button,
      result ? el("span", { class: `result ${result.ok ? "ok" : "bad"}`, testid: id("result") }, result.text) : null));
}

// --- polling -----------------------------------------------------------------------------------

let latest = null;
let timer = null;

function draw() {
  if (!latest) return;
  const { stats, jobs, failures } = latest;
  renderStats(stats);
  const jobBody = document.getElementById("jobs");
  jobBody.replaceChildren(...jobs.items.flatMap(jobRows));
  if (!jobs.items.length) jobBody.append(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "no jobs yet")));
  const failBody = document.getElementById("failures");
  failBody.replaceChildren(...failures.items.map(failureRow));
  if (!failures.items.length) failBody.append(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "none open")));
  document.getElementById("retry-all").disabled = !failures.items.length;
}

function setStatus(state, message) {
  const dot = document.getElementById("status");
  dot.dataset.state = state;
  dot.title = state;
  const box = document.getElementById("error");
  box.hidden = !message;
  box.textContent = message || "";
  document.getElementById("keyform").hidden = !(message && /^40[13]/.test(message));
}

async function poll() {
  try {
    const [stats, jobs, failures] = await Promise.all([api("/v1/stats"), api("/v1/jobs?size=10"),
      api("/v1/failures?size=25")]);
    latest = { stats, jobs, failures };
    draw();
    polls += 1;
    document.body.dataset.polls = String(polls);
    document.body.dataset.generatedAt = String(stats.generated_at);
    const updated = document.getElementById("updated");
    updated.textContent = clock(stats.generated_at);
    updated.dateTime = new Date(stats.generated_at * 1000).toISOString();
    setStatus("live", "");
  } catch (err) {
    setStatus("error", err instanceof ApiError ? `${err.status} ${err.detail}` : `API unreachable: ${err.message}`);
  }
  schedule(POLL_MS);
}

function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(poll, ms);
}

document.addEventListener("DOMContentLoaded", () => {
  takeKeyFromUrl();
  document.getElementById("retry-all").addEventListener("click", retryAll);
  document.getElementById("keyform").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_ITEM, document.getElementById("keyinput").value.trim());
    schedule(0);
  });
  schedule(0);
});
