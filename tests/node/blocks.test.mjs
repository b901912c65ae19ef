// Issue 14's blocks (`options.include`: contacts, episodes, current, team; `options.groups`) through
// every entry point: the hand-checked example pinned with its numbers, the same answer from
// agentKpis (packer and wasm object path), agentKpisColumns, agentKpisFromJson (array, NDJSON),
// agentKpisFromCsv, the engine path of the one-shot calls and AgentLog.kpis (key order included);
// interval rows equal to kpis() of their interval; team and groups on a hand example; hostile names;
// the include/groups errors; and no new key without include. Every expected value is worked out by
// hand from the rules, never taken from the code under test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { AgentLog, agentKpis, agentKpisColumns, agentKpisFromCsv, agentKpisFromJson } from "agent-kpis";
import { toCsv, toNdjson } from "./formats.mjs";

const require = createRequire(import.meta.url);
const raw = require(join(dirname(require.resolve("agent-kpis/package.json")), "node", "agent_kpis.js"));

const M = 60_000;
const ALL = ["contacts", "episodes", "current", "team"];

/** `[status, minute, reason?]` rows as one agent's events. */
const agentEvents = (user_id, rows) =>
  rows.map(([status, m, reason]) => ({ user_id, ts: m * M, status, ...(reason === undefined ? {} : { reason }) }));

const columnsOf = (events) => ({
  userIds: events.map((e) => e.user_id),
  ts: Float64Array.from(events, (e) => e.ts),
  statuses: events.map((e) => e.status),
  reasons: events.map((e) => e.reason ?? null),
});

/**
 * The result of every entry point on `events` over `[since, options.now]`, each checked equal (key
 * order included) to agentKpis's; returns agentKpis's.
 */
function everyPath(events, since, options) {
  const want = agentKpis(events, since, options);
  const text = JSON.stringify(want);
  const log = new AgentLog();
  log.append(events);
  // The sorting fold: each agent's first event where it was (the agents' order is their first
  // appearance), the others in reverse (these logs have no ties).
  const seen = new Set();
  const firsts = events.filter((e) => !seen.has(e.user_id) && seen.add(e.user_id));
  const shuffled = [...firsts, ...events.filter((e) => !firsts.includes(e)).reverse()];
  const got = {
    "wasm object path": raw.agentKpis(events, since, options),
    "agentKpis, shuffled": agentKpis(shuffled, since, options),
    "agentKpis with schedules: [] (the engine)": agentKpis(events, since, { ...options, schedules: [] }),
    agentKpisColumns: agentKpisColumns(columnsOf(events), since, options),
    "agentKpisColumns, shuffled": agentKpisColumns(columnsOf(shuffled), since, options),
    "agentKpisFromJson (array)": agentKpisFromJson(JSON.stringify(events), since, options),
    "agentKpisFromJson (NDJSON bytes)": agentKpisFromJson(new TextEncoder().encode(toNdjson(events)), since, options),
    agentKpisFromCsv: agentKpisFromCsv(toCsv(events), since, options),
    "AgentLog.kpis": log.kpis(since, options),
    "AgentLog.kpis, again": log.kpis(since, options), // a kept result reused
  };
  log.free();
  for (const [path, r] of Object.entries(got)) {
    assert.deepEqual(r, want, path);
    assert.equal(JSON.stringify(r), text, `${path}: key order`);
  }
  return want;
}

// The issue's example: one agent `ready@0, incall@10M, wrapup@16M, ready@18M, paused(break)@20M,
// ready@30M, incall@40M`, window [12M, 45M].
const example = agentEvents(1, [
  ["ready", 0], ["incall", 10], ["wrapup", 16], ["ready", 18], ["paused", 20, "break"], ["ready", 30], ["incall", 40],
]);

