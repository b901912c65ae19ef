// The supervisor view: replays a recorded day as a live stream into an AgentLog (events appended as
// the replay clock passes them) and recomputes every agent's KPIs, the team header and the interval
// chart in the browser with the wasm package once a second. Dropped files replace the data: a log
// (with its schedules and groups files if dropped with it), or schedules or a groups file alone,
// which apply to the current log.
// The package's KPIs run in a Web Worker (worker.js, session.js): the page's main thread only sends
// the replay time and window and draws the answer (the agents table renders only the rows near the
// viewport), so it stays responsive at thousands of agents. The main thread loads the package too,
// for civil time only (time.js: day starts, clock labels, the date picker). The KPIs are the
// package's: rows with `include: ["contacts", "episodes", "current", "team"]` (current status and
// "for", Handled, AHT, Longest break = the longest `paused` episode; with schedules also
// "conformance" and "shrinkage", and the Grace control's `adherenceGraceMs`), the team header's
// figures from `team`, the group headers' from `groups`; the page only counts agents by their state now and sums
// the interval report's rows for the chart.
//
// URL parameters (for tests and sharing):
//   log=<path>         the log to load (default ../tests/fixtures/day-shift.json): JSON, NDJSON or CSV
//   schedules=<path>   its schedules ({ timezone, schedules }); default the log's .adherence.json if
//                      present; "none" for no adherence
//   groups=<path>      a groups file, JSON { "<user_id>": "<group name>", … }: a header row per group
//                      (agents, logged in now, occupancy, utilization, handled, AHT, adherence)
//   since=<epoch ms>   a custom window start;   window=day|shift|hour|15m  a preset window
//   now=<epoch ms>     the replay time to start at (default: the log's first event + 4 h)
//   paused=1           stop the clock;          speed=1|10|60  replay speed
//   grace=<ms>         the adherence grace (the package's adherenceGraceMs): 0, 30000, 60000, 120000
//                      or 300000; with schedules, rows and team also show conformance and shrinkage
import { catchAll, clearError, showError } from "./banner.js";
import { RefreshMeter } from "./budget.js";
import { IntervalChart } from "./chart.js";
import { statusLabel, compareStatus } from "./colors.js";
import { KpiWorker } from "./client.js";
import { DEFAULT_LOG, companionOf } from "./data.js";
import { classifyFiles, setupFileDrop } from "./drop.js";
import { ReplayClock } from "./clock.js";
import { count } from "./format.js";
import { setupSortHeader, sortAgents } from "./sort.js";
import { RowSet } from "./rowset.js";
import { renderGroups } from "./groups.js";
import { renderLegend, renderSummary } from "./summary.js";
import { AgentTable } from "./table.js";
import { fromInputValue, startOfDay, toInputValue, useTimeEngine } from "./time.js";
import { WINDOWS, sinceFor } from "./windows.js";

const $ = (id) => document.getElementById(id);
const HOUR = 3_600_000;
const SPEEDS = ["1", "10", "60"];
const GRACES = ["0", "30000", "60000", "120000", "300000"];

/** An epoch-ms URL parameter, or `fallback` when absent; a bad value throws a RangeError. */
function msParam(params, name, fallback) {
  if (!params.has(name)) return fallback;
  const raw = params.get(name);
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(v) || v < 0) throw new RangeError(`URL parameter ${name}: expected epoch milliseconds, got ${JSON.stringify(raw)}`);
  return v;
}

/** The schedules named by the URL (or the log's companion file, if there is one) as a worker Source. */
function schedulesSource(logPath, param) {
  if (param === "none") return null;
  const path = param ?? companionOf(logPath);
  if (!path) return null;
  return { name: path.split("/").pop(), url: path, optional: !param }; // asked for explicitly: a missing file is an error
}

