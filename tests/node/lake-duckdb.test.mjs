// The data-lake recipe (docs/agent_kpis.sql) run by DuckDB over the Parquet export of every recorded
// log gives the packed package's KPIs, blocks included, for every window of tests/tools/windows.mjs
// (one query per log, all windows at once); the recipe alone gives issue 14's hand-checked example,
// numbers written from the issue; and docs/sql.md shows the recipe that is tested.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agentKpis } from "agent-kpis";
import { DuckDBInstance } from "@duckdb/node-api";
import { recordedLogs, FIXTURES } from "../tools/recorded-logs.mjs";
import { windowsFor } from "../tools/windows.mjs";
import { assertSameRows, kpiRows } from "../tools/kpi-rows.mjs";
import { exportParquet } from "agent-kpis/parquet";
import { lakeDuckdb, RECIPE_SQL } from "../tools/lake-duckdb.mjs";

const INCLUDE = ["contacts", "episodes", "current"];
const root = mkdtempSync(join(tmpdir(), "agent-kpis-lake-duckdb-"));
test.after(() => rmSync(root, { recursive: true, force: true }));

let exports = 0;
/** The recipe's rows for `events` exported to a fresh directory, over `windows`. */
async function recipeRows(events, windows) {
  const dir = join(root, String(exports++));
  await exportParquet(events, dir);
  return lakeDuckdb(dir, windows);
}

test("docs/sql.md shows docs/agent_kpis.sql, the recipe that is tested, verbatim", () => {
  const doc = readFileSync(join(FIXTURES, "..", "..", "docs", "sql.md"), "utf8");
  const shown = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]).filter((s) => s.startsWith("-- agent-kpis's KPIs"));
  assert.equal(shown.length, 1, "one copy of the recipe in docs/sql.md");
  assert.equal(shown[0], RECIPE_SQL);
  // The contract: one statement, no parameters, no dialect-only spellings.
  const code = RECIPE_SQL.replace(/--.*$/gm, "");
  assert.ok(code.trimStart().startsWith("WITH "));
  for (const bad of [";", "::", "//", "$", " div ", "?"]) assert.ok(!code.includes(bad), `the recipe uses ${bad}`);
});

const logs = recordedLogs();
const seen = { logs: 0, windows: 0, rows: 0, queryMs: 0 };
/** Every log's recipe rows, for the coverage test below. */
const all = [];

test("the recipe runs on every recorded log: fixtures, hand logs and platform samples", () => {
  assert.ok(logs.length >= 38);
  assert.ok(logs.filter((l) => l.name.startsWith("hand/")).length >= 10);
  assert.ok(logs.filter((l) => l.name.startsWith("platforms/")).length >= 10);
});

for (const { name, events, extra } of logs) {
  test(`${name}: the recipe (DuckDB, Parquet export) gives the package's KPIs for every window`, async () => {
    const windows = windowsFor(events, extra);
    const want = windows.flatMap(([, since, now], id) => kpiRows(agentKpis(events, since, { now, include: INCLUDE }), id));
    const dir = join(root, String(exports++));
    await exportParquet(events, dir);
    const t0 = performance.now();
    const got = await lakeDuckdb(dir, windows);
    seen.queryMs += performance.now() - t0;
    assertSameRows(got, want, name);
    seen.logs += 1;
    seen.windows += windows.length;
    seen.rows += want.length;
    all.push(...got.map((r) => ({ log: name, ...r })));
  });
}

test("the recorded logs exercise the rules: contacts with and without wrap-up, reason episodes, a change at now, empty windows", (t) => {
  t.diagnostic(`${seen.logs} logs, ${seen.windows} windows, ${seen.rows} rows equal; DuckDB queries ${Math.round(seen.queryMs)} ms`);
  assert.equal(seen.logs, logs.length);
  const value = (kpi) => all.filter((r) => r.kpi === kpi);
  assert.ok(value("contacts.handled").reduce((n, r) => n + r.value, 0) > 100);
  assert.ok(value("contacts.ahtMs").some((r) => r.value === null));
  // Some contacts without a wrap-up: a (log, window, agent) with 0 < withAcw < handled.
  const handled = new Map(value("contacts.handled").map((r) => [`${r.log}|${r.window_id}|${r.user_id}`, r.value]));
  assert.ok(value("contacts.withAcw").some((r) => r.value > 0 && r.value < handled.get(`${r.log}|${r.window_id}|${r.user_id}`)));
  assert.ok(value("reasonEpisodes.started").length > 0);
  // now on an event: that agent's current state is 0 ms old.
  assert.ok(value("current.ms").some((r) => r.value === 0));
  // An episode ended exactly at now, and an empty window's agent with no episode at all.
  assert.ok(value("current.ms").some((r) => r.value === 0 && all.some((e) => e.log === r.log && e.window_id === r.window_id
    && e.user_id === r.user_id && e.kpi === "episodes.ended" && e.status !== r.status && e.value > 0)));
  assert.ok(value("loggedInMs").some((r) => r.value === 0));
});

