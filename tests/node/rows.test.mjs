// The numeric rows of `AgentLog.kpis()` (written by src/rows.rs, read by npm/packer.js by the
// layout src/rows.rs declares) round-trip: on events and schedules that reach every slot and tag of
// the layout, `kpis()` equals `agentKpis` (whose objects JSON.parse builds) on the same events, key
// order included, across queries in which the log sends new names; and the same with issue 14's
// blocks (contacts, episodes, current, team and groups), with and without schedules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AgentLog, agentKpis } from "agent-kpis";

const H = 3_600_000;
const events = [
  // a: on shift 0–8h, reasons (one named like Object.prototype's setter), out of adherence at the end.
  { user_id: "a", ts: 0, status: "ready" },
  { user_id: "a", ts: 1 * H, status: "incall" },
  { user_id: "a", ts: 2 * H, status: "wrapup" },
  { user_id: "a", ts: 3 * H, status: "paused", reason: "break" },
  { user_id: "a", ts: 4 * H, status: "paused", reason: "__proto__" },
  { user_id: "a", ts: 5 * H, status: "ready" },
  { user_id: "a", ts: 7 * H, status: "paused", reason: "lunch" },
  // b: scheduled, but no shift in the windows asked (adherencePct null), in adherence now.
  { user_id: "b", ts: 0, status: "ready" },
  { user_id: "b", ts: 2 * H, status: "__proto__", reason: "__proto__" },
  { user_id: 7, ts: 3 * H, status: "training", reason: "onboarding" },
  // 7: bypassed (adherencePct "bypass", no adherence).
  { user_id: "7", ts: 6 * H, status: "incall" },
  // c: unscheduled (neither field).
  { user_id: "c", ts: 1 * H, status: "offline" },
  { user_id: "c", ts: 2 * H, status: "ring" },
  { user_id: "c", ts: 3 * H, status: "extcall" },
  { user_id: "c", ts: 4 * H, status: "unreachable" },
  { user_id: "c", ts: 5 * H, status: "idle" },
  { user_id: "b", ts: 6 * H, status: "ready" },
];
const schedules = [
  { user_id: "a", segments: [{ start: 0, end: 8 * H }] },
  { user_id: "b", segments: [{ start: 20 * H, end: 21 * H }] },
  { user_id: 7, bypass: true, segments: [{ start: 0, end: H }] },
  // Scheduled agents without events: after the others, in schedule order (the layout's extra names).
  { user_id: "ghost", segments: [{ start: 0, end: 8 * H }] },
  { user_id: "ghost-bypass", bypass: true, segments: [] },
];

/** Every kind of value each tagged slot of the layout holds, over `results`. */
function tagsSeen(results) {
  const seen = new Set();
  for (const { agents } of results) {
    for (const a of agents) {
      const pct = a.adherencePct;
      seen.add(`pct:${!("adherencePct" in a) ? "absent" : pct === null ? "null" : pct === "bypass" ? "bypass" : typeof pct}`);
      if (a.reasonMs) seen.add("reasons");
      if (Object.hasOwn(a.statusMs, "__proto__")) seen.add("status:__proto__");
      if (Object.values(a.reasonMs ?? {}).some((r) => Object.hasOwn(r, "__proto__"))) seen.add("reason:__proto__");
      if (a.user_id.startsWith("ghost")) seen.add("extra names");
      const st = a.adherence;
      if (st === undefined) {
        seen.add("adherence:absent");
        continue;
      }
      seen.add(`unit:${st.unit}`);
      seen.add(`onShiftNow:${st.onShiftNow}`);
      seen.add(`inAdherenceNow:${st.inAdherenceNow}`);
      seen.add(`outSince:${st.outSince === null ? "null" : typeof st.outSince}`);
    }
  }
  return seen;
}

test("kpis() rows read back to agentKpis's objects, every tag of the layout", () => {
  const log = new AgentLog();
  log.setSchedules(schedules);
  const results = [];
  // Appended in two batches, queried between: the second query sends names the first did not.
  const half = 9;
  log.append(events.slice(0, half));
  const queries = [
    [events.slice(0, half), 0, { now: 4 * H + 30 * 60_000 }],
    [events, 0, { now: 7 * H + 30 * 60_000 }],
    [events, 0, { now: 7 * H + 30 * 60_000, adherenceSampleMs: 0 }],
    [events, 2 * H, { now: 9 * H, adherenceSampleMs: 60_000 }],
    [events, 30 * 60_000, { now: 5 * H + 1, adherentStatuses: ["ready", "incall", "paused"] }],
    [events, 10 * H, { now: 12 * H }],
  ];
  for (const [i, [appended, since, options]] of queries.entries()) {
    if (i === 1) log.append(events.slice(half));
    const live = log.kpis(since, options);
    const oneShot = agentKpis(appended, since, { ...options, schedules });
    assert.deepEqual(live, oneShot, `query ${i}`);
    assert.equal(JSON.stringify(live), JSON.stringify(oneShot), `query ${i}: key order`);
    for (const a of live.agents) {
      assert.equal(Object.getPrototypeOf(a.statusMs), Object.prototype, `query ${i}: ${a.user_id}`);
    }
    results.push(live);
  }
  log.free();
  const want = [
    "pct:absent", "pct:null", "pct:bypass", "pct:number", "adherence:absent", "unit:samples", "unit:ms",
    "onShiftNow:true", "onShiftNow:false", "inAdherenceNow:true", "inAdherenceNow:false",
    "outSince:null", "outSince:number", "reasons", "status:__proto__", "reason:__proto__", "extra names",
  ];
  const seen = tagsSeen(results);
  assert.deepEqual(want.filter((t) => !seen.has(t)), [], "every tag is exercised");
});