// The base KPIs of the window (rules of the README, by hand): incall 12–16 and 40–45 = 9M, wrapup
// 16–18 = 2M, ready 18–20 and 30–40 = 12M, paused 20–30 = 10M; logged in 33M; occupancy
// 11 / (11 + 12) = 47.8 → 48; utilization 11 / 33 = 33.3 → 33. An event at exactly `now` adds 0 ms,
// so the two variants below have the same base.
const exampleBase = {
  user_id: "1",
  statusMs: { incall: 9 * M, paused: 10 * M, wrapup: 2 * M, ready: 12 * M },
  loggedInMs: 33 * M,
  occupancyPct: 48,
  utilizationPct: 33,
  reasonMs: { paused: { break: 10 * M } },
};
// reasonEpisodes: the one reason episode paused/break 20–30, started and ended in the window.
const breakEpisode = { paused: { break: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M } } };

test("the issue's hand-checked example, every path", () => {
  const r = everyPath(example, 12 * M, { now: 45 * M, include: ALL });
  assert.deepEqual(r.agents, [{
    ...exampleBase,
    // The issue: handled 1, handleMs 8M, talkMs 6M, acwMs 2M, withAcw 1, ahtMs 8M (the contact
    // incall 10–16 + wrapup 16–18 ended at 18M; the one from 40M is open).
    contacts: { handled: 1, handleMs: 8 * M, talkMs: 6 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 8 * M },
    // The issue: incall {1, 1, 6M, 6M}, ready {2, 2, 12M, 10M}, wrapup {1, 1, 2M, 2M},
    // paused {1, 1, 10M, 10M}; in statusMs's key order.
    episodes: {
      incall: { started: 1, ended: 1, endedMs: 6 * M, longestMs: 6 * M },
      paused: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M },
      wrapup: { started: 1, ended: 1, endedMs: 2 * M, longestMs: 2 * M },
      ready: { started: 2, ended: 2, endedMs: 12 * M, longestMs: 10 * M },
    },
    reasonEpisodes: breakEpisode,
    // The issue: current {incall, null, since 40M, ms 5M}.
    current: { status: "incall", reason: null, since: 40 * M, ms: 5 * M },
  }]);
  // team over the one row: its sums, contacts summed.
  assert.deepEqual(r.team, {
    agents: 1, statusMs: exampleBase.statusMs, loggedInMs: 33 * M, occupancyPct: 48, utilizationPct: 33,
    contacts: { handled: 1, handleMs: 8 * M, talkMs: 6 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 8 * M },
  });
  assert.equal(Object.hasOwn(r, "groups"), false, "no groups without options.groups");
});

test("the example with ready@45M: the open contact ends at now", () => {
  const r = everyPath([...example, ...agentEvents(1, [["ready", 45]])], 12 * M, { now: 45 * M, include: ALL });
  assert.deepEqual(r.agents, [{
    ...exampleBase,
    // The issue: handled 2, handleMs 13M, ahtMs 6.5M; by hand talkMs 6M + 5M, acwMs 2M, withAcw 1.
    contacts: { handled: 2, handleMs: 13 * M, talkMs: 11 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 6.5 * M },
    episodes: {
      // incall 40–45 ended at now (not open: ready@45M is): ended 2, endedMs 6M + 5M.
      incall: { started: 1, ended: 2, endedMs: 11 * M, longestMs: 6 * M },
      paused: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M },
      wrapup: { started: 1, ended: 1, endedMs: 2 * M, longestMs: 2 * M },
      // ready@45M starts at now: not `start < now`, so neither started nor overlapping.
      ready: { started: 2, ended: 2, endedMs: 12 * M, longestMs: 10 * M },
    },
    reasonEpisodes: breakEpisode,
    current: { status: "ready", reason: null, since: 45 * M, ms: 0 },
  }]);
});

test("the example with wrapup@45M: the contact stays open, current is the new wrapup", () => {
  const r = everyPath([...example, ...agentEvents(1, [["wrapup", 45]])], 12 * M, { now: 45 * M, include: ALL });
  assert.deepEqual(r.agents, [{
    ...exampleBase,
    // The issue: handled stays 1 (the contact from 40M goes on into the open wrapup).
    contacts: { handled: 1, handleMs: 8 * M, talkMs: 6 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 8 * M },
    episodes: {
      // The incall episode 40–45 ended at now (the status changed there).
      incall: { started: 1, ended: 2, endedMs: 11 * M, longestMs: 6 * M },
      paused: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M },
      wrapup: { started: 1, ended: 1, endedMs: 2 * M, longestMs: 2 * M },
      ready: { started: 2, ended: 2, endedMs: 12 * M, longestMs: 10 * M },
    },
    reasonEpisodes: breakEpisode,
    // The issue: current {wrapup, since 45M, ms 0}.
    current: { status: "wrapup", reason: null, since: 45 * M, ms: 0 },
  }]);
});

