// The supervisor view: replays a recorded day as a live stream into an AgentLog (events appended as
// the replay clock passes them) and recomputes every agent's KPIs, the team header and the interval
// chart in the browser with the wasm package once a second. Dropped files replace the data.
//
// URL parameters (for tests and sharing):
//   log=<path>         the log to load (default ../tests/fixtures/day-shift.json): JSON, NDJSON or CSV
//   schedules=<path>   its schedules ({ timezone, schedules }); default the log's .adherence.json if
//                      present; "none" for no adherence
//   since=<epoch ms>   a custom window start;   window=day|shift|hour|15m  a preset window
//   now=<epoch ms>     the replay time to start at (default: the log's first event + 4 h)
//   paused=1           stop the clock;          speed=1|10|60  replay speed
import { catchAll, clearError, showError } from "./banner.js";
import { RefreshMeter } from "./budget.js";
import { IntervalChart } from "./chart.js";
import { statusLabel, compareStatus } from "./colors.js";
import { DEFAULT_LOG, companionOf, fetchText, readLog, readSchedules } from "./data.js";
import { classifyFiles, setupFileDrop } from "./drop.js";
import { ReplayClock } from "./clock.js";
import { count } from "./format.js";
import { setupSortHeader, sortAgents } from "./sort.js";
import { LiveStream } from "./stream.js";
import { renderLegend, renderSummary } from "./summary.js";
import { AgentTable } from "./table.js";
import { statusCounts, teamTotals } from "./team.js";
import { checkZone, fromInputValue, startOfDay, toInputValue, useTimeEngine } from "./time.js";
import { WINDOWS, sinceFor } from "./windows.js";

const $ = (id) => document.getElementById(id);
const HOUR = 3_600_000;
const SPEEDS = ["1", "10", "60"];

/** An epoch-ms URL parameter, or `fallback` when absent; a bad value throws a RangeError. */
function msParam(params, name, fallback) {
  if (!params.has(name)) return fallback;
  const raw = params.get(name);
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(v) || v < 0) throw new RangeError(`URL parameter ${name}: expected epoch milliseconds, got ${JSON.stringify(raw)}`);
  return v;
}

