// Issue 16 on Apache Spark: the SQL recipe (docs/agent_kpis.sql) run by Spark SQL in local mode
// (tests/tools/lake_spark.py) over the Parquet export of every recorded log gives, for every window
// of tests/tools/windows.mjs, exactly the rows of the packed package's agentKpis; and the daily job
// (examples/spark_daily_kpis.py) writes, per local day of an IANA zone, the package's numbers for
// that day, with day boundaries written here by hand (23 and 25 hour days at DST changes included).
// One Spark run (one JVM, one SparkSession) serves both tests. pyspark and Java 17 are required:
// without them the tests fail and say how to install them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { agentKpis } from "agent-kpis";
import { recordedLogs } from "../tools/recorded-logs.mjs";
import { windowsFor } from "../tools/windows.mjs";
import { kpiRows, assertSameRows } from "../tools/kpi-rows.mjs";
import { exportParquet } from "agent-kpis/parquet";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const INCLUDE = ["contacts", "episodes", "current"];
const H = 3_600_000;
const DAY = 24 * H;

/** Why Spark cannot run here (pyspark or Java ≥ 17 missing), or null. */
function missingLakeTools() {
  const missing = [];
  const py = spawnSync("python3", ["-c", "import pyspark"], { encoding: "utf8" });
  if (py.status !== 0) missing.push(`pyspark (python3 -c "import pyspark": ${String(py.stderr || py.error).trim().split("\n").pop()})`);
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  const m = /version "(\d+)(?:\.(\d+))?/.exec(java.stderr ?? "");
  const major = m ? (m[1] === "1" ? Number(m[2]) : Number(m[1])) : 0;
  if (major < 17) missing.push(`Java 17 or later (java -version: ${m ? m[0] : String(java.error ?? java.stderr).trim()})`);
  return missing.length ? `${missing.join(" and ")}: run scripts/install-tools.sh --lake (make test-lake does)` : null;
}

const shifted = (events, ms) => events.map((e) => ({ ...e, ts: e.ts + ms }));

/**
 * The daily job's cases: a log, the job's arguments, and the local days it must write with their
 * boundaries as epoch ms written by hand from the zone's UTC offsets (`Date.UTC(…, hour)` is local
 * midnight minus the offset). US DST in 2026: from Sunday 8 March (EST −5 → EDT −4, a 23 h day) to
 * Sunday 1 November (EDT −4 → EST −5, a 25 h day). messy.json runs 2026-03-10T22:00Z (18:00 EDT)
 * to 2026-03-12T09:00:27Z; evening-shift.json 2026-03-10T16:00:37Z to 2026-03-11T02:15:17Z.
 */
function dailyCases(logs) {
  const log = (name) => logs.find((l) => l.name === name).events;
  const messy = log("messy.json");
  const evening = log("evening-shift.json");
  return [
    {
      id: "messy.json, America/New_York: its 35 hours split into three local days",
      events: messy,
      args: ["--zone", "America/New_York"],
      days: [
        ["2026-03-10", Date.UTC(2026, 2, 10, 4), Date.UTC(2026, 2, 11, 4)],
        ["2026-03-11", Date.UTC(2026, 2, 11, 4), Date.UTC(2026, 2, 12, 4)],
        ["2026-03-12", Date.UTC(2026, 2, 12, 4), Date.UTC(2026, 2, 13, 4)],
      ],
    },
    {
      id: "messy.json 3 days earlier, America/New_York: 8 March 2026 is 23 hours",
      events: shifted(messy, -3 * DAY),
      args: ["--zone", "America/New_York"],
      days: [
        ["2026-03-07", Date.UTC(2026, 2, 7, 5), Date.UTC(2026, 2, 8, 5)],
        ["2026-03-08", Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 9, 4)],
        ["2026-03-09", Date.UTC(2026, 2, 9, 4), Date.UTC(2026, 2, 10, 4)],
      ],
      lengths: { "2026-03-08": 23 * H },
    },
    {
      id: "messy.json 235 days later, America/New_York, --from 2026-11-01 --to 2026-11-03: 1 November is 25 hours, 3 November after every event",
      events: shifted(messy, 235 * DAY),
      args: ["--zone", "America/New_York", "--from", "2026-11-01", "--to", "2026-11-03"],
      days: [
        ["2026-11-01", Date.UTC(2026, 10, 1, 4), Date.UTC(2026, 10, 2, 5)],
        ["2026-11-02", Date.UTC(2026, 10, 2, 5), Date.UTC(2026, 10, 3, 5)],
        ["2026-11-03", Date.UTC(2026, 10, 3, 5), Date.UTC(2026, 10, 4, 5)],
      ],
      lengths: { "2026-11-01": 25 * H },
    },
    {
      id: "evening-shift.json, Asia/Kolkata (UTC+05:30)",
      events: evening,
      args: ["--zone", "Asia/Kolkata"],
      days: [
        ["2026-03-10", Date.UTC(2026, 2, 9, 18, 30), Date.UTC(2026, 2, 10, 18, 30)],
        ["2026-03-11", Date.UTC(2026, 2, 10, 18, 30), Date.UTC(2026, 2, 11, 18, 30)],
      ],
    },
    {
      id: "evening-shift.json, no --zone: UTC days",
      events: evening,
      args: [],
      days: [
        ["2026-03-10", Date.UTC(2026, 2, 10), Date.UTC(2026, 2, 11)],
        ["2026-03-11", Date.UTC(2026, 2, 11), Date.UTC(2026, 2, 12)],
      ],
    },
  ];
}

