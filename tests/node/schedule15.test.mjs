// Issue 15's schedule metrics through the package: the issue's hand-checked example pinned with
// its numbers (M = 60,000), the same answer (key order included) from agentKpis (JSON from wasm)
// and AgentLog.kpis (numeric rows read by npm/packer.js), team and groups, the recorded logs'
// scheduleCases against the independent reference (tests/tools/adherence_ref.py), hostile names,
// and the options' errors. Expected values are worked out by hand or by the reference, never taken
// from the code under test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AgentLog, agentKpis, agentKpisFromJson } from "agent-kpis";

const M = 60_000;
const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const read = (path) => JSON.parse(readFileSync(path, "utf8"));

const EXAMPLE = [
  { user_id: "a", ts: 0, status: "ready" },
  { user_id: "a", ts: 10 * M, status: "paused", reason: "break" },
  { user_id: "a", ts: 13 * M, status: "ready" },
  { user_id: "a", ts: 30 * M, status: "idle" },
  { user_id: "a", ts: 40 * M, status: "ready" },
  { user_id: "a", ts: 50 * M, status: "paused", reason: "lunch" },
];
const SHIFT = [{ start: 0, end: 70 * M }];

/** agentKpis's answer, checked equal (key order included) to AgentLog.kpis's and agentKpisFromJson's. */
function bothPaths(events, since, options) {
  const want = agentKpis(events, since, options);
  const { schedules, ...rest } = options;
  const log = new AgentLog();
  log.append(events);
  log.setSchedules(schedules);
  const live = log.kpis(since, rest);
  assert.deepEqual(live, want, "AgentLog.kpis");
  assert.equal(JSON.stringify(live), JSON.stringify(want), "AgentLog.kpis key order");
  assert.equal(JSON.stringify(agentKpisFromJson(JSON.stringify(events), since, options)), JSON.stringify(want));
  log.free();
  return want;
}

test("the issue's hand-checked example, both paths", () => {
  const options = {
    now: 60 * M, adherenceSampleMs: 0, include: ["conformance", "shrinkage"],
    schedules: [{ user_id: "a", segments: SHIFT }],
  };
  const [a] = bothPaths(EXAMPLE, 0, options).agents;
  assert.equal(a.adherencePct, 62);
  assert.deepEqual(a.adherence, {
    onShift: 60 * M, adherent: 37 * M, unit: "ms", onShiftNow: true, inAdherenceNow: false, outSince: 50 * M, severe: true,
  });
  assert.equal(a.conformancePct, 62);
  assert.deepEqual(a.conformance, { workedMs: 37 * M, scheduledMs: 60 * M });
  assert.equal(a.shrinkagePct, 38);
  assert.deepEqual(a.shrinkage, {
    ms: 23 * M, plannedMs: 13 * M, unplannedMs: 10 * M, unknownMs: 0,
    byStatus: { paused: 13 * M, idle: 10 * M }, byReason: { paused: { break: 3 * M, lunch: 10 * M } },
  });
  for (const [grace, pct] of [[5 * M, 67], [11 * M, 100]]) {
    const [g] = bothPaths(EXAMPLE, 0, { ...options, adherenceGraceMs: grace }).agents;
    assert.equal(g.adherencePct, pct, `grace ${grace}`);
    assert.equal(g.adherence.severe, true);
    assert.deepEqual([g.conformancePct, g.shrinkagePct], [62, 38]);
  }
  // Without the blocks: only `severe` is new (in `adherence`).
  const [plain] = bothPaths(EXAMPLE, 0, { ...options, include: undefined }).agents;
  assert.deepEqual(Object.keys(plain), ["user_id", "statusMs", "loggedInMs", "occupancyPct", "utilizationPct", "reasonMs", "adherencePct", "adherence"]);
  // Interval rows carry the blocks too.
  const log = new AgentLog();
  log.append(EXAMPLE);
  log.setSchedules(options.schedules);
  const { schedules: _, ...rest } = options;
  const report = log.intervals(0, 60 * M, 30 * M, rest);
  const rows = report.agents[0].intervals;
  assert.deepEqual(rows.map((r) => [r.adherencePct, r.conformancePct, r.shrinkagePct]), [[90, 90, 10], [33, 33, 67]]);
  assert.deepEqual(rows[1].shrinkage.byReason, { paused: { lunch: 10 * M } });
  log.free();
});

