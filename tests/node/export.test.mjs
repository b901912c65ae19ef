// The Parquet export (agent-kpis/parquet and `agent-kpis export`), as installed from the packed
// package: files read back by DuckDB's own SQL (read_parquet, DESCRIBE, parquet_metadata), never by
// the export's code. Expected rows are written by hand, or are the input itself (the fixture's JSON,
// the compacted NDJSON lines, toAgentEvents of a platform log) with seq its position.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { AgentLog, toAgentEvents } from "agent-kpis";
import { exportParquet } from "agent-kpis/parquet";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "tests", "out", "export");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = join(root, "node_modules", ".bin", "agent-kpis");
const run = (args, input) => spawnSync(bin, args, { input, encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } });
let dirs = 0;
const fresh = (name) => join(out, `${name}-${dirs++}`);

const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
after(() => {
  con.closeSync();
  db.closeSync();
});
const sqlText = (s) => `'${s.replaceAll("'", "''")}'`;
/** Rows of a query as objects, BIGINTs as numbers. */
async function query(sql) {
  const rows = (await con.runAndReadAll(sql)).getRowObjects();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
}
/**
 * Every row of an export, in each file's own order, with its file (relative to `dir`) and row
 * number in the file.
 */
const readBack = (dir) => query(`SELECT user_id, ts, status, reason, seq, replace(filename, ${sqlText(`${dir}/`)}, '') AS file, file_row_number AS row
  FROM read_parquet(${sqlText(`${dir}/*/*.parquet`)}, filename = true, file_row_number = true) ORDER BY file, row`);
/** The rows of an export by seq, without file and row: the input as events with seq. */
const bySeq = async (dir) => (await readBack(dir)).sort((a, b) => a.seq - b.seq).map(({ file, row, ...r }) => r);
/** An input event as its row: user_id a string, reason null when none or "", seq given. */
const rowOf = (e, seq) => ({ user_id: String(e.user_id), ts: e.ts, status: e.status, reason: e.reason === undefined || e.reason === null || e.reason === "" ? null : e.reason, seq });
const sha256 = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");
/** Every file under `dir` (dot files too), relative, sorted. */
const tree = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath ?? d.path, d.name).slice(dir.length + 1)).sort();

const T = Date.UTC(2026, 2, 10, 8); // 2026-03-10 08:00 UTC
// Out of order on purpose: agents in no order, a tie at T + 1000 for "a" (seq 2 before 3), an
// integer id, reasons absent, "" and null.
const mixed = [
  { user_id: "b", ts: T + 1000, status: "ready" },
  { user_id: 10, ts: T + 500, status: "paused", reason: "break" },
  { user_id: "a", ts: T + 1000, status: "incall", reason: "" },
  { user_id: "a", ts: T + 1000, status: "wrapup", reason: null },
  { user_id: "9", ts: T, status: "ready" },
  { user_id: "a", ts: T + 200, status: "ready" },
];

