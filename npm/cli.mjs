#!/usr/bin/env node
// agent-kpis: agent KPIs from a recorded agent-state log (JSON array, NDJSON or CSV, optionally
// gzip-compressed), computed by the package's wasm engine. See `agent-kpis --help`.
import { createReadStream, readFileSync, statSync } from "node:fs";
import { parseArgs as parseArgv } from "node:util";
import { createGunzip } from "node:zlib";
import { AgentLog } from "./node/index.mjs";

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
  --timezone ZONE      the account's IANA zone for schedules without one (default UTC)
  --sample-ms N        adherence sample step in ms (default 300000; 0 = exact)
  --format F           table (default), json (the GET /v1/agents shape), csv, ndjson
  --interval D         interval report: one row per agent and interval (e.g. 15m, 30m, 1h, 900000)
  --from T, --to T     interval report range (default: --since and --now)
  -h, --help           this help

T is epoch milliseconds or an ISO-8601 date-time (2026-03-10T08:00:00Z). Exit status: 0 on
success, 1 for bad data (the message names the file, line and field), 2 for bad usage. Nothing is
written to standard output unless the whole log was read.`;

class UsageError extends Error {}
class DataError extends Error {}

/**
 * `obj[key]` when `key` is an own property of `obj`, else undefined. Keys that come from the data
 * or the command line (statuses, reasons, user ids, option names) are looked up with this:
 * `obj[key]` alone would find what every object inherits (`constructor`, `toString`, `__proto__`,
 * …) for a key the object does not have.
 */
const own = (obj, key) => (Object.hasOwn(obj, key) ? obj[key] : undefined);

/** The options, for node:util's parseArgs; every one but --help takes a value. */
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
const FORMATS = ["table", "json", "csv", "ndjson"];

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
  if (positionals.length > 1) throw new UsageError(`expected one LOG, got ${positionals.length}`);
  const format = values.format ?? "table";
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be table, json, csv or ndjson, got ${format}`);
  const at = (name) => (values[name] === undefined ? undefined : time(values[name], `--${name}`));
  const [since, now, from, to] = [at("since"), at("now"), at("from"), at("to")];
  let sampleMs = null;
  if (values["sample-ms"] !== undefined) {
    if (!/^\d+$/.test(values["sample-ms"])) throw new UsageError(`--sample-ms must be a non-negative integer, got ${values["sample-ms"]}`);
    sampleMs = Number(values["sample-ms"]);
  }
  const interval = values.interval === undefined ? undefined : duration(values.interval);
  return {
    help: values.help === true, log: positionals[0], format, since, now, from, to,
    schedules: values.schedules, timezone: values.timezone, sampleMs, interval,
  };
}

/** Epoch ms or ISO-8601. */
function time(text, name) {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const t = Date.parse(text);
    if (Number.isFinite(t) && t >= 0) return t;
  }
  throw new UsageError(`${name}: expected epoch milliseconds or an ISO-8601 date-time, got ${JSON.stringify(text)}`);
}