test("each block alone adds only its key; no include is the base result, with no new key", () => {
  const base = { now: 45 * M };
  for (const options of [base, { ...base, include: [] }, { ...base, include: null }, { ...base, groups: { 1: "east" } }]) {
    const r = everyPath(example, 12 * M, options);
    assert.deepEqual(r, { agents: [exampleBase] }, JSON.stringify(options));
  }
  const keys = (include) => Object.keys(everyPath(example, 12 * M, { ...base, include }).agents[0]);
  const baseKeys = Object.keys(exampleBase);
  assert.deepEqual(keys(["contacts"]), [...baseKeys, "contacts"]);
  assert.deepEqual(keys(["episodes"]), [...baseKeys, "episodes", "reasonEpisodes"]);
  assert.deepEqual(keys(["current", "current"]), [...baseKeys, "current"]);
  assert.deepEqual(keys(["team"]), baseKeys);
  // team without contacts has no contacts key.
  const t = everyPath(example, 12 * M, { ...base, include: ["team"] }).team;
  assert.deepEqual(Object.keys(t), ["agents", "statusMs", "loggedInMs", "occupancyPct", "utilizationPct"]);
});

// Team and groups, window [0, 60M]:
//   a: ready@0, incall@10M, wrapup@20M, ready@25M → incall 10M, wrapup 5M, ready 10M + 35M = 45M;
//      one contact 10–25: handled 1, handleMs 15M, talkMs 10M, acwMs 5M, withAcw 1.
//   b: ready@0, incall@30M, ready@40M, incall@50M → incall 10M + 10M = 20M, ready 30M + 10M = 40M;
//      the contact 30–40 without wrapup is handled (handleMs = talkMs 10M), the one from 50M is open.
//   c: paused(lunch)@0, offline@30M → paused 30M, offline 30M; no group.
//   d: ready@0 → ready 60M.
// groups { b: G2, a: G1, d: G2, zz: G3 } (zz has no events): groups in order of first appearance
// among the rows (a, b, c, d) → G1 (a), G2 (b, d); c in team only; no G3.
// team: agents 4; incall 30M, offline 30M, paused 30M, wrapup 5M, ready 45 + 40 + 60 = 145M;
//   loggedIn 240M − 30M offline = 210M; occupancy 35 / (35 + 145) = 19.4 → 19; utilization
//   35 / 210 = 16.7 → 17; contacts handled 2, handleMs 25M, talkMs 20M, acwMs 5M, withAcw 1,
//   ahtMs 25M / 2 = 12.5M.
// G1 = a: agents 1, loggedIn 60M, occupancy 15 / (15 + 45) = 25, utilization 15 / 60 = 25.
// G2 = b + d: agents 2; incall 20M, ready 100M; loggedIn 120M; occupancy 20 / 120 = 16.7 → 17,
//   utilization 17; contacts handled 1, handleMs 10M, talkMs 10M, acwMs 0, withAcw 0, ahtMs 10M.
const teamEvents = [
  ...agentEvents("a", [["ready", 0], ["incall", 10], ["wrapup", 20], ["ready", 25]]),
  ...agentEvents("b", [["ready", 0], ["incall", 30], ["ready", 40], ["incall", 50]]),
  ...agentEvents("c", [["paused", 0, "lunch"], ["offline", 30]]),
  ...agentEvents("d", [["ready", 0]]),
].sort((x, y) => x.ts - y.ts);

