// Computes the expected outputs of the recorded logs with the naive JS reference AND the SQL recipe
// (docs/agent_kpis.sql) run by DuckDB over the logs' Parquet export, fails unless both agree, and
// writes tests/fixtures/<log>.expected.json. Also checks both against every hand-computed fixture
// in tests/fixtures/hand/ (which validates the reference itself; key order is the reference's: the
// SQL's rows have none).
// Run: node tests/tools/make-expected.mjs
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { referenceKpis } from "./reference.mjs";
import { assertSameRows, kpiRows } from "./kpi-rows.mjs";
import { exportParquet } from "agent-kpis/parquet";
import { lakeDuckdb } from "./lake-duckdb.mjs";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const H = 3_600_000;
const FOLD = new Set(["statusMs", "reasonMs", "loggedInMs", "occupancyPct", "utilizationPct"]);
const scratch = mkdtempSync(join(tmpdir(), "make-expected-"));
let exports = 0;

/**
 * The recipe's rows of the fold's KPIs (no blocks) for `events` over `windows` ({ label, since,
 * now }; window_id = index), in one query over a fresh Parquet export.
 */
async function recipeFold(events, windows) {
  const dir = join(scratch, String(exports++));
  await exportParquet(events, dir);
  const rows = await lakeDuckdb(dir, windows.map((w) => [w.label, w.since, w.now]));
  return rows.filter((r) => FOLD.has(r.kpi));
}

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
  const windows = windowsFor(name);
  const sql = await recipeFold(events, windows);
  const cases = windows.map((w, id) => {
    const reference = referenceKpis(events, w.since, w.now);
    assertSameRows(sql.filter((r) => r.window_id === id), kpiRows(reference, id), `${name} / ${w.label}: the SQL recipe and the reference disagree`);
    return { ...w, response: reference };
  });
  const doc = {
    source: "tests/tools/reference.mjs, cross-checked with the SQL recipe (docs/agent_kpis.sql) on DuckDB; regenerate with node tests/tools/make-expected.mjs",
    cases,
  };
  writeFileSync(join(fixtures, `${name}.expected.json`), `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`${name}: ${cases.length} windows, reference == SQL recipe`);
}

for (const file of readdirSync(join(fixtures, "hand")).filter((f) => f.endsWith(".json"))) {
  const hand = JSON.parse(readFileSync(join(fixtures, "hand", file), "utf8"));
  const reference = referenceKpis(hand.events, hand.since, hand.now);
  assert.deepEqual(reference, hand.expected, `${file}: reference vs hand`);
  // Key order too (canonical statuses, then first appearance), as written by hand.
  assert.equal(JSON.stringify(reference), JSON.stringify(hand.expected), `${file}: reference key order vs hand`);
  assertSameRows(await recipeFold(hand.events, [{ label: "its window", since: hand.since, now: hand.now }]), kpiRows(hand.expected, 0), `${file}: SQL recipe vs hand`);
  console.log(`hand/${file}: reference == SQL recipe == hand calculation`);
}
rmSync(scratch, { recursive: true, force: true });
