#!/usr/bin/env node
// @ts-check
// agent-kpis: agent KPIs from a recorded agent-state log (JSON array, NDJSON or CSV, optionally
// gzip-compressed), computed by the package's wasm engine. See `agent-kpis --help`.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { parseArgs as parseArgv } from "node:util";
import { createGunzip } from "node:zlib";
import { AgentLog, parseTime, toAgentEvents } from "./node/index.mjs";
import { exportParquet, loadParquetWriter } from "./parquet.mjs";

/** @typedef {import("./node/index.mjs").AgentKpis} AgentKpis */
/** @typedef {import("./node/index.mjs").AgentSchedule} AgentSchedule */
/** @typedef {import("./node/index.mjs").AgentsResponse} AgentsResponse */
/** @typedef {import("./node/index.mjs").IntervalReport} IntervalReport */
/** @typedef {import("./node/index.mjs").IntervalRow} IntervalRow */
/** @typedef {"table" | "json" | "csv" | "ndjson"} Format */
/** @typedef {import("./node/index.mjs").LogFormat} LogFormat */
/** @typedef {import("./node/index.mjs").ReadOptions} ReadOptions */
/**
 * The read options as the flags give them: any combination, checked by the package when the log
 * is read (a platform's format with --ts-unit, say, is its RangeError, a usage error here).
 * @typedef {{ format?: LogFormat, timezone?: string, tsUnit?: import("./node/index.mjs").TsUnit, columns?: string, statusMap?: import("./node/index.mjs").StatusMap }} CliReading
 */
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
 * @property {Block[]} include
 * @property {number | undefined} graceMs
 * @property {number | undefined} severeMs
 * @property {string[] | undefined} planned
 * @property {string | undefined} groups
 * @property {LogFormat | undefined} logFormat
 * @property {string | undefined} statusMap
 * @property {string | undefined} columns
 * @property {"ms" | "s" | undefined} tsUnit
 */
/** @typedef {"contacts" | "episodes" | "current" | "team" | "conformance" | "shrinkage"} Block */
/** @typedef {import("./node/index.mjs").Team} Team */
/**
 * A roll-up row of csv and ndjson output: `team`, or one entry of `groups`.
 * @typedef {{ scope: "team" | "group", group?: string } & Team} RollUpRow
 */

const HELP = `Usage: agent-kpis [LOG] [options]
       agent-kpis export [LOG] --out DIR [options]   (Parquet for a data lake: agent-kpis export --help)

Agent KPIs (time per status, logged-in time, occupancy, utilization, adherence) from a recorded
agent-state event log.

LOG is a file, or - (or nothing, when piped) for standard input: a JSON array of events, NDJSON
(one event per line) or CSV with a header naming user_id, ts, status and optionally reason; the
format is detected from the content. gzip-compressed input (.gz) is detected too. A platform's
log is read with --log-format (agent-kpis queue_log --log-format asterisk-queue-log).

Options:
  --log-format F       the LOG's format (default: detected among json, ndjson, csv):
                         json, ndjson, csv      the package's own event formats
                         asterisk-queue-log     Asterisk queue_log (epoch|callid|queue|member|EVENT|…)
                         amazon-connect         Amazon Connect agent event stream (NDJSON or array)
                         twilio-taskrouter      Twilio TaskRouter events (NDJSON or array)
                         genesys-user-details   Genesys Cloud users details query response
  --status-map FILE    JSON { "RawStatus": "ready", "Lunch": { "status": "paused", "reason":
                       "lunch" }, ... }: raw statuses mapped to canonical ones (others unchanged)
  --columns SPEC       CSV header names: user_id=AGENT,ts=TIMESTAMP,status=STATE,reason="REASON
                       CODE" (fields not named keep their own names)
  --ts-unit U          numeric ts in the LOG are ms (default) or s (epoch seconds, fractions
                       allowed); ISO-8601 ts (with Z or an offset; without one, in --timezone)
                       are read in every format
  --since T            window start (default: 00:00 UTC of the day of the log's first event)
  --now T              window end (default: the log's last event)
  --schedules FILE     JSON: an array of schedules, or { "schedules": [...], "timezone": "..." }
  --timezone ZONE      the account's IANA zone, for schedules without one, for T without an
                       offset (default UTC) and for the LOG's timestamps without an offset
  --sample-ms N        adherence sample step in ms (default 300000; 0 = exact)
  --format F           table (default), json (the GET /v1/agents shape), csv, ndjson
  --interval D         interval report: one row per agent and interval (e.g. 15m, 30m, 1h, 900000)
  --from T, --to T     interval report range (default: --since and --now)
  --include LIST       extra blocks, comma-separated: contacts (handled, AHT, talk, after-call
                       work), episodes (status episodes started, ended, longest), current (status
                       at --now and for how long), team (the rows summed; groups with --groups)
  --groups FILE        JSON { "user_id": "group", ... }: team figures per group (implies team)
                       With --schedules, LIST may also name conformance (worked vs scheduled
                       time) and shrinkage (scheduled time not adherent, planned or not):
  --grace D            adherence grace: out-of-adherence exceptions shorter than D count as
                       adherent in adherencePct (e.g. 2m; default 0)
  --severe D           adherence.severe once out of adherence for D (default 5m)
  --planned LIST       reasons of planned shrinkage, comma-separated (default break,lunch,
                       training,meeting; exact, case-sensitive)
  -h, --help           this help

T is epoch milliseconds or an ISO-8601 date-time: with Z or an offset (2026-03-10T08:00:00Z,
2026-03-10T09:00+01:00) it is that instant; without one (2026-03-10T08:00, 2026-03-10) it is that
wall-clock time in --timezone, never in this machine's zone (a time skipped by a DST change moves
forward by the gap; a repeated one is the earlier instant). Exit status: 0 on
success, 1 for bad data (the message names the file, line and field), 2 for bad usage. Nothing is
written to standard output unless the whole log was read.`;

