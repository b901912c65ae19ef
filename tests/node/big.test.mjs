// Big inputs: 10M events, 100,000 agents, one agent with 1M events, timestamps
// near Number.MAX_SAFE_INTEGER. Expected values follow from how the logs are built (see comments).
import { test } from "node:test";
import assert from "node:assert/strict";
import { agentKpis, agentKpisColumns, AgentLog, wasmMemoryBytes } from "agent-kpis";

const GiB = 2 ** 30;

test("10M events in 2,000 agents via columns: exact totals, wasm memory well under 4 GiB", () => {
  const n = 10_000_000;
  const agents = 2_000;
  const statuses = ["ready", "incall", "wrapup", "paused", "offline"];
  const ts = new Float64Array(n);
  const userCodes = new Uint32Array(n);
  const statusCodes = new Uint32Array(n);
  // Event i: agent i % 2000 at ts = 1_000 + i (so agent a's first event is at 1_000 + a and its
  // events are 2,000 ms apart), status (i / 2000) % 5.
  for (let i = 0; i < n; i++) {
    ts[i] = 1_000 + i;
    userCodes[i] = i % agents;
    statusCodes[i] = Math.floor(i / agents) % statuses.length;
  }
  const dict = Array.from({ length: agents }, (_, a) => `agent-${a}`);
  const before = wasmMemoryBytes();
  const since = 0;
  const now = 1_000 + n + 5_000;
  const { agents: out } = agentKpisColumns(
    { userIds: { dict, codes: userCodes }, ts, statuses: { dict: statuses, codes: statusCodes } },
    since,
    { now },
  );
  const after = wasmMemoryBytes();
  assert.equal(out.length, agents);
  for (const [a, row] of out.entries()) {
    // Σ statusMs = now − first ts of the agent = now − (1000 + a).
    const total = Object.values(row.statusMs).reduce((x, y) => x + y, 0);
    assert.equal(total, now - (1_000 + a), row.user_id);
  }
  // Agent 0: 5,000 events, statuses cycle every event (i/2000 % 5 with i = 2000k → k % 5), each
  // interval 2,000 ms, the last (k = 4999, status 4 = offline) runs to now: 1000+9998000 → now.
  const a0 = out[0].statusMs;
  assert.equal(a0.ready, 1_000 * 2_000);
  assert.equal(a0.incall, 1_000 * 2_000);
  assert.equal(a0.offline, 999 * 2_000 + (now - (1_000 + 9_998_000)));
  assert.ok(after < 4 * GiB, `wasm memory ${after}`);
  console.log(`# 10M events: wasm memory ${(before / 2 ** 20).toFixed(0)} MiB before, ${(after / 2 ** 20).toFixed(0)} MiB after (${(after / n).toFixed(1)} bytes/event peak incl. transient input copies)`);
});

test("100,000 agents", () => {
  const events = [];
  // Agent k: ready at k, incall at k + 100_000, offline at 300_000: ready 100,000 ms, incall
  // 200,000 − k ms over [0, 300_000].
  for (let k = 0; k < 100_000; k++) {
    events.push({ user_id: k, ts: k, status: "ready" }, { user_id: k, ts: k + 100_000, status: "incall" });
  }
  for (let k = 0; k < 100_000; k++) events.push({ user_id: String(k), ts: 300_000, status: "offline" });
  const { agents } = agentKpis(events, 0, { now: 300_000 });
  assert.equal(agents.length, 100_000);
  for (const k of [0, 1, 50_000, 99_999]) {
    assert.deepEqual(agents[k].statusMs, { incall: 200_000 - k, ready: 100_000 });
    // occupancy = incall / (incall + ready)
    assert.equal(agents[k].occupancyPct, Math.round((100 * (200_000 - k)) / (300_000 - k)));
  }
});

test("one agent with 1M events, in the live engine too", () => {
  const events = new Array(1_000_000);
  // ready at even ms, incall at odd ms: each lasts 1 ms; window [0, 1_000_000].
  for (let i = 0; i < events.length; i++) events[i] = { user_id: "solo", ts: i, status: i % 2 ? "incall" : "ready" };
  const expected = { user_id: "solo", statusMs: { incall: 500_000, ready: 500_000 }, loggedInMs: 1_000_000, occupancyPct: 50, utilizationPct: 50 };
  assert.deepEqual(agentKpis(events, 0, { now: 1_000_000 }).agents, [expected]);
  const log = new AgentLog();
  log.append(events);
  assert.deepEqual(log.kpis(0, { now: 1_000_000 }).agents, [expected]);
  // [1000, 1010]: 5 ms each.
  assert.deepEqual(log.kpis(1_000, { now: 1_010 }).agents[0].statusMs, { incall: 5, ready: 5 });
  const bytesPerEvent = log.stats().bytes / log.stats().events;
  assert.ok(bytesPerEvent <= 24, `${bytesPerEvent} bytes/event retained`);
  log.free();
});

test("timestamps near Number.MAX_SAFE_INTEGER", () => {
  const M = Number.MAX_SAFE_INTEGER;
  const events = [
    { user_id: "a", ts: M - 1_000, status: "ready" },
    { user_id: "a", ts: M - 400, status: "incall" },
    { user_id: "a", ts: M, status: "wrapup" },
  ];
  // [M − 1000, M]: ready 600, incall 400; wrapup starts at now: 0 ms.
  assert.deepEqual(agentKpis(events, M - 1_000, { now: M }).agents[0].statusMs, { incall: 400, ready: 600 });
  // The whole range [0, M]: the same, since nothing is known before M − 1000.
  assert.equal(agentKpis(events, 0, { now: M }).agents[0].loggedInMs, 1_000);
});
