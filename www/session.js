// The dashboard's computation, run inside the Web Worker (worker.js): the log being replayed, its
// AgentLog (the package's wasm), the team figures and the interval chart's sums. Each refresh
// returns only what the page draws (rows trimmed to the rendered fields, a few team numbers, at most
// 100 chart intervals), never the package's whole results.
import { fetchText, readGroups, readLog, readSchedules } from "./data.js";
import { IntervalSums } from "./intervals.js";
import { packRows } from "./rowset.js";
import { LiveStream } from "./stream.js";
import { countsByGroup, currentCounts } from "./counts.js";
import { checkZone } from "./time.js";

/**
 * A file for the worker: `{ name, text }` (dropped), or `{ name, url, optional? }` (fetched by the
 * worker; an optional one that is missing counts as absent); a log may name a platform's `format`
 * (the package's name, e.g. "asterisk-queue-log").
 * @typedef {{ name: string, text?: string, url?: string, optional?: boolean, format?: string }} Source
 */

/**
 * The team header's or a group's figures, from the package's `team` (or a `groups` entry): sums over
 * the agents, percentages from the sums.
 */
function figures(t) {
  return {
    agents: t.agents, loggedInMs: t.loggedInMs, occupancyPct: t.occupancyPct, utilizationPct: t.utilizationPct,
    handled: t.contacts.handled, ahtMs: t.contacts.ahtMs, adherencePct: t.adherencePct ?? null,
    conformancePct: t.conformancePct ?? null, conformance: t.conformance ?? null,
    shrinkagePct: t.shrinkagePct ?? null, shrinkage: t.shrinkage ? shrinkageOf(t.shrinkage) : null,
  };
}

/** The part of a `shrinkage` block the page shows: the planned/unplanned/unknown split and the reasons. */
function shrinkageOf({ ms, plannedMs, unplannedMs, unknownMs, byReason }) {
  return { ms, plannedMs, unplannedMs, unknownMs, byReason };
}

/** The source's text, or null for a missing optional file. */
async function textOf(source, what) {
  if (source.text !== undefined) return source.text;
  try {
    return await fetchText(source.url, what);
  } catch (e) {
    if (source.optional) return null;
    throw e;
  }
}

/** The blocks every refresh asks the package for (issue 14); with schedules, also issue 15's. */
const INCLUDE = ["contacts", "episodes", "current", "team"];
const INCLUDE_SCHEDULED = [...INCLUDE, "conformance", "shrinkage"];

/** The package's options for a refresh: the blocks, the groups, the adherence grace (issue 15). */
function optionsFor({ now, schedules, groups, grace }) {
  return {
    now, timezone: schedules?.timezone ?? "UTC", include: schedules ? INCLUDE_SCHEDULED : INCLUDE,
    ...(groups && { groups: groups.groups }), ...(schedules && grace && { adherenceGraceMs: grace }),
  };
}

/**
 * The row the page renders for one agent of `kpis()`: only the fields it shows or sorts by. From
 * the package's blocks: `current` ({ status, reason, since, ms } or null), `handled` and `ahtMs`
 * (contacts), `longestBreakMs` (the longest paused episode overlapping the window, full length;
 * null when none).
 */
function rowOf(a) {
  const paused = Object.hasOwn(a.episodes, "paused") ? a.episodes.paused : null;
  const row = {
    user_id: a.user_id, statusMs: a.statusMs, loggedInMs: a.loggedInMs,
    occupancyPct: a.occupancyPct, utilizationPct: a.utilizationPct,
    current: a.current ?? null,
    handled: a.contacts.handled, ahtMs: a.contacts.ahtMs, longestBreakMs: paused ? paused.longestMs : null,
  };
  if (a.reasonMs) row.reasonMs = a.reasonMs;
  if (a.adherencePct !== undefined) row.adherencePct = a.adherencePct;
  if (a.adherence) {
    const { onShiftNow, inAdherenceNow, outSince, severe } = a.adherence;
    row.adherence = { onShiftNow, inAdherenceNow, outSince, severe };
  }
  if (a.conformancePct !== undefined) row.conformancePct = a.conformancePct;
  if (a.conformance) row.conformance = a.conformance;
  if (a.shrinkagePct !== undefined) row.shrinkagePct = a.shrinkagePct;
  if (a.shrinkage) row.shrinkage = shrinkageOf(a.shrinkage);
  return row;
}