const EXPORT_HELP = `Usage: agent-kpis export [LOG] --out DIR [options]

Writes the LOG's events as Parquet, one file per UTC day: DIR/date=YYYY-MM-DD/part-N.parquet, N the
next unused number in that folder (a later export adds files; none is modified or deleted). Columns:
user_id (string), ts (int64, epoch ms), status (string), reason (string, null when none), seq
(int64: the event's position in the LOG as read — a platform's log in its derived order — after
the largest seq already in DIR, so equal timestamps keep their order across files and exports).
Rows sorted by user_id, ts, seq; zstd. A platform's log exports its derived events.

LOG is read as by the report (agent-kpis --help): a file, or - (or nothing, when piped) for
standard input; JSON array, NDJSON or CSV detected, gzip detected; a platform's log with
--log-format. The whole LOG is read before anything is written.

Needs DuckDB's node API, an optional dependency: npm install @duckdb/node-api

Options:
  --out DIR            the export's folder (created if missing); required
  --log-format F       the LOG's format: json, ndjson, csv, asterisk-queue-log, amazon-connect,
                       twilio-taskrouter, genesys-user-details (default: detected among the first three)
  --status-map FILE    raw statuses mapped to canonical ones (see agent-kpis --help)
  --columns SPEC       CSV header names: user_id=AGENT,ts=TIMESTAMP,status=STATE,reason=CODE
  --ts-unit U          numeric ts in the LOG are ms (default) or s
  --timezone ZONE      the IANA zone of the LOG's timestamps without an offset (default UTC)
  --format F           text (default: nothing on standard output) or json (the summary as one
                       JSON object on standard output: events, files, days, firstSeq, lastSeq, bytes)
  -h, --help           this help

A one-line summary goes to standard error. Exit status: 0 on success, 1 for bad data (the message
names the file, line and field; nothing is written), 2 for bad usage or when @duckdb/node-api is
not installed.`;

class UsageError extends Error {}
/** Where a usage error points: the help of the command given. */
let helpCommand = "agent-kpis --help";
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
 * @satisfies {Record<string, { type: "string" | "boolean", short?: string, multiple?: boolean }>}
 */
const OPTIONS = {
  since: { type: "string" },
  now: { type: "string" },
  schedules: { type: "string" },
  timezone: { type: "string" },
  "sample-ms": { type: "string" },
  "log-format": { type: "string" },
  "status-map": { type: "string" },
  columns: { type: "string" },
  "ts-unit": { type: "string" },
  format: { type: "string" },
  interval: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  include: { type: "string", multiple: true },
  groups: { type: "string" },
  grace: { type: "string" },
  severe: { type: "string" },
  planned: { type: "string" },
  help: { type: "boolean", short: "h" },
};
/** @type {readonly Block[]} */
const BLOCKS = ["contacts", "episodes", "current", "team", "conformance", "shrinkage"];

/**
 * @param {string} b
 * @returns {b is Block}
 */
const isBlock = (b) => BLOCKS.some((x) => x === b);
/** @type {readonly Format[]} */
const FORMATS = ["table", "json", "csv", "ndjson"];

/**
 * @param {string} f
 * @returns {f is Format}
 */
const isFormat = (f) => FORMATS.some((x) => x === f);
/** @type {readonly LogFormat[]} */
const LOG_FORMATS = ["json", "ndjson", "csv", "asterisk-queue-log", "amazon-connect", "twilio-taskrouter", "genesys-user-details"];

/**
 * @param {string} f
 * @returns {f is LogFormat}
 */
const isLogFormat = (f) => LOG_FORMATS.some((x) => x === f);

/**
 * The options of `agent-kpis export`: the output, the read flags, --format and --help.
 * @satisfies {Record<string, { type: "string" | "boolean", short?: string, multiple?: boolean }>}
 */
