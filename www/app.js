// The supervisor view: loads a recorded log, replays it on a clock, and recomputes the KPIs with
// the wasm package every second. URL parameters: log=<path>, since=<epoch ms>, now=<epoch ms>,
// paused=1, speed=1|10|60.
import init, { AgentLog } from "../pkg/web/index.js";
import { hms, statusColor, utc } from "./format.js";

/** The adherence cell: percentage and the real-time state (in / out since / off shift / bypass). */
function adherenceCell(a) {
  const td = document.createElement("td");
  td.dataset.kpi = "adherencePct";
  td.dataset.value = a.adherencePct === undefined ? "" : String(a.adherencePct);
  if (a.adherencePct === undefined) {
    td.textContent = "—";
    td.title = "no schedule";
    return td;
  }
  const wrap = document.createElement("span");
  wrap.className = "adh";
  const pct = document.createElement("span");
  pct.className = "pct";
  pct.textContent = typeof a.adherencePct === "number" ? `${a.adherencePct}%` : "—";
  const badge = document.createElement("span");
  const st = a.adherence;
  if (a.adherencePct === "bypass") {
    badge.className = "badge bypass";
    badge.textContent = "bypass";
  } else if (!st.onShiftNow) {
    badge.className = "badge off";
    badge.textContent = "off shift";
  } else if (st.inAdherenceNow) {
    badge.className = "badge in";
    badge.textContent = "in";
  } else {
    badge.className = "badge out";
    badge.textContent = `out ${hms(state.now - st.outSince)}`;
    badge.title = `out of adherence since ${utc(st.outSince)}`;
  }
  td.dataset.state = badge.textContent.split(" ")[0];
  wrap.append(pct, badge);
  td.append(wrap);
  return td;
}

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const HOUR = 3_600_000;

const state = {
  log: null, events: 0, first: 0, last: 0, dayStart: 0,
  timezone: "UTC", scheduled: false,
  now: 0, paused: params.get("paused") === "1", speed: Number(params.get("speed") ?? 1),
  sinceMode: params.has("since") ? "custom" : "day", sinceCustom: Number(params.get("since") ?? 0),
};

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

function since() {
  switch (state.sinceMode) {
    case "shift": return Math.min(state.first, state.now);
    case "hour": return Math.max(0, state.now - HOUR);
    case "15m": return Math.max(0, state.now - HOUR / 4);
    case "custom": return Math.min(state.sinceCustom, state.now);
    default: return Math.min(state.dayStart, state.now);
  }
}

function renderLegend(statuses) {
  $("legend").replaceChildren(...statuses.map((s) => {
    const li = document.createElement("li");
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = statusColor(s);
    li.append(sw, s);
    return li;
  }));
}

function cell(kpi, value, text) {
  const td = document.createElement("td");
  td.className = "num";
  td.dataset.kpi = kpi;
  td.dataset.value = String(value);
  td.textContent = text;
  return td;
}

function pctCell(kpi, value) {
  const td = cell(kpi, value, "");
  const label = document.createElement("span");
  label.className = "pct";
  label.textContent = `${value}%`;
  const meter = document.createElement("span");
  meter.className = "meter";
  const fill = document.createElement("i");
  fill.style.width = `${value}%`;
  meter.append(fill);
  td.append(label, meter);
  return td;
}