/** The expected team and groups for group names `g1`, `g2`, `g3`. */
function expectedTeams(g1, g2) {
  return {
    team: {
      agents: 4,
      statusMs: { incall: 30 * M, offline: 30 * M, paused: 30 * M, wrapup: 5 * M, ready: 145 * M },
      loggedInMs: 210 * M, occupancyPct: 19, utilizationPct: 17,
      contacts: { handled: 2, handleMs: 25 * M, talkMs: 20 * M, acwMs: 5 * M, withAcw: 1, ahtMs: 12.5 * M },
    },
    groups: [
      {
        group: g1, agents: 1, statusMs: { incall: 10 * M, wrapup: 5 * M, ready: 45 * M },
        loggedInMs: 60 * M, occupancyPct: 25, utilizationPct: 25,
        contacts: { handled: 1, handleMs: 15 * M, talkMs: 10 * M, acwMs: 5 * M, withAcw: 1, ahtMs: 15 * M },
      },
      {
        group: g2, agents: 2, statusMs: { incall: 20 * M, ready: 100 * M },
        loggedInMs: 120 * M, occupancyPct: 17, utilizationPct: 17,
        contacts: { handled: 1, handleMs: 10 * M, talkMs: 10 * M, acwMs: 0, withAcw: 0, ahtMs: 10 * M },
      },
    ],
  };
}

test("team and groups: the rows summed, percentages from the sums, every path", () => {
  const groups = { b: "west", a: "east", d: "west", zz: "nobody" };
  const r = everyPath(teamEvents, 0, { now: 60 * M, include: ["team", "contacts"], groups });
  const { team, groups: got } = r;
  assert.deepEqual({ team, groups: got }, expectedTeams("east", "west"));
  assert.deepEqual(Object.keys(r), ["agents", "team", "groups"]);
});

test("groups and statuses named like Object.prototype members are own data properties", () => {
  // Group names are values; user ids, statuses and reasons named __proto__/constructor are keys.
  const groups = JSON.parse('{"a": "__proto__", "b": "constructor", "d": "constructor", "__proto__": "toString"}');
  const r = everyPath(teamEvents, 0, { now: 60 * M, include: ["team", "contacts"], groups });
  assert.deepEqual({ team: r.team, groups: r.groups }, expectedTeams("__proto__", "constructor"));

  const hostile = [
    ...agentEvents("__proto__", [["__proto__", 0, "constructor"], ["constructor", 10, "__proto__"], ["incall", 20]]),
  ];
  const h = everyPath(hostile, 0, { now: 30 * M, include: ALL, groups: JSON.parse('{"__proto__": "__proto__"}') });
  const [row] = h.agents;
  assert.equal(row.user_id, "__proto__");
  for (const [what, o, key] of [
    ["episodes", row.episodes, "__proto__"], ["episodes", row.episodes, "constructor"],
    ["reasonEpisodes", row.reasonEpisodes, "__proto__"], ["reasonEpisodes.__proto__", row.reasonEpisodes.__proto__, "constructor"],
    ["reasonEpisodes.constructor", row.reasonEpisodes.constructor, "__proto__"],
    ["team.statusMs", h.team.statusMs, "__proto__"], ["groups[0].statusMs", h.groups[0].statusMs, "constructor"],
  ]) {
    assert.ok(Object.hasOwn(o, key), `${what} has own ${key}`);
    assert.equal(Object.getPrototypeOf(o), Object.prototype, `${what}'s prototype`);
  }
  // Each 10M episode started and ended in [0, 30M]; incall is open (10M to now).
  const ten = { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M };
  assert.deepEqual(Object.getOwnPropertyDescriptor(row.episodes, "__proto__").value, ten);
  assert.deepEqual(row.episodes.incall, { started: 1, ended: 0, endedMs: 0, longestMs: 10 * M });
  assert.deepEqual(Object.getOwnPropertyDescriptor(row.reasonEpisodes, "__proto__").value, { constructor: ten });
  assert.deepEqual(row.current, { status: "incall", reason: null, since: 20 * M, ms: 10 * M });
  assert.equal(h.groups[0].group, "__proto__");
});