/** Updates the Pause button and the live badge from the clock. */
function showClockState(clock) {
  const pause = $("pause");
  pause.setAttribute("aria-pressed", String(clock.paused));
  pause.textContent = clock.paused ? "Resume" : "Pause";
  const live = $("live");
  live.textContent = clock.paused ? "paused" : `replay ${clock.speed}×`;
  live.title = clock.paused ? "the replay clock is stopped" : `the recorded log is replayed as live, ${clock.speed} s per second`;
  live.classList.toggle("paused", clock.paused);
  live.hidden = false;
  $("speed").value = String(clock.speed);
}

/** The dashboard: the data on screen, the replay clock and the views; `refresh()` redraws everything. */
class Dashboard {
  /** `kpi`: the worker (client.js) that holds the log and computes; `clock`: the replay clock. */
  constructor(kpi, clock, { mode, custom, grace }) {
    this.kpi = kpi;
    this.grace = grace;
    this.clock = clock;
    this.mode = mode;
    this.custom = custom;
    this.data = null;
    this.last = null;
    this.table = null;
    this.chart = new IntervalChart($("chart"), "UTC");
    this.meter = new RefreshMeter($("refresh-ms"), $("refresh-split"));
    this.sort = { key: "agent", dir: "ascending" };
    this.filter = { status: "", search: "" };
    this.refreshes = 0;
    this.loading = false;
    this.busy = false;
    this.pending = false;
  }

  /**
   * Shows a log with schedules and groups, replayed from a time (the worker's Session.load: `log`,
   * `schedules`, `groups`, `at`), paused or not. Everything is built and checked by the worker first:
   * on any error the previous data stays and it throws.
   */
  async load({ log, schedules, groups, at, paused }) {
    this.loading = true;
    let answer;
    try {
      answer = await this.kpi.call("load", { log, schedules, groups, at });
    } finally {
      this.loading = false;
    }
    const { now, data } = answer;
    this.data = data;
    this.custom ??= startOfDay(data.firstTs, data.timezone); // a custom window starts at the log's day by default
    this.last = null;
    this.table?.destroy();
    this.table = new AgentTable($("rows"), { withAdherence: data.scheduled });
    $("rows").replaceChildren();
    this.chart.reset(data.timezone);
    this.meter.reset();
    for (const id of ["adh-head", "conf-head", "shrink-head", "adh-card", "conf-card", "shrink-card", "grace-wrap"]) $(id).hidden = !data.scheduled;
    $("summary").classList.toggle("scheduled", data.scheduled);
    $("agents").classList.toggle("with-adherence", data.scheduled);
    $("since-custom").title = `start of the window, ${data.timezone} time`;
    const filter = $("status-filter");
    const statuses = [...data.statuses].sort(compareStatus);
    filter.replaceChildren(new Option("All", ""), ...statuses.map((s) => new Option(statusLabel(s), s)));
    if (!statuses.includes(this.filter.status)) this.filter.status = "";
    filter.value = this.filter.status;
    $("source").textContent = `${data.name} · ${count(data.events)} events · ${data.schedulesName ? `schedules ${data.schedulesName}` : "no schedules"}${data.groupsName ? ` · groups ${data.groupsName}` : ""} · times in ${data.timezone} · replayed as a live stream`;
    renderGroups($("groups-panel"), null, {});
    renderLegend($("legend"), data.statuses);
    this.clock.jump(now, paused); // emits a tick: refreshes
  }

  /** Selects a window choice (a key of WINDOWS) and refreshes. */
  setMode(mode) {
    this.mode = mode;
    $("since-mode").value = mode;
    $("custom-wrap").hidden = mode !== "custom";
    if (mode === "custom") $("since-custom").value = toInputValue(this.custom, this.data.timezone);
    this.refresh();
  }

  /** The window's start at replay time `now`. */
  since(now) {
    const dayStart = startOfDay(now, this.data.timezone);
    return sinceFor(this.mode, now, { dayStart, firstLogin: this.data.firstLogin, custom: this.custom });
  }

  /**
   * The agents (indices into the RowSet `rows`) the filter and search let through, sorted: all
   * agents, not only the rendered ones.
   */
  visible(rows, now) {
    const { status, search } = this.filter;
    const needle = search.trim().toLowerCase();
    const kept = [];
    for (let i = 0; i < rows.length; i += 1) {
      if ((!status || rows.statusOf(i) === status) && (!needle || rows.ids[i].toLowerCase().includes(needle))) kept.push(i);
    }
    return sortAgents(rows, kept, this.sort, now);
  }