/** Loads the schedules named by the URL (or the log's companion file, if there is one). */
async function loadSchedules(logPath, param) {
  if (param === "none") return null;
  const path = param ?? companionOf(logPath);
  if (!path) return null;
  let text;
  try {
    text = await fetchText(path, "schedules");
  } catch (e) {
    if (param) throw e; // asked for explicitly: a missing file is an error
    return null;
  }
  return readSchedules(text, path.split("/").pop());
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
  constructor(AgentLog, clock, { mode, custom }) {
    this.AgentLog = AgentLog;
    this.clock = clock;
    this.mode = mode;
    this.custom = custom;
    this.data = null;
    this.stream = null;
    this.table = null;
    this.chart = new IntervalChart($("chart"), "UTC");
    this.meter = new RefreshMeter($("refresh-ms"), $("refresh-split"));
    this.sort = { key: "agent", dir: "ascending" };
    this.filter = { status: "", search: "" };
    this.refreshes = 0;
  }

  /**
   * Shows a new log (`readLog` result) with optional schedules, replayed from `now`. Everything is
   * built and checked with one query first: on any error the previous data stays and it throws.
   */
  load(log, schedules, { now, paused }) {
    const timezone = schedules?.timezone ?? "UTC";
    checkZone(timezone);
    const stream = new LiveStream(this.AgentLog, log.events, schedules);
    try {
      stream.advanceTo(now);
      stream.log.kpis(Math.min(log.firstTs, now), { now, timezone });
    } catch (e) {
      stream.free();
      throw e;
    }
    this.stream?.free();
    const firstLogin = log.events.find((e) => e.status !== "offline")?.ts ?? log.firstTs;
    this.data = { log, schedules, timezone, firstLogin, scheduled: schedules !== null };
    this.stream = stream;
    this.table?.destroy();
    this.table = new AgentTable($("rows"), { withAdherence: this.data.scheduled });
    $("rows").replaceChildren();
    this.chart.reset(timezone);
    this.meter.reset();
    $("adh-head").hidden = !this.data.scheduled;
    $("adh-card").hidden = !this.data.scheduled;
    $("agents").classList.toggle("with-adherence", this.data.scheduled);
    $("since-custom").title = `start of the window, ${timezone} time`;
    const filter = $("status-filter");
    const statuses = [...log.statuses].sort(compareStatus);
    filter.replaceChildren(new Option("All", ""), ...statuses.map((s) => new Option(statusLabel(s), s)));
    if (!statuses.includes(this.filter.status)) this.filter.status = "";
    filter.value = this.filter.status;
    $("source").textContent = `${log.name} · ${count(log.events.length)} events · ${schedules ? `schedules ${schedules.name}` : "no schedules"} · times in ${timezone} · replayed as a live stream`;
    renderLegend($("legend"), log.statuses);
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

  /** The agents the filter and search let through, sorted. */
  visible(agents, now) {
    const { status, search } = this.filter;
    const needle = search.trim().toLowerCase();
    const current = this.stream.current;
    const kept = agents.filter((a) => (!status || current.get(a.user_id)?.status === status)
      && (!needle || a.user_id.toLowerCase().includes(needle)));
    return sortAgents(kept, this.sort, current, now);
  }

  /** Appends what the clock passed, recomputes everything with the package, redraws, times it. */
  refresh() {
    if (!this.data) return;
    const t0 = performance.now();
    const now = this.clock.now;
    const { stream, data } = this;
    let since, agents;
    try {
      stream.advanceTo(now);
      since = this.since(now);
      ({ agents } = stream.log.kpis(since, { now, timezone: data.timezone }));
    } catch (e) {
      showError(e); // e.g. a custom start after the replay time; the last good numbers stay
      return;
    }
    const t1 = performance.now();
    try {
      this.chart.update(stream.log, now);
    } catch (e) {
      showError(e);
      return;
    }
    const t2 = performance.now();
    clearError();
    const current = stream.current;
    renderSummary({
      team: teamTotals(agents), counts: statusCounts(agents, current), agents: agents.length,
      since, now, timezone: data.timezone, scheduled: data.scheduled,
    });
    const shown = this.visible(agents, now);
    this.table.update(shown, now, current, agents.length);
    $("shown").textContent = shown.length === agents.length ? `${count(agents.length)} agents` : `${count(shown.length)} of ${count(agents.length)} agents`;
    const t3 = performance.now();
    void document.body.offsetHeight; // style and layout now, so the refresh time includes them
    const t4 = performance.now();
    this.meter.record({ "append+KPIs": t1 - t0, chart: t2 - t1, DOM: t3 - t2, layout: t4 - t3 },
      `${count(agents.length)} agents · ${count(stream.appended)} of ${count(data.log.events.length)} events streamed`);
    Object.assign(document.body.dataset, {
      now: String(now), since: String(since), refreshes: String(++this.refreshes), events: String(stream.appended),
    });
  }

  /** Opens dropped or chosen files: a log (and schedules) replaces the data; schedules alone apply to it. */
  async openFiles(files) {
    try {
      const found = await classifyFiles(files);
      const schedules = found.schedules ? readSchedules(found.schedules.text, found.schedules.name) : null;
      if (found.log) {
        // A dropped log is shown at its end (its last event), paused: the whole recorded day at once.
        const log = readLog(this.AgentLog, found.log.text, found.log.name);
        this.load(log, schedules, { now: log.lastTs, paused: true });
        if (this.mode === "custom") this.setMode("day"); // the old custom start means nothing for this log
      } else if (schedules) {
        this.load(this.data.log, schedules, { now: this.clock.now, paused: this.clock.paused });
      }
      clearError("file");
      document.body.dataset.loaded = [found.log?.name, found.schedules?.name].filter(Boolean).join(",");
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
  $("pause").addEventListener("click", () => dash.clock.setPaused(!dash.clock.paused));
  $("status-filter").addEventListener("change", (e) => {
    dash.filter.status = e.target.value;
    dash.refresh();
  });
  $("search").addEventListener("input", (e) => {
    dash.filter.search = e.target.value;
    dash.refresh();
  });
  setupSortHeader(document.querySelector("#agents thead"), dash.sort, () => dash.refresh());
  setupFileDrop($("file-input"), (files) => dash.openFiles(files));
}

async function main() {
  catchAll();
  $("since-mode").replaceChildren(...[...WINDOWS].map(([value, label]) => new Option(label, value)));
  const params = new URLSearchParams(location.search);
  const speed = params.get("speed") ?? "1";
  if (!SPEEDS.includes(speed)) throw new RangeError(`URL parameter speed: expected 1, 10 or 60, got ${JSON.stringify(speed)}`);
  const windowParam = params.get("window");
  if (windowParam !== null && !WINDOWS.has(windowParam)) throw new RangeError(`URL parameter window: expected one of ${[...WINDOWS.keys()].join(", ")}`);
  let wasm;
  try {
    wasm = await import("../pkg/web/index.js");
    await wasm.default();
    useTimeEngine(wasm);
  } catch (e) {
    throw new Error(`could not load the agent-kpis package from pkg/web/ (build it with \`make pkg\`): ${e.message}`);
  }
  const logPath = params.get("log") ?? DEFAULT_LOG;
  const log = readLog(wasm.AgentLog, await fetchText(logPath, "log"), logPath.split("/").pop());
  const schedules = await loadSchedules(logPath, params.get("schedules"));
  const now = msParam(params, "now", log.firstTs + 4 * HOUR);
  const custom = msParam(params, "since", null);
  const clock = new ReplayClock({ now, speed: Number(speed), paused: params.get("paused") === "1" });
  const dash = new Dashboard(wasm.AgentLog, clock, {
    mode: custom !== null ? "custom" : windowParam ?? "day",
    custom: custom ?? startOfDay(log.firstTs, schedules?.timezone ?? "UTC"),
  });
  clock.onTick((c) => {
    showClockState(c);
    dash.refresh();
  });
  dash.load(log, schedules, { now, paused: clock.paused });
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
