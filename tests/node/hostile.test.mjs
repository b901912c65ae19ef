// Hostile inputs through the public JS API: every case must throw an Error
// subclass whose message names the field, never a wasm trap, and the same module instance must give
// right answers afterwards. The caller's input is never mutated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { agentKpis, agentKpisColumns, agentKpisFromCsv, agentKpisFromJson, AgentLog } from "agent-kpis";

const ok = { user_id: "a", ts: 1_000, status: "ready" };
const MB = "x".repeat(1 << 20);
const throwing = new Proxy({}, { get() { throw new Error("trap"); } });
const revoked = Proxy.revocable([], {});
revoked.revoke();
const getterThrows = (field) => Object.defineProperty({ ...ok }, field, { get() { throw new Error("getter"); }, enumerable: true });

// [description, thunk, pattern the message must match (names the field)]
const cases = [];
const ev = (patch, field) => cases.push([`events[0].${field} = ${String(Object.values(patch)[0]).slice(0, 20)}`,
  () => agentKpis([{ ...ok, ...patch }], 0, { now: 10_000 }), new RegExp(`^events\\[0\\]\\.${field}: `)]);
for (const v of [undefined, null, "", true, 1.5, -1.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), 7n, {}, [], Symbol("s"), () => 1, MB]) {
  ev({ user_id: v }, "user_id");
}
for (const v of [undefined, null, "", "abc", "1000", true, NaN, Infinity, -Infinity, -1, -0.5, 1.5, 2 ** 53, Number.MAX_VALUE, 1000n, {}, [], new Date(0)]) {
  ev({ ts: v }, "ts");
}
for (const v of [undefined, null, "", 5, true, {}, [], 1n, MB]) ev({ status: v }, "status");
for (const v of [5, true, {}, [], 1n, MB]) ev({ reason: v }, "reason");
for (const f of ["user_id", "ts", "status", "reason"]) {
  cases.push([`getter throws on ${f}`, () => agentKpis([ok, getterThrows(f)], 0, { now: 10_000 }), new RegExp(`^events\\[1\\]\\.${f}: reading it threw`)]);
}
const more = [
  ["events not an array (object)", () => agentKpis({ 0: ok, length: 1 }, 0), /^events: /],
  ["events a string", () => agentKpis("[]", 0), /^events: /],
  ["events undefined", () => agentKpis(undefined, 0), /^events: /],
  ["events a typed array", () => agentKpis(new Uint8Array(3), 0), /^events: /],
  ["element null", () => agentKpis([ok, null], 0, { now: 10_000 }), /^events\[1\]: /],
  ["element a number", () => agentKpis([ok, 5], 0, { now: 10_000 }), /^events\[1\]: /],
  ["element an array", () => agentKpis([ok, ["a", 1, "ready"]], 0, { now: 10_000 }), /^events\[1\]: /],
  ["sparse array hole", () => agentKpis([ok, , ok], 0, { now: 10_000 }), /^events\[1\]: /], // eslint-disable-line no-sparse-arrays
  ["element a throwing Proxy", () => agentKpis([throwing], 0, { now: 10_000 }), /^events\[0\]\.user_id: reading it threw/],
  ["events a revoked Proxy", () => agentKpis(revoked.proxy, 0), /^events: reading it threw/],
  ["since missing", () => agentKpis([ok]), /^since: /],
  ["since a string", () => agentKpis([ok], "0"), /^since: /],
  ["since NaN", () => agentKpis([ok], NaN), /^since: /],
  ["since negative", () => agentKpis([ok], -1), /^since: /],
  ["since fractional", () => agentKpis([ok], 0.5), /^since: /],
  ["since BigInt", () => agentKpis([ok], 0n), /^since: /],
  ["since unsafe", () => agentKpis([ok], 2 ** 53), /^since: /],
  ["since > now", () => agentKpis([ok], 10, { now: 5 }), /^since: must be <= now/],
  ["options a number", () => agentKpis([ok], 0, 5), /^options: /],
  ["options a string", () => agentKpis([ok], 0, "now"), /^options: /],
  ["options an array", () => agentKpis([ok], 0, [1]), /^options: /],
  ["options unknown key", () => agentKpis([ok], 0, { nwo: 5 }), /^options\.nwo: /],
  ["options __proto__ key", () => agentKpis([ok], 0, JSON.parse('{"__proto__": {"now": 5}}')), /^options\.__proto__: /],
  ["options.now a string", () => agentKpis([ok], 0, { now: "5" }), /^options\.now: /],
  ["options.now Infinity", () => agentKpis([ok], 0, { now: Infinity }), /^options\.now: /],
  ["options.now BigInt", () => agentKpis([ok], 0, { now: 5n }), /^options\.now: /],
  ["options a throwing Proxy", () => agentKpis([ok], 0, throwing), /^options/],
  ["columns not an object", () => agentKpisColumns(null, 0), /^columns: /],
  ["columns.ts a plain array", () => agentKpisColumns({ userIds: ["a"], ts: [1], statuses: ["x"] }, 0), /^columns\.ts: /],
  ["columns.ts negative", () => agentKpisColumns({ userIds: ["a"], ts: new Float64Array([-1]), statuses: ["x"] }, 0), /^columns\.ts\[0\]: /],
  ["columns.ts BigInt unsafe", () => agentKpisColumns({ userIds: ["a"], ts: new BigInt64Array([2n ** 60n]), statuses: ["x"] }, 0), /^columns\.ts\[0\]: /],
  ["columns length mismatch", () => agentKpisColumns({ userIds: ["a", "b"], ts: new Float64Array([1]), statuses: ["x"] }, 0), /^columns\.userIds: /],
  ["columns bad code", () => agentKpisColumns({ userIds: { dict: ["a"], codes: new Uint32Array([1]) }, ts: new Float64Array([1]), statuses: ["x"] }, 0), /^columns\.userIds\.codes\[0\]: /],
  ["columns empty status", () => agentKpisColumns({ userIds: ["a"], ts: new Float64Array([1]), statuses: [""] }, 0), /^columns\.statuses\[0\]: /],
  ["AgentLog.append non-array", () => new AgentLog().append(5), /^events: /],
  ["AgentLog.append bad ts", () => new AgentLog().append([ok, { ...ok, ts: -1 }]), /^events\[1\]\.ts: /],
  ["AgentLog.kpis bad since", () => new AgentLog().kpis("x"), /^since: /],
  ["AgentLog.intervals zero step", () => new AgentLog().intervals(0, 10, 0, { now: 10 }), /^stepMs: /],
  ["AgentLog.intervals from > to", () => new AgentLog().intervals(10, 0, 5, { now: 10 }), /^from: /],
  ["AgentLog.intervals too many", () => new AgentLog().intervals(0, 2 ** 52, 1, { now: 2 ** 52 }), /^stepMs: /],
  ["AgentLog.compact bad before", () => new AgentLog().compact(-1), /^before: /],
];
cases.push(...more);