// Issue 14's hand-checked example (M = 60,000 ms), numbers from the issue and by hand, against the
// recipe alone. Agent a: ready 0, incall 10M, wrapup 16M, ready 18M, paused/break 20M, ready 30M,
// incall 40M.
const M = 60_000;
const EXAMPLE = [
  [0, "ready"], [10, "incall"], [16, "wrapup"], [18, "ready"], [20, "paused", "break"], [30, "ready"], [40, "incall"],
].map(([t, status, reason]) => ({ user_id: "a", ts: t * M, status, ...(reason ? { reason } : {}) }));
const NO_CONTACT = { handled: 0, handleMs: 0, talkMs: 0, acwMs: 0, withAcw: 0, ahtMs: null };
/** The rows of one agent's report written by hand, in the package's shape, as window 0. */
const handRows = (...agents) => kpiRows({ agents }, 0);

test("issue 14's hand example, window [12M, 45M]: every KPI of the recipe", async () => {
  const got = await recipeRows(EXAMPLE, [["example", 12 * M, 45 * M]]);
  assertSameRows(got, handRows({
    user_id: "a",
    // In the window: incall [12M, 16M) + [40M, 45M), wrapup [16M, 18M), ready [18M, 20M) + [30M, 40M),
    // paused [20M, 30M).
    statusMs: { incall: 9 * M, wrapup: 2 * M, ready: 12 * M, paused: 10 * M },
    reasonMs: { paused: { break: 10 * M } },
    loggedInMs: 33 * M,
    // handle 11M of handle + ready 23M: 47.8 % -> 48; of logged in 33M: 33.3 % -> 33.
    occupancyPct: 48,
    utilizationPct: 33,
    contacts: { handled: 1, handleMs: 8 * M, talkMs: 6 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 8 * M },
    episodes: {
      incall: { started: 1, ended: 1, endedMs: 6 * M, longestMs: 6 * M },
      ready: { started: 2, ended: 2, endedMs: 12 * M, longestMs: 10 * M },
      wrapup: { started: 1, ended: 1, endedMs: 2 * M, longestMs: 2 * M },
      paused: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M },
    },
    reasonEpisodes: { paused: { break: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M } } },
    current: { status: "incall", reason: null, since: 40 * M, ms: 5 * M },
  }), "issue 14 example");
});

/** Rows of kpis starting with one of `prefixes`. */
const only = (rows, ...prefixes) => rows.filter((r) => prefixes.some((p) => r.kpi.startsWith(p)));

test("issue 14's hand example plus ready@45M: the incall ends at now, the second contact is handled, AHT 6.5M", async () => {
  const got = await recipeRows([...EXAMPLE, { user_id: "a", ts: 45 * M, status: "ready" }], [["ready at now", 12 * M, 45 * M]]);
  assertSameRows(only(got, "contacts.", "episodes.", "current."), handRows({
    user_id: "a",
    contacts: { handled: 2, handleMs: 13 * M, talkMs: 11 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 6.5 * M },
    // The incall [40M, 45M) ended at now; the 0 ms ready episode at now starts no episode in the
    // window (it does not start before now).
    episodes: {
      incall: { started: 1, ended: 2, endedMs: 11 * M, longestMs: 6 * M },
      ready: { started: 2, ended: 2, endedMs: 12 * M, longestMs: 10 * M },
      wrapup: { started: 1, ended: 1, endedMs: 2 * M, longestMs: 2 * M },
      paused: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M },
    },
    current: { status: "ready", reason: null, since: 45 * M, ms: 0 },
  }), "ready at now");
});

test("issue 14's hand example plus wrapup@45M: that contact stays open, current wrapup since 45M", async () => {
  const got = await recipeRows([...EXAMPLE, { user_id: "a", ts: 45 * M, status: "wrapup" }], [["wrapup at now", 12 * M, 45 * M]]);
  assertSameRows(only(got, "contacts.", "current."), handRows({
    user_id: "a",
    contacts: { handled: 1, handleMs: 8 * M, talkMs: 6 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 8 * M },
    current: { status: "wrapup", reason: null, since: 45 * M, ms: 0 },
  }), "wrapup at now");
});

test("an empty window (since == now) has no statusMs and no episode, and measures current from the break's start", async () => {
  const got = await recipeRows(EXAMPLE, [["empty", 25 * M, 25 * M]]);
  assertSameRows(got, handRows({
    user_id: "a",
    statusMs: {},
    loggedInMs: 0,
    occupancyPct: 0,
    utilizationPct: 0,
    contacts: NO_CONTACT,
    episodes: {},
    current: { status: "paused", reason: "break", since: 20 * M, ms: 5 * M },
  }), "empty window");
});