test("columns, types and compression read back by DuckDB; rows sorted by user_id, ts, seq; seq the input position", async () => {
  const dir = fresh("mixed");
  const summary = await exportParquet(mixed, dir);
  const file = join(dir, "date=2026-03-10", "part-0.parquet");
  assert.deepEqual(summary, { events: 6, files: [file], days: ["2026-03-10"], firstSeq: 0, lastSeq: 5, bytes: readFileSync(file).length });
  // The file's own columns (DuckDB would add `date` from the path otherwise).
  const schema = await query(`DESCRIBE SELECT * FROM read_parquet(${sqlText(file)}, hive_partitioning = false)`);
  assert.deepEqual(schema.map((c) => [c.column_name, c.column_type]), [["user_id", "VARCHAR"], ["ts", "BIGINT"], ["status", "VARCHAR"], ["reason", "VARCHAR"], ["seq", "BIGINT"]]);
  const physical = await query(`SELECT DISTINCT path_in_schema AS col, type, compression FROM parquet_metadata(${sqlText(file)}) ORDER BY col`);
  assert.deepEqual(physical, [
    { col: "reason", type: "BYTE_ARRAY", compression: "ZSTD" },
    { col: "seq", type: "INT64", compression: "ZSTD" },
    { col: "status", type: "BYTE_ARRAY", compression: "ZSTD" },
    { col: "ts", type: "INT64", compression: "ZSTD" },
    { col: "user_id", type: "BYTE_ARRAY", compression: "ZSTD" },
  ]);
  // By hand: user_id in byte order ("10" < "9" < "a" < "b"), then ts, then seq.
  const rows = (await readBack(dir)).map(({ file: f, row, ...r }) => r);
  assert.deepEqual(rows, [
    { user_id: "10", ts: T + 500, status: "paused", reason: "break", seq: 1 },
    { user_id: "9", ts: T, status: "ready", reason: null, seq: 4 },
    { user_id: "a", ts: T + 200, status: "ready", reason: null, seq: 5 },
    { user_id: "a", ts: T + 1000, status: "incall", reason: null, seq: 2 },
    { user_id: "a", ts: T + 1000, status: "wrapup", reason: null, seq: 3 },
    { user_id: "b", ts: T + 1000, status: "ready", reason: null, seq: 0 },
  ]);
  // Hive partitioning: the date comes from the path, and matches each row's UTC day.
  const hive = await query(`SELECT DISTINCT CAST(date AS VARCHAR) AS date FROM read_parquet(${sqlText(`${dir}/*/*.parquet`)}, hive_partitioning = true)`);
  assert.deepEqual(hive, [{ date: "2026-03-10" }]);
  assert.deepEqual(tree(dir), ["date=2026-03-10/part-0.parquet"], "no temp file left");
});

test("one folder per UTC day: 23:59:59.999Z and 00:00:00.000Z land in different days", async () => {
  const dir = fresh("days");
  const events = [
    { user_id: 1, ts: Date.UTC(2026, 2, 11, 0, 0, 0, 0), status: "ready" },
    { user_id: 1, ts: Date.UTC(2026, 2, 10, 23, 59, 59, 999), status: "paused", reason: "lunch" },
    { user_id: 2, ts: Date.UTC(2026, 1, 28, 12), status: "ready" },
    { user_id: 2, ts: 0, status: "offline" },
  ];
  const summary = await exportParquet(events, dir);
  assert.deepEqual(summary.days, ["1970-01-01", "2026-02-28", "2026-03-10", "2026-03-11"]);
  assert.deepEqual(tree(dir), ["date=1970-01-01/part-0.parquet", "date=2026-02-28/part-0.parquet", "date=2026-03-10/part-0.parquet", "date=2026-03-11/part-0.parquet"]);
  assert.deepEqual(summary.files, summary.days.map((d) => join(dir, `date=${d}`, "part-0.parquet")));
  const rows = await readBack(dir);
  assert.deepEqual(rows.map((r) => [r.file, r.ts, r.seq]), [
    ["date=1970-01-01/part-0.parquet", 0, 3],
    ["date=2026-02-28/part-0.parquet", Date.UTC(2026, 1, 28, 12), 2],
    ["date=2026-03-10/part-0.parquet", Date.UTC(2026, 2, 10, 23, 59, 59, 999), 1],
    ["date=2026-03-11/part-0.parquet", Date.UTC(2026, 2, 11), 0],
  ]);
  // Each row's own UTC date, by DuckDB, equals its folder's.
  const wrong = await query(`SELECT count(*) AS n FROM read_parquet(${sqlText(`${dir}/*/*.parquet`)}, hive_partitioning = true)
    WHERE CAST(CAST(epoch_ms(ts) AS DATE) AS VARCHAR) <> CAST(date AS VARCHAR)`);
  assert.deepEqual(wrong, [{ n: 0 }]);
});

