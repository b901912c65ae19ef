// The live engine through the packed package: AgentLog equals agentKpis for any appends and
// windows, appends are all-or-nothing, compaction exports and refuses what it dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AgentLog, agentKpis } from "agent-kpis";

// A small deterministic log: 20 agents, 3,000 events over 10 hours, some duplicates.
function makeLog(seed = 7) {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const statuses = ["ready", "incall", "wrapup", "paused", "idle", "offline", "dnd"];
  const events = [];
  for (let i = 0; i < 3000; i++) {
    const e = { user_id: 1000 + Math.floor(rnd() * 20), ts: Math.floor(rnd() * 36_000_000), status: statuses[Math.floor(rnd() * statuses.length)] };
    if (e.status === "paused") e.reason = ["break", "lunch", ""][Math.floor(rnd() * 3)];
    events.push(e);
    if (rnd() < 0.05) events.push({ ...e });
  }
  return events;
}

test("appends in chunks, in order and late, give the one-shot numbers for any window", () => {
  const events = makeLog();
  const log = new AgentLog();
  for (let i = 0; i < events.length; i += 250) assert.equal(log.append(events.slice(i, i + 250)), Math.min(250, events.length - i));
  for (const [since, now] of [[0, 36_000_000], [3_600_000, 7_200_000], [35_000_000, 40_000_000], [5, 5]]) {
    assert.deepEqual(log.kpis(since, { now }), agentKpis(events, since, { now }));
  }
  log.free();
});

test("a dashboard loop: same starts, a later now each time, names arriving between queries", () => {
  // Statuses and reasons named like Object.prototype's properties, new agents and names in later
  // batches, late events: every answer is the one-shot's, as objects and as text (key order).
  const events = makeLog(3).map((e, i) => (i % 97 === 0 ? { ...e, status: "__proto__" } : i % 89 === 0 ? { ...e, status: "paused", reason: i % 2 ? "__proto__" : "toString" } : e));
  for (let i = 0; i < 300; i++) events.push({ user_id: `late-${i % 7}`, ts: 30_000_000 + i * 1000 - (i % 5) * 40_000, status: ["ready", "incall", "wrap-" + (i % 3)][i % 3] });
  events.sort((a, b) => a.ts - b.ts);
  const log = new AgentLog();
  const other = new AgentLog(); // a second log: its names must not mix with this one's
  other.append([{ user_id: "zz", ts: 0, status: "other-status", reason: "other-reason" }]);
  let appended = 0;
  const arrived = []; // in arrival order, which decides between events with the same ts
  for (let second = 1; appended < events.length; second++) {
    let chunk = events.slice(appended, appended + 150 + (second % 4) * 60);
    appended += chunk.length;
    // One in three chunks arrives in reverse (late events within the chunk).
    if (second % 3 === 0) chunk = chunk.reverse();
    log.append(chunk);
    arrived.push(...chunk);
    const now = events[appended - 1].ts + second;
    for (const since of [0, Math.max(0, now - 3_600_000), 12_345_678]) {
      if (since > now) continue;
      const want = agentKpis(arrived, since, { now });
      const got = log.kpis(since, { now });
      assert.deepEqual(got, want, `second ${second}, since ${since}`);
      assert.equal(JSON.stringify(got), JSON.stringify(want), `second ${second}, since ${since}: key order`);
    }
    assert.deepEqual(other.kpis(0, { now: 10 }).agents[0].reasonMs, { "other-status": { "other-reason": 10 } });
  }
  const { agents } = log.kpis(0, { now: events.at(-1).ts });
  const withProto = agents.find((a) => Object.keys(a.statusMs).includes("__proto__"));
  assert.ok(withProto && Object.getPrototypeOf(withProto.statusMs) === Object.prototype);
  assert.ok(agents.some((a) => a.reasonMs && Object.keys(a.reasonMs.paused ?? {}).includes("__proto__")));
  assert.equal(({}).polluted, undefined);
  log.free();
  other.free();
});

test("append is all or nothing and names the bad event", () => {
  const log = new AgentLog();
  log.append([{ user_id: "a", ts: 0, status: "ready" }]);
  assert.throws(() => log.append([{ user_id: "a", ts: 10, status: "incall" }, { user_id: "a", ts: -1, status: "x" }]),
    (e) => e instanceof RangeError && e.message.startsWith("events[1].ts:"));
  assert.deepEqual(log.stats(), { agents: 1, events: 1, bytes: log.stats().bytes, resultBytes: log.stats().resultBytes, horizon: null, firstTs: 0, lastTs: 0 });
  // ready for the whole [0, 100]: the rejected incall@10 was not appended.
  assert.deepEqual(log.kpis(0, { now: 100 }).agents[0].statusMs, { ready: 100 });
  // Nor are its names: no agent "new", and "zeta" (first seen in the rejected batch) still comes
  // after "alpha" in statusMs, by first appearance.
  assert.throws(() => log.append([{ user_id: "new", ts: 3, status: "zeta" }, { user_id: "b", ts: "x", status: "ready" }]),
    (e) => e instanceof TypeError && e.message.startsWith("events[1].ts:"));
  assert.equal(log.stats().agents, 1);
  log.append([{ user_id: "c", ts: 4, status: "alpha" }, { user_id: "c", ts: 5, status: "zeta" }]);
  assert.deepEqual(Object.entries(log.kpis(0, { now: 10 }).agents[1].statusMs), [["alpha", 1], ["zeta", 5]]);
});

