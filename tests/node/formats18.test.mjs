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
  agentKpis, agentKpisFromCsv, agentKpisFromJson, agentKpisFromText, AgentLog, toAgentEvents, toAgentEventsNdjson,
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
    [() => toAgentEvents(queueLog, { formats: "csv" }), RangeError, "options.formats: unknown option; expected one of: format, timezone"],
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
    [() => new AgentLog().appendText(queueLog, { zone: "UTC" }), RangeError, "readOptions.zone: unknown option; expected one of: format, timezone"],
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
