// Issue 18's read options through the package's JS entry points: `format` on every text entry
// point (agentKpisFromText/FromJson/FromCsv, AgentLog.appendText/appendJson/appendCsv,
// toAgentEvents/toAgentEventsNdjson); a platform's log gives the same KPIs on every path, in chunks
// as in one piece; errors are TypeError/RangeError naming the field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  agentKpis, agentKpisColumns, agentKpisFromCsv, agentKpisFromJson, agentKpisFromText, AgentLog, toAgentEvents, toAgentEventsNdjson,
} from "agent-kpis";
import { toCsv, toNdjson } from "./formats.mjs";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const queueLog = readFileSync(join(fixtures, "platforms", "wire", "queue_log"), "utf8");
const ASTERISK = { format: "asterisk-queue-log" };
// The queue_log's first line to one minute after its last (epoch ms).
const SINCE = 1709542800_000;
const NOW = 1709543820_000;

/** The lines of `text`, each with its line break. */
const linesOf = (text) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** A log with `chunks` appended through `append(log, chunk)`. */
function logOf(chunks, append) {
  const log = new AgentLog();
  for (const c of chunks) append(log, c);
  return log;
}

test("native formats: agentKpisFromText (detected or named) and toAgentEvents give agentKpis's answers", () => {
  const text = readFileSync(join(fixtures, "day-shift.json"), "utf8");
  const events = JSON.parse(text);
  const { cases } = JSON.parse(readFileSync(join(fixtures, "day-shift.expected.json"), "utf8"));
  const ndjson = toNdjson(events);
  const csv = toCsv(events);
  for (const c of cases) {
    const opts = { now: c.now };
    for (const [input, format] of [[text, "json"], [ndjson, "ndjson"], [csv, "csv"]]) {
      assert.deepEqual(agentKpisFromText(input, c.since, opts), c.response, `${format} detected`);
      assert.deepEqual(agentKpisFromText(input, c.since, { ...opts, format }), c.response, `${format} named`);
      assert.deepEqual(agentKpis(toAgentEvents(input), c.since, opts), c.response, `${format}: toAgentEvents`);
      assert.deepEqual(agentKpisFromJson(toAgentEventsNdjson(input), c.since, opts), c.response, `${format}: toAgentEventsNdjson`);
    }
    assert.deepEqual(agentKpisFromJson(ndjson, c.since, { ...opts, format: "ndjson" }), c.response);
    assert.deepEqual(agentKpisFromCsv(csv, c.since, { ...opts, format: "csv" }), c.response);
  }
  // toAgentEvents: the input's events in input order, user_id as a string, reason only when there is one.
  const want = events.map((e) => ({
    user_id: String(e.user_id), ts: e.ts, status: e.status, ...(e.reason ? { reason: e.reason } : {}),
  }));
  assert.deepEqual(toAgentEvents(ndjson), want);
  assert.deepEqual(toAgentEvents(new TextEncoder().encode(csv), { format: "csv" }), want);
  assert.equal(toAgentEventsNdjson(text), want.map((e) => JSON.stringify(e) + "\n").join(""));
  // The appends, each with its format named.
  const half = events.length >> 1;
  const log = new AgentLog();
  log.appendText(toNdjson(events.slice(0, half)), { format: "ndjson" });
  log.appendCsv(toCsv(events.slice(half)), { format: "csv" });
  const last = cases[0];
  assert.deepEqual(log.kpis(last.since, { now: last.now }), last.response);
  log.free();
});

