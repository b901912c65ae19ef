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

test("append is all or nothing and names the bad event", () => {
  const log = new AgentLog();
  log.append([{ user_id: "a", ts: 0, status: "ready" }]);
  assert.throws(() => log.append([{ user_id: "a", ts: 10, status: "incall" }, { user_id: "a", ts: -1, status: "x" }]),
    (e) => e instanceof RangeError && e.message.startsWith("events[1].ts:"));
  assert.deepEqual(log.stats(), { agents: 1, events: 1, bytes: log.stats().bytes, horizon: null, firstTs: 0, lastTs: 0 });
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