// Docs example, by hand: occupancy 36, utilization 33.
const docs = [
  { user_id: 7, ts: 0, status: "ready" },
  { user_id: "7", ts: 5_400_000, status: "incall" },
  { user_id: 7, ts: 8_100_000, status: "wrapup" },
  { user_id: 7, ts: 8_400_000, status: "paused", reason: "break" },
];
const docsExpected = { user_id: "7", statusMs: { incall: 2_700_000, paused: 600_000, wrapup: 300_000, ready: 5_400_000 },
  loggedInMs: 9_000_000, occupancyPct: 36, utilizationPct: 33, reasonMs: { paused: { break: 600_000 } } };

test(`catalog of ${cases.length} hostile inputs: named errors, no trap, instance still right`, () => {
  assert.ok(cases.length >= 60, `only ${cases.length} cases`);
  for (const [what, thunk, pattern] of cases) {
    let error;
    try { thunk(); } catch (e) { error = e; }
    assert.ok(error instanceof Error, `${what}: did not throw an Error (got ${String(error)})`);
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `${what}: wasm trap ${error.message}`);
    assert.ok(error instanceof TypeError || error instanceof RangeError, `${what}: ${error.constructor.name}`);
    assert.match(error.message, pattern, `${what}`);
    assert.doesNotMatch(error.message, /unreachable|panicked|RuntimeError/, what);
    assert.ok(error.message.length < 400, `${what}: message of ${error.message.length} chars`);
    assert.deepEqual(agentKpis(docs, 0, { now: 9_000_000 }).agents, [docsExpected], `after ${what}`);
  }
});