test("ties at one ts keep seq order, events after now are ignored, an agent with none at ts <= now is not reported", async () => {
  // b: ready 0, then at 10M incall and wrapup (in that order: the incall lasts 0 ms), ready 20M,
  // offline 30M (after now: the ready from 20M is open at now); c: only an event after now.
  const events = [
    { user_id: "b", ts: 0, status: "ready" },
    { user_id: "b", ts: 10 * M, status: "incall" },
    { user_id: "b", ts: 10 * M, status: "wrapup" },
    { user_id: "b", ts: 20 * M, status: "ready" },
    { user_id: "c", ts: 30 * M, status: "ready" },
    { user_id: "b", ts: 30 * M, status: "offline" },
  ];
  const got = await recipeRows(events, [["ties", 0, 25 * M]]);
  assertSameRows(got, handRows({
    user_id: "b",
    // ready [0, 10M) + [20M, 25M], wrapup [10M, 20M); the 0 ms incall is no episode and no contact.
    statusMs: { ready: 15 * M, wrapup: 10 * M },
    loggedInMs: 25 * M,
    // handle 10M of 25M: 40 %, twice.
    occupancyPct: 40,
    utilizationPct: 40,
    contacts: NO_CONTACT,
    episodes: {
      ready: { started: 2, ended: 1, endedMs: 10 * M, longestMs: 10 * M },
      wrapup: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M },
    },
    current: { status: "ready", reason: null, since: 20 * M, ms: 5 * M },
  }), "ties");
});

test("an empty reason in the Parquet is no reason: no reason episode, no reasonMs, current reason NULL", async () => {
  // A file in the export's layout written directly (the export itself never writes ""): agent d
  // paused from 0 with reason "", lunch from 10M, "" again from 20M; now 30M.
  const dir = join(root, "empty-reason");
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  await con.run(`COPY (SELECT user_id, CAST(ts AS BIGINT) AS ts, status, reason, CAST(seq AS BIGINT) AS seq, DATE '1970-01-01' AS date
    FROM (VALUES ('d', 0, 'paused', '', 0), ('d', ${10 * M}, 'paused', 'lunch', 1), ('d', ${20 * M}, 'paused', '', 2)) AS t(user_id, ts, status, reason, seq))
    TO '${dir}' (FORMAT parquet, PARTITION_BY (date))`);
  con.closeSync();
  db.closeSync();
  assertSameRows(await lakeDuckdb(dir, [["empty reasons", 0, 30 * M]]), handRows({
    user_id: "d",
    statusMs: { paused: 30 * M },
    reasonMs: { paused: { lunch: 10 * M } },
    loggedInMs: 30 * M,
    occupancyPct: 0,
    utilizationPct: 0,
    contacts: NO_CONTACT,
    episodes: { paused: { started: 1, ended: 0, endedMs: 0, longestMs: 30 * M } },
    reasonEpisodes: { paused: { lunch: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M } } },
    current: { status: "paused", reason: null, since: 0, ms: 30 * M },
  }), "empty reasons");
});

test("docs/sql.md's PIVOT examples, run on DuckDB over its example, give the table shown", async () => {
  const doc = readFileSync(join(FIXTURES, "..", "..", "docs", "sql.md"), "utf8");
  const blocks = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
  const pivots = blocks.filter((b) => /PIVOT/.test(b) && !b.startsWith("-- agent-kpis"));
  assert.equal(pivots.length, 2, "the DuckDB and the standard PIVOT");
  const table = doc.slice(doc.indexOf("| window_id | user_id | loggedInMs")).split("\n").slice(0, 3);
  const shown = table[2].split("|").slice(1, -1).map((c) => c.trim());
  // docs/sql.md's example: agent 7, window 1 = [12 min, 45 min].
  const events = [["ready", 0], ["incall", 10], ["wrapup", 16], ["ready", 18], ["paused", 20, "break"], ["ready", 30], ["incall", 40]]
    .map(([status, min, reason]) => ({ user_id: 7, ts: min * M, status, ...(reason ? { reason } : {}) }));
  const dir = join(root, "readme-example");
  await exportParquet(events, dir);
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  try {
    // The setup statements shown in the DuckDB section, with the export's directory for `lake`.
    const setup = blocks.find((b) => b.startsWith("CREATE VIEW events AS"));
    for (const statement of setup.replace(/--.*$/gm, "").split(";").map((x) => x.trim()).filter((x) => x && !x.startsWith("CREATE TABLE kpis"))) {
      await con.run(statement.replace("'lake/*/*.parquet'", `'${join(dir, "*", "*.parquet")}'`));
    }
    await con.run(`CREATE TABLE kpis AS ${RECIPE_SQL}`);
    for (const pivot of pivots) {
      const rows = (await con.runAndReadAll(pivot)).getRows();
      assert.deepEqual(rows.map((r) => r.map(String)), [shown], pivot);
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
});
