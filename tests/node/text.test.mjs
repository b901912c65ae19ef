// The text path: the recorded logs as a JSON array, NDJSON and CSV, as strings and as bytes, parsed
// inside wasm, give exactly agentKpis's answers on the parsed objects; errors carry positions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agentKpis, agentKpisFromJson, agentKpisFromCsv, AgentLog } from "agent-kpis";
import { toCsv, toNdjson } from "./formats.mjs";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

for (const name of ["day-shift", "evening-shift", "messy"]) {
  test(`${name}: JSON, NDJSON and CSV text give agentKpis's answers`, () => {
    const text = readFileSync(join(fixtures, `${name}.json`), "utf8");
    const events = JSON.parse(text);
    const { cases } = JSON.parse(readFileSync(join(fixtures, `${name}.expected.json`), "utf8"));
    const ndjson = toNdjson(events);
    const csv = toCsv(events);
    const bytes = new TextEncoder().encode(ndjson);
    for (const c of cases) {
      const want = agentKpis(events, c.since, { now: c.now });
      assert.deepEqual(want, c.response);
      const opts = { now: c.now };
      assert.deepEqual(agentKpisFromJson(text, c.since, opts), want, `${name}: JSON array`);
      assert.deepEqual(agentKpisFromJson(ndjson, c.since, opts), want, `${name}: NDJSON`);
      assert.deepEqual(agentKpisFromJson(bytes, c.since, opts), want, `${name}: NDJSON bytes`);
      // CSV ids are text: the integer id 1042 and "1042" are the same agent anyway.
      assert.deepEqual(agentKpisFromCsv(csv, c.since, opts), want, `${name}: CSV`);
    }
    const log = new AgentLog();
    const half = events.length >> 1;
    log.appendJson(toNdjson(events.slice(0, half)));
    log.appendCsv(toCsv(events.slice(half)));
    const last = cases[0];
    assert.deepEqual(log.kpis(last.since, { now: last.now }), last.response);
  });
}

test("text errors name the line or element; appendJson is all or nothing", () => {
  const good = '{"user_id":"a","ts":1,"status":"ready"}';
  assert.throws(() => agentKpisFromJson(`${good}\n${good}\n{"user_id":"a","ts":"x","status":"ready"}\n`, 0, { now: 5 }),
    (e) => e instanceof TypeError && e.message === 'line 3: ts: expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z or an offset, got "x"');
  assert.throws(() => agentKpisFromJson(`[${good},${good.replace('"ts":1', '"ts":-1')}]`, 0, { now: 5 }),
    (e) => e instanceof RangeError && e.message.startsWith("events[1].ts: "));
  assert.throws(() => agentKpisFromJson(`[${good},`, 0, { now: 5 }), (e) => e instanceof RangeError && /^events\[1\]: invalid JSON at line 1, byte \d+/.test(e.message));
  assert.throws(() => agentKpisFromCsv("user_id,ts,status\na,1,ready\na,2\n", 0, { now: 5 }), (e) => e.message === "line 3: expected 3 fields (as in the header), got 2");
  assert.throws(() => agentKpisFromJson("user_id,ts,status\n", 0), (e) => e.message.startsWith("input: expected a JSON array or NDJSON"));
  assert.throws(() => agentKpisFromCsv("[]", 0), (e) => e.message.startsWith("input: expected CSV"));
  assert.throws(() => agentKpisFromJson(42, 0), (e) => e instanceof TypeError && e.message.startsWith("input: expected a string or a Uint8Array"));
  const log = new AgentLog();
  log.appendJson(good);
  assert.throws(() => log.appendJson(`${good.replace('"ts":1', '"ts":3')}\n{"user_id":"a","ts":2}`), /line 2: status: /);
  assert.equal(log.stats().events, 1);
  // A failed append leaves no names behind either: not the agent "new", not the status "zeta"
  // (which would otherwise come before "alpha" in statusMs, by first appearance).
  assert.throws(() => log.appendJson('{"user_id":"new","ts":3,"status":"zeta"}\n{"user_id":"b","ts":"x","status":"ready"}'), (e) => e.message.startsWith("line 2: ts: "));
  assert.equal(log.stats().agents, 1);
  log.appendJson('{"user_id":"c","ts":4,"status":"alpha"}\n{"user_id":"c","ts":5,"status":"zeta"}');
  const c = log.kpis(0, { now: 10 }).agents.find((a) => a.user_id === "c");
  assert.deepEqual(Object.entries(c.statusMs), [["alpha", 1], ["zeta", 5]]); // 4..5 and 5..10
  assert.equal(log.stats().agents, 2);
});

test("a string input and its UTF-8 bytes give the same answer (non-ASCII and a lone surrogate included)", () => {
  // The raw lone surrogate \ud800 in a JS string becomes U+FFFD in UTF-8 (TextEncoder, and
  // wasm-bindgen's own conversion alike).
  const text = '[{"user_id":"é😀","ts":1,"status":"ready"},{"user_id":"\ud800x","ts":2,"status":"incall"}]';
  const fromString = agentKpisFromJson(text, 0, { now: 5 });
  assert.deepEqual(fromString, agentKpisFromJson(new TextEncoder().encode(text), 0, { now: 5 }));
  assert.deepEqual(fromString.agents.map((a) => a.user_id), ["é😀", "\ufffdx"]);
  const ascii = '{"user_id":"a","ts":1,"status":"ready"}';
  const log = new AgentLog();
  log.appendJson(ascii);
  log.appendCsv("user_id,ts,status\nb,2,incall\n");
  assert.deepEqual(log.kpis(0, { now: 5 }).agents.map((a) => [a.user_id, a.loggedInMs]), [["a", 4], ["b", 3]]);
});