test("asterisk-queue-log: every entry point gives agentKpis(toAgentEvents(…))", () => {
  const events = toAgentEvents(queueLog, ASTERISK);
  const want = agentKpis(events, SINCE, { now: NOW });
  assert.deepEqual(agentKpisFromText(queueLog, SINCE, { now: NOW, ...ASTERISK }), want);
  assert.deepEqual(agentKpisFromText(new TextEncoder().encode(queueLog), SINCE, { now: NOW, ...ASTERISK }), want);
  assert.deepEqual(agentKpisFromJson(toAgentEventsNdjson(queueLog, ASTERISK), SINCE, { now: NOW }), want);
  const log = logOf([queueLog], (l, c) => l.appendText(c, ASTERISK));
  assert.deepEqual(log.kpis(SINCE, { now: NOW }), want);
  log.free();
  // What the rules fix by themselves (hand-computed in platforms/wire/README.md).
  const byId = Object.fromEntries(want.agents.map((a) => [a.user_id, a]));
  const a1 = byId["Agent/1001"];
  const a2 = byId["Agent/1002"];
  assert.equal(a1.statusMs.paused, 300_000); // 1709543160 s - 1709542860 s, the three PAUSE lines one pause
  assert.deepEqual(a1.reasonMs.paused, { break: 300_000 });
  assert.equal(a1.statusMs.incall, 300_000); // CONNECT 1709543220 s to COMPLETECALLER 1709543520 s
  assert.equal(a1.loggedInMs, 900_000); // ADDMEMBER 1709542800 s to the last REMOVEMEMBER 1709543700 s
  assert.equal(a2.statusMs.ring, 4_000); // RINGNOANSWER at 1709542900 s with 4000 ms
  assert.equal(a2.statusMs.incall, 380_000); // 1709543260 s to 1709543640 s
  assert.equal(a2.loggedInMs, 930_000); // 1709542830 s to 1709543760 s
  const paused = events.filter((e) => e.status === "paused");
  assert.deepEqual(paused, [{ user_id: "Agent/1001", ts: 1709542860_000, status: "paused", reason: "break" }]);
});

test("asterisk-queue-log: appended in chunks at every line boundary, the same as in one piece", () => {
  const lines = linesOf(queueLog);
  const whole = agentKpisFromText(queueLog, SINCE, { now: NOW, ...ASTERISK });
  for (let k = 0; k <= lines.length; k++) {
    const log = logOf([lines.slice(0, k).join(""), lines.slice(k).join("")], (l, c) => l.appendText(c, ASTERISK));
    assert.deepEqual(log.kpis(SINCE, { now: NOW }), whole, `split before line ${k + 1}`);
    log.free();
  }
  const log = logOf(lines, (l, c) => l.appendText(c, ASTERISK));
  assert.deepEqual(log.kpis(SINCE, { now: NOW }), whole, "one line per append");
  log.free();
});

test("asterisk-queue-log appends are all or nothing, the adapter's state too", () => {
  const lines = linesOf(queueLog);
  const whole = agentKpisFromText(queueLog, SINCE, { now: NOW, ...ASTERISK });
  const log = new AgentLog();
  log.appendText(lines.slice(0, 4).join(""), ASTERISK);
  // A bad line after a PAUSE: neither the events nor the pause are kept.
  const bad = `${lines[4]}${lines[5]}x|NONE|NONE|Agent/1001|UNPAUSEALL|\n`;
  assert.throws(() => log.appendText(bad, ASTERISK), (e) => e instanceof RangeError || e instanceof TypeError);
  log.appendText(lines.slice(4).join(""), ASTERISK);
  assert.deepEqual(log.kpis(SINCE, { now: NOW }), whole);
  log.free();
  // A commit refused after a good read (events before the compacted log's horizon) keeps the
  // adapter as it was: the PAUSE it read must not hold Agent/1001 paused after a later call.
  const pause = "1709600000|NONE|support|Agent/1001|PAUSE|lunch\n";
  const later = "1709700000|c1|support|Agent/1001|CONNECT|5|c1|1\n1709700300|c1|support|Agent/1001|COMPLETECALLER|5|300|1\n";
  const run = (withRefused) => {
    const l = new AgentLog();
    l.appendText(lines.slice(0, 2).join(""), ASTERISK); // Agent/1001 logged in
    l.append([{ user_id: "other", ts: 1709650000_000, status: "ready" }]);
    l.compact(1709650000_000);
    if (withRefused) assert.throws(() => l.appendText(pause, ASTERISK), /horizon/);
    l.appendText(later, ASTERISK);
    const r = l.kpis(1709650000_000, { now: 1709800000_000 });
    l.free();
    return r;
  };
  assert.deepEqual(run(true), run(false));
});