// The binding's own checks (arguments, options, schedules, text input), each message in full: the
// class and every byte of the text are part of the API.
const badLength = new Proxy([], { get: (t, k) => (k === "length" ? -1 : Reflect.get(t, k)) });
const throwsString = { get now() { throw "nope"; } };
const throwsNumber = { get now() { throw 5; } };
const withSchedules = (schedules) => () => agentKpis([ok], 0, { now: 10_000, schedules });
const weekly = { kind: "weekly", dow: 1, start_time: "09:00", end_time: "17:00" };
const exact = [
  [() => new AgentLog().kpis(0, { now: 10, schedules: [] }), RangeError, "options.schedules: an AgentLog takes schedules from setSchedules()"],
  [() => new AgentLog().intervals(0, 10, 0, { now: 10 }), RangeError, "stepMs: expected a positive integer (ms), got 0"],
  [() => new AgentLog().intervals(0, 10, -0, { now: 10 }), RangeError, "stepMs: expected a positive integer (ms), got 0"],
  [() => new AgentLog().intervals(0, 10, -1, { now: 10 }), RangeError, "stepMs: expected a positive integer (ms), got -1"],
  [() => new AgentLog().intervals(0, 10, 1.5, { now: 10 }), RangeError, "stepMs: expected a positive integer (ms), got 1.5"],
  [() => new AgentLog().intervals(0, 10, "5", { now: 10 }), TypeError, 'stepMs: expected a positive integer (ms), got "5"'],
  [() => new AgentLog().intervals(0, 10, undefined, { now: 10 }), TypeError, "stepMs: expected a positive integer (ms), got undefined"],
  [() => agentKpisFromJson(42, 0), TypeError, "input: expected a string or a Uint8Array, got 42"],
  [() => new AgentLog().appendCsv(null), TypeError, "input: expected a string or a Uint8Array, got null"],
  [() => agentKpisFromJson("user_id,ts,status\n", 0), RangeError, "input: expected a JSON array or NDJSON (starting with '[' or '{'); for CSV use the Csv variant"],
  [() => agentKpisFromCsv("[]", 0), RangeError, "input: expected CSV, got what looks like a JSON array"],
  [() => new AgentLog().appendCsv('{"user_id":"a"}\n'), RangeError, "input: expected CSV, got what looks like NDJSON"],
  [() => new AgentLog().append(5), TypeError, "events: expected an array of events, got 5"],
  [() => agentKpis([ok, "x"], 0, { now: 10_000 }), TypeError, 'events[1]: expected an event object, got "x"'],
  [() => agentKpis([ok, getterThrows("ts")], 0, { now: 10_000 }), TypeError, 'events[1].ts: reading it threw: "getter"'],
  [() => agentKpis([ok], 0, throwsString), TypeError, 'options.now: reading it threw: "nope"'],
  [() => agentKpis([ok], 0, throwsNumber), TypeError, 'options.now: reading it threw: "a non-Error value"'],
  [() => agentKpis([ok], 0, [1]), TypeError, "options: expected an object, got an array"],
  [() => agentKpis([ok], 0, { nwo: 5 }), RangeError, "options.nwo: unknown option; expected one of: now, schedules, timezone, adherenceSampleMs, adherentStatuses, include, groups, adherenceGraceMs, adherenceSevereMs, plannedReasons"],
  [() => agentKpis([ok], 0, { now: 10_000, timezone: 5 }), TypeError, "options.timezone: expected an IANA time zone name, got 5"],
  [() => agentKpis([ok], 0, { now: 10_000, adherenceSampleMs: "5" }), RangeError, 'options.adherenceSampleMs: expected a non-negative integer (ms; 0 = exact), got "5"'],
  [() => agentKpis([ok], 0, { now: 10_000, adherenceSampleMs: -1 }), RangeError, "options.adherenceSampleMs: expected a non-negative integer (ms; 0 = exact), got -1"],
  [() => agentKpis([ok], 0, { now: 10_000, adherentStatuses: "ready" }), TypeError, 'options.adherentStatuses: expected an array of statuses, got "ready"'],
  [() => agentKpis([ok], 0, { now: 10_000, adherentStatuses: badLength }), RangeError, "options.adherentStatuses: not a valid array length"],
  [withSchedules(5), TypeError, "schedules: expected an array of schedules, got 5"],
  [withSchedules([5]), TypeError, "schedules[0]: expected a schedule object, got 5"],
  [withSchedules([{ user_id: "a", bypass: 1, rules: [] }]), TypeError, "schedules[0].bypass: expected a boolean, got 1"],
  [withSchedules([{ user_id: "a", timezone: 5, rules: [] }]), TypeError, "schedules[0].timezone: expected a string, got 5"],
  [withSchedules([{ user_id: "a", rules: {} }]), TypeError, "schedules[0].rules: expected an array of rules, got an object"],
  [withSchedules([{ user_id: "a", rules: [weekly, 5] }]), TypeError, "schedules[0].rules[1]: expected a rule object, got 5"],
  [withSchedules([{ user_id: "a", rules: [{ dow: 1 }] }]), TypeError, 'schedules[0].rules[0].kind: expected "weekly", "date" or "date_range", got missing'],
  [withSchedules([{ user_id: "a", rules: [{ kind: 1 }] }]), TypeError, 'schedules[0].rules[0].kind: expected "weekly", "date" or "date_range", got 1'],
  [withSchedules([{ user_id: "a", rules: [{ ...weekly, dow: 1.5 }] }]), RangeError, "schedules[0].rules[0].dow: expected an integer 0 (Sunday) to 6 (Saturday), got 1.5"],
  [withSchedules([{ user_id: "a", rules: [{ ...weekly, dow: Infinity }] }]), RangeError, "schedules[0].rules[0].dow: expected an integer 0 (Sunday) to 6 (Saturday), got Infinity"],
  [withSchedules([{ user_id: "a", rules: [{ ...weekly, dow: "1" }] }]), TypeError, 'schedules[0].rules[0].dow: expected an integer 0 (Sunday) to 6 (Saturday), got "1"'],
  [withSchedules([{ user_id: "a", rules: [{ kind: "date", is_closed: 2 }] }]), TypeError, "schedules[0].rules[0].is_closed: expected a boolean, 0 or 1, got 2"],
  [withSchedules([{ user_id: "a", rules: [{ kind: "date", start_date: [2026] }] }]), TypeError, "schedules[0].rules[0].start_date: expected a string, got an array"],
  [withSchedules([{ user_id: "a", segments: 5 }]), TypeError, "schedules[0].segments: expected an array of {start, end} segments, got 5"],
  [withSchedules([{ user_id: "a", segments: [{ start: 0, end: 10 }, null] }]), TypeError, "schedules[0].segments[1]: expected a {start, end} object, got null"],
];