  /**
   * Asks the worker to append what the clock passed and recompute; draws the answer. One request
   * at a time: a tick while one is out asks again when it is answered (with the newest time).
   */
  refresh() {
    if (!this.data || this.loading) return;
    if (this.busy) {
      this.pending = true;
      return;
    }
    this.busy = true;
    this.pending = false;
    const t0 = performance.now();
    const now = this.clock.now;
    const since = this.since(now);
    this.kpi.call("refresh", { now, since, grace: this.grace }).then((answer) => {
      if (!this.loading) this.show(answer, t0);
    }, (e) => {
      showError(e); // e.g. a custom start after the replay time; the last good numbers stay
    }).finally(() => {
      this.busy = false;
      if (this.pending) this.refresh();
    });
  }

  /**
   * Draws a refresh's answer (`Session.refresh`) and records the times; `t0`: when it was asked.
   * Style, layout and paint are left to the browser's next frame (forcing them here would lengthen
   * this task); the frame's time is measured from its animation-frame callback to the task after it.
   */
  show(answer, t0) {
    const t1 = performance.now();
    const { messageAt, receiveMs } = this.kpi;
    clearError();
    const { now, since, team, counts, chart, ms } = answer;
    const rows = (answer.rows = new RowSet(answer.rows));
    this.last = answer;
    // The layout reads first (chart width, the table's position), free while the layout is clean.
    this.chart.measure();
    this.renderTable();
    this.chart.update(chart, now);
    renderSummary({ team, counts, agents: rows.length, since, now, timezone: this.data.timezone, scheduled: this.data.scheduled });
    renderGroups($("groups-panel"), answer.groups, { scheduled: this.data.scheduled, source: this.data.groupsName ?? "" });
    this.meter.flush(); // the previous refresh's times
    const t2 = performance.now();
    Object.assign(document.body.dataset, {
      grace: String(answer.grace), now: String(now), since: String(since), refreshes: String(++this.refreshes), events: String(answer.appended),
    });
    const meter = this.meter;
    const info = `${count(rows.length)} agents · ${count(answer.appended)} of ${count(answer.events)} events streamed`;
    requestAnimationFrame(() => {
      const t3 = performance.now();
      setTimeout(() => {
        const frame = performance.now() - t3; // style, layout, paint (and what else ran in that frame)
        const inWorker = ms.kpis + ms.chart + ms.rows;
        meter.record({ "append+KPIs": ms.kpis, chart: ms.chart, rows: ms.rows, message: t1 - t0 - inWorker, DOM: t2 - t1, frame },
          info, { task: t2 - messageAt, frame, receive: receiveMs });
      });
    });
  }

  /** Redraws the table from the last answer (filter, search and sort need no new computation). */
  renderTable() {
    if (!this.last) return;
    const { rows, now } = this.last;
    const order = this.visible(rows, now);
    this.table.update({ length: order.length, at: (k) => rows.row(order[k]) }, now, rows.length);
    const text = order.length === rows.length ? `${count(rows.length)} agents` : `${count(order.length)} of ${count(rows.length)} agents`;
    if ($("shown").textContent !== text) $("shown").textContent = text;
  }

  /** Opens dropped or chosen files: a log (and schedules) replaces the data; schedules alone apply to it. */
  async openFiles(files) {
    try {
      const found = await classifyFiles(files, $("log-format").value);
      if (found.log) {
        // A dropped log is shown at its end (its last event), paused: the whole recorded day at once.
        await this.load({ log: found.log, schedules: found.schedules, groups: found.groups, at: { last: true }, paused: true });
        if (this.mode === "custom") this.setMode("day"); // the old custom start means nothing for this log
      } else if (found.schedules || found.groups) {
        // Schedules or groups alone apply to the current log (and keep the other file).
        await this.load({
          schedules: found.schedules ?? undefined, groups: found.groups ?? undefined, at: { ts: this.clock.now }, paused: this.clock.paused,
        });
      }
      clearError("file");
      document.body.dataset.loaded = [found.log?.name, found.schedules?.name, found.groups?.name].filter(Boolean).join(",");
    } catch (e) {
      showError(e, "file"); // the previous data stays on screen
    }
  }
}

