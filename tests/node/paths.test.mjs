// The input paths agree: the JS packer (agentKpis), the wasm object path it falls back to,
// agentKpisColumns (plain, dictionary-encoded, BigInt64Array ts) and the text path (JSON array,
// NDJSON, CSV) give identical results; and the packer's errors are exactly the object path's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { agentKpis, agentKpisColumns, agentKpisFromCsv, agentKpisFromJson } from "agent-kpis";
import { toCsv, toNdjson } from "./formats.mjs";

const require = createRequire(import.meta.url);
const raw = require(join(dirname(require.resolve("agent-kpis/package.json")), "node", "agent_kpis.js"));

function randomLog(seed, n) {
  let x = seed >>> 0 || 1;
  const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
  const statuses = ["ready", "incall", "wrapup", "paused", "offline", "Ready", "dnd"];
  const reasons = [undefined, null, "", "break", "lunch"];
  const out = [];
  for (let i = 0; i < n; i++) {
    const id = Math.floor(rnd() * 12);
    out.push({
      user_id: rnd() < 0.3 ? id : String(id),
      ts: Math.floor(rnd() * 100_000),
      status: statuses[Math.floor(rnd() * statuses.length)],
      reason: reasons[Math.floor(rnd() * reasons.length)],
    });
  }
  return out;
}

// dict: false for plain arrays, true for dictionaries in order of first appearance, "reversed" for
// dictionaries in the opposite order (output order must still follow the events).
function toColumns(events, dict) {
  const col = (values) => {
    if (!dict) return values;
    const uniq = [...new Set(values)];
    if (dict === "reversed") uniq.reverse();
    return { dict: uniq, codes: Uint32Array.from(values, (v) => uniq.indexOf(v)) };
  };
  return {
    userIds: col(events.map((e) => e.user_id)),
    ts: dict ? BigInt64Array.from(events, (e) => BigInt(e.ts)) : Float64Array.from(events, (e) => e.ts),
    statuses: col(events.map((e) => e.status)),
    reasons: col(events.map((e) => e.reason ?? null)),
  };
}

test("packer, object path, columns and text agree on random logs", () => {
  for (let seed = 1; seed <= 80; seed++) {
    // Odd seeds shuffled (the sorting fold), even seeds time-ordered (the one-pass fold).
    const events = randomLog(seed, 1 + seed * 19);
    if (seed % 2 === 0) events.sort((a, b) => a.ts - b.ts);
    for (const [since, now] of [[0, 100_000], [25_000, 60_000], [99_000, 120_000], [50_000, 50_000]]) {
      const viaRaw = raw.agentKpis(events, since, { now });
      assert.deepEqual(agentKpis(events, since, { now }), viaRaw);
      assert.deepEqual(agentKpisColumns(toColumns(events, false), since, { now }), viaRaw);
      assert.deepEqual(agentKpisColumns(toColumns(events, true), since, { now }), viaRaw);
      assert.deepEqual(agentKpisColumns(toColumns(events, "reversed"), since, { now }), viaRaw);
      assert.deepEqual(agentKpisFromJson(JSON.stringify(events), since, { now }), viaRaw);
      assert.deepEqual(agentKpisFromJson(toNdjson(events), since, { now }), viaRaw);
      assert.deepEqual(agentKpisFromCsv(toCsv(events), since, { now }), viaRaw);
    }
  }
});

test("the packer's errors are the object path's", () => {
  const ok = { user_id: "a", ts: 1, status: "ready" };
  const cases = [
    [[ok, { ...ok, ts: "1" }], 0, { now: 5 }],
    [[ok, { ...ok, ts: 1.5 }], 0, { now: 5 }],
    [[ok, { ...ok, user_id: 1.5 }], 0, { now: 5 }],
    [[ok, { ...ok, user_id: "" }], 0, { now: 5 }],
    [[ok, { ...ok, status: "" }], 0, { now: 5 }],
    [[ok, { ...ok, status: "x".repeat(2000) }], 0, { now: 5 }],
    [[ok, { ...ok, reason: 3 }], 0, { now: 5 }],
    [[ok, null], 0, { now: 5 }],
    [[ok, , ok], 0, { now: 5 }], // eslint-disable-line no-sparse-arrays
    [[ok, { get ts() { throw new Error("boom"); }, user_id: "a", status: "x" }], 0, { now: 5 }],
    [[ok], 9, { now: 5 }],
    [[ok], 0, { nwo: 5 }],
    [[ok], 0, 7],
    [{ length: 1, 0: ok }, 0, { now: 5 }],
  ];
  for (const c of cases) {
    const [events, since, options] = c;
    let expected;
    try { raw.agentKpis(events, since, options); } catch (e) { expected = e; }
    assert.ok(expected instanceof Error, `object path accepted case ${cases.indexOf(c)}: ${String(expected)}`);
    assert.throws(() => agentKpis(events, since, options), (e) => e.constructor === expected.constructor && e.message === expected.message);
  }
});

test("the packer's reused columns: a call from inside a getter during packing leaves the outer call's columns alone", () => {
  agentKpis(randomLog(9, 500), 0, { now: 100_000 }); // leaves a spare set of columns behind
  const inner = randomLog(3, 120);
  const events = randomLog(4, 200);
  const plain = events.map((e) => ({ ...e }));
  let innerResult = null;
  const ts = events[150].ts;
  Object.defineProperty(events[150], "ts", {
    enumerable: true,
    get() {
      innerResult ??= agentKpis(inner, 0, { now: 100_000 });
      return ts;
    },
  });
  for (const [since, now] of [[0, 100_000], [25_000, 60_000]]) {
    assert.deepEqual(agentKpis(events, since, { now }), raw.agentKpis(plain, since, { now }));
  }
  assert.deepEqual(innerResult, raw.agentKpis(inner, 0, { now: 100_000 }));
});