test("a second export adds part-1 in a shared day, continues seq, and leaves every earlier file's bytes as they were", async () => {
  const dir = fresh("append");
  const first = [
    { user_id: "7", ts: Date.UTC(2026, 2, 9, 22), status: "ready" },
    { user_id: "7", ts: Date.UTC(2026, 2, 10, 1), status: "incall" },
    { user_id: "8", ts: Date.UTC(2026, 2, 10, 2), status: "ready" },
  ];
  const second = [
    { user_id: "7", ts: Date.UTC(2026, 2, 10, 1), status: "wrapup" }, // equal ts to seq 1: after it by seq
    { user_id: "8", ts: Date.UTC(2026, 2, 11, 3), status: "paused", reason: "break" },
  ];
  const a = await exportParquet(first, dir);
  assert.deepEqual([a.firstSeq, a.lastSeq, a.days], [0, 2, ["2026-03-09", "2026-03-10"]]);
  const before = Object.fromEntries(tree(dir).map((f) => [f, sha256(join(dir, f))]));
  const b = await exportParquet(second, dir);
  assert.deepEqual([b.events, b.firstSeq, b.lastSeq, b.days], [2, 3, 4, ["2026-03-10", "2026-03-11"]]);
  assert.deepEqual(b.files, [join(dir, "date=2026-03-10", "part-1.parquet"), join(dir, "date=2026-03-11", "part-0.parquet")]);
  assert.deepEqual(tree(dir), ["date=2026-03-09/part-0.parquet", "date=2026-03-10/part-0.parquet", "date=2026-03-10/part-1.parquet", "date=2026-03-11/part-0.parquet"]);
  for (const [f, hash] of Object.entries(before)) assert.equal(sha256(join(dir, f)), hash, `${f} unchanged`);
  assert.deepEqual(await bySeq(dir), [...first.map(rowOf), ...second.map((e, i) => rowOf(e, 3 + i))]);
  // Across files, (ts, seq) orders the tie of agent 7 at 01:00: incall (seq 1) then wrapup (seq 3).
  const tie = await query(`SELECT status FROM read_parquet(${sqlText(`${dir}/*/*.parquet`)}) WHERE user_id = '7' AND ts = ${Date.UTC(2026, 2, 10, 1)} ORDER BY seq`);
  assert.deepEqual(tie.map((r) => r.status), ["incall", "wrapup"]);
  // options.seqStart overrides the directory's seq.
  const c = await exportParquet([{ user_id: "9", ts: Date.UTC(2026, 2, 10, 5), status: "ready" }], dir, { seqStart: 100 });
  assert.deepEqual([c.firstSeq, c.lastSeq, c.files], [100, 100, [join(dir, "date=2026-03-10", "part-2.parquet")]]);
  const d = await exportParquet([{ user_id: "9", ts: Date.UTC(2026, 2, 10, 6), status: "idle" }], dir);
  assert.deepEqual([d.firstSeq, d.files], [101, [join(dir, "date=2026-03-10", "part-3.parquet")]]);
  // A gap in the numbers (a file copied in as part-7): the next is part-8, and nothing is replaced.
  copyFileSync(join(dir, "date=2026-03-11", "part-0.parquet"), join(dir, "date=2026-03-11", "part-7.parquet"));
  const hashes = Object.fromEntries(tree(dir).map((f) => [f, sha256(join(dir, f))]));
  const e = await exportParquet([{ user_id: "9", ts: Date.UTC(2026, 2, 11, 6), status: "idle" }], dir);
  assert.deepEqual([e.firstSeq, e.files], [102, [join(dir, "date=2026-03-11", "part-8.parquet")]]);
  for (const [f, hash] of Object.entries(hashes)) assert.equal(sha256(join(dir, f)), hash, `${f} unchanged`);
});

test("AgentLog.compact()'s NDJSON, exported after two successive compactions, is every dropped event with seq in order", async () => {
  const dir = fresh("compact");
  const day = Date.UTC(2026, 2, 10);
  const log = new AgentLog();
  const events = [];
  // Three agents, an event every 7 minutes each over two days, a reason on every fourth.
  for (let k = 0; k < 400; k++) {
    const e = { user_id: 100 + (k % 3), ts: day + k * 7 * 60_000, status: ["ready", "incall", "wrapup", "paused"][k % 4] };
    if (k % 4 === 3) e.reason = k % 8 === 3 ? "break" : "";
    events.push(e);
  }
  log.append(events);
  const one = log.compact(day + 86_400_000 / 2);
  const two = log.compact(day + 86_400_000 * 1.5);
  log.free();
  const lines = (text) => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  const [dropped1, dropped2] = [lines(one), lines(two)];
  assert.ok(dropped1.length >= 100 && dropped2.length >= 100, `${dropped1.length}, ${dropped2.length} events dropped`);
  const s1 = await exportParquet(one, dir);
  const s2 = await exportParquet(two, dir);
  assert.deepEqual([s1.firstSeq, s1.lastSeq, s2.firstSeq, s2.lastSeq], [0, dropped1.length - 1, dropped1.length, dropped1.length + dropped2.length - 1]);
  assert.deepEqual(await bySeq(dir), [...dropped1, ...dropped2].map(rowOf));
  // The package's own reading of the same text, too.
  assert.deepEqual(await bySeq(dir), toAgentEvents(one + two, { format: "ndjson" }).map(rowOf));
  // Sorted within each file by (user_id, ts, seq): DuckDB's row numbers follow that order.
  const unsorted = await query(`SELECT count(*) AS n FROM (
      SELECT file_row_number, row_number() OVER (PARTITION BY filename ORDER BY user_id, ts, seq) - 1 AS sorted
      FROM read_parquet(${sqlText(`${dir}/*/*.parquet`)}, filename = true, file_row_number = true)) WHERE file_row_number <> sorted`);
  assert.deepEqual(unsorted, [{ n: 0 }]);
});