test("AgentLog.intervals: each row is kpis() of its interval, blocks included", () => {
  const log = new AgentLog();
  log.append(teamEvents);
  log.append([...example, ...agentEvents(1, [["paused", 47, "lunch"], ["paused", 52, "meeting"], ["ready", 58]])]);
  const options = { include: ALL, groups: { a: "east" } };
  for (const [from, to, step, now] of [[0, 60 * M, 15 * M, 60 * M], [0, 60 * M, 7 * M, 53 * M], [5 * M, 45 * M, 4 * M, 45 * M]]) {
    const report = log.intervals(from, to, step, { ...options, now });
    assert.ok(report.agents.length > 0);
    for (const { user_id, intervals } of report.agents) {
      for (const { start, end, ...row } of intervals) {
        const q = log.kpis(start, { ...options, now: end });
        const want = q.agents.find((a) => a.user_id === user_id);
        assert.ok(want, `${user_id} in kpis(${start}, ${end})`);
        const { user_id: _, ...fields } = want;
        assert.deepEqual(row, fields, `${user_id} [${start}, ${end})`);
        assert.equal(JSON.stringify(row), JSON.stringify(fields), `${user_id} [${start}, ${end}): key order`);
        assert.ok("contacts" in row && "episodes" in row && "current" in row);
      }
    }
    assert.equal(Object.hasOwn(report, "team"), false, "an interval report has no team");
  }
  log.free();
});

test("include and groups errors: class and message, every entry point", () => {
  const ev = agentEvents(1, [["ready", 0]]);
  const log = new AgentLog();
  log.append(ev);
  const calls = {
    agentKpis: (o) => agentKpis(ev, 0, o),
    "wasm object path": (o) => raw.agentKpis(ev, 0, o),
    agentKpisColumns: (o) => agentKpisColumns(columnsOf(ev), 0, o),
    agentKpisFromJson: (o) => agentKpisFromJson(JSON.stringify(ev), 0, o),
    agentKpisFromCsv: (o) => agentKpisFromCsv(toCsv(ev), 0, o),
    "AgentLog.kpis": (o) => log.kpis(0, o),
    "AgentLog.intervals": (o) => log.intervals(0, M, M, o),
  };
  const cases = [
    [{ include: ["contacts", "aht"] }, RangeError, 'options.include[1]: unknown block "aht"; expected one of: contacts, episodes, current, team, conformance, shrinkage'],
    [{ include: ["Team"] }, RangeError, 'options.include[0]: unknown block "Team"; expected one of: contacts, episodes, current, team, conformance, shrinkage'],
    [{ include: [""] }, RangeError, 'options.include[0]: unknown block ""; expected one of: contacts, episodes, current, team, conformance, shrinkage'],
    [{ include: "team" }, TypeError, 'options.include: expected an array of block names, got "team"'],
    [{ include: { 0: "team", length: 1 } }, TypeError, "options.include: expected an array of block names, got an object"],
    [{ include: ["team", 5] }, TypeError, "options.include[1]: expected a string, got 5"],
    [{ include: ["team", null] }, TypeError, "options.include[1]: expected a string, got null"],
    [{ include: ["team"], groups: ["east"] }, TypeError, "options.groups: expected an object { user_id: group name }, got an array"],
    [{ include: ["team"], groups: new Map([["7", "east"]]) }, TypeError, "options.groups: expected an object { user_id: group name }, got a Map"],
    [{ include: new Set(["team"]) }, TypeError, "options.include: expected an array of block names, got a Set"],
    [{ include: ["team"], groups: "east" }, TypeError, 'options.groups: expected an object { user_id: group name }, got "east"'],
    [{ include: ["team"], groups: { 7: 5 } }, TypeError, 'options.groups["7"]: expected a non-empty string, got 5'],
    [{ include: ["team"], groups: { x: "" } }, RangeError, 'options.groups["x"]: expected a non-empty string, got ""'],
    [{ include: ["team"], groups: { get x() { throw new Error("boom"); } } }, TypeError, 'options.groups["x"]: reading it threw: "boom"'],
    [{ get include() { throw new Error("boom"); } }, TypeError, 'options.include: reading it threw: "boom"'],
  ];
  for (const [name, call] of Object.entries(calls)) {
    for (const [options, Class, message] of cases) {
      assert.throws(() => call(options), (e) => {
        assert.equal(e.constructor, Class, `${name}: ${message}`);
        assert.equal(e.message, message, name);
        return true;
      });
    }
    // The instance keeps answering after the errors.
    assert.equal(call({ now: M, include: ["contacts"] }).agents?.[0]?.contacts?.handled ?? 0, 0);
  }
  log.free();
});