test("read options on the wrong entry point, and bad values, are TypeError/RangeError naming the field", () => {
  const ev = [{ user_id: "a", ts: 1, status: "ready" }];
  const names = "json, ndjson, csv, asterisk-queue-log, amazon-connect, twilio-taskrouter, genesys-user-details";
  const cases = [
    [() => agentKpisFromText(queueLog, 0, { format: "queue_log" }), RangeError, `options.format: unknown format "queue_log"; expected one of: ${names}`],
    [() => agentKpisFromText(queueLog, 0, { format: 7 }), TypeError, "options.format: expected a string, got 7"],
    [() => toAgentEvents(queueLog, { format: "Asterisk" }), RangeError, `options.format: unknown format "Asterisk"; expected one of: ${names}`],
    [() => toAgentEvents(queueLog, { formats: "csv" }), RangeError, "options.formats: unknown option; expected one of: format, timezone, statusMap, tsUnit, columns"],
    [() => toAgentEvents(queueLog, "csv"), TypeError, `options: expected an object, got "csv"`],
    [() => agentKpisFromJson("[]", 0, { format: "csv" }), RangeError, `options.format: agentKpisFromJson does not read "csv"; use agentKpisFromCsv or agentKpisFromText`],
    [() => agentKpisFromJson(queueLog, 0, ASTERISK), RangeError, `options.format: agentKpisFromJson does not read "asterisk-queue-log"; use agentKpisFromText`],
    [() => agentKpisFromCsv("user_id,ts,status\n", 0, { format: "ndjson" }), RangeError, `options.format: agentKpisFromCsv does not read "ndjson"; use agentKpisFromText`],
    [() => agentKpis(ev, 0, { format: "json" }), RangeError, "options.format: applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); events given as objects are read as they are"],
    [() => new AgentLog().append(ev, { format: "json" }), RangeError, "readOptions.format: applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); events given as objects are read as they are"],
    [() => new AgentLog().append(ev, { timezone: "UTC" }), RangeError, "readOptions.timezone: applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); events given as objects are read as they are"],
    [() => new AgentLog().kpis(0, { format: "json" }), RangeError, "options.format: read options belong to the append (AgentLog.append, appendJson, appendCsv, appendText), not to a query"],
    [() => new AgentLog().intervals(0, 10, 5, { now: 10, format: "json" }), RangeError, "options.format: read options belong to the append (AgentLog.append, appendJson, appendCsv, appendText), not to a query"],
    [() => new AgentLog().appendText(queueLog, 5), TypeError, "readOptions: expected an object, got 5"],
    [() => new AgentLog().appendText(queueLog, { format: "asterisk" }), RangeError, `readOptions.format: unknown format "asterisk"; expected one of: ${names}`],
    [() => new AgentLog().appendText(queueLog, { zone: "UTC" }), RangeError, "readOptions.zone: unknown option; expected one of: format, timezone, statusMap, tsUnit, columns"],
    [() => new AgentLog().appendText(queueLog, { ...ASTERISK, timezone: "Mars/Base" }), RangeError, `readOptions.timezone: unknown IANA time zone "Mars/Base"`],
    [() => new AgentLog().appendJson("[]", { format: "csv" }), RangeError, `readOptions.format: appendJson does not read "csv"; use appendCsv or appendText`],
    [() => new AgentLog().appendCsv("user_id,ts,status\n", ASTERISK), RangeError, `readOptions.format: appendCsv does not read "asterisk-queue-log"; use appendText`],
  ];
  for (const [call, type, message] of cases) {
    assert.throws(call, (e) => e instanceof type && e.message === message, message);
  }
});

test("asterisk-queue-log errors name the line; toAgentEvents throws, returns nothing", () => {
  const lines = linesOf(queueLog);
  const bad = [...lines.slice(0, 6), "oops|NONE|support|Agent/1001|PAUSE|break\n", ...lines.slice(6)].join("");
  for (const call of [
    () => agentKpisFromText(bad, SINCE, { now: NOW, ...ASTERISK }),
    () => toAgentEvents(bad, ASTERISK),
    () => toAgentEventsNdjson(bad, ASTERISK),
    () => new AgentLog().appendText(bad, ASTERISK),
  ]) {
    assert.throws(call, (e) => (e instanceof RangeError || e instanceof TypeError) && /^line 7: /.test(e.message));
  }
});

