// Statuses, reasons and user ids that plain JS objects already have as members (constructor,
// __proto__, hasOwnProperty, toString, valueOf, isPrototypeOf, __defineGetter__) or that are markup,
// through every output format of the `agent-kpis` CLI (the bin of the installed package), with and
// without --interval. Expected values: the times computed by hand from tests/fixtures/hostile-names.json,
// which the package's own results must equal; every CLI cell must equal those results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AgentLog, agentKpis, agentKpisFromJson } from "agent-kpis";
import { parseCsv, toCsv, toNdjson } from "./formats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "tests", "out", "cli-names");
mkdirSync(out, { recursive: true });
const bin = join(root, "node_modules", ".bin", "agent-kpis");
const run = (args, input) => spawnSync(bin, args, { input, encoding: "utf8", maxBuffer: 1 << 24, env: { ...process.env, NODE_NO_WARNINGS: "1" } });

const FIXTURE = join(root, "tests", "fixtures", "hostile-names.json");
const events = JSON.parse(readFileSync(FIXTURE, "utf8"));
const SINCE = 1773129600000;
const NOW = SINCE + 100_000;
const STEP = 50_000;
const WINDOW = ["--since", String(SINCE), "--now", String(NOW)];

/** ms of `status` in a `statusMs` object: only its own properties count. */
const msOf = (statusMs, status) => (Object.hasOwn(statusMs, status) ? statusMs[status] : 0);

// By hand from the fixture: each agent's ms per status over [SINCE, NOW], agents in order of first
// appearance. Entry lists, not object literals: `{ __proto__: … }` would set a prototype.
const HAND = [
  ["<svg onload=alert(1)>", [["<img src=x onerror=alert(2)>", 100_000]]],
  ["__proto__", [["constructor", 99_000]]],
  ["toString", [["paused", 58_000], ["toString", 40_000]]],
  ["n", [["hasOwnProperty", 97_000]]],
  ["valueOf", [["valueOf", 96_000]]],
  ["isPrototypeOf", [["isPrototypeOf", 95_000]]],
  ["__defineGetter__", [["__defineGetter__", 94_000]]],
  ["constructor", [["__proto__", 93_000]]],
  ["hasOwnProperty", [["valueOf", 42_000], ["isPrototypeOf", 30_000], ['x,"y"', 20_000]]],
];
const STATUSES = [...new Set(HAND.flatMap(([, e]) => e.map(([s]) => s)))];

const kpis = agentKpis(events, SINCE, { now: NOW });
const log = new AgentLog();
log.append(events);
const report = log.intervals(SINCE, NOW, STEP, { now: NOW });
log.free();

/** The rows the CSV, NDJSON and table outputs list: per agent, or per agent and interval. */
const agentRows = kpis.agents;
const intervalRows = report.agents.flatMap((a) => a.intervals.map((r) => ({ user_id: a.user_id, ...r })));

/** h:mm:ss, as the table prints durations. */
const hms = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};
const minute = (t) => new Date(t).toISOString().slice(0, 16).replace("T", " ");

test("the package's own results equal the hand-computed times (the reference for the CLI)", () => {
  assert.deepEqual(kpis.agents.map((a) => a.user_id), HAND.map(([id]) => id));
  for (const [i, [id, entries]] of HAND.entries()) {
    const a = kpis.agents[i];
    assert.deepEqual(new Map(Object.entries(a.statusMs)), new Map(entries), id);
    assert.equal(a.loggedInMs, entries.reduce((n, [, ms]) => n + ms, 0), id);
    // The numbers: statusMs.constructor and .hasOwnProperty are 0 but for one agent each.
    assert.equal(msOf(a.statusMs, "constructor"), id === "__proto__" ? 99_000 : 0, id);
    assert.equal(msOf(a.statusMs, "hasOwnProperty"), id === "n" ? 97_000 : 0, id);
  }
  assert.deepEqual(kpis.agents.find((a) => a.user_id === "constructor").reasonMs, JSON.parse('{"__proto__":{"constructor":93000}}'));
  assert.deepEqual(agentKpisFromJson(readFileSync(FIXTURE, "utf8"), SINCE, { now: NOW }), kpis);
  // The interval report's rows add up to the same times per agent and status.
  for (const [i, [id, entries]] of HAND.entries()) {
    const rows = report.agents[i].intervals;
    assert.deepEqual(rows.map((r) => [r.start, r.end]), [[SINCE, SINCE + STEP], [SINCE + STEP, NOW]], id);
    for (const s of STATUSES) {
      const want = entries.find(([k]) => k === s)?.[1] ?? 0;
      assert.equal(rows.reduce((n, r) => n + msOf(r.statusMs, s), 0), want, `${id} ${s}`);
    }
  }
  assert.equal(msOf(report.agents[1].intervals[0].statusMs, "constructor"), 49_000);
  assert.equal(msOf(report.agents[3].intervals[1].statusMs, "hasOwnProperty"), 50_000);
});

