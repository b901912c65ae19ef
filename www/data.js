// Reading logs and schedule files with the package. A log (JSON array, NDJSON or CSV) is parsed and
// checked inside wasm, so errors carry the package's position (`line 812: ts: …`, `events[17].ts: …`),
// and is then exported back from wasm as normalized NDJSON (AgentLog.compact), which gives the
// replay its events in timestamp order without a second parser in JS.

export const DEFAULT_LOG = "../tests/fixtures/day-shift.json";

/** The largest timestamp the package accepts (Number.MAX_SAFE_INTEGER). */
const MAX_TS = Number.MAX_SAFE_INTEGER;

/** Fetches a file as text; errors name the file and the HTTP status. */
export async function fetchText(path, what) {
  let res;
  try {
    res = await fetch(path);
  } catch (e) {
    throw new Error(`could not load the ${what} ${path}: ${e.message}`);
  }
  if (!res.ok) throw new Error(`could not load the ${what} ${path}: HTTP ${res.status} ${res.statusText}`.trim());
  return res.text();
}

/** The companion schedules file of `tests/fixtures/x.json` is `tests/fixtures/x.adherence.json`. */
export const companionOf = (path) => (/\.json$/i.test(path) ? path.replace(/\.json$/i, ".adherence.json") : null);

/** "csv" or "json" (a JSON array or NDJSON): from the file name, else from the first character. */
export function logFormat(name, text) {
  if (/\.csv$/i.test(name)) return "csv";
  if (/\.(json|ndjson|jsonl)$/i.test(name)) return "json";
  const first = /\S/.exec(text.slice(0, 4096))?.[0];
  return first === "[" || first === "{" ? "json" : "csv";
}

/** Prefixes an error's message with the file it comes from, keeping its type. */
function inFile(e, name) {
  if (e instanceof Error) {
    e.message = `${name}: ${e.message}`;
    return e;
  }
  return new Error(`${name}: ${String(e)}`);
}

/**
 * Reads a log's text with the package (a platform's log, e.g. `format` "asterisk-queue-log",
 * through its adapter; without `format`, the package's own formats). Resolves to `{ name, events, firstTs, lastTs, statuses }`:
 * `events` sorted by `ts` (equal `ts` in the package's order), `user_id` as the package's strings.
 * Throws the package's TypeError/RangeError, prefixed with `name`, for a bad log; nothing is kept.
 */
export function readLog(AgentLog, text, name, format) {
  const probe = new AgentLog();
  try {
    try {
      if (format) probe.appendText(text, { format });
      else if (logFormat(name, text) === "csv") probe.appendCsv(text);
      else probe.appendJson(text);
    } catch (e) {
      throw inFile(e, name);
    }
    const { firstTs, lastTs } = probe.stats();
    if (firstTs === null) throw new RangeError(`${name}: the log has no events`);
    // compact(before) exports every event before the one in effect at `before`, per agent, sorted by
    // ts. A closing event per agent at the largest timestamp puts every real event before it.
    const ids = probe.kpis(firstTs, { now: lastTs }).agents.map((a) => a.user_id);
    probe.append(ids.map((user_id) => ({ user_id, ts: MAX_TS, status: "offline" })));
    const ndjson = probe.compact(MAX_TS);
    const events = JSON.parse(`[${ndjson.trimEnd().split("\n").join(",")}]`);
    const statuses = [...new Set(events.map((e) => e.status))];
    return { name, events, firstTs, lastTs, statuses };
  } finally {
    probe.free();
  }
}

/**
 * Parses a schedules file: `{ timezone?, schedules }` or a bare array of schedules (as the CLI's
 * `--schedules`). Resolves to `{ name, timezone, schedules }`; the package checks the schedules
 * themselves when they are set on a log.
 */
export function readSchedules(text, name) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${name}: not JSON (${e.message})`);
  }
  const schedules = Array.isArray(doc) ? doc : doc?.schedules;
  if (!Array.isArray(schedules)) throw new TypeError(`${name}: expected { "timezone": …, "schedules": [...] } or an array of schedules`);
  const timezone = Array.isArray(doc) ? "UTC" : doc.timezone ?? "UTC";
  if (typeof timezone !== "string") throw new TypeError(`${name}: timezone: expected an IANA time-zone name`);
  return { name, timezone, schedules };
}

/**
 * Parses a groups file: a JSON object `{ "<user_id>": "<group name>", … }` (the package's
 * `options.groups`). Resolves to `{ name, groups }`; user ids are the keys as written (own
 * properties, whatever their name), group names non-empty strings.
 */
export function readGroups(text, name) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${name}: not JSON (${e.message})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new TypeError(`${name}: expected { "<user_id>": "<group name>", … }`);
  for (const [id, group] of Object.entries(doc)) {
    if (typeof group !== "string" || group === "") throw new TypeError(`${name}: ${JSON.stringify(id)}: expected a group name (a non-empty string), got ${JSON.stringify(group)}`);
  }
  return { name, groups: doc };
}

/**
 * Whether a dropped text is a groups file: one JSON object (not NDJSON) without a `ts` or `schedules`
 * key (readGroups then checks that every value is a group name).
 */
export function isGroupsText(text) {
  const head = text.trimStart();
  if (!head.startsWith("{")) return false;
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return false;
  return !Object.hasOwn(doc, "ts") && !Object.hasOwn(doc, "schedules");
}

/**
 * Whether a dropped JSON text is a schedules file rather than a log: an object with `schedules`,
 * or an array whose first element has `rules`, `segments` or `bypass` and no `ts`.
 */
export function isSchedulesText(text) {
  const head = text.slice(0, 4096).trimStart();
  if (!head.startsWith("{") && !head.startsWith("[")) return false;
  // A log's first object has a "ts" key: no need to parse megabytes to know it.
  if (head.slice(0, head.indexOf("}") + 1).includes('"ts"')) return false;
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return false; // not one JSON value: NDJSON or broken; the log reader reports it
  }
  if (Array.isArray(doc)) {
    const s = doc[0];
    return typeof s === "object" && s !== null && !("ts" in s) && ("rules" in s || "segments" in s || "bypass" in s);
  }
  return typeof doc === "object" && doc !== null && "schedules" in doc;
}