test("NDJSON as the package reads it: BOM, CRLF, blank lines, escapes, 7.0 and 1e3, a duplicate key, reason null and \"\"", async () => {
  const dir = fresh("ndjson");
  const text = '\uFEFF{"user_id":7.0,"ts":1e3,"status":"r\\u00e9ady","reason":null}\r\n\r\n   \n' +
    '{"user_id":"x\\"y","ts":2000,"status":"ready","status":"paused","reason":"lunch \\ud83c\\udf54","extra":[1,{"a":2}]}\n' +
    '{"user_id":-3,"ts":3000,"status":"idle","reason":""}';
  await exportParquet(text, dir);
  const want = [
    { user_id: "7", ts: 1000, status: "réady", reason: null, seq: 0 },
    { user_id: 'x"y', ts: 2000, status: "paused", reason: "lunch 🍔", seq: 1 },
    { user_id: "-3", ts: 3000, status: "idle", reason: null, seq: 2 },
  ];
  assert.deepEqual(await bySeq(dir), want);
  assert.deepEqual(toAgentEvents(text, { format: "ndjson" }).map(rowOf), want, "the package reads the same");
});

test("bad events: the package's error naming the event, nothing written", async () => {
  const dir = fresh("bad");
  await assert.rejects(exportParquet([{ user_id: 1, ts: 0, status: "ready" }, { user_id: 1, ts: 1.5, status: "ready" }], dir), (e) => e instanceof RangeError && /^events\[1\]\.ts: /.test(e.message));
  await assert.rejects(exportParquet([{ user_id: 1, ts: 0, status: "" }], dir), /^RangeError: events\[0\]\.status: /);
  await assert.rejects(exportParquet('{"user_id":1,"ts":0,"status":"ready"}\n{"user_id":1,"ts":-5,"status":"ready"}\n', dir), /^RangeError: line 2: ts: /);
  await assert.rejects(exportParquet(5, dir), /^TypeError: events: /);
  await assert.rejects(exportParquet([], ""), /^TypeError: outDir: /);
  await assert.rejects(exportParquet([], dir, { seqStart: -1 }), /^RangeError: options\.seqStart: /);
  // A misspelt option is refused, as agentKpis refuses one (not a silent default seq).
  await assert.rejects(exportParquet([{ user_id: 1, ts: 0, status: "ready" }], dir, { seqstart: 1 }), /^TypeError: options\.seqstart: unknown option/);
  assert.equal(existsSync(dir), false);
  // No events: no file, no seq.
  assert.deepEqual(await exportParquet("", dir), { events: 0, files: [], days: [], firstSeq: null, lastSeq: null, bytes: 0 });
  assert.deepEqual(tree(dir), []);
});