test(`the binding's own checks: ${exact.length} messages, class and text exact`, () => {
  for (const [thunk, Class, message] of exact) {
    assert.throws(thunk, (e) => {
      assert.equal(e.constructor, Class, message);
      assert.equal(e.message, message);
      return true;
    });
  }
});

test("input objects are never mutated, even frozen ones", () => {
  const events = docs.map((e) => Object.freeze({ ...e }));
  Object.freeze(events);
  const snapshot = JSON.stringify(events);
  const options = Object.freeze({ now: 9_000_000 });
  assert.deepEqual(agentKpis(events, 0, options).agents, [docsExpected]);
  const log = new AgentLog();
  log.append(events);
  assert.deepEqual(log.kpis(0, options).agents, [docsExpected]);
  assert.equal(JSON.stringify(events), snapshot);
});

test("prototype-polluting keys are data, not prototype changes", () => {
  const events = [
    { user_id: "__proto__", ts: 0, status: "constructor", reason: "__proto__" },
    { user_id: "toString", ts: 5, status: "__proto__" },
  ];
  const { agents } = agentKpis(events, 0, { now: 10 });
  assert.deepEqual(agents.map((a) => a.user_id), ["__proto__", "toString"]);
  assert.deepEqual(Object.keys(agents[0].statusMs), ["constructor"]);
  assert.deepEqual(Object.keys(agents[1].statusMs), ["__proto__"]);
  assert.equal(agents[1].statusMs.__proto__, 5);
  assert.deepEqual(Object.keys(agents[0].reasonMs.constructor), ["__proto__"]);
  assert.equal(({}).polluted, undefined);
});

test("statuses and reasons named like Object.prototype members, with Object.prototype frozen", () => {
  // Freezing Object.prototype (a defense against prototype pollution) makes assigning `o.toString = …`
  // throw in strict code; the results must still hold every status and reason as an own property.
  const fixture = new URL("../fixtures/hostile-names.json", import.meta.url);
  const events = JSON.parse(readFileSync(fixture, "utf8"));
  const [since, now] = [1773129600000, 1773129700000];
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", `
    import { readFileSync } from "node:fs";
    import { AgentLog, agentKpis } from "agent-kpis";
    Object.freeze(Object.prototype);
    const events = JSON.parse(readFileSync(${JSON.stringify(fileURLToPath(fixture))}, "utf8"));
    const log = new AgentLog();
    log.append(events);
    const out = {
      kpis: log.kpis(${since}, { now: ${now} }),
      again: log.kpis(${since}, { now: ${now} }),
      intervals: log.intervals(${since}, ${now}, 50000, { now: ${now} }),
      agentKpis: agentKpis(events, ${since}, { now: ${now} }),
    };
    process.stdout.write(JSON.stringify(out));
  `], { encoding: "utf8", cwd: fileURLToPath(new URL("../..", import.meta.url)) });
  assert.equal(child.status, 0, child.stderr);
  const got = JSON.parse(child.stdout);
  const want = agentKpis(events, since, { now });
  const byId = (id) => want.agents.find((a) => a.user_id === id);
  assert.equal(byId("__proto__").statusMs.constructor, 99_000);
  assert.deepEqual(Object.keys(byId("toString").statusMs), ["paused", "toString"]);
  for (const k of ["kpis", "again", "agentKpis"]) assert.deepEqual(got[k], want, k);
  const log = new AgentLog();
  log.append(events);
  assert.deepEqual(got.intervals, log.intervals(since, now, 50_000, { now }));
  log.free();
});
