// Computes the expected outputs of the recorded logs with the naive JS reference AND DuckDB SQL,
// fails unless both agree, and writes tests/fixtures/<log>.expected.json. Also checks both against
// every hand-computed fixture in tests/fixtures/hand/ (which validates the reference itself).
// Run: node tests/tools/make-expected.mjs
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { referenceKpis } from "./reference.mjs";
import { duckdbKpis } from "./duckdb-kpis.mjs";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const H = 3_600_000;

/** The windows each log is checked on, from its own day. */
export function windowsFor(name) {
  const day = { "day-shift": Date.UTC(2026, 2, 10), "evening-shift": Date.UTC(2026, 2, 10), messy: Date.UTC(2026, 2, 11) }[name];
  const common = [
    { label: "whole day", since: day, now: day + 24 * H },
    { label: "since == now", since: day + 12 * H, now: day + 12 * H },
    { label: "after the end", since: day + 40 * H, now: day + 41 * H },
  ];
  const specific = {
    "day-shift": [
      { label: "mid-shift hour", since: day + 11 * H, now: day + 12 * H },
      { label: "starts before the first event", since: day + 5 * H, now: day + 13 * H + 17_123 },
      { label: "ends before some agents log in", since: day + 6 * H, now: day + 8 * H },
    ],
    "evening-shift": [
      { label: "across midnight", since: day + 22 * H, now: day + 26 * H + 1 },
      { label: "starts before the first event", since: day + 12 * H, now: day + 30 * H },
      { label: "ends before some agents log in", since: day + 15 * H, now: day + 17 * H },
    ],
    messy: [
      { label: "mid-shift hour", since: day + 10 * H, now: day + 11 * H },
      { label: "starts before the first event", since: day - 5 * H, now: day + 20 * H },
      { label: "ends before some agents log in", since: day + 5 * H, now: day + 7 * H + 1 },
    ],
  };
  return [...common, ...specific[name]];
}

for (const name of ["day-shift", "evening-shift", "messy"]) {
  const events = JSON.parse(readFileSync(join(fixtures, `${name}.json`), "utf8"));
  const cases = [];
  for (const w of windowsFor(name)) {
    const reference = referenceKpis(events, w.since, w.now);
    const sql = await duckdbKpis(events, w.since, w.now);
    assert.deepEqual(sql, reference, `${name} / ${w.label}: DuckDB and the reference disagree`);
    assert.equal(JSON.stringify(sql), JSON.stringify(reference), `${name} / ${w.label}: key order differs`);
    cases.push({ ...w, response: reference });
  }
  const doc = {
    source: "tests/tools/reference.mjs, cross-checked with DuckDB SQL (tests/tools/fold.sql); regenerate with node tests/tools/make-expected.mjs",
    cases,
  };
  writeFileSync(join(fixtures, `${name}.expected.json`), `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`${name}: ${cases.length} windows, reference == DuckDB`);
}

for (const file of readdirSync(join(fixtures, "hand")).filter((f) => f.endsWith(".json"))) {
  const hand = JSON.parse(readFileSync(join(fixtures, "hand", file), "utf8"));
  const reference = referenceKpis(hand.events, hand.since, hand.now);
  const sql = await duckdbKpis(hand.events, hand.since, hand.now);
  assert.deepEqual(reference, hand.expected, `${file}: reference vs hand`);
  assert.deepEqual(sql, hand.expected, `${file}: DuckDB vs hand`);
  // Key order too (canonical statuses, then first appearance), as written by hand.
  assert.equal(JSON.stringify(reference), JSON.stringify(hand.expected), `${file}: reference key order vs hand`);
  assert.equal(JSON.stringify(sql), JSON.stringify(hand.expected), `${file}: DuckDB key order vs hand`);
  console.log(`hand/${file}: reference == DuckDB == hand calculation`);
}