/** Runs tests/tools/lake_spark.py on a job file; resolves to its stdout lines parsed. */
function runLakeSpark(jobFile) {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", [join(ROOT, "tests", "tools", "lake_spark.py"), jobFile], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    let err = "";
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => {
      err += b;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`lake_spark.py exited with ${code}:\n${err.slice(-4000)}`));
      else resolve({ lines: Buffer.concat(out).toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)), stderr: err });
    });
  });
}

let run = null;
/** Exports every log, runs Spark once for the recipe's jobs and the daily job's cases. */
function sparkRun() {
  run ??= (async () => {
    const missing = missingLakeTools();
    if (missing) throw new Error(missing);
    const work = mkdtempSync(join(tmpdir(), "agent-kpis-lake-spark-"));
    try {
      const logs = recordedLogs();
      const jobs = [];
      for (const [i, log] of logs.entries()) {
        const dir = join(work, `log-${i}`);
        await exportParquet(log.events, dir);
        jobs.push({ log, dir, windows: windowsFor(log.events, log.extra) });
      }
      const cases = dailyCases(logs);
      for (const [i, c] of cases.entries()) {
        c.events_dir = join(work, `daily-${i}-events`);
        c.out = join(work, `daily-${i}-out`);
        await exportParquet(c.events, c.events_dir);
      }
      // The recorded shifts, each with its own query; the hand and platform logs (a few events
      // each) in one batch query: Spark's cost per query is mostly fixed (lake_spark.py run_batch).
      const big = (j) => j.log.events.length >= 1000;
      const jobOf = (j) => ({ id: j.log.name, dir: j.dir, windows: j.windows.map(([, since, now], k) => [k, since, now]) });
      const jobFile = join(work, "job.json");
      writeFileSync(
        jobFile,
        JSON.stringify({
          recipe: join(ROOT, "docs", "agent_kpis.sql"),
          jobs: [...jobs.filter(big).map(jobOf), { batch: jobs.filter((j) => !big(j)).map(jobOf) }],
          examples: cases.map((c) => ({ id: c.id, argv: ["--events", c.events_dir, "--out", c.out, ...c.args] })),
        }),
      );
      const started = Date.now();
      const { lines, stderr } = await runLakeSpark(jobFile);
      const seconds = (Date.now() - started) / 1000;
      const rows = new Map(jobs.map((j) => [j.log.name, []]));
      const done = new Set();
      const timings = new Map(); // seconds per query (a batch's jobs share theirs)
      for (const l of lines) {
        if ("done" in l) {
          done.add(l.done);
          timings.set(rows.has(l.done) && !big(jobs.find((j) => j.log.name === l.done)) ? "the batch of small logs" : l.done, l.seconds);
        } else rows.get(l.job).push(l);
      }
      // The daily job's output, read back with DuckDB.
      const db = await DuckDBInstance.create(":memory:");
      const con = await db.connect();
      try {
        for (const c of cases) {
          const glob = `${c.out}/*/*.parquet`.replaceAll("'", "''");
          c.types = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${glob}', hive_partitioning = true)`))
            .getRowObjects()
            .map((r) => `${r.column_name} ${r.column_type}`);
          c.rows = (
            await con.runAndReadAll(
              `SELECT strftime(day, '%Y-%m-%d') AS day, user_id, kpi, status, reason, value FROM read_parquet('${glob}', hive_partitioning = true)`,
            )
          ).getRowObjects();
        }
      } finally {
        con.closeSync();
        db.closeSync();
      }
      return { jobs, rows, done, cases, seconds, stderr, timings };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  })();
  return run;
}

test("Spark SQL running docs/agent_kpis.sql over each recorded log's Parquet export gives agentKpis's rows for every window", async () => {
  const { jobs, rows, done, seconds, stderr, timings } = await sparkRun();
  let compared = 0;
  for (const { log, windows } of jobs) {
    assert.ok(done.has(log.name), `${log.name}: Spark did not finish its job`);
    const got = rows.get(log.name);
    for (const r of got) assert.ok(r.value === null || Number.isSafeInteger(r.value), `${log.name}: value ${r.value} is not a safe integer`);
    windows.forEach(([label, since, now], k) => {
      const want = kpiRows(agentKpis(log.events, since, { now, include: INCLUDE }), k);
      assertSameRows(
        got.filter((r) => r.window_id === k),
        want,
        `${log.name}, window ${k} "${label}" [${since}, ${now}]`,
      );
      compared += want.length;
    });
    const ids = new Set(windows.map((_, k) => k));
    const stray = got.find((r) => !ids.has(r.window_id));
    assert.equal(stray, undefined, `${log.name}: a row for a window that was not asked for`);
  }
  assert.ok(compared > 10_000, `only ${compared} rows compared`);
  const windowCount = jobs.reduce((n, j) => n + j.windows.length, 0);
  console.log(`Spark: ${jobs.length} logs, ${windowCount} windows, ${compared} rows equal to agentKpis; one Spark run ${seconds.toFixed(1)} s`);
  console.log(stderr.split("\n").filter((l) => l.startsWith("[lake_spark]")).join("\n"));
  console.log([...timings].map(([what, s]) => `${what}: ${s} s`).join("\n"));
});

test("examples/spark_daily_kpis.py writes per agent and local day the package's KPIs over that day, DST days 23 and 25 hours long", async () => {
  const { cases, done } = await sparkRun();
  for (const c of cases) {
    assert.ok(done.has(c.id), `${c.id}: the job did not finish`);
    for (const [day, since, now] of c.days) assert.equal(now - since, c.lengths?.[day] ?? DAY, `${c.id}: hand boundaries of ${day}`);
    assert.deepEqual(c.types, ["user_id VARCHAR", "kpi VARCHAR", "status VARCHAR", "reason VARCHAR", "value BIGINT", "day DATE"], `${c.id}: output columns`);
    const dayIndex = new Map(c.days.map(([day], k) => [day, k]));
    assert.deepEqual([...new Set(c.rows.map((r) => r.day))].sort(), c.days.map(([day]) => day), `${c.id}: days written`);
    const got = c.rows.map((r) => ({ ...r, window_id: dayIndex.get(r.day) }));
    for (const [day, since, now] of c.days) {
      const want = kpiRows(agentKpis(c.events, since, { now, include: INCLUDE }), dayIndex.get(day));
      assert.ok(want.length > 0, `${c.id}: ${day} has agents`);
      assertSameRows(
        got.filter((r) => r.day === day),
        want,
        `${c.id}: ${day} [${since}, ${now}]`,
      );
    }
  }
});

test("examples/spark_daily_kpis.py refuses an unknown zone before starting Spark: exit 2 naming it", () => {
  const r = spawnSync("python3", [join(ROOT, "examples", "spark_daily_kpis.py"), "--events", "lake", "--out", "daily", "--zone", "Mars/Base"], { encoding: "utf8" });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /argument --zone: unknown IANA time zone 'Mars\/Base'/);
});