export class Session {
  /** `AgentLog`: the package's class (its wasm initialised). */
  constructor(AgentLog) {
    this.AgentLog = AgentLog;
    this.log = null;
    this.schedules = null;
    this.groups = null;
    this.stream = null;
    this.sums = null;
  }

  /**
   * Loads a log, schedules and groups and replays up to a time; on any error the previous data stays
   * and it throws. `log`, `schedules`, `groups`: a Source (replaces), null (none) or undefined (keeps
   * the current one; a log is required). `at`: `{ ts }`, `{ afterFirst: ms }` (the log's first event +
   * ms) or `{ last: true }` (its last event). Returns what the page needs to know about the data and
   * the replay time.
   */
  async load({ log: logSource, schedules: schedulesSource, groups: groupsSource, at }) {
    let log = this.log;
    if (logSource) log = readLog(this.AgentLog, await textOf(logSource, "log"), logSource.name, logSource.format);
    if (!log) throw new Error("no log loaded");
    let schedules = this.schedules;
    if (schedulesSource !== undefined) {
      const text = schedulesSource && await textOf(schedulesSource, "schedules");
      schedules = text ? readSchedules(text, schedulesSource.name) : null;
    }
    let groups = this.groups;
    if (groupsSource !== undefined) {
      const text = groupsSource && await textOf(groupsSource, "groups");
      groups = text ? readGroups(text, groupsSource.name) : null;
    }
    const now = at.ts ?? (at.last ? log.lastTs : log.firstTs + at.afterFirst);
    const timezone = schedules?.timezone ?? "UTC";
    checkZone(timezone);
    const stream = new LiveStream(this.AgentLog, log.events, schedules);
    try {
      stream.advanceTo(now);
      stream.log.kpis(Math.min(log.firstTs, now), optionsFor({ now, schedules, groups }));
    } catch (e) {
      stream.free();
      throw e;
    }
    this.stream?.free();
    this.log = log;
    this.schedules = schedules;
    this.groups = groups;
    this.stream = stream;
    this.sums = new IntervalSums(timezone);
    const firstLogin = log.events.find((e) => e.status !== "offline")?.ts ?? log.firstTs;
    return {
      result: { now, data: {
        name: log.name, events: log.events.length, firstTs: log.firstTs, lastTs: log.lastTs, statuses: log.statuses,
        firstLogin, timezone, scheduled: schedules !== null, schedulesName: schedules?.name ?? null,
        groupsName: groups?.name ?? null,
      } },
      transfer: [],
    };
  }

  /**
   * Appends what the replay clock passed, computes the window `[since, now]` (with the adherence
   * grace `grace` ms, the package's `adherenceGraceMs`) and the chart; returns
   * `{ result, transfer }`: the rows (packed, rowset.js), the team header's numbers, the chart's data
   * and the time each part took, and the buffers to move with it.
   */
  refresh({ now, since, grace = 0 }) {
    const { stream, log } = this;
    if (!stream) throw new Error("no log loaded");
    const t0 = performance.now();
    stream.advanceTo(now);
    const groups = this.groups?.groups;
    const { agents, team, groups: byGroup } = stream.log.kpis(since, optionsFor({ now, schedules: this.schedules, groups: this.groups, grace }));
    const t1 = performance.now();
    const chart = this.sums.update(stream.log, now).data;
    const t2 = performance.now();
    const rows = agents.map(rowOf);
    const counts = currentCounts(agents);
    const teamFigures = figures(team);
    let groupFigures = null;
    if (byGroup) {
      const nowCounts = countsByGroup(agents, groups);
      groupFigures = byGroup.map((g) => ({ group: g.group, ...figures(g), ...nowCounts.get(g.group) }));
    }
    const { packed, transfer } = packRows(rows);
    const t3 = performance.now();
    const result = {
      now, since, grace, rows: packed, team: teamFigures, counts, groups: groupFigures, chart, appended: stream.appended, events: log.events.length,
      ms: { kpis: t1 - t0, chart: t2 - t1, rows: t3 - t2 },
    };
    return { result, transfer };
  }
}
