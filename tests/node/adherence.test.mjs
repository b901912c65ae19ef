// Adherence on the recorded logs: schedules in both forms (rules in several IANA zones, segments),
// with bypassed, unscheduled and absent agents; expected values from an independent Python
// reference using zoneinfo (tests/tools/adherence_ref.py, see make-adherence.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agentKpis, AgentLog } from "agent-kpis";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const read = (p) => JSON.parse(readFileSync(p, "utf8"));

for (const name of ["day-shift", "evening-shift", "messy"]) {
  test(`${name}: adherence equals the independent reference, sampled and exact`, () => {
    const events = read(join(fixtures, `${name}.json`));
    const { timezone, schedules, cases } = read(join(fixtures, `${name}.adherence.json`));
    const log = new AgentLog();
    log.append(events);
    log.setSchedules(schedules);
    const scheduled = new Set(schedules.map((s) => String(s.user_id)));
    for (const c of cases) {
      const options = { now: c.now, schedules, timezone, adherenceSampleMs: c.sampleMs };
      const { agents } = agentKpis(events, c.since, options);
      const label = `${name} [${c.since}, ${c.now}] step ${c.sampleMs}`;
      for (const a of agents) {
        const want = c.expected[a.user_id];
        if (!scheduled.has(a.user_id)) {
          assert.ok(!("adherencePct" in a) && !("adherence" in a), `${label}: unscheduled ${a.user_id}`);
          continue;
        }
        assert.deepEqual({ adherencePct: a.adherencePct, adherence: a.adherence }, { adherencePct: want.adherencePct, adherence: want.adherence }, `${label}: ${a.user_id}`);
      }
      // Every scheduled agent is reported; those without events at ts <= now come last, in
      // schedule order, with empty KPIs.
      assert.deepEqual(new Set(agents.filter((a) => "adherencePct" in a).map((a) => a.user_id)), scheduled, label);
      const plain = agentKpis(events, c.since, { now: c.now }).agents.map((a) => a.user_id);
      const absent = schedules.map((s) => String(s.user_id)).filter((id) => !plain.includes(id));
      assert.deepEqual(agents.map((a) => a.user_id), [...plain, ...absent], label);
      for (const id of absent) {
        const a = agents.find((x) => x.user_id === id);
        assert.deepEqual([a.statusMs, a.loggedInMs, a.occupancyPct, a.utilizationPct], [{}, 0, 0, 0]);
      }
      // The live engine with setSchedules gives the same.
      const { schedules: _, ...rest } = options;
      // (as text too: the engine's objects are built in JS, the one-shot's by JSON.parse, and the
      // key order must be the same)
      const live = log.kpis(c.since, rest);
      assert.deepEqual(live, { agents }, `${label}: AgentLog`);
      assert.equal(JSON.stringify(live), JSON.stringify({ agents }), `${label}: AgentLog key order`);
    }
    log.free();
  });
}

test("schedule errors name the place", () => {
  const ev = [{ user_id: "a", ts: 0, status: "ready" }];
  const cases = [
    [[{ user_id: "a", rules: [{ kind: "weekly", dow: 9, start_time: "09:00", end_time: "17:00" }] }], /^schedules\[0\]\.rules\[0\]\.dow: /],
    [[{ user_id: "a", rules: [{ kind: "weekly", dow: 1, start_time: "9:00", end_time: "17:00" }] }], /^schedules\[0\]\.rules\[0\]\.start_time: /],
    [[{ user_id: "a", rules: [{ kind: "date", start_date: "2026-02-30", is_closed: true }] }], /^schedules\[0\]\.rules\[0\]\.start_date: /],
    [[{ user_id: "a", rules: [{ kind: "date", start_date: "2026-02-03" }] }], /^schedules\[0\]\.rules\[0\]\.start_time: /],
    [[{ user_id: "a", rules: [{ kind: "yearly" }] }], /^schedules\[0\]\.rules\[0\]\.kind: /],
    [[{ user_id: "a", rules: [5] }], /^schedules\[0\]\.rules\[0\]: /],
    [[{ user_id: "a", timezone: "Nowhere/City", rules: [] }], /^schedules\[0\]\.timezone: /],
    [[{ user_id: "a", segments: [{ start: 10, end: 5 }] }], /^schedules\[0\]\.segments\[0\]: /],
    [[{ user_id: "a", segments: [{ start: 0, end: 10 }, { start: 5, end: 20 }] }], /^schedules\[0\]\.segments\[1\]: overlaps/],
    [[{ user_id: "a", segments: [{ start: -1, end: 10 }] }], /^schedules\[0\]\.segments\[0\]\.start: /],
    [[{ user_id: "a", rules: [], segments: [] }], /^schedules\[0\]: expected exactly one/],
    [[{ user_id: "a", rules: [] }, { user_id: "a", rules: [] }], /^schedules\[1\]\.user_id: duplicate/],
    [[{ user_id: 1.5, rules: [] }], /^schedules\[0\]\.user_id: /],
    [[{ user_id: "a", bypass: 1, rules: [] }], /^schedules\[0\]\.bypass: /],
    [[null], /^schedules\[0\]: /],
    [{}, /^schedules: /],
  ];
  for (const [schedules, pattern] of cases) {
    assert.throws(() => agentKpis(ev, 0, { now: 1, schedules }), (e) => (e instanceof TypeError || e instanceof RangeError) && pattern.test(e.message), JSON.stringify(schedules));
    assert.throws(() => new AgentLog().setSchedules(schedules), (e) => pattern.test(e.message));
  }
  assert.throws(() => agentKpis(ev, 0, { now: 1, timezone: "Mars/Base" }), /^RangeError: options\.timezone: /);
  assert.throws(() => agentKpis(ev, 0, { now: 1, adherenceSampleMs: 1.5 }), /options\.adherenceSampleMs: /);
  assert.throws(() => agentKpis(ev, 0, { now: 1, adherentStatuses: [1] }), /options\.adherentStatuses\[0\]: /);
  assert.throws(() => new AgentLog().kpis(0, { now: 1, schedules: [] }), /options\.schedules: /);
});