function render() {
  const t0 = performance.now();
  const from = since();
  let agents;
  try {
    ({ agents } = state.log.kpis(from, { now: state.now, timezone: state.timezone }));
  } catch (e) {
    showError(`${e.name}: ${e.message}`);
    return;
  }
  const statuses = [];
  let handle = 0, ready = 0, loggedIn = 0;
  const rows = agents.map((a) => {
    const tr = document.createElement("tr");
    tr.dataset.userId = a.user_id;
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = a.user_id;
    const total = Object.values(a.statusMs).reduce((x, y) => x + y, 0);
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.setAttribute("role", "img");
    const parts = [];
    for (const [s, ms] of Object.entries(a.statusMs)) {
      if (!statuses.includes(s)) statuses.push(s);
      const seg = document.createElement("span");
      seg.style.width = `${(100 * ms) / total}%`;
      seg.style.background = statusColor(s);
      const reasons = a.reasonMs?.[s];
      seg.title = `${s} ${hms(ms)}${reasons ? ` (${Object.entries(reasons).map(([r, v]) => `${r} ${hms(v)}`).join(", ")})` : ""}`;
      parts.push(`${s} ${hms(ms)}`);
      bar.append(seg);
    }
    bar.setAttribute("aria-label", parts.join(", ") || "no time in window");
    const barCell = document.createElement("td");
    barCell.append(bar);
    handle += (a.statusMs.incall ?? 0) + (a.statusMs.wrapup ?? 0);
    ready += a.statusMs.ready ?? 0;
    loggedIn += a.loggedInMs;
    tr.append(name, cell("loggedInMs", a.loggedInMs, hms(a.loggedInMs)), barCell,
      pctCell("occupancyPct", a.occupancyPct), pctCell("utilizationPct", a.utilizationPct), adherenceCell(a));
    return tr;
  });
  $("rows").replaceChildren(...rows);
  renderLegend(statuses);
  // Team figures are time-weighted: Σhandle / Σ(handle + ready), not an average of percentages.
  $("team-occupancy").textContent = handle + ready ? `${Math.round((100 * handle) / (handle + ready))}%` : "—";
  $("team-utilization").textContent = loggedIn ? `${Math.round((100 * handle) / loggedIn)}%` : "—";
  $("agent-count").textContent = String(agents.length);
  $("out-count").textContent = state.scheduled ? String(agents.filter((a) => a.adherence?.onShiftNow && !a.adherence.inAdherenceNow).length) : "—";
  $("now").textContent = utc(state.now);
  $("now").dateTime = new Date(state.now).toISOString();
  $("since").textContent = utc(from);
  $("refresh-ms").textContent = (performance.now() - t0).toFixed(1);
}

async function main() {
  await init();
  const path = params.get("log") ?? "../tests/fixtures/day-shift.json";
  const res = await fetch(path);
  if (!res.ok) throw new Error(`could not load ${path}: HTTP ${res.status}`);
  const events = await res.json();
  state.log = new AgentLog();
  state.events = state.log.append(events);
  // Schedules: ?schedules=<path to { schedules, timezone }>, by default the log's companion file.
  const schedPath = params.get("schedules") ?? path.replace(/\.json$/, ".adherence.json");
  const sres = await fetch(schedPath);
  if (sres.ok) {
    const doc = await sres.json();
    state.log.setSchedules(doc.schedules);
    state.timezone = doc.timezone ?? "UTC";
    state.scheduled = true;
  }
  state.first = Math.min(...events.map((e) => e.ts));
  state.last = Math.max(...events.map((e) => e.ts));
  state.dayStart = Math.floor(state.first / (24 * HOUR)) * 24 * HOUR;
  state.now = params.has("now") ? Number(params.get("now")) : state.first + 4 * HOUR;
  $("source").textContent = `${path.split("/").pop()} · ${events.length.toLocaleString("en")} events · replay`;
  $("events-count").textContent = `${state.events.toLocaleString("en")} events in the log`;
  $("since-mode").value = state.sinceMode;
  $("custom-wrap").hidden = state.sinceMode !== "custom";
  $("speed").value = String(state.speed);
  $("pause").setAttribute("aria-pressed", String(state.paused));
  $("pause").textContent = state.paused ? "Resume" : "Pause";
  if (state.sinceMode === "custom") $("since-custom").value = new Date(state.sinceCustom).toISOString().slice(0, 19);

  $("since-mode").addEventListener("change", (e) => {
    state.sinceMode = e.target.value;
    $("custom-wrap").hidden = state.sinceMode !== "custom";
    if (state.sinceMode === "custom" && !$("since-custom").value) {
      state.sinceCustom = state.dayStart;
      $("since-custom").value = new Date(state.dayStart).toISOString().slice(0, 19);
    }
    render();
  });
  $("since-custom").addEventListener("change", (e) => {
    const t = Date.parse(`${e.target.value}Z`);
    if (Number.isFinite(t)) { state.sinceCustom = t; render(); }
  });
  $("speed").addEventListener("change", (e) => { state.speed = Number(e.target.value); });
  $("pause").addEventListener("click", () => {
    state.paused = !state.paused;
    $("pause").setAttribute("aria-pressed", String(state.paused));
    $("pause").textContent = state.paused ? "Resume" : "Pause";
  });
  render();
  setInterval(() => {
    if (!state.paused) state.now += 1000 * state.speed;
    render();
  }, 1000);
  document.body.dataset.ready = "1";
}

main().catch((e) => showError(`${e.name ?? "Error"}: ${e.message ?? e}`));