test("compact exports the dropped events as NDJSON and refuses windows before the horizon", () => {
  const events = makeLog(11);
  const log = new AgentLog();
  log.append(events);
  const before = log.stats().events;
  const ndjson = log.compact(18_000_000);
  const dropped = ndjson.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(dropped.length + log.stats().events, before);
  assert.equal(log.stats().horizon, 18_000_000);
  assert.ok(dropped.every((e) => e.ts <= 18_000_000));
  assert.deepEqual(log.kpis(18_000_000, { now: 30_000_000 }), agentKpis(events, 18_000_000, { now: 30_000_000 }));
  assert.throws(() => log.kpis(17_999_999, { now: 30_000_000 }), (e) => e instanceof RangeError && /horizon 18000000/.test(e.message));
  // Appends before the horizon are refused, all or nothing (this batch goes through the JS packer).
  const kept = log.stats().events;
  assert.throws(() => log.append([{ user_id: 1001, ts: 40_000_000, status: "ready" }, { user_id: 1001, ts: 17_000_000, status: "ready" }]),
    (e) => e instanceof RangeError && e.message.startsWith("events[1].ts: 17000000 is before the log's horizon 18000000"));
  assert.equal(log.stats().events, kept);
  // Re-ingesting the export plus what is retained reproduces the original answers.
  const again = new AgentLog();
  again.append(dropped);
  again.append(events.filter((e) => !dropped.some((d) => d.ts === e.ts && String(d.user_id) === String(e.user_id) && d.status === e.status)));
  assert.deepEqual(again.kpis(0, { now: 30_000_000 }).agents.length, agentKpis(events, 0, { now: 30_000_000 }).agents.length);
});

test("after compact, outSince reaches back past the horizon as in the one-shot", () => {
  // ready 0–20 s, idle 20–40 s, ready 40–60 s, idle from 60 s; on shift 0–100 s. Compacted at 70 s
  // (idle@60 s is in effect, the rest dropped), asked at 80 s: out of adherence since 60 s, when the
  // ready that began at 40 s ended.
  const ev = [{ user_id: "a", ts: 0, status: "ready" }, { user_id: "a", ts: 20000, status: "idle" },
              { user_id: "a", ts: 40000, status: "ready" }, { user_id: "a", ts: 60000, status: "idle" }];
  const schedules = [{ user_id: "a", segments: [{ start: 0, end: 100000 }] }];
  const log = new AgentLog();
  log.append(ev);
  log.setSchedules(schedules);
  log.compact(70000);
  assert.equal(log.kpis(70000, { now: 80000, adherenceSampleMs: 0 }).agents[0].adherence.outSince, 60000);
  // Any adherent set: with idle adherent, in adherence (no stretch); with none, out since the
  // shift start, 0.
  assert.equal(log.kpis(70000, { now: 80000, adherentStatuses: ["idle"] }).agents[0].adherence.outSince, null);
  assert.equal(log.kpis(70000, { now: 80000, adherentStatuses: [] }).agents[0].adherence.outSince, 0);
  for (const options of [{ adherenceSampleMs: 0 }, {}, { adherentStatuses: ["ready", "idle"] }]) {
    assert.deepEqual(log.kpis(70000, { now: 80000, ...options }), agentKpis(ev, 70000, { now: 80000, schedules, ...options }));
  }
  log.free();
});

test("interval rows equal one-shot queries of each interval", () => {
  const events = makeLog(5);
  const log = new AgentLog();
  log.append(events);
  const now = 10_000_000;
  const report = log.intervals(0, 12_000_000, 900_000, { now });
  for (const agent of report.agents) {
    const ends = agent.intervals.map((r) => r.end);
    assert.equal(ends.at(-1), now);
    for (const row of agent.intervals) {
      const one = agentKpis(events, row.start, { now: row.end }).agents.find((a) => a.user_id === agent.user_id);
      const { start, end, ...kpis } = row;
      if (one) assert.deepEqual(kpis, (({ user_id, ...rest }) => rest)(one));
      else assert.deepEqual(kpis.statusMs, {});
    }
  }
  assert.throws(() => log.intervals(0, 10, 0, { now }), (e) => e instanceof RangeError && e.message.startsWith("stepMs:"));
});

test("stats() is a plain object: its keys in order, numbers, null until known", () => {
  const log = new AgentLog();
  const empty = log.stats();
  assert.equal(Object.getPrototypeOf(empty), Object.prototype);
  assert.deepEqual(Object.keys(empty), ["agents", "events", "bytes", "resultBytes", "horizon", "firstTs", "lastTs"]);
  assert.deepEqual([empty.agents, empty.events, empty.resultBytes, empty.horizon, empty.firstTs, empty.lastTs], [0, 0, 0, null, null, null]);
  assert.equal(typeof empty.bytes, "number");
  log.append([{ user_id: "a", ts: 5, status: "ready" }, { user_id: "a", ts: 9, status: "incall" }]);
  log.compact(9);
  const s = log.stats();
  assert.deepEqual([s.agents, s.events, s.horizon, s.firstTs, s.lastTs], [1, 1, 9, 9, 9]);
  log.free();
});