/** Every kind of value each slot of issue 14's blocks holds, over `results`. */
function blockTagsSeen(results) {
  const seen = new Set();
  const teamTags = (t, what) => {
    seen.add(`${what}.contacts:${"contacts" in t ? "present" : "absent"}`);
    seen.add(`${what}.adherencePct:${!("adherencePct" in t) ? "absent" : t.adherencePct === null ? "null" : typeof t.adherencePct}`);
    if (Object.hasOwn(t.statusMs, "__proto__")) seen.add(`${what}.statusMs:__proto__`);
  };
  for (const r of results) {
    for (const a of r.agents) {
      if (a.contacts) seen.add(`ahtMs:${a.contacts.ahtMs === null ? "null" : "number"}`);
      if (a.episodes) seen.add(`episodes:${Object.keys(a.episodes).length ? "some" : "empty"}`);
      if (a.episodes && Object.hasOwn(a.episodes, "__proto__")) seen.add("episodes:__proto__");
      if (a.reasonEpisodes) seen.add("reasonEpisodes");
      if (Object.values(a.reasonEpisodes ?? {}).some((r) => Object.hasOwn(r, "__proto__"))) seen.add("reasonEpisodes:__proto__");
      if ("current" in a) seen.add(`current:${a.current === null ? "null" : a.current.reason === null ? "no reason" : "reason"}`);
    }
    if (r.team) teamTags(r.team, "team");
    seen.add(`groups:${"groups" in r ? "present" : "absent"}`);
    for (const g of r.groups ?? []) {
      teamTags(g, "group");
      if (g.group === "__proto__") seen.add("group:__proto__");
    }
  }
  return seen;
}

test("kpis() rows with issue 14's blocks read back to agentKpis's objects, every slot and tag", () => {
  const ALL = ["contacts", "episodes", "current", "team"];
  const groups = JSON.parse('{"a": "__proto__", "b": "late", "7": "__proto__", "ghost": "late"}');
  const results = [];
  for (const scheduled of [true, false]) {
    const log = new AgentLog();
    if (scheduled) log.setSchedules(schedules);
    const half = 9;
    log.append(events.slice(0, half));
    const queries = [
      [events.slice(0, half), 0, { now: 4 * H + 30 * 60_000, include: ALL, groups }],
      [events, 0, { now: 7 * H + 30 * 60_000, include: ALL, groups }],
      [events, 0, { now: 7 * H + 30 * 60_000, include: ALL }],
      [events, 2 * H, { now: 9 * H, include: ["team"], groups, adherenceSampleMs: 0 }],
      [events, 3 * H, { now: 3 * H, include: ["episodes", "current"] }], // an empty window
      [events, 30 * 60_000, { now: 5 * H + 1, include: ["contacts"] }],
      [events, 30 * 60_000, { now: 5 * H + 1, include: ["current", "contacts"] }], // the kept result extended
      [events, 10 * H, { now: 12 * H, include: ALL, groups }],
    ];
    for (const [i, [appended, since, options]] of queries.entries()) {
      if (i === 1) log.append(events.slice(half));
      const live = log.kpis(since, options);
      const oneShot = agentKpis(appended, since, scheduled ? { ...options, schedules } : options);
      assert.deepEqual(live, oneShot, `scheduled ${scheduled}, query ${i}`);
      assert.equal(JSON.stringify(live), JSON.stringify(oneShot), `scheduled ${scheduled}, query ${i}: key order`);
      results.push(live);
    }
    log.free();
  }
  const want = [
    "ahtMs:null", "ahtMs:number", "episodes:some", "episodes:empty", "episodes:__proto__", "reasonEpisodes",
    "reasonEpisodes:__proto__", "current:null", "current:no reason", "current:reason",
    "team.contacts:present", "team.contacts:absent", "team.adherencePct:absent", "team.adherencePct:number",
    "team.adherencePct:null", "team.statusMs:__proto__", "group.contacts:present", "group.contacts:absent",
    "group.adherencePct:number", "group.adherencePct:null", "group.adherencePct:absent", "groups:present",
    "groups:absent", "group:__proto__",
  ];
  const seen = blockTagsSeen(results);
  assert.deepEqual(want.filter((t) => !seen.has(t)), [], "every tag is exercised");
});
