// Issue 14's blocks in the documented SQL (tests/tools/blocks.sql, docs/sql.md) run by DuckDB give
// the packed package's `contacts`, `episodes`, `reasonEpisodes` and `current` on every recorded log
// (tests/fixtures/*.json and the logs of tests/fixtures/hand/) for windows chosen to hit the rules'
// edges; and the SQL alone gives the hand-checked example, numbers written from the issue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agentKpis } from "agent-kpis";
import { BLOCKS_SQL, blocksDb, duckdbBlocks } from "../tools/duckdb-blocks.mjs";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const read = (p) => JSON.parse(readFileSync(p, "utf8"));
const INCLUDE = ["contacts", "episodes", "current"];
const H = 3_600_000;

/** `[label, since, now]` windows for a log: on event timestamps, inside episodes, empty, past the
 * last event, before the first, and on a timestamp where one agent has tied events. */
function windowsFor(events, extra = []) {
  const ts = events.map((e) => e.ts).sort((a, b) => a - b);
  const first = ts[0];
  const last = ts[ts.length - 1];
  const at = (q) => ts[Math.min(ts.length - 1, Math.floor(q * ts.length))];
  const mid = Math.floor((first + last) / 2);
  const seen = new Set();
  let tied = null;
  for (const e of events) {
    const key = `${e.user_id}\u0000${e.ts}`;
    if (seen.has(key) && (tied === null || e.ts < tied)) tied = e.ts;
    seen.add(key);
  }
  const windows = [
    ["whole log, since and now on the first and last events", first, last],
    ["since and now on event timestamps", at(0.25), at(0.6)],
    ["since and now 1 ms inside episodes", at(0.3) + 1, at(0.7) - 1],
    ["an hour from the middle", mid, mid + H],
    ["empty window on an event", at(0.5), at(0.5)],
    ["empty window between events", mid + 7, mid + 7],
    ["now past the last event", Math.max(0, last - 2 * H), last + H],
    ["after every event", last + H, last + 2 * H],
    ["starts before the first event", Math.max(0, first - H), at(0.1)],
    ["ends before the first event", Math.max(0, first - 2 * H), first - 1],
    ["now on the second event", first, ts[1]],
    ...extra,
  ];
  if (tied !== null) {
    windows.push(["now on a tied timestamp", Math.max(0, tied - H), tied], ["since on a tied timestamp", tied, tied + H]);
  }
  return windows.filter(([, since, now]) => since >= 0 && since <= now && now <= Number.MAX_SAFE_INTEGER);
}

/** The blocks of a package row (only those present, so a stray empty block shows). */
function blocks(row) {
  const out = { user_id: row.user_id };
  for (const k of ["contacts", "episodes", "reasonEpisodes", "current"]) if (k in row) out[k] = row[k];
  return out;
}

const logs = readdirSync(fixtures)
  .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json") && !f.endsWith(".adherence.json"))
  .map((f) => {
    const expected = join(fixtures, f.replace(/\.json$/, ".expected.json"));
    let extra = [];
    try {
      extra = read(expected).cases.map((c) => [`expected.json: ${c.label}`, c.since, c.now]);
    } catch {
      // no recorded windows for this log
    }
    return { name: f, events: read(join(fixtures, f)), extra };
  });
for (const f of readdirSync(join(fixtures, "hand")).filter((f) => f.endsWith(".json"))) {
  const hand = read(join(fixtures, "hand", f));
  if (hand.events.length) logs.push({ name: `hand/${f}`, events: hand.events, extra: [["its own window", hand.since, hand.now]] });
}

test("docs/sql.md shows the query that is tested (tests/tools/blocks.sql without its header comment)", () => {
  const doc = readFileSync(join(fixtures, "..", "..", "docs", "sql.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Contacts, episodes and the current status"));
  const shown = section.match(/```sql\n([\s\S]*?)\n```/)[1];
  const lines = BLOCKS_SQL.trimEnd().split("\n");
  assert.equal(shown, lines.slice(lines.findIndex((l) => !l.startsWith("--"))).join("\n"));
});

test("the blocks' SQL runs on every recorded log", () => {
  assert.ok(logs.filter((l) => !l.name.startsWith("hand/")).length >= 4);
  assert.ok(logs.filter((l) => l.name.startsWith("hand/")).length >= 10);
});

for (const { name, events, extra } of logs) {
  test(`${name}: the blocks' SQL (DuckDB) gives the package's contacts, episodes and current`, async () => {
    const db = await blocksDb(events);
    try {
      for (const [label, since, now] of windowsFor(events, extra)) {
        const at = `${name} / ${label} [${since}, ${now}]`;
        const want = await db.query(since, now);
        const got = agentKpis(events, since, { now, include: INCLUDE }).agents.map(blocks);
        // The package reports the agents with an event at ts <= now; the SQL every agent, the
        // others with no current state, no episode and no contact.
        const reported = want.agents.filter((a) => a.current !== null);
        for (const a of want.agents.filter((a) => a.current === null)) {
          assert.deepEqual(a.episodes, {}, `${at}: ${a.user_id}`);
          assert.equal(a.contacts.handled, 0, `${at}: ${a.user_id}`);
          assert.ok(!("reasonEpisodes" in a), `${at}: ${a.user_id}`);
        }
        assert.deepEqual(got, reported, at);
      }
    } finally {
      db.close();
    }
  });
}

