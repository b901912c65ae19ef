// make bench, section "lake" (issue 16): a month of events (50M by default, 2,000 agents) exported
// with the package's Parquet export one day at a time (30 appends to one folder), then the SQL
// recipe (docs/agent_kpis.sql) folded over one day and over the whole month, on DuckDB (in this
// process, @duckdb/node-api) and on Spark in local mode (bench/lake_spark.py, a child process).
// Writes bench/RESULTS-lake.md.
//
//   node --expose-gc --max-old-space-size=8192 bench/lake.mjs
//
// Environment:
//   LAKE_EVENTS=n      events in the month (default 50000000; the days are ~1/30 of it each)
//   LAKE_DIR=path      where the export goes (default tests/out/lake-bench; emptied first)
//   LAKE_KEEP=1        keep an existing export of the same size instead of writing it again
//   LAKE_SPARK=0       skip Spark
//
// Each window reads the day folders up to its `now`'s UTC date only. The two engines' rows are
// checked equal to each other (per window, KPI: row count and value sum) before the times are
// reported; their equality to the package on real logs is `make test`'s.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { exportParquet } from "agent-kpis/parquet";
import { agents, rng, step } from "./traffic.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const EVENTS = Number(process.env.LAKE_EVENTS) || 50_000_000;
const DIR = process.env.LAKE_DIR || join(root, "tests", "out", "lake-bench");
const SPARK = process.env.LAKE_SPARK !== "0";
const AGENTS = 2000;
const DAY = 86_400_000;
const MONTH_START = Date.UTC(2026, 0, 1); // 2026-01-01T00:00:00Z
const DAYS = 30;
const RECIPE = readFileSync(join(root, "docs", "agent_kpis.sql"), "utf8");
const gc = globalThis.gc ?? (() => {});
const log = (s) => process.stderr.write(`[lake] ${s}\n`);
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;

// -------------------------------------------------------------------------------------------
// The month: the benchmarks' agents (traffic.mjs), one agent moved one step per event,
// timestamps strictly increasing with an average gap chosen so that EVENTS events fill DAYS days.
// -------------------------------------------------------------------------------------------
/** A generator of the month's events, one UTC day at a time. */
function month() {
  const rnd = rng(16);
  const pool = agents(AGENTS);
  // Gaps 1..2g-1 ms, mean g: EVENTS events over DAYS days.
  const span = 2 * Math.max(1, Math.floor((DAYS * DAY) / EVENTS)) - 1;
  let ts = MONTH_START;
  let made = 0;
  return function nextDay() {
    const end = Math.floor(ts / DAY) * DAY + DAY;
    const day = [];
    while (made < EVENTS) {
      const next = ts + 1 + Math.floor(rnd() * span);
      if (next >= end) break;
      ts = next;
      day.push(step(rnd, pool, ts));
      made++;
    }
    if (made < EVENTS && day.length === 0) ts = end; // a day the gaps skipped entirely
    else if (made < EVENTS) ts = Math.max(ts, end - 1);
    return { day, done: made >= EVENTS, made, lastTs: ts };
  };
}

const dirBytes = (dir) => readdirSync(dir, { recursive: true })
  .map((f) => join(dir, String(f)))
  .filter((p) => p.endsWith(".parquet"))
  .reduce((s, p) => s + statSync(p).size, 0);

// -------------------------------------------------------------------------------------------
// 1. Export, one call per day.
// -------------------------------------------------------------------------------------------
const metaFile = join(DIR, "_bench.json");
let meta = null;
if (process.env.LAKE_KEEP && existsSync(metaFile)) {
  meta = JSON.parse(readFileSync(metaFile, "utf8"));
  if (meta.events !== EVENTS) meta = null;
}
if (meta === null) {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const nextDay = month();
  let exportMs = 0;
  let generateMs = 0;
  let calls = 0;
  let files = 0;
  let lastTs = MONTH_START;
  for (;;) {
    let t = performance.now();
    const { day, done, made, lastTs: last } = nextDay();
    generateMs += performance.now() - t;
    lastTs = last;
    if (day.length) {
      t = performance.now();
      const summary = await exportParquet(day, DIR);
      exportMs += performance.now() - t;
      calls++;
      files += summary.files.length;
      log(`day ${calls}: ${day.length} events, ${made} so far, export ${sec(exportMs)} in all`);
    }
    gc();
    if (done) break;
  }
  meta = { events: EVENTS, exportMs, generateMs, calls, files, firstTs: MONTH_START, lastTs };
  writeFileSync(metaFile, JSON.stringify(meta));
}
const bytes = dirBytes(DIR);
log(`export: ${EVENTS} events, ${meta.files} files, ${(bytes / 2 ** 20).toFixed(0)} MiB, ${(bytes / EVENTS).toFixed(2)} B/event, ${sec(meta.exportMs)}`);

// -------------------------------------------------------------------------------------------
// 2. The fold on DuckDB: one day (the 15th, whole: it reads days 1-16) and the whole month (first
// day 00:00 to the last event), each run to completion into a temporary table.
// -------------------------------------------------------------------------------------------
const dayStart = MONTH_START + 14 * DAY;
const WINDOWS = [
  { id: 1, label: "one day", since: dayStart, now: dayStart + DAY },
  { id: 2, label: "whole month", since: MONTH_START, now: meta.lastTs },
];
const glob = join(DIR, "*", "*.parquet").replaceAll("'", "''");
/** The UTC date of a window's `now`: the last day folder it needs. */
const lastDate = (w) => new Date(w.now).toISOString().slice(0, 10);

