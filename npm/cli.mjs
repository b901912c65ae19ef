#!/usr/bin/env node
// @ts-check
// agent-kpis: agent KPIs from a recorded agent-state log (JSON array, NDJSON or CSV, optionally
// gzip-compressed), computed by the package's wasm engine. See `agent-kpis --help`.
import { createReadStream, readFileSync, statSync } from "node:fs";
import { parseArgs as parseArgv } from "node:util";
import { createGunzip } from "node:zlib";
import { AgentLog, parseTime } from "./node/index.mjs";

/** @typedef {import("./node/index.mjs").AgentKpis} AgentKpis */
/** @typedef {import("./node/index.mjs").AgentSchedule} AgentSchedule */
/** @typedef {import("./node/index.mjs").AgentsResponse} AgentsResponse */
/** @typedef {import("./node/index.mjs").IntervalReport} IntervalReport */
/** @typedef {import("./node/index.mjs").IntervalRow} IntervalRow */
/** @typedef {"table" | "json" | "csv" | "ndjson"} Format */
/**
 * A row of table, csv and ndjson output: an agent's KPIs, or an agent's over one interval.
 * @typedef {AgentKpis | (IntervalRow & { user_id: string })} Row
 */
/**
 * The command line, parsed and checked.
 * @typedef {object} Options
 * @property {boolean} help
 * @property {string | undefined} log
 * @property {Format} format
 * @property {number | undefined} since
 * @property {number | undefined} now
 * @property {number | undefined} from
 * @property {number | undefined} to
 * @property {string | undefined} schedules
 * @property {string | undefined} timezone
 * @property {number | null} sampleMs
 * @property {number | undefined} interval
 */

const HELP = `Usage: agent-kpis [LOG] [options]

Agent KPIs (time per status, logged-in time, occupancy, utilization, adherence) from a recorded
agent-state event log.

LOG is a file, or - (or nothing, when piped) for standard input: a JSON array of events, NDJSON
(one event per line) or CSV with a header naming user_id, ts, status and optionally reason; the
format is detected from the content. gzip-compressed input (.gz) is detected too.

Options:
  --since T            window start (default: 00:00 UTC of the day of the log's first event)
  --now T              window end (default: the log's last event)
  --schedules FILE     JSON: an array of schedules, or { "schedules": [...], "timezone": "..." }
  --timezone ZONE      the account's IANA zone, for schedules without one and for T without an
                       offset (default UTC)
  --sample-ms N        adherence sample step in ms (default 300000; 0 = exact)
  --format F           table (default), json (the GET /v1/agents shape), csv, ndjson
  --interval D         interval report: one row per agent and interval (e.g. 15m, 30m, 1h, 900000)
  --from T, --to T     interval report range (default: --since and --now)
  -h, --help           this help

T is epoch milliseconds or an ISO-8601 date-time: with Z or an offset (2026-03-10T08:00:00Z,
2026-03-10T09:00+01:00) it is that instant; without one (2026-03-10T08:00, 2026-03-10) it is that
wall-clock time in --timezone, never in this machine's zone (a time skipped by a DST change moves
forward by the gap; a repeated one is the earlier instant). Exit status: 0 on
success, 1 for bad data (the message names the file, line and field), 2 for bad usage. Nothing is
written to standard output unless the whole log was read.`;

class UsageError extends Error {}
class DataError extends Error {}

/**
 * `obj[key]` when `key` is an own property of `obj`, else undefined. Keys that come from the data
 * or the command line (statuses, reasons, user ids, option names) are looked up with this:
 * `obj[key]` alone would find what every object inherits (`constructor`, `toString`, `__proto__`,
 * …) for a key the object does not have.
 * @template T
 * @param {Readonly<Record<string, T>>} obj
 * @param {string} key
 * @returns {T | undefined}
 */
const own = (obj, key) => (Object.hasOwn(obj, key) ? obj[key] : undefined);

/** @param {unknown} e an exception */
const messageOf = (e) => (e instanceof Error ? e.message : String(e));