test("team and groups, absent, bypassed and unscheduled agents, both paths", () => {
  const events = [...EXAMPLE, { user_id: "b", ts: 0, status: "idle" }, { user_id: "u", ts: 0, status: "idle" }];
  const options = {
    now: 60 * M, adherenceSampleMs: 0, include: ["conformance", "shrinkage", "team"],
    schedules: [{ user_id: "a", segments: SHIFT }, { user_id: "s", segments: SHIFT }, { user_id: "b", bypass: true, segments: SHIFT }],
    groups: { a: "g1", s: "g1", b: "g2", u: "g2" },
  };
  const r = bothPaths(events, 0, options);
  const by = Object.fromEntries(r.agents.map((x) => [x.user_id, x]));
  assert.deepEqual([by.b.adherencePct, by.b.conformancePct, by.b.shrinkagePct], ["bypass", "bypass", "bypass"]);
  assert.ok(!("conformance" in by.b) && !("shrinkage" in by.b) && !("adherence" in by.b));
  assert.ok(!("conformancePct" in by.u) && !("shrinkagePct" in by.u));
  // s: no event at all: everything unknown.
  assert.deepEqual([by.s.conformancePct, by.s.shrinkagePct], [0, 100]);
  assert.deepEqual(by.s.shrinkage, { ms: 60 * M, plannedMs: 0, unplannedMs: 60 * M, unknownMs: 60 * M, byStatus: {}, byReason: {} });
  // Team: Σ worked 37M / Σ scheduled 120M → 31; Σ shrinkage 83M / 120M → 69.
  assert.equal(r.team.conformancePct, 31);
  assert.deepEqual(r.team.conformance, { workedMs: 37 * M, scheduledMs: 120 * M });
  assert.equal(r.team.shrinkagePct, 69);
  assert.deepEqual(r.team.shrinkage, {
    ms: 83 * M, plannedMs: 13 * M, unplannedMs: 70 * M, unknownMs: 60 * M,
    byStatus: { paused: 13 * M, idle: 10 * M }, byReason: { paused: { break: 3 * M, lunch: 10 * M } },
  });
  assert.deepEqual(r.groups.map((g) => [g.group, g.conformancePct, g.shrinkagePct]), [["g1", 31, 69], ["g2", null, null]]);
  // Without schedules, the team has none of them.
  const none = bothPaths(events, 0, { ...options, schedules: [] });
  assert.ok(!("conformancePct" in none.team) && !("shrinkage" in none.team));
});

test("recorded logs: every case with issue 15's options equals the independent reference, both paths", () => {
  for (const name of ["day-shift", "evening-shift", "messy"]) {
    const events = read(join(fixtures, `${name}.json`));
    const { timezone, schedules, cases, scheduleCases } = read(join(fixtures, `${name}.adherence.json`));
    const log = new AgentLog();
    log.append(events);
    log.setSchedules(schedules);
    for (const c of [...cases, ...scheduleCases]) {
      const options = {
        now: c.now, timezone, adherenceSampleMs: c.sampleMs, include: ["conformance", "shrinkage"],
        ...(c.graceMs === undefined ? {} : { adherenceGraceMs: c.graceMs }),
        ...(c.severeMs === undefined ? {} : { adherenceSevereMs: c.severeMs }),
        ...(c.plannedReasons === undefined ? {} : { plannedReasons: c.plannedReasons }),
      };
      const label = `${name} [${c.since}, ${c.now}] step ${c.sampleMs} grace ${c.graceMs}`;
      const want = agentKpis(events, c.since, { ...options, schedules });
      const live = log.kpis(c.since, options);
      assert.equal(JSON.stringify(live), JSON.stringify(want), `${label}: AgentLog.kpis`);
      for (const a of want.agents) {
        const ref = c.expected[a.user_id];
        if (ref === undefined) continue;
        for (const key of ["adherencePct", "adherence", "conformancePct", "conformance", "shrinkagePct", "shrinkage"]) {
          assert.deepEqual(a[key], ref[key], `${label}: ${a.user_id} ${key}`);
        }
      }
    }
    log.free();
  }
});