test("CLI: a recorded log's events, seq in file order, one line on stderr, nothing on stdout (json summary with --format json)", async () => {
  const dir = fresh("cli");
  const file = join(root, "tests", "fixtures", "day-shift.json");
  const events = JSON.parse(readFileSync(file, "utf8"));
  const r = run(["export", file, "--out", dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, new RegExp(`^agent-kpis: exported ${events.length} events from .*day-shift\\.json to 1 file, 1 day \\(2026-03-10\\), seq 0-${events.length - 1}, \\d+ bytes, in .*\\n$`));
  assert.deepEqual(await bySeq(dir), events.map(rowOf));
  // Again, through stdin, with the summary on stdout: a part-1 after the first export's seq.
  const j = run(["export", "-", "--out", dir, "--format", "json"], readFileSync(file));
  assert.equal(j.status, 0, j.stderr);
  const summary = JSON.parse(j.stdout);
  const part1 = join(dir, "date=2026-03-10", "part-1.parquet");
  assert.deepEqual(summary, { events: events.length, files: [part1], days: ["2026-03-10"], firstSeq: events.length, lastSeq: 2 * events.length - 1, bytes: readFileSync(part1).length });
});

test("CLI: --log-format asterisk-queue-log exports the derived events, equal to toAgentEvents of the same log", async () => {
  const folder = join(root, "tests", "fixtures", "platforms", "asterisk-queue-log");
  const logs = readdirSync(folder).filter((f) => f.endsWith(".log"));
  assert.ok(logs.length >= 4, logs.join(", "));
  for (const name of logs) {
    const dir = fresh(`asterisk-${name}`);
    const text = readFileSync(join(folder, name), "utf8");
    const r = run(["export", join(folder, name), "--out", dir, "--log-format", "asterisk-queue-log"]);
    assert.equal(r.status, 0, r.stderr);
    const want = toAgentEvents(text, { format: "asterisk-queue-log" });
    assert.ok(want.length > 0, name);
    assert.deepEqual(await bySeq(dir), want.map(rowOf), name);
  }
});

test("CLI: bad data exits 1 naming file, line and field; bad usage exits 2; nothing on stdout, nothing written", () => {
  const dir = fresh("cli-bad");
  const bad = join(out, "bad.ndjson");
  writeFileSync(bad, '{"user_id":1,"ts":0,"status":"ready"}\n{"user_id":1,"ts":0,"status":"ready","reason":5}\n');
  const r = run(["export", bad, "--out", dir]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^agent-kpis: .*bad\.ndjson: line 2: reason: /);
  assert.equal(r.stdout, "");
  for (const [args, message] of [
    [["export", bad], /--out DIR is required/],
    [["export", bad, "--out", dir, "--since", "0"], /unknown option --since/],
    [["export", bad, "--out", dir, "--format", "csv"], /--format: an export prints text or json, got csv/],
    [["export", bad, "--out", dir, "--log-format", "queue_log"], /--log-format: unknown format "queue_log"/],
    [["export", bad, "--out", dir, "--log-format", "asterisk-queue-log", "--ts-unit", "s"], /--ts-unit: does not apply/],
    [["export", bad, "--out", dir, "--status-map", join(out, "missing.json")], /--status-map .*missing\.json: no such file/],
    [["export", join(out, "missing.ndjson"), "--out", dir], /missing\.ndjson: no such file/],
    [["export", bad, bad, "--out", dir], /expected one LOG, got 2/],
    [[bad, "--out", dir], /unknown option --out/],
    // --out naming a file: a usage error naming --out (not a file-system error, exit 1).
    [["export", bad, "--out", bad], /--out .*bad\.ndjson: not a folder/],
  ]) {
    const u = run(args);
    assert.equal(u.status, 2, `${args.join(" ")}: ${u.stderr}`);
    assert.match(u.stderr, message, args.join(" "));
    assert.equal(u.stdout, "", args.join(" "));
  }
  assert.equal(existsSync(dir), false);
  // An empty LOG (a quiet hour) exports nothing and succeeds, as its report does.
  const empty = join(out, "empty.ndjson");
  writeFileSync(empty, "");
  const e = run(["export", empty, "--out", dir, "--format", "json"]);
  assert.equal(e.status, 0, e.stderr);
  assert.deepEqual(JSON.parse(e.stdout), { events: 0, files: [], days: [], firstSeq: null, lastSeq: null, bytes: 0 });
  assert.match(e.stderr, /exported 0 events from .*empty\.ndjson to 0 files, 0 days, 0 bytes/);
  const help = run(["export", "--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: agent-kpis export \[LOG\] --out DIR/);
  assert.match(run(["--help"]).stdout, /agent-kpis export \[LOG\] --out DIR/);
});

test("without @duckdb/node-api: the CLI exits 2 with the install hint, and agent-kpis/parquet rejects with ERR_AGENT_KPIS_PARQUET_WRITER", () => {
  const tarballs = readdirSync(join(root, "tests", "out")).filter((f) => /^agent-kpis-.*\.tgz$/.test(f));
  assert.equal(tarballs.length, 1, "make install-pkg packs one tarball into tests/out");
  // Outside the repository, so that the repository's node_modules (which has DuckDB) is not found.
  const project = mkdtempSync(join(tmpdir(), "agent-kpis-no-duckdb-"));
  try {
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "no-duckdb", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", join(root, "tests", "out", tarballs[0])], { cwd: project, stdio: "pipe" });
    assert.equal(existsSync(join(project, "node_modules", "@duckdb")), false, "the optional peer dependency is not installed");
    const manifest = JSON.parse(readFileSync(join(project, "node_modules", "agent-kpis", "package.json"), "utf8"));
    assert.deepEqual([manifest.peerDependencies, manifest.peerDependenciesMeta], [{ "@duckdb/node-api": "^1.5.6-r.1" }, { "@duckdb/node-api": { optional: true } }]);
    assert.deepEqual(manifest.exports["./parquet"], { types: "./parquet.d.mts", node: "./parquet.mjs" });
    const dir = join(project, "lake");
    const r = spawnSync(process.execPath, [join(project, "node_modules", "agent-kpis", "cli.mjs"), "export", join(root, "tests", "fixtures", "day-shift.json"), "--out", dir], { cwd: project, encoding: "utf8" });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /npm install @duckdb\/node-api/);
    assert.equal(r.stdout, "");
    assert.equal(existsSync(dir), false);
    const probe = `import("agent-kpis/parquet").then((m) => m.exportParquet([{ user_id: 1, ts: 0, status: "ready" }], "lake"))
      .then(() => console.log("resolved"), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`;
    const p = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: project, encoding: "utf8" });
    assert.equal(p.status, 0, p.stderr);
    const got = JSON.parse(p.stdout);
    assert.equal(got.code, "ERR_AGENT_KPIS_PARQUET_WRITER");
    assert.match(got.message, /npm install @duckdb\/node-api/);
    assert.equal(existsSync(dir), false);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test("TypeScript: agent-kpis/parquet's declarations type-check strictly, with no any", () => {
  const pkgDir = join(root, "node_modules", "agent-kpis");
  const dts = readFileSync(join(pkgDir, "parquet.d.mts"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  assert.doesNotMatch(dts, /\bany\b/);
  const dir = mkdtempSync(join(root, "tests", "out", "ts-export-"));
  writeFileSync(join(dir, "consumer.ts"), `
    import { AgentLog } from "agent-kpis";
    import { exportParquet, loadParquetWriter, type ExportSummary, type ExportParquetOptions } from "agent-kpis/parquet";
    const log = new AgentLog();
    const options: ExportParquetOptions = { seqStart: 5 };
    const a: Promise<ExportSummary> = exportParquet(log.compact(0), "lake", options);
    const b: Promise<ExportSummary> = exportParquet([{ user_id: 7, ts: 0, status: "ready", reason: null }], "lake");
    a.then((s) => { const first: number | null = s.firstSeq; const files: string[] = s.files; console.log(first, files, s.bytes, s.days, s.events, s.lastSeq); });
    console.log(b, loadParquetWriter);
    // @ts-expect-error ts must be a number
    exportParquet([{ user_id: 7, ts: "0", status: "ready" }], "lake");
    // @ts-expect-error unknown option
    exportParquet([], "lake", { seqstart: 1 });
  `);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", noUncheckedIndexedAccess: true, typeRoots: [], types: [] },
    files: ["consumer.ts"],
  }));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  try {
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("the SQL recipe ships in the package (agent-kpis/agent_kpis.sql), the same text as docs/agent_kpis.sql", () => {
  const shipped = readFileSync(fileURLToPath(import.meta.resolve("agent-kpis/agent_kpis.sql")), "utf8");
  assert.equal(shipped, readFileSync(join(root, "docs", "agent_kpis.sql"), "utf8"));
});