/**
 * A value from JSON.parse that is an object (not null, not an array).
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A value from JSON.parse that is an array (of values not known yet).
 * @param {unknown} v
 * @returns {v is unknown[]}
 */
const isList = (v) => Array.isArray(v);

/**
 * The options, for node:util's parseArgs; every one but --help takes a value.
 * @satisfies {Record<string, { type: "string" | "boolean", short?: string }>}
 */
const OPTIONS = {
  since: { type: "string" },
  now: { type: "string" },
  schedules: { type: "string" },
  timezone: { type: "string" },
  "sample-ms": { type: "string" },
  format: { type: "string" },
  interval: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  help: { type: "boolean", short: "h" },
};
/** @type {readonly Format[]} */
const FORMATS = ["table", "json", "csv", "ndjson"];

/**
 * @param {string} f
 * @returns {f is Format}
 */
const isFormat = (f) => FORMATS.some((x) => x === f);

/**
 * @param {string[]} argv the arguments after the script's path
 * @returns {Options}
 */
function parseArgs(argv) {
  // Not strict: its errors are its own words and it would refuse `--since -1` outright (a value
  // that looks like an option). The tokens are checked here instead, in order, so the first bad
  // argument is the one named.
  const { values, positionals, tokens } = parseArgv({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind === "positional") continue;
    const arg = argv[t.index];
    if (t.kind === "option-terminator") throw new UsageError(`unknown option ${arg}`);
    const spec = own(OPTIONS, t.name);
    // An argument that is not the option's name alone (or `--name=value` for a valued option) is
    // unknown as a whole: `-hx` (which parseArgs splits into -h and -x), `--help=yes`.
    if (spec === undefined || (arg !== t.rawName && !(spec.type === "string" && t.inlineValue))) throw new UsageError(`unknown option ${arg}`);
    if (spec.type === "string" && t.value === undefined) throw new UsageError(`${t.rawName} needs a value`);
  }
  /** A valued option's value (checked above to be a string when given). */
  const value = (/** @type {string} */ name) => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  if (positionals.length > 1) throw new UsageError(`expected one LOG, got ${positionals.length}`);
  const format = value("format") ?? "table";
  if (!isFormat(format)) throw new UsageError(`--format must be table, json, csv or ndjson, got ${format}`);
  const zone = value("timezone") ?? "UTC";
  const at = (/** @type {string} */ name) => {
    const v = value(name);
    return v === undefined ? undefined : time(v, `--${name}`, zone);
  };
  const [since, now, from, to] = [at("since"), at("now"), at("from"), at("to")];
  /** @type {number | null} */
  let sampleMs = null;
  const step = value("sample-ms");
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) throw new UsageError(`--sample-ms must be a non-negative integer, got ${step}`);
    sampleMs = Number(step);
  }
  const every = value("interval");
  const interval = every === undefined ? undefined : duration(every);
  return {
    help: values.help === true, log: positionals[0], format, since, now, from, to,
    schedules: value("schedules"), timezone: value("timezone"), sampleMs, interval,
  };
}

/**
 * Epoch ms, or ISO-8601 read by the package (jiff): exact with an offset, else in `zone`.
 * @param {string} text
 * @param {string} name the option, for the error
 * @param {string} zone the IANA zone of a time without an offset
 * @returns {number}
 */
function time(text, name, zone) {
  try {
    return parseTime(text, zone);
  } catch (e) {
    throw new UsageError(messageOf(e).replace(/^text:/, `${name}:`).replace(/^timezone:/, "--timezone:"));
  }
}

/** Milliseconds per unit of a duration. */
const UNITS = new Map([["ms", 1], ["s", 1000], ["m", 60_000], ["h", 3_600_000]]);

/**
 * A positive duration: digits with an optional unit (ms, s, m, h; ms without one).
 * @param {string} text
 * @returns {number} milliseconds
 */