function duration(text) {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text);
  if (!m || Number(m[1]) === 0) throw new UsageError(`--interval: expected a positive duration such as 15m, 1h or 900000, got ${JSON.stringify(text)}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "ms"];
}

/** Reads the log into `log` in chunks of whole lines (NDJSON, CSV) or at once (JSON array). */
async function load(log, file) {
  const name = file === undefined || file === "-" ? "<stdin>" : file;
  let size = 0;
  let stream;
  if (name === "<stdin>") {
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
  const iterator = stream[Symbol.asyncIterator]();
  let first = await iterator.next();
  let source = (async function* () {
    if (!first.done) yield first.value;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
  })();
  if (!first.done && first.value[0] === 0x1f && first.value[1] === 0x8b) {
    const gunzip = createGunzip();
    const input = source;
    (async () => {
      try {
        for await (const chunk of input) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once("drain", r));
        gunzip.end();
      } catch (e) {
        gunzip.destroy(e);
      }
    })();
    source = gunzip[Symbol.asyncIterator]();
    size = 0; // the compressed size says little about progress
  }
  const progress = process.stderr.isTTY && size > 50e6 ? new Progress(size) : null;
  const CHUNK = 8 << 20;
  // Incoming pieces are collected and joined once per chunk (joining on every piece would copy the
  // growing chunk again for each 64 KB read).
  let pieces = [];
  let piecesLength = 0;
  let format = null;
  let header = null; // CSV header line, prepended to every chunk
  let lineOffset = 0; // lines before the current chunk
  const whole = [];
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
      throw new DataError(`${name}: ${shiftLine(e.message, lineOffset - extra)}`);
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
      throw new DataError(`${name}: ${e.message}`);
    }
  }
  progress?.done();
  return name;
}

/** End of the last complete record in `buf` (after its newline); for CSV, not inside quotes. */
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

function countLines(buf) {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** Turns a chunk's `line N:` into the file's line number. */
function shiftLine(message, offset) {
  return message.replace(/^line (\d+)/, (_, n) => `line ${Number(n) + offset}`);
}

class Progress {
  constructor(total) {
    this.total = total;
    this.seen = 0;
    this.last = 0;
  }
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

const hms = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

const csvCell = (v) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Flat rows (one per agent, or per agent and interval) for table, csv and ndjson output. */
function flatRows(agents, intervals) {
  if (!intervals) return agents.map((a) => ({ ...a }));
  return agents.flatMap((a) => a.intervals.map((r) => ({ user_id: a.user_id, ...r })));
}

function render(format, result, intervals) {
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  const rows = flatRows(result.agents, intervals);
  if (format === "ndjson") return rows.map((r) => `${JSON.stringify(r)}\n`).join("");
  const seen = new Set();
  for (const r of rows) for (const s of Object.keys(r.statusMs)) seen.add(s);
  const statuses = [...seen];
  const scheduled = rows.some((r) => "adherencePct" in r);
  const lead = intervals ? ["user_id", "start", "end"] : ["user_id"];
  if (format === "csv") {
    const head = [...lead, "loggedInMs", "occupancyPct", "utilizationPct", ...(scheduled ? ["adherencePct"] : []), ...statuses.map((s) => `statusMs.${s}`)];
    const body = rows.map((r) => [...lead.map((k) => r[k]), r.loggedInMs, r.occupancyPct, r.utilizationPct, ...(scheduled ? [r.adherencePct] : []), ...statuses.map((s) => own(r.statusMs, s) ?? 0)]);
    return [head, ...body].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
  }
  const iso = (t) => new Date(t).toISOString().slice(0, 16).replace("T", " ");
  const head = [...lead, "logged in", "occupancy", "utilization", ...(scheduled ? ["adherence"] : []), ...statuses];
  const body = rows.map((r) => [
    ...lead.map((k) => (k === "user_id" ? r.user_id : iso(r[k]))),
    hms(r.loggedInMs),
    `${r.occupancyPct}%`,
    `${r.utilizationPct}%`,
    ...(scheduled ? [r.adherencePct === undefined ? "" : r.adherencePct === null ? "-" : typeof r.adherencePct === "number" ? `${r.adherencePct}%` : r.adherencePct] : []),
    ...statuses.map((s) => hms(own(r.statusMs, s) ?? 0)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i < lead.length ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n") + "\n";
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const log = new AgentLog();
  const timeOptions = {};
  if (opts.timezone !== undefined) timeOptions.timezone = opts.timezone;
  if (opts.sampleMs !== null) timeOptions.adherenceSampleMs = opts.sampleMs;
  if (opts.schedules !== undefined) {
    let doc;
    try {
      doc = JSON.parse(readFileSync(opts.schedules, "utf8"));
    } catch (e) {
      throw new UsageError(`--schedules ${opts.schedules}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
    }
    const schedules = Array.isArray(doc) ? doc : doc.schedules;
    if (!Array.isArray(doc) && doc.timezone && timeOptions.timezone === undefined) timeOptions.timezone = doc.timezone;
    try {
      log.setSchedules(schedules);
    } catch (e) {
      throw new DataError(`${opts.schedules}: ${e.message}`);
    }
  }
  await load(log, opts.log);
  const { firstTs, lastTs } = log.stats();
  const DAY = 86_400_000;
  const now = opts.now ?? lastTs ?? 0;
  const since = opts.since ?? (firstTs === null ? now : Math.floor(firstTs / DAY) * DAY);
  let result;
  try {
    if (opts.interval) {
      result = log.intervals(opts.from ?? since, opts.to ?? now, opts.interval, { now, ...timeOptions });
    } else {
      result = log.kpis(since, { now, ...timeOptions });
    }
  } catch (e) {
    throw new UsageError(e.message.replace(/^since:/, "--since:").replace(/^options\.timezone:/, "--timezone:"));
  }
  process.stdout.write(render(opts.format, result, Boolean(opts.interval)));
  if (process.env.AGENT_KPIS_REPORT_RSS) process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS} KiB\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    const usage = e instanceof UsageError;
    process.stderr.write(`agent-kpis: ${e.message}${usage ? "\n(see agent-kpis --help)" : ""}\n`);
    process.exit(usage ? 2 : e instanceof DataError ? 1 : 1);
  },
);