async function duckdbFold(w) {
  const db = await DuckDBInstance.create(":memory:", { threads: String(cpus().length) });
  const con = await db.connect();
  try {
    // Only the day folders up to now's UTC date (an event at now itself counts): later events
    // change nothing in the window (docs/spark.md, as examples/spark_daily_kpis.py reads).
    await con.run(`CREATE VIEW events AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true) WHERE CAST(date AS VARCHAR) <= '${lastDate(w)}'`);
    await con.run(`CREATE TABLE windows AS SELECT CAST(${w.id} AS BIGINT) AS window_id, CAST(${w.since} AS BIGINT) AS since, CAST(${w.now} AS BIGINT) AS now`);
    const t = performance.now();
    await con.run(`CREATE TEMP TABLE result AS ${RECIPE}`);
    const ms = performance.now() - t;
    const sums = (await con.runAndReadAll("SELECT kpi, COUNT(*) AS n, CAST(SUM(value) AS VARCHAR) AS total FROM result GROUP BY kpi ORDER BY kpi")).getRowObjects();
    return { ms, sums: sums.map((r) => ({ kpi: r.kpi, n: Number(r.n), total: r.total ?? "0" })) };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

const results = [];
for (const w of WINDOWS) {
  gc();
  const duck = await duckdbFold(w);
  log(`DuckDB ${w.label}: ${sec(duck.ms)}`);
  results.push({ window: w, duck });
}

// -------------------------------------------------------------------------------------------
// 3. The fold on Spark local (a child process: one SparkSession for both windows).
// -------------------------------------------------------------------------------------------
let sparkVersion = null;
if (SPARK) {
  const job = { recipe: join(root, "docs", "agent_kpis.sql"), dir: DIR, windows: WINDOWS.map((w) => [w.id, w.since, w.now, lastDate(w)]) };
  const r = spawnSync("python3", [join(here, "lake_spark.py")], { input: JSON.stringify(job), encoding: "utf8", maxBuffer: 1 << 26, stdio: ["pipe", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`bench/lake_spark.py failed (status ${r.status}); run scripts/install-tools.sh --lake if pyspark or java is missing`);
  const out = JSON.parse(r.stdout);
  sparkVersion = out.version;
  for (const res of results) {
    const s = out.windows.find((x) => x.window_id === res.window.id);
    res.spark = s;
    log(`Spark ${res.window.label}: ${sec(s.ms)} (session start ${sec(out.startMs)})`);
    const same = JSON.stringify(s.sums) === JSON.stringify(res.duck.sums);
    if (!same) throw new Error(`${res.window.label}: Spark and DuckDB disagree:\n${JSON.stringify(s.sums)}\n${JSON.stringify(res.duck.sums)}`);
  }
  results.sparkStartMs = out.startMs;
}

// -------------------------------------------------------------------------------------------
// 4. bench/RESULTS-lake.md
// -------------------------------------------------------------------------------------------
const duckdbVersion = JSON.parse(readFileSync(join(root, "node_modules", "@duckdb", "node-api", "package.json"), "utf8")).version;
const rowsOf = (sums) => sums.reduce((n, s) => n + s.n, 0);
const lines = [
  "# The data lake at month scale (`make bench`, bench/lake.mjs)",
  "",
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average at the end ${loadavg()[0].toFixed(1)}. ` +
    `DuckDB ${duckdbVersion} (@duckdb/node-api, ${cpus().length} threads)${sparkVersion ? `, Spark ${sparkVersion} local[${cpus().length}]` : ""}. ${new Date().toISOString().slice(0, 10)}.`,
  "",
  `**Export**: ${EVENTS.toLocaleString("en")} events of ${AGENTS.toLocaleString("en")} agents over ${DAYS} days, written by ` +
    `\`exportParquet\` one day per call (${meta.calls} calls appending to one folder): ${sec(meta.exportMs)} ` +
    `(${Math.round(EVENTS / (meta.exportMs / 1000)).toLocaleString("en")} events/s; generating them took ${sec(meta.generateMs)} more), ` +
    `${meta.files} files, ${(bytes / 2 ** 20).toFixed(0)} MiB: **${(bytes / EVENTS).toFixed(2)} bytes per event** (zstd).`,
  "",
  "**The recipe** (`docs/agent_kpis.sql`, every KPI: statusMs, reasonMs, loggedInMs, occupancyPct, utilizationPct, contacts, episodes, reasonEpisodes, current), run to completion, each window reading the day folders up to its `now`'s UTC date (the one day: days 1–16 of 30):",
  "",
  "| Window | Result rows | DuckDB | Spark local |",
  "| --- | ---: | ---: | ---: |",
  ...results.map((r) => `| ${r.window.label} (${new Date(r.window.since).toISOString().slice(0, 16)}Z – ${new Date(r.window.now).toISOString().slice(0, 16)}Z) | ` +
    `${rowsOf(r.duck.sums).toLocaleString("en")} | ${sec(r.duck.ms)} | ${r.spark ? sec(r.spark.ms) : "not run"} |`),
  "",
  SPARK ? `Spark's session start (JVM, local mode) took ${sec(results.sparkStartMs)} more, once. The two engines' results were checked equal (row count and value sum per KPI) before this table was written.` : "Spark was skipped (LAKE_SPARK=0).",
  "",
];
writeFileSync(join(here, "RESULTS-lake.md"), lines.join("\n"));
log(`wrote bench/RESULTS-lake.md`);