/** Wires the window, replay, filter, search and file controls to the dashboard. */
function setupControls(dash) {
  const mode = $("since-mode");
  const custom = $("since-custom");
  dash.setMode(dash.mode);
  mode.addEventListener("change", () => {
    if (mode.value === "custom") dash.custom = dash.since(dash.clock.now); // starts where the current window does
    dash.setMode(mode.value);
  });
  custom.addEventListener("change", () => {
    const t = fromInputValue(custom.value, dash.data.timezone);
    if (Number.isFinite(t)) {
      dash.custom = t;
      dash.refresh();
    }
  });
  $("speed").addEventListener("change", (e) => dash.clock.setSpeed(Number(e.target.value)));
  $("grace").value = String(dash.grace);
  $("grace").addEventListener("change", (e) => {
    dash.grace = Number(e.target.value);
    dash.refresh();
  });
  $("pause").addEventListener("click", () => dash.clock.setPaused(!dash.clock.paused));
  $("status-filter").addEventListener("change", (e) => {
    dash.filter.status = e.target.value;
    dash.renderTable();
  });
  $("search").addEventListener("input", (e) => {
    dash.filter.search = e.target.value;
    dash.renderTable();
  });
  setupSortHeader(document.querySelector("#agents thead"), dash.sort, () => dash.renderTable());
  setupFileDrop($("file-input"), (files) => dash.openFiles(files));
}

async function main() {
  catchAll();
  $("since-mode").replaceChildren(...[...WINDOWS].map(([value, label]) => new Option(label, value)));
  const params = new URLSearchParams(location.search);
  const speed = params.get("speed") ?? "1";
  if (!SPEEDS.includes(speed)) throw new RangeError(`URL parameter speed: expected 1, 10 or 60, got ${JSON.stringify(speed)}`);
  const grace = params.get("grace") ?? "0";
  if (!GRACES.includes(grace)) throw new RangeError(`URL parameter grace: expected one of ${GRACES.join(", ")} (ms), got ${JSON.stringify(grace)}`);
  const windowParam = params.get("window");
  if (windowParam !== null && !WINDOWS.has(windowParam)) throw new RangeError(`URL parameter window: expected one of ${[...WINDOWS.keys()].join(", ")}`);
  let wasm;
  try {
    wasm = await import("../pkg/web/index.js");
    await wasm.default();
    useTimeEngine(wasm); // civil time only; the KPIs are computed in the worker
  } catch (e) {
    throw new Error(`could not load the agent-kpis package from pkg/web/ (build it with \`make pkg\`): ${e.message}`);
  }
  const logPath = params.get("log") ?? DEFAULT_LOG;
  const now = msParam(params, "now", null);
  const custom = msParam(params, "since", null);
  const clock = new ReplayClock({ now: now ?? 0, speed: Number(speed), paused: params.get("paused") === "1" });
  const dash = new Dashboard(new KpiWorker(), clock, { mode: custom !== null ? "custom" : windowParam ?? "day", custom, grace: Number(grace) });
  clock.onTick((c) => {
    showClockState(c);
    dash.refresh();
  });
  await dash.load({
    log: { name: logPath.split("/").pop(), url: logPath },
    schedules: schedulesSource(logPath, params.get("schedules")),
    groups: params.has("groups") ? { name: params.get("groups").split("/").pop(), url: params.get("groups") } : null,
    at: now !== null ? { ts: now } : { afterFirst: 4 * HOUR },
    paused: clock.paused,
  });
  setupControls(dash);
  clock.start();
  $("control-set").disabled = false;
  document.body.dataset.ready = "1";
}

main().catch((e) => {
  showError(e, "start");
  $("source").textContent = "Could not start";
  document.body.dataset.ready = "error";
});