test("the recorded logs exercise the blocks: contacts with and without wrap-up, reason episodes, a change at now", async () => {
  const agents = [];
  for (const { name, events } of logs.filter((l) => !l.name.startsWith("hand/"))) {
    const ts = events.map((e) => e.ts).sort((a, b) => a - b);
    agents.push(...(await duckdbBlocks(events, ts[0], ts[ts.length - 1])).agents.map((a) => ({ name, ...a })));
  }
  assert.ok(agents.reduce((n, a) => n + a.contacts.handled, 0) > 100);
  assert.ok(agents.some((a) => a.contacts.withAcw > 0 && a.contacts.withAcw < a.contacts.handled));
  assert.ok(agents.some((a) => a.reasonEpisodes));
  // now on a log's last event: that agent's current state is 0 ms old.
  assert.ok(agents.some((a) => a.current?.ms === 0));
});

// The hand-checked example (M = 60,000 ms), numbers from the issue, against the SQL alone.
const M = 60_000;
const EXAMPLE = [
  [0, "ready"], [10, "incall"], [16, "wrapup"], [18, "ready"], [20, "paused", "break"], [30, "ready"], [40, "incall"],
].map(([t, status, reason]) => ({ user_id: "a", ts: t * M, status, ...(reason ? { reason } : {}) }));

test("issue 14's hand example, window [12M, 45M], in SQL", async () => {
  const { agents } = await duckdbBlocks(EXAMPLE, 12 * M, 45 * M);
  assert.deepEqual(agents, [{
    user_id: "a",
    contacts: { handled: 1, handleMs: 8 * M, talkMs: 6 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 8 * M },
    episodes: {
      incall: { started: 1, ended: 1, endedMs: 6 * M, longestMs: 6 * M },
      ready: { started: 2, ended: 2, endedMs: 12 * M, longestMs: 10 * M },
      wrapup: { started: 1, ended: 1, endedMs: 2 * M, longestMs: 2 * M },
      paused: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M },
    },
    // By hand: the one break, [20M, 30M).
    reasonEpisodes: { paused: { break: { started: 1, ended: 1, endedMs: 10 * M, longestMs: 10 * M } } },
    current: { status: "incall", reason: null, since: 40 * M, ms: 5 * M },
  }]);
});

test("issue 14's hand example plus ready@45M: the second contact is handled, AHT 6.5M", async () => {
  const { agents: [a] } = await duckdbBlocks([...EXAMPLE, { user_id: "a", ts: 45 * M, status: "ready" }], 12 * M, 45 * M);
  assert.deepEqual(a.contacts, { handled: 2, handleMs: 13 * M, talkMs: 11 * M, acwMs: 2 * M, withAcw: 1, ahtMs: 6.5 * M });
  // By hand: the incall [40M, 45M) ends at now, a 0 ms ready episode opens there.
  assert.deepEqual(a.episodes.incall, { started: 1, ended: 2, endedMs: 11 * M, longestMs: 6 * M });
  assert.deepEqual(a.current, { status: "ready", reason: null, since: 45 * M, ms: 0 });
});

test("issue 14's hand example plus wrapup@45M: the contact stays open, current wrapup since 45M", async () => {
  const { agents: [a] } = await duckdbBlocks([...EXAMPLE, { user_id: "a", ts: 45 * M, status: "wrapup" }], 12 * M, 45 * M);
  assert.equal(a.contacts.handled, 1);
  assert.equal(a.contacts.ahtMs, 8 * M);
  assert.deepEqual(a.current, { status: "wrapup", reason: null, since: 45 * M, ms: 0 });
});

test("an empty window (since == now) overlaps no episode and handles no contact, in SQL", async () => {
  const { agents: [a] } = await duckdbBlocks(EXAMPLE, 25 * M, 25 * M);
  assert.deepEqual(a.episodes, {});
  assert.ok(!("reasonEpisodes" in a));
  assert.deepEqual(a.contacts, { handled: 0, handleMs: 0, talkMs: 0, acwMs: 0, withAcw: 0, ahtMs: null });
  // The break began at 20M: current is measured from there, not from the window.
  assert.deepEqual(a.current, { status: "paused", reason: "break", since: 20 * M, ms: 5 * M });
});

test("an agent with no event at ts <= now: current null in SQL", async () => {
  const { agents } = await duckdbBlocks([...EXAMPLE, { user_id: "late", ts: 50 * M, status: "ready" }], 12 * M, 45 * M);
  assert.deepEqual(agents[1], {
    user_id: "late",
    contacts: { handled: 0, handleMs: 0, talkMs: 0, acwMs: 0, withAcw: 0, ahtMs: null },
    episodes: {},
    current: null,
  });
});