// A CSV as another tool writes it: its own header names, ISO-8601 times with an offset, raw
// statuses. 09:00+01:00 on 2024-03-04 is 08:00Z.
const T0 = Date.UTC(2024, 2, 4, 8);
const MIN = 60_000;
const otherCsv = [
  "AGENT,TIMESTAMP,STATE,REASON CODE",
  "a1,2024-03-04T09:00:00+01:00,Available,",
  "a1,2024-03-04T09:10:00+01:00,Lunch,",
  "a1,2024-03-04T09:40:00+01:00,On Call,",
  "a1,2024-03-04T09:50:00+01:00,Logged Out,",
].join("\n") + "\n";
const statusMap = { Available: "ready", Lunch: { status: "paused", reason: "lunch" }, "On Call": "incall", "Logged Out": "offline" };
const columns = { user_id: "AGENT", ts: "TIMESTAMP", status: "STATE", reason: "REASON CODE" };
const columnsSpec = 'user_id=AGENT,ts=TIMESTAMP,status=STATE,reason="REASON CODE"';
// ready 09:00-09:10, paused (lunch) 09:10-09:40, incall 09:40-09:50, offline 09:50 to now (10:00).
const otherWant = { statusMs: { ready: 10 * MIN, paused: 30 * MIN, incall: 10 * MIN, offline: 10 * MIN }, reasonMs: { paused: { lunch: 30 * MIN } }, loggedInMs: 50 * MIN };

/** The hand-computed part of a1's row. */
const pick = (res) => {
  const a = res.agents.find((r) => r.user_id === "a1");
  return { statusMs: a.statusMs, reasonMs: a.reasonMs, loggedInMs: a.loggedInMs };
};

test("statusMap, columns and ISO-8601 ts on every path give the hand-computed row", () => {
  const q = { now: T0 + 60 * MIN };
  const read = { columns, statusMap };
  assert.deepEqual(pick(agentKpisFromCsv(otherCsv, T0, { ...q, ...read })), otherWant, "agentKpisFromCsv");
  assert.deepEqual(pick(agentKpisFromText(otherCsv, T0, { ...q, format: "csv", ...read })), otherWant, "agentKpisFromText");
  assert.deepEqual(pick(agentKpisFromText(otherCsv, T0, { ...q, columns: columnsSpec, statusMap })), otherWant, "columns as text");
  const events = toAgentEvents(otherCsv, read);
  assert.deepEqual(events, [
    { user_id: "a1", ts: T0, status: "ready" },
    { user_id: "a1", ts: T0 + 10 * MIN, status: "paused", reason: "lunch" },
    { user_id: "a1", ts: T0 + 40 * MIN, status: "incall" },
    { user_id: "a1", ts: T0 + 50 * MIN, status: "offline" },
  ]);
  assert.deepEqual(pick(agentKpis(events, T0, q)), otherWant, "agentKpis(toAgentEvents)");
  // CSV appended in chunks, the header in front of each, as the CLI does.
  const [header, ...rows] = otherCsv.trimEnd().split("\n");
  const log = new AgentLog();
  log.appendCsv(`${header}\n${rows.slice(0, 2).join("\n")}\n`, read);
  log.appendText(`${header}\n${rows.slice(2).join("\n")}\n`, { format: "csv", ...read });
  assert.deepEqual(pick(log.kpis(T0, q)), otherWant, "AgentLog.appendCsv + appendText");
  log.free();
  // Raw statuses as objects: agentKpis and AgentLog.append take the status map too.
  const raw = events.map((e, i) => ({ user_id: "a1", ts: e.ts, status: ["Available", "Lunch", "On Call", "Logged Out"][i] }));
  assert.deepEqual(pick(agentKpis(raw, T0, { ...q, statusMap })), otherWant, "agentKpis + statusMap");
  const objects = new AgentLog();
  objects.append(raw.slice(0, 2), { statusMap });
  objects.append(raw.slice(2), { statusMap });
  assert.deepEqual(pick(objects.kpis(T0, q)), otherWant, "AgentLog.append + statusMap");
  objects.free();
  // Without the map the raw statuses pass through (not logged-in statuses of the platform).
  assert.equal(agentKpis(raw, T0, q).agents[0].statusMs.Lunch, 30 * MIN);
});

