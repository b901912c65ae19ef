// @ts-check
// agent-kpis/parquet: events exported as Hive-partitioned Parquet for a data lake (Node only).
//   DIR/date=YYYY-MM-DD/part-N.parquet, one folder per UTC day of `ts`, N the next unused number
//   in that folder; columns user_id VARCHAR, ts BIGINT (epoch ms), status VARCHAR, reason VARCHAR
//   (NULL for none), seq BIGINT; rows sorted by (user_id, ts, seq); zstd.
// The writer is DuckDB (`@duckdb/node-api`), an optional peer dependency loaded on first use.
// Events are validated by the package itself (AgentLog.append for objects, AgentLog.appendJson
// for NDJSON), so the rules and the error messages are those of the rest of the package.
import { linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, existsSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { AgentLog } from "./node/index.mjs";

/** @typedef {import("./node/index.mjs").AgentEvent} AgentEvent */

/**
 * Options of {@link exportParquet}.
 * @typedef {object} ExportParquetOptions
 * @property {number} [seqStart] the `seq` of the first event of this call (a non-negative safe
 *   integer); default: one more than the largest `seq` already in the directory, or 0 when it
 *   holds no Parquet file yet.
 */

/**
 * What {@link exportParquet} wrote.
 * @typedef {object} ExportSummary
 * @property {number} events the events written (rows, over all files)
 * @property {string[]} files the files written, `outDir` joined with `date=YYYY-MM-DD/part-N.parquet`, by day
 * @property {string[]} days the UTC days written (`YYYY-MM-DD`), ascending: one file each
 * @property {number | null} firstSeq `seq` of the first event of the input (null for no events)
 * @property {number | null} lastSeq `seq` of the last event of the input: `firstSeq + events - 1` (null for no events)
 * @property {number} bytes the size of the files written, in bytes
 */

/** The error code of a missing Parquet writer. */
const WRITER_MISSING = "ERR_AGENT_KPIS_PARQUET_WRITER";
const MS_PER_DAY = 86_400_000;

/**
 * Loads the Parquet writer, DuckDB's node API (`@duckdb/node-api`, an optional peer dependency of
 * agent-kpis), as {@link exportParquet} does first: lets a caller (the CLI) say that it is missing
 * before reading its input.
 * @returns {Promise<typeof import("@duckdb/node-api")>} the module
 * @throws {Error} with `code: "ERR_AGENT_KPIS_PARQUET_WRITER"` when it is not installed, its
 *   message saying how to install it (`npm install @duckdb/node-api`); another error of loading it
 *   (a native binding missing for this platform, say) as it comes.
 */
export async function loadParquetWriter() {
  try {
    return await import("@duckdb/node-api");
  } catch (e) {
    const code = e instanceof Error && "code" in e ? e.code : undefined;
    const missing = (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && e instanceof Error && e.message.includes("@duckdb/node-api");
    if (!missing) throw e;
    const error = new Error("the Parquet export needs DuckDB's node API, which is not installed; install it beside agent-kpis: npm install @duckdb/node-api", { cause: e });
    Object.defineProperty(error, "code", { value: WRITER_MISSING, enumerable: true });
    throw error;
  }
}

/**
 * The events of NDJSON text already checked by the package (one event object a line).
 * @param {string} text
 * @returns {AgentEvent[]}
 */
function ndjsonEvents(text) {
  /** @type {AgentEvent[]} */
  const list = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (const line of body.split("\n")) if (line.trim() !== "") list.push(JSON.parse(line));
  return list;
}

/**
 * Reads `events` (checked by the package: an array through `AgentLog.append`, NDJSON through
 * `AgentLog.appendJson`) into dictionary-coded columns: event `i` is `userIds[user[i]]` at `ts[i]` in
 * `statuses[status[i]]` with reason `reasons[reason[i] - 1]` (0: none) on UTC day `day[i]` (days
 * since 1970-01-01); `days` the distinct days, ascending.
 * @param {readonly AgentEvent[] | string} events
 * @returns {{ n: number, userIds: string[], statuses: string[], reasons: string[], user: Int32Array,
 *   ts: Float64Array, status: Int32Array, reason: Int32Array, day: Int32Array, days: number[] }}
 */
function code(events) {
  /** @type {readonly AgentEvent[]} */
  let list;
  if (typeof events === "string") {
    // The package checks the text (its errors name the line: `line 3: ts: …`); the lines, valid
    // JSON objects then, are decoded by JSON.parse: 1M lines in 1.8–3 s against 3.8–5 s for
    // toAgentEvents (measured side by side on a loaded 2-core machine). The same values (tests:
    // a duplicate key's last value, `7.0` and `1e3` as numbers, a leading BOM and blank lines
    // skipped, escapes).
    const log = new AgentLog();
    try {
      log.appendJson(events, { format: "ndjson" });
    } finally {
      log.free();
    }
    list = ndjsonEvents(events);
  } else if (Array.isArray(events)) {
    // The package's own check of every event (its errors name it: `events[17].ts: …`).
    const log = new AgentLog();
    try {
      log.append(events);
    } finally {
      log.free();
    }
    list = events;
  } else {
    throw new TypeError(`events: expected an array of events or NDJSON text (AgentLog.compact's), got ${events === null ? "null" : typeof events}`);
  }
  const n = list.length;
  /** @type {Map<string | number, number>} */
  const userCodes = new Map();
  /** @type {Map<string, number>} */
  const statusCodes = new Map();
  /** @type {Map<string, number>} */
  const reasonCodes = new Map();
  /** @type {string[]} */
  const userIds = [];
  /** @type {string[]} */
  const statuses = [];
  /** @type {string[]} */
  const reasons = [];
  const user = new Int32Array(n), ts = new Float64Array(n), status = new Int32Array(n), reason = new Int32Array(n), day = new Int32Array(n);
  /** @type {Map<string, number>} */
  const byText = new Map();
  /** @type {Set<number>} */
  const days = new Set();
  let lastDay = -1;
  for (let i = 0; i < n; i++) {
    const e = list[i];
    const u = e.user_id;
    let a = userCodes.get(u);
    if (a === undefined) {
      // An integer id is the same agent as its decimal string (7 and "7").
      const text = String(u);
      a = byText.get(text);
      if (a === undefined) {
        a = userIds.length;
        userIds.push(text);
        byText.set(text, a);
      }
      userCodes.set(u, a);
    }
    user[i] = a;
    const t = e.ts;
    ts[i] = t;
    const d = Math.floor(t / MS_PER_DAY);
    day[i] = d;
    if (d !== lastDay) {
      days.add(d);
      lastDay = d;
    }
    let s = statusCodes.get(e.status);
    if (s === undefined) {
      s = statuses.length;
      statuses.push(e.status);
      statusCodes.set(e.status, s);
    }
    status[i] = s;
    const r = e.reason;
    if (r === undefined || r === null || r === "") {
      reason[i] = 0;
    } else {
      let k = reasonCodes.get(r);
      if (k === undefined) {
        reasons.push(r);
        k = reasons.length;
        reasonCodes.set(r, k);
      }
      reason[i] = k;
    }
  }
  return { n, userIds, statuses, reasons, user, ts, status, reason, day, days: [...days].sort((a, b) => a - b) };
}

/**
 * `YYYY-MM-DD` of a day number (days since 1970-01-01), by the proleptic Gregorian calendar
 * (Howard Hinnant's civil_from_days; `Date` stops at year 275760, epoch ms at year 287396).
 * @param {number} z
 */
function civil(z) {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A day folder of the layout. */
const DAY_DIR = /^date=(\d{4,}-\d{2}-\d{2})$/;
/** A part file of the layout. */
const PART = /^part-(\d+)\.parquet$/;

/**
 * What `outDir` holds already: the Parquet files (not dot files) of its day folders, and per
 * day the next unused part number (one more than the largest).
 * @param {string} outDir
 * @returns {{ files: string[], nextPart: Map<string, number> }}
 */
function scan(outDir) {
  /** @type {string[]} */
  const files = [];
  /** @type {Map<string, number>} */
  const nextPart = new Map();
  for (const folder of readdirSync(outDir, { withFileTypes: true })) {
    const m = DAY_DIR.exec(folder.name);
    if (!m || !folder.isDirectory()) continue;
    let next = 0;
    for (const f of readdirSync(join(outDir, folder.name), { withFileTypes: true })) {
      if (!f.isFile() || f.name.startsWith(".") || !f.name.endsWith(".parquet")) continue;
      files.push(join(outDir, folder.name, f.name));
      const p = PART.exec(f.name);
      if (p) next = Math.max(next, Number(p[1]) + 1);
    }
    nextPart.set(m[1], next);
  }
  return { files, nextPart };
}

/** A SQL string literal. @param {string} s */
const literal = (s) => `'${s.replaceAll("'", "''")}'`;

/**
 * The largest `seq` in `files`: from the row groups' statistics (the files' footers, not their
 * data: 9 ms against 70 ms for 2M rows) when every row group has them for `seq`, else read.
 * @param {import("@duckdb/node-api").DuckDBConnection} con
 * @param {string[]} files
 * @returns {Promise<number>} -1 when the files hold no row
 */
async function largestSeq(con, files) {
  const list = `[${files.map(literal).join(", ")}]`;
  const [stats] = (await con.runAndReadAll(`SELECT
      CAST(max(CASE WHEN path_in_schema = 'seq' THEN TRY_CAST(stats_max_value AS BIGINT) END) AS DOUBLE) AS m,
      count(*) FILTER (WHERE path_in_schema = 'seq' AND stats_max_value IS NOT NULL) = count(DISTINCT (file_name, row_group_id)) AS complete
    FROM parquet_metadata(${list})`)).getRows();
  if (stats?.[1] === true) return typeof stats[0] === "number" ? stats[0] : -1;
  const [read] = (await con.runAndReadAll(`SELECT CAST(max(seq) AS DOUBLE) FROM read_parquet(${list})`)).getRows();
  return typeof read?.[0] === "number" ? read[0] : -1;
}

/**
 * Moves the finished file `tmp` to `dir/part-N.parquet` for the first N from `from` whose name is
 * free: a hard link fails rather than replace an existing file (another writer's too), then the
 * temp name is removed. Where the file system has no hard links, a rename after a check.
 * @param {string} tmp
 * @param {string} dir
 * @param {number} from
 * @returns {string} the file's path
 */
function publish(tmp, dir, from) {
  for (let n = from; ; n++) {
    const file = join(dir, `part-${n}.parquet`);
    try {
      linkSync(tmp, file);
      unlinkSync(tmp);
      return file;
    } catch (e) {
      const code = e instanceof Error && "code" in e ? e.code : undefined;
      if (code === "EEXIST") continue;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw e;
      if (existsSync(file)) continue;
      renameSync(tmp, file);
      return file;
    }
  }
}

/**
 * Appends the coded events to the table `e(u, ts, s, r, day, pos)` as DuckDB data chunks filled
 * column by column (a chunk holds 2,048 rows: the vector size). Measured on 1M events: 0.5–0.9 s,
 * against 1.4–2.5 s for the appender's value-by-value calls (six calls and `endRow` per event).
 * @param {typeof import("@duckdb/node-api")} duckdb
 * @param {import("@duckdb/node-api").DuckDBAppender} appender
 * @param {ReturnType<typeof code>} c
 */
function appendChunks(duckdb, appender, c) {
  const { INTEGER, DOUBLE, DuckDBDataChunk } = duckdb;
  const chunk = DuckDBDataChunk.create([INTEGER, DOUBLE, INTEGER, INTEGER, INTEGER, DOUBLE]);
  const size = 2048;
  const columns = [c.user, c.ts, c.status, c.reason, c.day];
  for (let start = 0; start < c.n; start += size) {
    const rows = Math.min(size, c.n - start);
    chunk.rowCount = rows;
    for (let k = 0; k < columns.length; k++) {
      const v = chunk.getColumnVector(k);
      const col = columns[k];
      for (let i = 0; i < rows; i++) v.setItem(i, col[start + i]);
      v.flush();
    }
    const pos = chunk.getColumnVector(5);
    for (let i = 0; i < rows; i++) pos.setItem(i, start + i);
    pos.flush();
    appender.appendDataChunk(chunk);
  }
}

/**
 * Writes events as Parquet files in `outDir`, one per UTC day of `ts`:
 * `outDir/date=YYYY-MM-DD/part-N.parquet`, N the next unused number in that day's folder
 * (created as needed), so a later export adds files beside earlier ones and never modifies or
 * deletes a file. Columns, in order: `user_id` VARCHAR (an integer id as its decimal string),
 * `ts` BIGINT (epoch ms), `status` VARCHAR, `reason` VARCHAR (NULL when the event has none or
 * `""`), `seq` BIGINT (the event's position in `events` plus the call's first seq, see
 * `options.seqStart`); rows sorted by (user_id, ts, seq); zstd compression. Each file is written
 * under a dot-prefixed temp name in its folder (skipped by Spark and by `*.parquet` globs) and
 * moved to its name once complete. Not for two writers into one `outDir` at once (both would
 * start from the same seq). An error while writing (a full disk, say) leaves the days already
 * moved in place and removes the temp file of the day being written.
 *
 * Needs DuckDB's node API (`npm install @duckdb/node-api`), an optional peer dependency of
 * agent-kpis.
 *
 * @param {readonly AgentEvent[] | string} events `{ user_id, ts, status, reason? }` objects as
 *   `agentKpis` takes them, or NDJSON text as `AgentLog.compact(before)` returns it (one event a
 *   line), so that `exportParquet(log.compact(t), dir)` archives what a live log drops.
 * @param {string} outDir the export's root folder (created if missing)
 * @param {ExportParquetOptions} [options]
 * @returns {Promise<ExportSummary>}
 * @throws {Error} with `code: "ERR_AGENT_KPIS_PARQUET_WRITER"` when `@duckdb/node-api` is not
 *   installed (its message says how to install it; checked first); TypeError or RangeError naming the bad event
 *   or field (`events[17].ts: …`, `line 3: ts: …` in NDJSON, `outDir: …`, `options.seqStart: …`),
 *   before anything is written; a file system or DuckDB error as it comes.
 */
export async function exportParquet(events, outDir, options = {}) {
  if (typeof outDir !== "string" || outDir === "") throw new TypeError(`outDir: expected a folder path (a non-empty string), got ${outDir === "" ? '""' : typeof outDir}`);
  if (typeof options !== "object" || options === null) throw new TypeError(`options: expected an object, got ${options === null ? "null" : typeof options}`);
  for (const key of Object.keys(options)) {
    // As agentKpis does: a misspelt option (`seqstart`) is an error, not a silent default.
    if (key !== "seqStart") throw new TypeError(`options.${key}: unknown option (exportParquet takes seqStart)`);
  }
  const { seqStart } = options;
  if (seqStart !== undefined && !(Number.isSafeInteger(seqStart) && seqStart >= 0)) throw new RangeError(`options.seqStart: expected a non-negative safe integer, got ${String(seqStart)}`);
  const duckdb = await loadParquetWriter();
  const c = code(events);
  mkdirSync(outDir, { recursive: true });
  const existing = scan(outDir);
  const db = await duckdb.DuckDBInstance.create(":memory:");
  const con = await db.connect();
  /** @type {string[]} */
  const tmps = [];
  try {
    const base = seqStart ?? (existing.files.length ? (await largestSeq(con, existing.files)) + 1 : 0);
    if (c.n === 0) return { events: 0, files: [], days: [], firstSeq: null, lastSeq: null, bytes: 0 };
    if (!Number.isSafeInteger(base + c.n - 1)) throw new RangeError(`options.seqStart: ${base} + ${c.n} events passes the largest safe integer`);
    await con.run("CREATE TABLE e(u INTEGER, ts DOUBLE, s INTEGER, r INTEGER, day INTEGER, pos DOUBLE)");
    await con.run("CREATE TABLE users(u INTEGER, user_id VARCHAR)");
    await con.run("CREATE TABLE statuses(s INTEGER, status VARCHAR)");
    await con.run("CREATE TABLE reasons(r INTEGER, reason VARCHAR)");
    for (const [table, names, from] of /** @type {const} */ ([["users", c.userIds, 0], ["statuses", c.statuses, 0], ["reasons", c.reasons, 1]])) {
      const a = await con.createAppender(table);
      names.forEach((name, i) => {
        a.appendInteger(i + from);
        a.appendVarchar(name);
        a.endRow();
      });
      a.closeSync();
    }
    const appender = await con.createAppender("e");
    appendChunks(duckdb, appender, c);
    appender.closeSync();
    // Rows are sorted by the agent's rank in user_id order (a string sort of the few ids, not of every row).
    await con.run("CREATE TABLE ranked AS SELECT u, user_id, CAST(row_number() OVER (ORDER BY user_id) AS INTEGER) AS rank FROM users");
    const { days } = c;
    /** @type {string[]} */
    const files = [];
    let bytes = 0;
    const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
    for (const d of days) {
      const date = civil(d);
      const dir = join(outDir, `date=${date}`);
      mkdirSync(dir, { recursive: true });
      const tmp = join(dir, `.part-${tag}.parquet.tmp`);
      tmps.push(tmp);
      await con.run(`COPY (
        SELECT ranked.user_id, CAST(e.ts AS BIGINT) AS ts, statuses.status, reasons.reason, CAST(e.pos AS BIGINT) + ${base} AS seq
        FROM e JOIN ranked USING (u) JOIN statuses USING (s) LEFT JOIN reasons USING (r)
        WHERE e.day = ${d}
        ORDER BY ranked.rank, e.ts, e.pos
      ) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
      const file = publish(tmp, dir, existing.nextPart.get(date) ?? 0);
      files.push(file);
      bytes += statSync(file).size;
    }
    return { events: c.n, files, days: days.map(civil), firstSeq: base, lastSeq: base + c.n - 1, bytes };
  } finally {
    for (const tmp of tmps) rmSync(tmp, { force: true });
    con.closeSync();
    db.closeSync();
  }
}
