// The CLI's issue-15 options: --include conformance,shrinkage, --grace, --severe, --planned, on the
// issue's hand-checked example (its numbers, written here) in table, csv and json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsv } from "./formats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "tests", "out", "cli-schedule15");
mkdirSync(out, { recursive: true });
const bin = join(root, "node_modules", ".bin", "agent-kpis");
const run = (args) => spawnSync(bin, args, { encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } });

// Issue 15's example (M = 60,000): one shift [0, 70M); ready@0, paused(break)@10M, ready@13M,
// idle@30M, ready@40M, paused(lunch)@50M; window [0, 60M], exact mode.
const M = 60_000;
const LOG = join(out, "example.json");
writeFileSync(LOG, JSON.stringify([
  { user_id: "a", ts: 0, status: "ready" },
  { user_id: "a", ts: 10 * M, status: "paused", reason: "break" },
  { user_id: "a", ts: 13 * M, status: "ready" },
  { user_id: "a", ts: 30 * M, status: "idle" },
  { user_id: "a", ts: 40 * M, status: "ready" },
  { user_id: "a", ts: 50 * M, status: "paused", reason: "lunch" },
]));
const SCHEDULES = join(out, "schedules.json");
writeFileSync(SCHEDULES, JSON.stringify({ schedules: [{ user_id: "a", segments: [{ start: 0, end: 70 * M }] }] }));
const BASE = [LOG, "--schedules", SCHEDULES, "--since", "0", "--now", String(60 * M), "--sample-ms", "0", "--include", "conformance,shrinkage"];

/** The table's cells under `head` for the first agent row. */
const cells = (stdout) => {
  const [head, , row] = stdout.trimEnd().split("\n").map((l) => l.trim().split(/\s{2,}/));
  return (name) => row[head.indexOf(name)];
};

test("table: adherence, conformance and shrinkage; grace forgives the 3-minute break, then everything", () => {
  let r = run(BASE);
  assert.equal(r.status, 0, r.stderr);
  let cell = cells(r.stdout);
  // Adherent 37M of 60M on shift: 62 %; worked 37M of scheduled 60M: 62 %; shrinkage 23M: 38 %.
  assert.equal(cell("adherence"), "62%");
  assert.equal(cell("conformance"), "62%");
  assert.equal(cell("shrinkage"), "38%");
  r = run([...BASE, "--grace", "5m"]);
  cell = cells(r.stdout);
  // The break (3M) is under the 5M grace: adherent 40M of 60M = 66.7 → 67 %; the others unchanged.
  assert.deepEqual([cell("adherence"), cell("conformance"), cell("shrinkage")], ["67%", "62%", "38%"]);
  r = run([...BASE, "--grace", "11m"]);
  cell = cells(r.stdout);
  // Every exception (3M, 10M, 10M and the open 10M) is under 11M: 100 %.
  assert.equal(cell("adherence"), "100%");
});

test("csv: the blocks' numbers by dotted path; --planned changes what is planned", () => {
  let r = run([...BASE, "--format", "csv"]);
  assert.equal(r.status, 0, r.stderr);
  let [head, row] = parseCsv(r.stdout);
  let at = (name) => { assert.ok(head.includes(name), name); return row[head.indexOf(name)]; };
  assert.equal(at("conformancePct"), "62");
  assert.equal(at("conformance.workedMs"), String(37 * M));
  assert.equal(at("conformance.scheduledMs"), String(60 * M));
  assert.equal(at("shrinkagePct"), "38");
  assert.equal(at("shrinkage.ms"), String(23 * M));
  // break 3M + lunch 10M are planned; idle 10M is not.
  assert.equal(at("shrinkage.plannedMs"), String(13 * M));
  assert.equal(at("shrinkage.unplannedMs"), String(10 * M));
  assert.equal(at("shrinkage.unknownMs"), "0");
  assert.equal(at("shrinkage.byStatus.paused"), String(13 * M));
  assert.equal(at("shrinkage.byStatus.idle"), String(10 * M));
  assert.equal(at("shrinkage.byReason.paused.break"), String(3 * M));
  assert.equal(at("shrinkage.byReason.paused.lunch"), String(10 * M));
  r = run([...BASE, "--format", "csv", "--planned", "break, training"]);
  [head, row] = parseCsv(r.stdout);
  // Only the break is planned now: 3M; lunch and idle 20M are not.
  assert.equal(at("shrinkage.plannedMs"), String(3 * M));
  assert.equal(at("shrinkage.unplannedMs"), String(20 * M));
});

test("json: severe once out of adherence for --severe (default 5m), whatever the grace", () => {
  const severe = (args) => JSON.parse(run([...BASE, "--format", "json", ...args]).stdout).agents[0].adherence.severe;
  // Out of adherence since 50M (lunch), 10M at now.
  assert.equal(severe([]), true);
  assert.equal(severe(["--grace", "11m"]), true);
  assert.equal(severe(["--severe", "10m"]), true);
  assert.equal(severe(["--severe", "11m"]), false);
});

test("usage errors: bad durations and an empty planned reason", () => {
  for (const [args, message] of [
    [["--grace", "-1"], '--grace: expected a non-negative duration such as 15m, 1h or 900000, got "-1"'],
    [["--severe", "0"], '--severe: expected a positive duration such as 15m, 1h or 900000, got "0"'],
    [["--planned", "break,,lunch"], '--planned: an empty reason in "break,,lunch"; expected reasons separated by commas'],
  ]) {
    const r = run([LOG, ...args]);
    assert.equal(r.status, 2, args.join(" "));
    assert.equal(r.stderr, `agent-kpis: ${message}\n(see agent-kpis --help)\n`);
  }
});