test("tsUnit s and offset-less ISO-8601 ts read in options.timezone", () => {
  // 1709542800.5 s = 1709542800500 ms; 1.0005 s rounds half up to 1001 ms.
  const ndjson = '{"user_id":"b","ts":1709542800.5,"status":"ready"}\n{"user_id":"b","ts":1709542860,"status":"offline"}\n';
  assert.deepEqual(toAgentEvents(ndjson, { tsUnit: "s" }).map((e) => e.ts), [1709542800_500, 1709542860_000]);
  assert.deepEqual(toAgentEvents('[{"user_id":"b","ts":1.0005,"status":"ready"}]', { tsUnit: "s" })[0].ts, 1001);
  // ready 1709542800.5 s to 1709542860 s, offline to now (1709542900 s).
  assert.deepEqual(agentKpisFromJson(ndjson, 0, { now: 1709542900_000, tsUnit: "s" }).agents[0].statusMs, { ready: 59_500, offline: 40_000 });
  const log = new AgentLog();
  log.appendJson(ndjson, { tsUnit: "s" });
  assert.equal(log.stats().firstTs, 1709542800_500);
  log.free();
  // 09:00 in Paris on 2024-03-04 (UTC+1) is 08:00Z.
  const local = '{"user_id":"c","ts":"2024-03-04T09:00:00","status":"ready"}\n';
  assert.equal(toAgentEvents(local, { timezone: "Europe/Paris" })[0].ts, T0);
  assert.equal(agentKpisFromJson(local, T0, { now: T0 + MIN, timezone: "Europe/Paris" }).agents[0].statusMs.ready, MIN);
  assert.throws(() => toAgentEvents(local), (e) => e instanceof RangeError && /^line 1: ts: "2024-03-04T09:00:00" has no offset/.test(e.message));
});

test("statusMap applies to a platform's derived events too", () => {
  const mapped = agentKpisFromText(queueLog, SINCE, { now: NOW, ...ASTERISK, statusMap: { paused: { status: "paused", reason: "away" } } });
  const a1 = mapped.agents.find((a) => a.user_id === "Agent/1001");
  assert.deepEqual(a1.reasonMs, { paused: { away: 300_000 } }); // the 300 s pause, its reason replaced
});

test("bad read option values: TypeError/RangeError naming the field", () => {
  const ev = [{ user_id: "a", ts: 1, status: "ready" }];
  const cases = [
    [() => agentKpisFromCsv(otherCsv, 0, { statusMap: 5 }), TypeError, "options.statusMap: expected an object { rawStatus: status or { status, reason } }, got 5"],
    [() => agentKpis(ev, 0, { statusMap: [] }), TypeError, "options.statusMap: expected an object { rawStatus: status or { status, reason } }, got an array"],
    [() => toAgentEvents(otherCsv, { columns, statusMap: { Lunch: { status: "paused", why: "x" } } }), RangeError, `options.statusMap["Lunch"]: unknown key "why"; expected status and reason`],
    [() => toAgentEvents(otherCsv, { columns, statusMap: { Lunch: { status: 5 } } }), TypeError, `options.statusMap["Lunch"].status: expected a string, got 5`],
    [() => toAgentEvents(otherCsv, { columns, statusMap: { Lunch: { status: "paused", reason: 5 } } }), TypeError, `options.statusMap["Lunch"].reason: expected a string, null or undefined, got 5`],
    [() => toAgentEvents(otherCsv, { columns, statusMap: { Lunch: 5 } }), TypeError, `options.statusMap["Lunch"]: expected a canonical status or an object { status, reason }, got 5`],
    [() => agentKpisFromJson("[]", 0, { tsUnit: "sec" }), RangeError, `options.tsUnit: expected "ms" or "s", got "sec"`],
    [() => agentKpisFromJson("[]", 0, { tsUnit: 1000 }), TypeError, "options.tsUnit: expected a string, got 1000"],
    [() => agentKpisFromCsv(otherCsv, 0, { columns: 5 }), TypeError, `options.columns: expected an object { user_id, ts, status, reason } of column names or "user_id=NAME,…", got 5`],
    [() => agentKpisFromCsv(otherCsv, 0, { columns: { ts: 5 } }), TypeError, "options.columns.ts: expected a string, got 5"],
    [() => agentKpisFromText("{}", 0, { columns }), RangeError, `options.columns: does not apply to "ndjson" logs`],
    [() => agentKpisFromText(queueLog, 0, { ...ASTERISK, tsUnit: "s" }), RangeError, `options.tsUnit: does not apply to "asterisk-queue-log" logs`],
    [() => new AgentLog().appendText(queueLog, { ...ASTERISK, columns }), RangeError, `readOptions.columns: does not apply to "asterisk-queue-log" logs`],
    [() => agentKpis(ev, 0, { tsUnit: "s" }), RangeError, "options.tsUnit: applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); events given as objects are read as they are"],
    [() => agentKpis(ev, 0, { columns }), RangeError, "options.columns: applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); events given as objects are read as they are"],
    [() => new AgentLog().append(ev, { columns }), RangeError, "readOptions.columns: applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); events given as objects are read as they are"],
    [() => new AgentLog().kpis(0, { statusMap }), RangeError, "options.statusMap: read options belong to the append (AgentLog.append, appendJson, appendCsv, appendText), not to a query"],
  ];
  for (const [call, type, message] of cases) {
    assert.throws(call, (e) => e instanceof type && e.message === message, message);
  }
  // A target that is no canonical status names the entry (the message is the core's).
  assert.throws(() => agentKpis(ev, 0, { statusMap: { ready: "redy" } }), (e) => e instanceof RangeError && e.message.startsWith(`options.statusMap["ready"]: expected one of the canonical statuses`));
  // A throwing getter is a TypeError naming the entry, not an exception through wasm.
  const trap = { get Lunch() { throw new Error("trap"); } };
  assert.throws(() => agentKpis(ev, 0, { statusMap: trap }), (e) => e instanceof TypeError && e.message === `options.statusMap["Lunch"]: reading it threw: "trap"`);
});