function duration(text) {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text);
  const unit = m && UNITS.get(m[2] ?? "ms");
  if (!m || !unit || Number(m[1]) === 0) throw new UsageError(`--interval: expected a positive duration such as 15m, 1h or 900000, got ${JSON.stringify(text)}`);
  return Number(m[1]) * unit;
}

/**
 * The chunks of a byte stream (one without an encoding: its chunks are Buffers).
 * @param {AsyncIterable<unknown>} stream
 * @returns {AsyncGenerator<Buffer, void, undefined>}
 */
async function* bytes(stream) {
  for await (const chunk of stream) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError(`expected bytes from the input, got a ${typeof chunk}`);
    yield chunk;
  }
}

/**
 * Reads the log into `log` in chunks of whole lines (NDJSON, CSV) or at once (JSON array).
 * @param {AgentLog} log
 * @param {string | undefined} file the LOG argument (`-` or none: standard input)
 * @returns {Promise<string>} the log's name for messages
 */
async function load(log, file) {
  const stdin = file === undefined || file === "-";
  const name = stdin ? "<stdin>" : file;
  let size = 0;
  /** @type {AsyncIterable<unknown>} */
  let stream;
  if (stdin) {
    if (process.stdin.isTTY) throw new UsageError("no LOG given and standard input is a terminal (try --help)");
    stream = process.stdin;
  } else {
    try {
      size = statSync(file).size;
    } catch {
      throw new UsageError(`${file}: no such file`);
    }
    stream = createReadStream(file);
  }
  // gzip: detected from the magic bytes of the first chunk.
  const input = bytes(stream);
  const first = await input.next();
  /** @type {AsyncIterable<Buffer>} */
  let source = (async function* () {
    if (!first.done) yield first.value;
    yield* input;
  })();
  if (!first.done && first.value[0] === 0x1f && first.value[1] === 0x8b) {
    const gunzip = createGunzip();
    const compressed = source;
    (async () => {
      try {
        for await (const chunk of compressed) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once("drain", r));
        gunzip.end();
      } catch (e) {
        gunzip.destroy(e instanceof Error ? e : new Error(messageOf(e)));
      }
    })();
    source = bytes(gunzip);
    size = 0; // the compressed size says little about progress
  }
  const progress = process.stderr.isTTY && size > 50e6 ? new Progress(size) : null;
  const CHUNK = 8 << 20;
  // Incoming pieces are collected and joined once per chunk (joining on every piece would copy the
  // growing chunk again for each 64 KB read).
  /** @type {Buffer[]} */
  let pieces = [];
  let piecesLength = 0;
  /** @type {"json" | "ndjson" | "csv" | null} */
  let format = null;
  /** @type {Buffer | null} */
  let header = null; // CSV header line, prepended to every chunk
  let lineOffset = 0; // lines before the current chunk
  /** @type {Buffer[]} */
  const whole = [];
  /**
   * Appends the complete records at the start of `buf` (all of it when `final`); returns the rest.
   * @param {Buffer} buf
   * @param {boolean} final
   * @returns {Buffer}
   */
  const feed = (buf, final) => {
    if (format === null) {
      const i = buf.findIndex((b) => !(b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf));
      if (i < 0 && !final) return buf;
      format = buf[i] === 0x5b ? "json" : buf[i] === 0x7b ? "ndjson" : "csv";
    }
    if (format === "json") {
      whole.push(buf);
      return Buffer.alloc(0);
    }
    let cut = final ? buf.length : lastRecordEnd(buf, format === "csv");
    if (cut <= 0) return buf;
    let body = buf.subarray(0, cut);
    let extra = 0;
    if (format === "csv") {
      if (header === null) {
        const nl = body.indexOf(0x0a);
        header = nl < 0 ? body : body.subarray(0, nl + 1);
      } else {
        body = Buffer.concat([header, body]);
        extra = 1;
      }
    }
    const lines = countLines(buf.subarray(0, cut));
    try {
      if (format === "csv") log.appendCsv(body);
      else log.appendJson(body);
    } catch (e) {
      throw new DataError(`${name}: ${shiftLine(messageOf(e), lineOffset - extra)}`);
    }
    lineOffset += lines;
    return buf.subarray(cut);
  };
  for await (const chunk of source) {
    progress?.add(chunk.length);
    pieces.push(chunk);
    piecesLength += chunk.length;
    if (piecesLength >= CHUNK) {
      const rest = feed(Buffer.concat(pieces, piecesLength), false);
      pieces = rest.length ? [rest] : [];
      piecesLength = rest.length;
    }
  }
  if (piecesLength || format === null) feed(Buffer.concat(pieces, piecesLength), true);
  if (format === "json") {
    try {
      log.appendJson(Buffer.concat(whole));
    } catch (e) {
      throw new DataError(`${name}: ${messageOf(e)}`);
    }
  }
  progress?.done();
  return name;
}

