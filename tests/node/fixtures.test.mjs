// The recorded logs (tests/fixtures/*.json) and the hand-computed logs (tests/fixtures/hand/):
// the packed package's answers equal expected outputs computed independently (a naive reference
// cross-checked with the SQL recipe, see tests/tools/), key order included, through every API path.
// The SQL recipe itself is checked against the package on these logs in lake-duckdb.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agentKpis, agentKpisColumns, AgentLog } from "agent-kpis";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const read = (p) => JSON.parse(readFileSync(p, "utf8"));
const LOGS = ["day-shift", "evening-shift", "messy"];

function columns(events) {
  return {
    userIds: events.map((e) => e.user_id),
    ts: Float64Array.from(events, (e) => e.ts),
    statuses: events.map((e) => e.status),
    reasons: events.map((e) => e.reason ?? null),
  };
}

for (const name of LOGS) {
  test(`recorded log ${name}: every window, every path, equals the independent expected output`, () => {
    const events = read(join(fixtures, `${name}.json`));
    const { cases } = read(join(fixtures, `${name}.expected.json`));
    assert.ok(events.length >= 5000 && new Set(events.map((e) => String(e.user_id))).size >= 30);
    const log = new AgentLog();
    // The live engine fed in 7 chunks, as a stream would.
    for (let i = 0; i < events.length; i += 1000) log.append(events.slice(i, i + 1000));
    const cols = columns(events);
    for (const c of cases) {
      const want = JSON.stringify(c.response);
      assert.equal(JSON.stringify(agentKpis(events, c.since, { now: c.now })), want, `${name} / ${c.label}: agentKpis`);
      assert.equal(JSON.stringify(agentKpisColumns(cols, c.since, { now: c.now })), want, `${name} / ${c.label}: columns`);
      assert.equal(JSON.stringify(log.kpis(c.since, { now: c.now })), want, `${name} / ${c.label}: AgentLog`);
    }
    log.free();
  });
}

test("hand-computed logs", () => {
  const dir = join(fixtures, "hand");
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.ok(files.length >= 10);
  for (const f of files) {
    const hand = read(join(dir, f));
    assert.deepEqual(agentKpis(hand.events, hand.since, { now: hand.now }), hand.expected, `${f}: ${hand.description}`);
  }
});