const EXPORT_OPTIONS = {
  out: { type: "string" },
  timezone: { type: "string" },
  "log-format": { type: "string" },
  "status-map": { type: "string" },
  columns: { type: "string" },
  "ts-unit": { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
};

/**
 * Whether the command line is `agent-kpis export …`: its first positional argument is `export`
 * (read with every option of both commands known, so that a valued option's value is not taken
 * for it).
 * @param {string[]} argv
 */
function isExport(argv) {
  const { tokens } = parseArgv({ args: argv, options: { ...OPTIONS, ...EXPORT_OPTIONS }, allowPositionals: true, strict: false, tokens: true });
  const first = tokens.find((t) => t.kind === "positional");
  return first?.kind === "positional" && first.value === "export";
}

/**
 * Checks the tokens of a non-strict parse against `spec`, in order, so the first bad argument is
 * the one named: an option not in `spec`, `-hx`, `--help=yes`, a valued option without a value.
 * @param {string[]} argv
 * @param {ReturnType<typeof parseArgv>["tokens"]} tokens
 * @param {Readonly<Record<string, { type: "string" | "boolean" }>>} spec
 */
function checkTokens(argv, tokens, spec) {
  for (const t of tokens ?? []) {
    if (t.kind === "positional") continue;
    const arg = argv[t.index];
    if (t.kind === "option-terminator") throw new UsageError(`unknown option ${arg}`);
    const option = own(spec, t.name);
    // An argument that is not the option's name alone (or `--name=value` for a valued option) is
    // unknown as a whole: `-hx` (which parseArgs splits into -h and -x), `--help=yes`.
    if (option === undefined || (arg !== t.rawName && !(option.type === "string" && t.inlineValue))) throw new UsageError(`unknown option ${arg}`);
    if (option.type === "string" && t.value === undefined) throw new UsageError(`${t.rawName} needs a value`);
  }
}

/**
 * --log-format and --ts-unit, checked (the report and the export take both).
 * @param {(name: string) => string | undefined} value a valued option's value
 * @returns {{ logFormat: LogFormat | undefined, tsUnit: "ms" | "s" | undefined }}
 */
function checkedReadFlags(value) {
  const logFormat = value("log-format");
  if (logFormat !== undefined && !isLogFormat(logFormat)) throw new UsageError(`--log-format: unknown format ${JSON.stringify(logFormat)}; expected one of: ${LOG_FORMATS.join(", ")}`);
  const tsUnit = value("ts-unit");
  if (tsUnit !== undefined && tsUnit !== "ms" && tsUnit !== "s") throw new UsageError(`--ts-unit must be ms or s, got ${tsUnit}`);
  return { logFormat, tsUnit };
}

/**
 * @param {string[]} argv the arguments after the script's path
 * @returns {Options}
 */
function parseArgs(argv) {
  // Not strict: its errors are its own words and it would refuse `--since -1` outright (a value
  // that looks like an option). The tokens are checked instead (checkTokens).
  const { values, positionals, tokens } = parseArgv({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  checkTokens(argv, tokens, OPTIONS);
  /** A valued option's value (checked above to be a string when given). */
  const value = (/** @type {string} */ name) => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  if (positionals.length > 1) throw new UsageError(`expected one LOG, got ${positionals.length}`);
  const format = value("format") ?? "table";
  if (!isFormat(format)) throw new UsageError(`--format must be table, json, csv or ndjson, got ${format}`);
  const { logFormat, tsUnit } = checkedReadFlags(value);
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
  const interval = every === undefined ? undefined : duration(every, "--interval");
  const grace = value("grace");
  const graceMs = grace === undefined ? undefined : duration(grace, "--grace", true);
  const severe = value("severe");
  const severeMs = severe === undefined ? undefined : duration(severe, "--severe");
  const plannedList = value("planned");
  const planned = plannedList === undefined ? undefined : plannedList.split(",").map((r) => r.trim());
  if (planned?.includes("")) throw new UsageError(`--planned: an empty reason in ${JSON.stringify(plannedList)}; expected reasons separated by commas`);
  // --include may be given more than once; its lists add up.
  /** @type {Block[]} */
  const include = [];
  const lists = values.include;
  for (const list of Array.isArray(lists) ? lists : []) {
    for (const item of String(list).split(",")) {
      const name = item.trim();
      if (!isBlock(name)) throw new UsageError(`--include: ${name === "" ? "an empty block name" : `unknown block ${JSON.stringify(name)}`}; expected a comma-separated list of ${BLOCKS.join(", ")}`);
      if (!include.includes(name)) include.push(name);
    }
  }
  const groups = value("groups");
  if (groups !== undefined && !include.includes("team")) include.push("team");
  if (interval !== undefined && include.includes("team")) throw new UsageError(`--interval: an interval report has rows only, no team; leave out ${groups === undefined ? "team" : "--groups and team"}`);
  return {
    help: values.help === true, log: positionals[0], format, since, now, from, to,
    schedules: value("schedules"), timezone: value("timezone"), sampleMs, interval, include, groups,
    graceMs, severeMs, planned, logFormat, statusMap: value("status-map"), columns: value("columns"), tsUnit,
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
 * A positive (or, with `zero`, non-negative) duration: digits with an optional unit (ms, s, m, h;
 * ms without one).
 * @param {string} text
 * @param {string} name the option, for the error
 * @param {boolean} [zero] whether 0 is allowed
 * @returns {number} milliseconds
 */
function duration(text, name, zero = false) {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text);
  const unit = m && UNITS.get(m[2] ?? "ms");
  if (!m || !unit || (!zero && Number(m[1]) === 0)) throw new UsageError(`${name}: expected a ${zero ? "non-negative" : "positive"} duration such as 15m, 1h or 900000, got ${JSON.stringify(text)}`);
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
 * How `load` cuts a log: at line ends (NDJSON, queue_log, a platform's records one per line), at
 * CSV record ends (the header put in front of every chunk), or not at all (a whole JSON document).
 * @typedef {"lines" | "csv" | "whole"} Cut
 */

/**
 * Opens the LOG argument for reading: its name for messages, its size in bytes (0 for standard
 * input and for gzip, whose compressed size says little about progress), and its bytes, inflated
 * when they are gzip (detected from the magic bytes of the first chunk).
 * @param {string | undefined} file the LOG argument (`-` or none: standard input)
 * @returns {Promise<{ name: string, size: number, gzip: boolean, source: AsyncIterable<Buffer> }>}
 */
async function openLog(file) {
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
  const input = bytes(stream);
  const first = await input.next();
  /** @type {AsyncIterable<Buffer>} */
  const source = (async function* () {
    if (!first.done) yield first.value;
    yield* input;
  })();
  if (first.done || first.value[0] !== 0x1f || first.value[1] !== 0x8b) return { name, size, gzip: false, source };
  const gunzip = createGunzip();
  (async () => {
    try {
      for await (const chunk of source) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once("drain", r));
      gunzip.end();
    } catch (e) {
      gunzip.destroy(e instanceof Error ? e : new Error(messageOf(e)));
    }
  })();
  return { name, size: 0, gzip: true, source: bytes(gunzip) };
}

/**
 * Reads the log into `log` in chunks of whole lines (NDJSON, CSV, queue_log, a platform's NDJSON)
 * or at once (a JSON array or document), each chunk through `log.appendText` with its format
 * named: a platform's adapter keeps each agent's state from chunk to chunk.
 * @param {AgentLog} log
 * @param {string | undefined} file the LOG argument (`-` or none: standard input)
 * @param {CliReading} reading `format` (--log-format; none: detected), `timezone`, `tsUnit`, `columns`, `statusMap`
 * @param {string | undefined} statusMapFile --status-map, for errors
 * @returns {Promise<string>} the log's name for messages
 */
async function load(log, file, reading, statusMapFile) {
  const { name, size, source } = await openLog(file);
  const progress = process.stderr.isTTY && size > 50e6 ? new Progress(size) : null;
  const CHUNK = 8 << 20;
  // Incoming pieces are collected and joined once per chunk (joining on every piece would copy the
  // growing chunk again for each 64 KB read).
  /** @type {Buffer[]} */
  let pieces = [];
  let piecesLength = 0;
  /** @type {LogFormat | null} */
  let format = reading.format ?? null;
  /** @type {Cut | null} */
  let cut = null;
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
    if (cut === null) {
      const i = buf.findIndex((b) => !(b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf));
      if (i < 0 && !final) return buf;
      const first = buf[i];
      format ??= first === 0x5b ? "json" : first === 0x7b ? "ndjson" : "csv";
      cut = cutOf(format, first);
    }
    if (cut === "whole") {
      whole.push(buf);
      return Buffer.alloc(0);
    }
    let end = final ? buf.length : lastRecordEnd(buf, cut === "csv");
    if (!final && format === "asterisk-queue-log") end = queueLogCut(buf, end);
    if (end <= 0) return buf;
    let body = buf.subarray(0, end);
    let extra = 0;
    if (cut === "csv") {
      if (header === null) {
        const nl = body.indexOf(0x0a);
        header = nl < 0 ? body : body.subarray(0, nl + 1);
      } else {
        body = Buffer.concat([header, body]);
        extra = 1;
      }
    }
    const lines = countLines(buf.subarray(0, end));
    try {
      log.appendText(body, /** @type {ReadOptions} */ ({ ...reading, format }));
    } catch (e) {
      throw readError(name, shiftLine(messageOf(e), lineOffset - extra), statusMapFile, reading.format !== undefined);
    }
    lineOffset += lines;
    return buf.subarray(end);
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
  if (piecesLength || cut === null) feed(Buffer.concat(pieces, piecesLength), true);
  if (cut === "whole") {
    try {
      log.appendText(Buffer.concat(whole), /** @type {ReadOptions} */ ({ ...reading, format }));
    } catch (e) {
      throw readError(name, messageOf(e), statusMapFile, reading.format !== undefined);
    }
  }
  progress?.done();
  return name;
}

/** The command-line option of each read option, for usage errors. */
const READ_FLAGS = new Map([["timezone", "--timezone"], ["columns", "--columns"], ["tsUnit", "--ts-unit"], ["format", "--log-format"]]);

/**
 * The error of an append of the log `name`: a bad read option (the status map's content too) is a
 * usage error naming its flag, anything else bad data named by the log's file (and line, in
 * `message`).
 * @param {string} name
 * @param {string} message
 * @param {string | undefined} statusMapFile
 * @param {boolean} formatNamed whether --log-format named the log's format
 */
function readError(name, message, statusMapFile, formatNamed) {
  const m = /^readOptions\.(\w+)/.exec(message);
  const flag = m && READ_FLAGS.get(m[1]);
  if (m && flag) return new UsageError(`${flag}${message.slice(m[0].length)}`);
  if (m && m[1] === "statusMap") return new UsageError(`--status-map ${statusMapFile}: ${message.slice("readOptions.".length)}`);
  // The core's words for the options the CLI gives as flags.
  let said = message.replace("(set the timezone option)", "(set --timezone)");
  if (/the CSV header must name the columns/.test(said) && !formatNamed) {
    said += " (a platform's log? name its format with --log-format, e.g. asterisk-queue-log)";
  }
  return new DataError(`${name}: ${said}`);
}

/**
 * How a log in `format` is cut into chunks, given its first non-blank byte (undefined: none):
 * a JSON array, and Genesys's users details response (one JSON document), at once; Amazon Connect
 * and Twilio TaskRouter records at once when they are a JSON array, else one record per line.
 * @param {LogFormat} format
 * @param {number | undefined} first
 * @returns {Cut}
 */
function cutOf(format, first) {
  switch (format) {
    case "csv":
      return "csv";
    case "json":
    case "genesys-user-details":
      return "whole";
    case "amazon-connect":
    case "twilio-taskrouter":
      return first === 0x5b ? "whole" : "lines";
    default:
      return "lines";
  }
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

/** Seconds of queue_log lines a chunk leaves to the next one at least (see `queueLogCut`). */
const QUEUE_LOG_HOLD_S = 600;

/**
 * Where to end a queue_log chunk whose complete lines end at `end`, so that the chunks read as
 * the whole log: a `RINGNOANSWER` rings from `ts - ringtime`, earlier than its own line, and an
 * adapter cannot rewrite events already appended, so a ring that starts before the last line of
 * the previous chunk would start at that line instead. The cut is put before every line at or
 * after the start of a ring whose line comes after the cut (found by scanning the lines after the
 * cut, moving it back and scanning again), and at least the last QUEUE_LOG_HOLD_S seconds of lines
 * go to the next chunk (whose rings may reach back that far). Returns `end` when nothing reaches back, 0 (wait for
 * more input) when no cut is possible yet; a line whose fields do not parse ends the search (the
 * adapter names it).
 * @param {Buffer} buf
 * @param {number} end
 */
function queueLogCut(buf, end) {
  /** The line starting at `at`: its end (after the newline) and, for a ring, its start in ms. */
  const lineAt = (/** @type {number} */ at) => {
    const nl = buf.indexOf(0x0a, at);
    const next = nl < 0 || nl >= end ? end : nl + 1;
    const text = buf.toString("latin1", at, next).trimEnd();
    const f = text.split("|");
    const seconds = /^\d+/.exec(f[0] ?? "");
    const ringStart = f[4] === "RINGNOANSWER" && seconds && /^\d+$/.test(f[5] ?? "")
      ? Number(seconds[0]) * 1000 - Number(f[5]) : Infinity;
    return { next, seconds: seconds ? Number(seconds[0]) : NaN, ringStart };
  };
  // Line starts, from the last line backwards, found lazily.
  /** @param {number} at the end of a line (after its newline) */
  const lineStart = (at) => buf.lastIndexOf(0x0a, at - 2) + 1;
  // Start with the last QUEUE_LOG_HOLD_S seconds of lines held back: lines not read yet may ring
  // from up to that long before their own time (a ring lasts seconds: Asterisk's member timeout).
  let cut = lineStart(end);
  const last = lineAt(cut).seconds;
  if (Number.isNaN(last)) return end;
  while (cut > 0) {
    const seconds = lineAt(lineStart(cut)).seconds;
    if (Number.isNaN(seconds) || seconds < last - QUEUE_LOG_HOLD_S) break;
    cut = lineStart(cut);
  }
  let scanned = end; // lines from `cut` to `scanned` were looked at
  let earliest = Infinity; // the earliest ring start among the lines after the cut
  for (;;) {
    for (let at = cut; at < scanned; ) {
      const line = lineAt(at);
      earliest = Math.min(earliest, line.ringStart);
      at = line.next;
    }
    scanned = cut;
    // The last line before the cut must not be later than any ring start after it (its seconds
    // may carry a fraction: compared as the end of its second).
    if (cut === 0) return 0;
    const before = lineAt(lineStart(cut));
    if (Number.isNaN(before.seconds)) return cut;
    if ((before.seconds + 1) * 1000 <= earliest) return cut;
    cut = lineStart(cut);
  }
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
 * A table cell's text with control characters written as escapes (`\n`, `\t`, `\u001b`): a
 * name holding a newline or a tab would break the table's lines and columns.
 * @param {string} text
 */
const printable = (text) => text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));

/** m:ss, truncated to the second like every duration in the table. @param {number} ms */
const mss = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * The roll-up rows of a response that includes `team`: one per group (in the response's order),
 * then the team.
 * @param {AgentsResponse | IntervalReport} result
 * @returns {RollUpRow[]}
 */
function rollUps(result) {
  if (!("team" in result) || !result.team) return [];
  /** @type {RollUpRow[]} */
  const out = (result.groups ?? []).map((g) => ({ scope: "group", ...g }));
  out.push({ scope: "team", ...result.team });
  return out;
}

/**
 * A column of csv or table output: its heading and its cell for a row (undefined: empty).
 * @typedef {{ head: string, cell: (r: Row | RollUpRow) => unknown }} Column
 */

/**
 * The names of the entries of `pick(row)` over all rows, in order of first appearance.
 * @param {(Row | RollUpRow)[]} rows
 * @param {(r: Row | RollUpRow) => object | undefined} pick
 */
function keysOf(rows, pick) {
  /** @type {Set<string>} */
  const seen = new Set();
  for (const r of rows) for (const k of Object.keys(pick(r) ?? {})) seen.add(k);
  return [...seen];
}

/** A row's field `key` when the row has it as its own property. */
const field = (/** @type {Row | RollUpRow} */ r, /** @type {string} */ key) => own(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (r)), key);

/**
 * The csv columns of the blocks the rows carry, flattened with dotted names:
 * `contacts.handled`…, `current.status`…, `episodes.<status>.started`…,
 * `reasonEpisodes.<status>.<reason>.started`….
 * @param {(Row | RollUpRow)[]} rows
 * @returns {Column[]}
 */
function blockColumns(rows) {
  /** @type {Column[]} */
  const cols = [];
  const has = (/** @type {string} */ key) => rows.some((r) => Object.hasOwn(r, key));
  /** @param {(r: Row | RollUpRow) => unknown} get */
  const record = (get) => (/** @type {Row | RollUpRow} */ r) => {
    const v = get(r);
    return isRecord(v) ? v : undefined;
  };
  if (has("contacts")) {
    for (const k of ["handled", "handleMs", "talkMs", "acwMs", "withAcw", "ahtMs"]) {
      cols.push({ head: `contacts.${k}`, cell: (r) => { const c = record((x) => field(x, "contacts"))(r); return c && own(c, k); } });
    }
  }
  if (has("current")) {
    for (const k of ["status", "reason", "since", "ms"]) {
      cols.push({ head: `current.${k}`, cell: (r) => { const c = record((x) => field(x, "current"))(r); return c && own(c, k); } });
    }
  }
  const stats = ["started", "ended", "endedMs", "longestMs"];
  const episodes = record((r) => field(r, "episodes"));
  for (const status of keysOf(rows, episodes)) {
    const of = record((r) => { const e = episodes(r); return e && own(e, status); });
    for (const k of stats) cols.push({ head: `episodes.${status}.${k}`, cell: (r) => { const e = of(r); return e && own(e, k); } });
  }
  const byReason = record((r) => field(r, "reasonEpisodes"));
  for (const status of keysOf(rows, byReason)) {
    const reasons = record((r) => { const e = byReason(r); return e && own(e, status); });
    for (const reason of keysOf(rows, reasons)) {
      const of = record((r) => { const e = reasons(r); return e && own(e, reason); });
      for (const k of stats) cols.push({ head: `reasonEpisodes.${status}.${reason}.${k}`, cell: (r) => { const e = of(r); return e && own(e, k); } });
    }
  }
  // Issue 15's blocks: the percentage, then every number of the block by its dotted path, in order
  // of first appearance over the rows (shrinkage.byStatus.<status>, shrinkage.byReason.<status>.<reason>).
  for (const name of ["conformance", "shrinkage"]) {
    if (!has(`${name}Pct`)) continue;
    cols.push({ head: `${name}Pct`, cell: (r) => field(r, `${name}Pct`) });
    leaves(rows.map((r) => field(r, name)), [name], cols, (r) => field(r, name));
  }
  return cols;
}

/**
 * Appends to `cols` a column per leaf (a value that is not an object) of the objects `values`,
 * named by its dotted path below `path`, read from a row by `get` then the path.
 * @param {unknown[]} values the rows' objects at `path` (anything else is skipped)
 * @param {string[]} path
 * @param {Column[]} cols
 * @param {(r: Row | RollUpRow) => unknown} get
 */
function leaves(values, path, cols, get) {
  const objects = values.filter(isRecord);
  /** @type {Set<string>} */
  const keys = new Set();
  for (const o of objects) for (const k of Object.keys(o)) keys.add(k);
  for (const k of keys) {
    const inner = objects.map((o) => own(o, k));
    const at = (/** @type {Row | RollUpRow} */ r) => { const v = get(r); return isRecord(v) ? own(v, k) : undefined; };
    if (inner.some(isRecord)) leaves(inner, [...path, k], cols, at);
    else cols.push({ head: [...path, k].join("."), cell: at });
  }
}

/**
 * The output in `format`: `result` whole for json, else its flat rows (one per agent, or per agent
 * and interval: `intervals`), then, when `team` was included, one row per group and one for the
 * team (`scope` says which; csv and ndjson) — a table shows them under a rule.
 * @param {Format} format
 * @param {AgentsResponse | IntervalReport} result
 * @param {Row[]} rows
 * @param {boolean} intervals
 * @param {(userId: string) => string | undefined} groupOf an agent's group (--groups), if any
 */
function render(format, result, rows, intervals, groupOf) {
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  const totals = rollUps(result);
  if (format === "ndjson") {
    // With roll-ups every line says what it is: agent lines gain `scope` (and their `group`).
    const agentLine = (/** @type {Row} */ r) => {
      if (!totals.length) return r;
      const group = groupOf(r.user_id);
      return group === undefined ? { scope: "agent", ...r } : { scope: "agent", group, ...r };
    };
    return [...rows.map(agentLine), ...totals].map((r) => `${JSON.stringify(r)}\n`).join("");
  }
  /** @type {(Row | RollUpRow)[]} */
  const all = [...rows, ...totals];
  const statuses = keysOf(all, (r) => r.statusMs);
  const scheduled = all.some((r) => "adherencePct" in r);
  const agentOf = (/** @type {Row | RollUpRow} */ r) => ("scope" in r ? undefined : r);
  /** @type {Column[]} */
  const lead = [
    ...(totals.length ? [{ head: "scope", cell: (/** @type {Row | RollUpRow} */ r) => ("scope" in r ? r.scope : "agent") }, { head: "group", cell: (/** @type {Row | RollUpRow} */ r) => ("scope" in r ? field(r, "group") : groupOf(r.user_id)) }] : []),
    { head: "user_id", cell: (r) => agentOf(r)?.user_id },
    ...(intervals ? [{ head: "start", cell: (/** @type {Row | RollUpRow} */ r) => field(r, "start") }, { head: "end", cell: (/** @type {Row | RollUpRow} */ r) => field(r, "end") }] : []),
    ...(totals.length ? [{ head: "agents", cell: (/** @type {Row | RollUpRow} */ r) => field(r, "agents") }] : []),
  ];
  if (format === "csv") {
    /** @type {Column[]} */
    const cols = [
      ...lead,
      { head: "loggedInMs", cell: (r) => r.loggedInMs },
      { head: "occupancyPct", cell: (r) => r.occupancyPct },
      { head: "utilizationPct", cell: (r) => r.utilizationPct },
      ...(scheduled ? [{ head: "adherencePct", cell: (/** @type {Row | RollUpRow} */ r) => r.adherencePct }] : []),
      ...statuses.map((s) => ({ head: `statusMs.${s}`, cell: (/** @type {Row | RollUpRow} */ r) => own(r.statusMs, s) ?? 0 })),
      ...blockColumns(all),
    ];
    return [cols.map((c) => c.head), ...all.map((r) => cols.map((c) => c.cell(r)))].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
  }
  const iso = (/** @type {number} */ t) => new Date(t).toISOString().slice(0, 16).replace("T", " ");
  const pct = (/** @type {unknown} */ p) => (p === undefined ? "" : p === null ? "-" : typeof p === "number" ? `${p}%` : String(p));
  const contacts = (/** @type {Row | RollUpRow} */ r) => r.contacts;
  const current = (/** @type {Row | RollUpRow} */ r) => ("current" in r ? r.current : undefined);
  const paused = (/** @type {Row | RollUpRow} */ r) => ("episodes" in r && r.episodes ? own(r.episodes, "paused") : undefined);
  const withContacts = all.some((r) => contacts(r) !== undefined);
  const withCurrent = rows.some((r) => "current" in r);
  const withEpisodes = rows.some((r) => "episodes" in r);
  /** @type {Column[]} */
  const cols = [
    { head: "user_id", cell: (r) => ("scope" in r ? (r.scope === "team" ? "(team)" : `(group ${r.group})`) : r.user_id) },
    ...(intervals ? [{ head: "start", cell: (/** @type {Row | RollUpRow} */ r) => ("start" in r ? iso(r.start) : "") }, { head: "end", cell: (/** @type {Row | RollUpRow} */ r) => ("end" in r ? iso(r.end) : "") }] : []),
    ...(totals.length ? [{ head: "agents", cell: (/** @type {Row | RollUpRow} */ r) => ("agents" in r ? r.agents : "") }] : []),
    { head: "logged in", cell: (r) => hms(r.loggedInMs) },
    { head: "occupancy", cell: (r) => `${r.occupancyPct}%` },
    { head: "utilization", cell: (r) => `${r.utilizationPct}%` },
    ...(scheduled ? [{ head: "adherence", cell: (/** @type {Row | RollUpRow} */ r) => pct(r.adherencePct) }] : []),
    ...(withContacts ? [
      { head: "handled", cell: (/** @type {Row | RollUpRow} */ r) => contacts(r)?.handled ?? "" },
      { head: "AHT", cell: (/** @type {Row | RollUpRow} */ r) => { const a = contacts(r)?.ahtMs; return a === undefined ? "" : a === null ? "-" : mss(a); } },
    ] : []),
    ...(withEpisodes ? [
      { head: "breaks", cell: (/** @type {Row | RollUpRow} */ r) => paused(r)?.started ?? ("episodes" in r ? 0 : "") },
      { head: "longest break", cell: (/** @type {Row | RollUpRow} */ r) => { const p = paused(r); return p ? hms(p.longestMs) : "episodes" in r ? hms(0) : ""; } },
    ] : []),
    ...(["conformance", "shrinkage"].filter((b) => all.some((r) => Object.hasOwn(r, `${b}Pct`))).map((b) => ({ head: b, cell: (/** @type {Row | RollUpRow} */ r) => pct(field(r, `${b}Pct`)) }))),
    ...(withCurrent ? [
      { head: "current", cell: (/** @type {Row | RollUpRow} */ r) => { const c = current(r); return c ? (c.reason === null ? c.status : `${c.status} (${c.reason})`) : c === null ? "-" : ""; } },
      { head: "for", cell: (/** @type {Row | RollUpRow} */ r) => { const c = current(r); return c ? hms(c.ms) : ""; } },
    ] : []),
    ...statuses.map((s) => ({ head: s, cell: (/** @type {Row | RollUpRow} */ r) => hms(own(r.statusMs, s) ?? 0) })),
  ];
  const leadCount = 1 + (intervals ? 2 : 0);
  const head = cols.map((c) => c.head);
  const body = (/** @type {(Row | RollUpRow)[]} */ list) => list.map((r) => cols.map((c) => printable(String(c.cell(r)))));
  const [agentLines, totalLines] = [body(rows), body(totals)];
  const widths = head.map((h, i) => Math.max(h.length, ...[...agentLines, ...totalLines].map((r) => r[i].length)));
  const line = (/** @type {string[]} */ r) => r.map((c, i) => (i < leadCount ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(head), rule, ...agentLines.map(line), ...(totalLines.length ? [rule, ...totalLines.map(line)] : [])].join("\n") + "\n";
}

/**
 * The groups file of --groups: a JSON object `{ "user_id": "group", ... }` (its values are checked
 * by the package, which names a bad one).
 * @param {string} file
 * @returns {Record<string, string>}
 */
function readGroups(file) {
  /** @type {unknown} */
  let doc;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const missing = e instanceof Error && "code" in e && e.code === "ENOENT";
    throw new UsageError(`--groups ${file}: ${missing ? "no such file" : messageOf(e)}`);
  }
  if (!isRecord(doc)) throw new DataError(`${file}: expected an object { "user_id": "group", ... }, got ${doc === null ? "null" : Array.isArray(doc) ? "an array" : typeof doc}`);
  return /** @type {Record<string, string>} */ (doc);
}

/**
 * Writes `text` to standard output and resolves once it is flushed: to a pipe, stdout is
 * asynchronous, and `process.exit` right after a bare write cuts off what is still queued (any
 * output over the pipe's 64 KB buffer).
 * @param {string} text
 * @returns {Promise<void>}
 */
function writeOut(text) {
  return new Promise((resolve, reject) => process.stdout.write(text, (e) => (!e || closedPipe(e) ? resolve() : reject(e))));
}

/**
 * Whether `e` says the reader of standard output went away (`agent-kpis log | head -2`): not an
 * error of ours, so the command ends quietly with status 0.
 * @param {unknown} e
 */
const closedPipe = (e) => e instanceof Error && "code" in e && e.code === "EPIPE";
process.stdout.on("error", (e) => {
  if (!closedPipe(e)) throw e;
});

/**
 * The read options of the read flags (the status map's file read and parsed here; its content is
 * checked by the package when the log is read).
 * @param {{ logFormat?: LogFormat, timezone?: string, tsUnit?: "ms" | "s", columns?: string, statusMap?: string }} flags
 * @returns {CliReading}
 */
function readingOf(flags) {
  /** @type {CliReading} */
  const reading = {};
  if (flags.logFormat !== undefined) reading.format = flags.logFormat;
  if (flags.timezone !== undefined) reading.timezone = flags.timezone;
  if (flags.tsUnit !== undefined) reading.tsUnit = flags.tsUnit;
  if (flags.columns !== undefined) reading.columns = flags.columns;
  if (flags.statusMap !== undefined) {
    try {
      reading.statusMap = JSON.parse(readFileSync(flags.statusMap, "utf8"));
    } catch (e) {
      const missing = e instanceof Error && "code" in e && e.code === "ENOENT";
      throw new UsageError(`--status-map ${flags.statusMap}: ${missing ? "no such file" : messageOf(e)}`);
    }
  }
  return reading;
}

/**
 * The command line of `agent-kpis export`, parsed and checked.
 * @typedef {object} ExportOptions
 * @property {boolean} help
 * @property {string | undefined} log
 * @property {string | undefined} out --out (required unless --help)
 * @property {"text" | "json"} format
 * @property {LogFormat | undefined} logFormat
 * @property {string | undefined} timezone
 * @property {"ms" | "s" | undefined} tsUnit
 * @property {string | undefined} columns
 * @property {string | undefined} statusMap
 */

/**
 * @param {string[]} argv the arguments after the script's path, `export` among them
 * @returns {ExportOptions}
 */
function parseExportArgs(argv) {
  const { values, positionals, tokens } = parseArgv({ args: argv, options: EXPORT_OPTIONS, allowPositionals: true, strict: false, tokens: true });
  checkTokens(argv, tokens, EXPORT_OPTIONS);
  const value = (/** @type {string} */ name) => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  const logs = positionals.slice(1); // after `export`
  if (logs.length > 1) throw new UsageError(`expected one LOG, got ${logs.length}`);
  const help = values.help === true;
  const out = value("out");
  if (out === undefined && !help) throw new UsageError("export: --out DIR is required (the export's folder)");
  if (out === "") throw new UsageError("--out: expected a folder, got an empty string");
  if (out !== undefined && existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${out}: not a folder (a file of that name exists)`);
  const format = value("format") ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format: an export prints text or json, got ${format}`);
  const { logFormat, tsUnit } = checkedReadFlags(value);
  return { help, log: logs[0], out, format, logFormat, timezone: value("timezone"), tsUnit, columns: value("columns"), statusMap: value("status-map") };
}

/**
 * The whole of a log (gzip inflated), for a reader that takes it at once.
 * @param {string | undefined} file the LOG argument (`-` or none: standard input)
 * @returns {Promise<{ name: string, data: Buffer }>} the log's name for messages, and its bytes
 */
async function readWhole(file) {
  const { name, gzip, source } = await openLog(file);
  /** @type {Buffer[]} */
  const chunks = [];
  try {
    for await (const chunk of source) chunks.push(chunk);
  } catch (e) {
    // A corrupt or cut gzip stream is bad data, named by its file.
    if (gzip) throw new DataError(`${name}: ${messageOf(e)}`);
    throw e;
  }
  return { name, data: Buffer.concat(chunks) };
}

/** `1 file`, `2 files`. @param {number} n @param {string} noun */
const count = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/**
 * `agent-kpis export`: the LOG's events (derived events for a platform's log) as Parquet in --out,
 * through the package's agent-kpis/parquet; `seq` the event's position in the LOG as read.
 * @param {ExportOptions} opts
 * @returns {Promise<number>} the exit status
 */
async function runExport(opts) {
  if (opts.help || opts.out === undefined) {
    await writeOut(`${EXPORT_HELP}\n`);
    return 0;
  }
  try {
    await loadParquetWriter();
  } catch (e) {
    if (e instanceof Error && "code" in e && e.code === "ERR_AGENT_KPIS_PARQUET_WRITER") throw new UsageError(e.message);
    throw e;
  }
  const reading = readingOf(opts);
  const { name, data } = await readWhole(opts.log);
  /** @type {import("./node/index.mjs").ReadEvent[]} */
  let events;
  try {
    // An empty LOG (a quiet hour's file) exports nothing, as the report of one reports no agent;
    // toAgentEvents's format detection would take it for a CSV without a header.
    events = data.length === 0 ? [] : toAgentEvents(data, /** @type {ReadOptions} */ (reading));
  } catch (e) {
    // toAgentEvents names its options `options.…`; the log's appends name them `readOptions.…`.
    throw readError(name, messageOf(e).replace(/^options\./, "readOptions."), opts.statusMap, reading.format !== undefined);
  }
  const summary = await exportParquet(events, opts.out);
  const days = summary.days.length ? ` (${summary.days[0]}${summary.days.length > 1 ? ` to ${summary.days[summary.days.length - 1]}` : ""})` : "";
  const seq = summary.firstSeq === null ? "" : `, seq ${summary.firstSeq}-${summary.lastSeq}`;
  process.stderr.write(`agent-kpis: exported ${count(summary.events, "event")} from ${name} to ${count(summary.files.length, "file")}, ${count(summary.days.length, "day")}${days}${seq}, ${summary.bytes} bytes, in ${opts.out}\n`);
  if (opts.format === "json") await writeOut(`${JSON.stringify(summary)}\n`);
  return 0;
}

async function main() {
  const argv = process.argv.slice(2);
  if (isExport(argv)) {
    helpCommand = "agent-kpis export --help";
    return runExport(parseExportArgs(argv));
  }
  const opts = parseArgs(argv);
  if (opts.help) {
    await writeOut(`${HELP}\n`);
    return 0;
  }
  const log = new AgentLog();
  /** @type {{ timezone?: string, adherenceSampleMs?: number, adherenceGraceMs?: number, adherenceSevereMs?: number, plannedReasons?: string[] }} */
  const timeOptions = {};
  if (opts.timezone !== undefined) timeOptions.timezone = opts.timezone;
  if (opts.sampleMs !== null) timeOptions.adherenceSampleMs = opts.sampleMs;
  if (opts.graceMs !== undefined) timeOptions.adherenceGraceMs = opts.graceMs;
  if (opts.severeMs !== undefined) timeOptions.adherenceSevereMs = opts.severeMs;
  if (opts.planned !== undefined) timeOptions.plannedReasons = opts.planned;
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
  /** @type {{ include?: Block[], groups?: Record<string, string> }} */
  const blockOptions = {};
  if (opts.include.length) blockOptions.include = opts.include;
  if (opts.groups !== undefined) blockOptions.groups = readGroups(opts.groups);
  const reading = readingOf(opts);
  await load(log, opts.log, reading, opts.statusMap);
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
      const report = log.intervals(opts.from ?? since, opts.to ?? now, opts.interval, { now, ...timeOptions, ...blockOptions });
      result = report;
      rows = report.agents.flatMap((a) => a.intervals.map((r) => ({ user_id: a.user_id, ...r })));
    } else {
      result = log.kpis(since, { now, ...timeOptions, ...blockOptions });
      rows = result.agents;
    }
  } catch (e) {
    const message = messageOf(e);
    if (message.startsWith("options.groups")) throw new DataError(`${opts.groups}: ${message.replace(/^options\.groups/, "groups")}`);
    throw new UsageError(message.replace(/^since:/, "--since:").replace(/^options\.timezone:/, "--timezone:"));
  }
  const groupsOf = blockOptions.groups;
  const groupOf = (/** @type {string} */ id) => (groupsOf ? own(groupsOf, id) : undefined);
  await writeOut(render(opts.format, result, rows, Boolean(opts.interval), groupOf));
  if (process.env.AGENT_KPIS_REPORT_RSS) process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS} KiB\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (/** @type {unknown} */ e) => {
    const usage = e instanceof UsageError;
    process.stderr.write(`agent-kpis: ${messageOf(e)}${usage ? `\n(see ${helpCommand})` : ""}\n`);
    process.exit(usage ? 2 : e instanceof DataError ? 1 : 1);
  },
);