/**
 * End of the last complete record in `buf` (after its newline); for CSV, not inside quotes.
 * @param {Buffer} buf
 * @param {boolean} csv
 */
function lastRecordEnd(buf, csv) {
  if (!csv) return buf.lastIndexOf(0x0a) + 1;
  let inQuotes = false;
  let end = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === 0x22) inQuotes = !inQuotes;
    else if (b === 0x0a && !inQuotes) end = i + 1;
  }
  return end;
}

/** @param {Buffer} buf */
function countLines(buf) {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * Turns a chunk's `line N:` into the file's line number.
 * @param {string} message
 * @param {number} offset lines before the chunk
 */
function shiftLine(message, offset) {
  return message.replace(/^line (\d+)/, (_, /** @type {string} */ n) => `line ${Number(n) + offset}`);
}

/** A progress bar on standard error. */
class Progress {
  /** @param {number} total bytes */
  constructor(total) {
    /** @type {number} */
    this.total = total;
    /** @type {number} bytes read so far */
    this.seen = 0;
    /** @type {number} when the bar was last drawn (epoch ms) */
    this.last = 0;
  }
  /** @param {number} n bytes read */
  add(n) {
    this.seen += n;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const pct = Math.min(100, (100 * this.seen) / this.total);
    const bar = "#".repeat(Math.round(pct / 4)).padEnd(25, ".");
    process.stderr.write(`\r[${bar}] ${pct.toFixed(0)}% ${(this.seen / 1e6).toFixed(0)}/${(this.total / 1e6).toFixed(0)} MB`);
  }
  done() {
    process.stderr.write("\r\x1b[K");
  }
}

/** @param {number} ms */
const hms = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

/** @param {unknown} v */
const csvCell = (v) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * The output in `format`: `result` whole for json, else its flat rows (one per agent, or per agent
 * and interval: `intervals`).
 * @param {Format} format
 * @param {AgentsResponse | IntervalReport} result
 * @param {Row[]} rows
 * @param {boolean} intervals
 */
function render(format, result, rows, intervals) {
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  if (format === "ndjson") return rows.map((r) => `${JSON.stringify(r)}\n`).join("");
  /** @type {Set<string>} */
  const seen = new Set();
  for (const r of rows) for (const s of Object.keys(r.statusMs)) seen.add(s);
  const statuses = [...seen];
  const scheduled = rows.some((r) => "adherencePct" in r);
  const lead = intervals ? ["user_id", "start", "end"] : ["user_id"];
  const leadCells = (/** @type {Row} */ r) => ("start" in r ? [r.user_id, r.start, r.end] : [r.user_id]);
  if (format === "csv") {
    const head = [...lead, "loggedInMs", "occupancyPct", "utilizationPct", ...(scheduled ? ["adherencePct"] : []), ...statuses.map((s) => `statusMs.${s}`)];
    const body = rows.map((r) => [...leadCells(r), r.loggedInMs, r.occupancyPct, r.utilizationPct, ...(scheduled ? [r.adherencePct] : []), ...statuses.map((s) => own(r.statusMs, s) ?? 0)]);
    return [head, ...body].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
  }
  const iso = (/** @type {number} */ t) => new Date(t).toISOString().slice(0, 16).replace("T", " ");
  const head = [...lead, "logged in", "occupancy", "utilization", ...(scheduled ? ["adherence"] : []), ...statuses];
  const body = rows.map((r) => [
    ...("start" in r ? [r.user_id, iso(r.start), iso(r.end)] : [r.user_id]),
    hms(r.loggedInMs),
    `${r.occupancyPct}%`,
    `${r.utilizationPct}%`,
    ...(scheduled ? [r.adherencePct === undefined ? "" : r.adherencePct === null ? "-" : typeof r.adherencePct === "number" ? `${r.adherencePct}%` : r.adherencePct] : []),
    ...statuses.map((s) => hms(own(r.statusMs, s) ?? 0)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (/** @type {string[]} */ r) => r.map((c, i) => (i < lead.length ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n") + "\n";
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const log = new AgentLog();
  /** @type {{ timezone?: string, adherenceSampleMs?: number }} */
  const timeOptions = {};
  if (opts.timezone !== undefined) timeOptions.timezone = opts.timezone;
  if (opts.sampleMs !== null) timeOptions.adherenceSampleMs = opts.sampleMs;
  if (opts.schedules !== undefined) {
    /** @type {unknown} */
    let doc;
    try {
      doc = JSON.parse(readFileSync(opts.schedules, "utf8"));
    } catch (e) {
      const missing = e instanceof Error && "code" in e && e.code === "ENOENT";
      throw new UsageError(`--schedules ${opts.schedules}: ${missing ? "no such file" : messageOf(e)}`);
    }
    // null has no fields to read: a data error, as reading them always failed (other values that
    // are not objects read as having no fields, hence no schedules).
    if (doc === null) throw new DataError(`${opts.schedules}: expected an array of schedules or { "schedules": [...], "timezone": "..." }, got null`);
    const fields = isRecord(doc) ? doc : null;
    const schedules = isList(doc) ? doc : fields && own(fields, "schedules");
    const zone = fields && own(fields, "timezone");
    // The package checks the schedules and the zone at run time and names a bad field in its error
    // (`schedules[0]: expected a schedule object, got 5`), so the file's values go to it as they are.
    if (zone && timeOptions.timezone === undefined) timeOptions.timezone = /** @type {string} */ (zone);
    try {
      log.setSchedules(/** @type {AgentSchedule[] | null} */ (schedules ?? null));
    } catch (e) {
      throw new DataError(`${opts.schedules}: ${messageOf(e)}`);
    }
  }
  await load(log, opts.log);
  const { firstTs, lastTs } = log.stats();
  const DAY = 86_400_000;
  const now = opts.now ?? lastTs ?? 0;
  const since = opts.since ?? (firstTs === null ? now : Math.floor(firstTs / DAY) * DAY);
  /** @type {AgentsResponse | IntervalReport} */
  let result;
  /** @type {Row[]} */
  let rows;
  try {
    if (opts.interval) {
      const report = log.intervals(opts.from ?? since, opts.to ?? now, opts.interval, { now, ...timeOptions });
      result = report;
      rows = report.agents.flatMap((a) => a.intervals.map((r) => ({ user_id: a.user_id, ...r })));
    } else {
      result = log.kpis(since, { now, ...timeOptions });
      rows = result.agents;
    }
  } catch (e) {
    throw new UsageError(messageOf(e).replace(/^since:/, "--since:").replace(/^options\.timezone:/, "--timezone:"));
  }
  process.stdout.write(render(opts.format, result, rows, Boolean(opts.interval)));
  if (process.env.AGENT_KPIS_REPORT_RSS) process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS} KiB\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (/** @type {unknown} */ e) => {
    const usage = e instanceof UsageError;
    process.stderr.write(`agent-kpis: ${messageOf(e)}${usage ? "\n(see agent-kpis --help)" : ""}\n`);
    process.exit(usage ? 2 : e instanceof DataError ? 1 : 1);
  },
);