for (const [mode, extra, want, rows] of [
  ["per agent", [], kpis, agentRows],
  ["--interval 50s", ["--interval", "50s"], report, intervalRows],
]) {
  const lead = extra.length ? ["user_id", "start", "end"] : ["user_id"];

  test(`${mode}: --format json is the package's result`, () => {
    const r = run([FIXTURE, ...WINDOW, ...extra, "--format", "json"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), want);
  });

  test(`${mode}: --format ndjson is one package row per line`, () => {
    const r = run([FIXTURE, ...WINDOW, ...extra, "--format", "ndjson"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l)), rows);
  });

  test(`${mode}: --format csv, parsed, equals the package's rows cell by cell`, () => {
    const r = run([FIXTURE, ...WINDOW, ...extra, "--format", "csv"]);
    assert.equal(r.status, 0, r.stderr);
    const [head, ...body] = parseCsv(r.stdout);
    const statusCols = head.filter((h) => h.startsWith("statusMs."));
    assert.deepEqual(head.slice(0, lead.length + 3), [...lead, "loggedInMs", "occupancyPct", "utilizationPct"]);
    assert.deepEqual(head, [...head.slice(0, lead.length + 3), ...statusCols], "status columns last");
    assert.deepEqual([...statusCols].sort(), STATUSES.map((s) => `statusMs.${s}`).sort());
    assert.equal(body.length, rows.length);
    for (const [i, cells] of body.entries()) {
      const row = rows[i];
      assert.equal(cells.length, head.length, `row ${i}`);
      const got = new Map(head.map((h, k) => [h, cells[k]]));
      const expected = new Map([
        ...lead.map((k) => [k, String(row[k])]),
        ["loggedInMs", String(row.loggedInMs)], ["occupancyPct", String(row.occupancyPct)], ["utilizationPct", String(row.utilizationPct)],
        ...STATUSES.map((s) => [`statusMs.${s}`, String(msOf(row.statusMs, s))]),
      ]);
      assert.deepEqual(got, expected, `row ${i} (${row.user_id})`);
    }
    if (!extra.length) {
      const col = (name) => body.map((c) => c[head.indexOf(name)]);
      assert.deepEqual(col("statusMs.constructor"), HAND.map(([id]) => (id === "__proto__" ? "99000" : "0")));
      assert.deepEqual(col("statusMs.hasOwnProperty"), HAND.map(([id]) => (id === "n" ? "97000" : "0")));
    }
    assert.doesNotMatch(r.stdout, /function|native code|NaN|\[object /);
  });

  test(`${mode}: the table shows each status's time as h:mm:ss`, () => {
    const r = run([FIXTURE, ...WINDOW, ...extra]);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /function|native code|NaN|\[object /);
    const [headLine, rule, ...lines] = r.stdout.trimEnd().split("\n");
    // Column positions from the rule line under the header (user ids and statuses hold spaces).
    const spans = [...rule.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length]);
    const cells = (line) => spans.map(([a, b]) => line.slice(a, b).trim());
    const head = cells(headLine);
    assert.deepEqual(head.slice(0, lead.length + 3), [...lead, "logged in", "occupancy", "utilization"]);
    assert.deepEqual(head.slice(lead.length + 3).sort(), [...STATUSES].sort());
    assert.equal(lines.length, rows.length);
    for (const [i, line] of lines.entries()) {
      const row = rows[i];
      const got = new Map(head.map((h, k) => [h, cells(line)[k]]));
      const expected = new Map([
        ["user_id", row.user_id],
        ...(extra.length ? [["start", minute(row.start)], ["end", minute(row.end)]] : []),
        ["logged in", hms(row.loggedInMs)], ["occupancy", `${row.occupancyPct}%`], ["utilization", `${row.utilizationPct}%`],
        ...STATUSES.map((s) => [s, hms(msOf(row.statusMs, s))]),
      ]);
      assert.deepEqual(got, expected, `row ${i} (${row.user_id})`);
    }
    if (!extra.length) {
      const k = head.indexOf("constructor");
      assert.deepEqual(lines.map((l) => cells(l)[k]), HAND.map(([id]) => (id === "__proto__" ? "0:01:39" : "0:00:00")));
    }
  });
}

test("the same answer from the fixture as NDJSON and as CSV", () => {
  const nd = join(out, "hostile-names.ndjson");
  const csv = join(out, "hostile-names.csv");
  writeFileSync(nd, toNdjson(events));
  writeFileSync(csv, toCsv(events));
  for (const f of [nd, csv]) {
    const r = run([f, ...WINDOW, "--format", "json"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), kpis, f);
  }
});