test("statuses and reasons named like Object.prototype members are own keys of the breakdowns", () => {
  const events = [
    { user_id: "a", ts: 0, status: "__proto__", reason: "constructor" },
    { user_id: "a", ts: 5 * M, status: "toString", reason: "__proto__" },
    { user_id: "a", ts: 7 * M, status: "toString" },
  ];
  const options = { now: 10 * M, adherenceSampleMs: 0, include: ["shrinkage"], plannedReasons: ["__proto__"], schedules: [{ user_id: "a", segments: SHIFT }] };
  const [a] = bothPaths(events, 0, options).agents;
  assert.ok(Object.hasOwn(a.shrinkage.byStatus, "__proto__") && Object.hasOwn(a.shrinkage.byStatus, "toString"));
  assert.equal(a.shrinkage.byStatus.toString, 5 * M);
  assert.equal(Object.getOwnPropertyDescriptor(a.shrinkage.byStatus, "__proto__").value, 5 * M);
  assert.equal(Object.getOwnPropertyDescriptor(a.shrinkage.byReason, "__proto__").value.constructor, 5 * M);
  assert.equal(a.shrinkage.plannedMs, 2 * M);
});

test("bad issue 15 options: class and message, one-shot and engine", () => {
  const log = new AgentLog();
  log.append(EXAMPLE);
  const calls = {
    agentKpis: (o) => agentKpis(EXAMPLE, 0, { now: M, ...o }),
    "AgentLog.kpis": (o) => log.kpis(0, { now: M, ...o }),
    "AgentLog.intervals": (o) => log.intervals(0, M, M, { now: M, ...o }),
  };
  const cases = [
    [{ adherenceGraceMs: -1 }, RangeError, "options.adherenceGraceMs: expected a non-negative integer (ms; 0 = no grace), got -1"],
    [{ adherenceGraceMs: 1.5 }, RangeError, "options.adherenceGraceMs: expected a non-negative integer (ms; 0 = no grace), got 1.5"],
    [{ adherenceGraceMs: "2m" }, RangeError, 'options.adherenceGraceMs: expected a non-negative integer (ms; 0 = no grace), got "2m"'],
    [{ adherenceSevereMs: 0 }, RangeError, "options.adherenceSevereMs: expected a positive integer (ms), got 0"],
    [{ adherenceSevereMs: -5 }, RangeError, "options.adherenceSevereMs: expected a positive integer (ms), got -5"],
    [{ adherenceSevereMs: 2.5 }, RangeError, "options.adherenceSevereMs: expected a positive integer (ms), got 2.5"],
    [{ plannedReasons: "break" }, TypeError, 'options.plannedReasons: expected an array of reasons, got "break"'],
    [{ plannedReasons: ["break", ""] }, RangeError, 'options.plannedReasons[1]: expected a non-empty string, got ""'],
    [{ plannedReasons: [3] }, TypeError, "options.plannedReasons[0]: expected a non-empty string, got 3"],
  ];
  for (const [name, call] of Object.entries(calls)) {
    for (const [options, Class, message] of cases) {
      assert.throws(() => call(options), (e) => {
        assert.equal(e.constructor, Class, `${name}: ${message}`);
        assert.equal(e.message, message, name);
        return true;
      });
    }
    // The defaults, spelled out, are accepted.
    call({ adherenceGraceMs: 0, adherenceSevereMs: 300000, plannedReasons: ["break", "lunch", "training", "meeting"] });
  }
  log.free();
});