test("statusMap on objects: the packed path maps each rule (keep, set, drop the reason) as a reference does", () => {
  const map = { Avail: "ready", Lunch: { status: "paused", reason: "lunch" }, Away: { status: "paused", reason: null }, Brk: "paused", Meet: { status: "paused", reason: "" } };
  // The rules by hand: a string target keeps the reason, an object's reason replaces it, null or "" drops it.
  const ref = (e) => {
    const rule = Object.hasOwn(map, e.status) ? map[e.status] : null;
    if (rule === null) return e;
    if (typeof rule === "string") return { ...e, status: rule };
    return { user_id: e.user_id, ts: e.ts, status: rule.status, ...(rule.reason ? { reason: rule.reason } : {}) };
  };
  const raw = ["Avail", "Lunch", "Away", "Brk", "incall", "Brk", "Meet"];
  const events = [];
  for (let i = 0; i < 600; i++) {
    events.push({ user_id: `u${i % 7}`, ts: i * 1000, status: raw[i % raw.length], ...(i % 3 ? { reason: `r${i % 4}` } : {}) });
  }
  const q = { now: 700_000 };
  const want = agentKpis(events.map(ref), 0, q);
  const paused = want.agents.map((a) => Object.keys(a.reasonMs?.paused ?? {}));
  assert.ok(paused.some((k) => k.includes("lunch")) && paused.some((k) => k.some((r) => /^r\d$/.test(r))), "kept and set reasons both present");
  assert.deepEqual(agentKpis(events, 0, { ...q, statusMap: map }), want, "agentKpis (packed)");
  const log = new AgentLog();
  log.append(events.slice(0, 250), { statusMap: map });
  log.append(events.slice(250), { statusMap: map });
  assert.deepEqual(log.kpis(0, q), want, "AgentLog.append (packed)");
  log.free();
  // Columns (plain arrays): the same map on the same events.
  const columns = {
    userIds: events.map((e) => e.user_id),
    ts: Float64Array.from(events, (e) => e.ts),
    statuses: events.map((e) => e.status),
    reasons: events.map((e) => e.reason ?? null),
  };
  assert.deepEqual(agentKpisColumns(columns, 0, { ...q, statusMap: map }), want, "agentKpisColumns");
  // Events the packer leaves to the wasm object path (a user id over its 341-character fast
  // limit, still a valid id) give the same.
  const long = "u".repeat(400);
  const proxied = events.map((e, i) => (i === 5 ? { ...e, user_id: long } : e));
  const wantLong = agentKpis(proxied.map(ref), 0, q);
  assert.deepEqual(agentKpis(proxied, 0, { ...q, statusMap: map }), wantLong, "agentKpis (object path)");
  const log2 = new AgentLog();
  log2.append(proxied, { statusMap: map });
  assert.deepEqual(log2.kpis(0, q), wantLong, "AgentLog.append (object path)");
  log2.free();
});
