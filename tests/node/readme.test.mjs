// Every JavaScript block of the README's usage section ("Use it") runs against the installed
// package, as a user would paste it. A block may use names a real program would already have
// (`events`, `agents`, `since`, `todaysEvents`, `render`, …): the prelude below defines them with a small
// recorded-style log. A block's `import` lines are checked to name real exports, then replaced by
// the prelude's imports of the same names. Values the README states in a comment are asserted here
// from the README's own numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as pkg from "agent-kpis";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "tests", "out", "readme");
mkdirSync(out, { recursive: true });

const readme = readFileSync(join(root, "README.md"), "utf8");
const usage = readme.slice(readme.indexOf("\n## Use it"), readme.indexOf("\n## Command line"));
const blocks = [...usage.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

const PRELUDE = `
import { ${Object.keys(pkg).filter((n) => n !== "default").join(", ")} } from "agent-kpis";
const events = [
  { user_id: 7, ts: 1767250800000, status: "ready" },
  { user_id: 7, ts: 1767252600000, status: "incall" },
  { user_id: 7, ts: 1767253500000, status: "wrapup" },
  { user_id: 7, ts: 1767253800000, status: "paused", reason: "break" },
];
const since = 1767250800000, now = 1767254400000, startOfShift = since, startOfDay = since - 3_600_000;
const { agents } = agentKpis(events, since, { now });
const todaysEvents = events.slice(0, 2), newEventsSinceLastTick = events.slice(2);
const schedules = [{ user_id: 7, segments: [{ start: since, end: now }] }];
const text = JSON.stringify(events), ndjsonChunk = events.map((e) => JSON.stringify(e)).join("\\n");
const csvText = "user_id,ts,status,reason\\n" + events.map((e) => [e.user_id, e.ts, e.status, e.reason ?? ""].join(",")).join("\\n");
const csvChunk = csvText;
const log = new AgentLog();
export const rendered = [];
const render = (r) => rendered.push(r), renderChart = (r) => rendered.push(r);
// The dashboard loop runs one tick here.
const setInterval = (tick) => { tick(); return 0; };
`;

for (const [i, block] of blocks.entries()) {
  test(`README usage block ${i + 1} runs`, async () => {
    const imports = [...block.matchAll(/^import \{([^}]*)\} from "agent-kpis";.*$/gm)];
    for (const m of imports) {
      for (const name of m[1].split(",").map((s) => s.trim()).filter(Boolean)) {
        assert.ok(Object.hasOwn(pkg, name), `block ${i + 1} imports ${name}, which the package does not export`);
      }
    }
    const body = block.replace(/^import .* from "agent-kpis";.*$/gm, "");
    // The block runs in a scope of its own: its declarations (`events`, `log`, `agents`) shadow
    // the prelude's, as they would stand in a real program.
    const file = join(out, `block-${i + 1}.mjs`);
    writeFileSync(file, `${PRELUDE}\nexport const result = {};\n{\n${body}\nresult.agents = typeof agents === "undefined" ? null : agents;\n}\n`);
    const mod = await import(pathToFileURL(file).href);
    if (i === 0) {
      // The README's stated result of its first example.
      assert.deepEqual(JSON.parse(JSON.stringify(mod.result.agents[0])), {
        user_id: "7", statusMs: { incall: 900000, paused: 600000, wrapup: 300000, ready: 1800000 },
        loggedInMs: 3600000, occupancyPct: 40, utilizationPct: 33, reasonMs: { paused: { break: 600000 } },
      });
    }
    if (block.includes("export5")) {
      // Issue 18's read options: 08:00+01:00 = since; 1767252600 s = since + 30 min (Lunch); now = since + 1 h.
      const a = mod.result.agents[0];
      assert.deepEqual([a.user_id, a.statusMs, a.reasonMs], ["42", { ready: 1800000, paused: 1800000 }, { paused: { lunch: 1800000 } }]);
    }
    if (block.includes('include: ["contacts", "episodes", "current", "team"]')) {
      // The README's stated blocks (issue 14's hand-checked example).
      const a = mod.result.agents[0];
      assert.deepEqual(a.contacts, { handled: 1, handleMs: 480000, talkMs: 360000, acwMs: 120000, withAcw: 1, ahtMs: 480000 });
      assert.deepEqual(a.episodes.ready, { started: 2, ended: 2, endedMs: 720000, longestMs: 600000 });
      assert.deepEqual(a.reasonEpisodes, { paused: { break: { started: 1, ended: 1, endedMs: 600000, longestMs: 600000 } } });
      assert.deepEqual(a.current, { status: "incall", reason: null, since: 2400000, ms: 300000 });
    }
  });
}

test("the README's stated time-zone results", () => {
  assert.ok(blocks.some((b) => b.includes("parseTime(")), "the README shows parseTime");
  assert.equal(pkg.parseTime("2026-03-10T08:00", "America/New_York"), 1773144000000);
  assert.equal(pkg.parseTime("2026-03-10T08:00:00Z"), 1773129600000);
  assert.equal(pkg.parseTime("2026-03-08T02:30", "America/New_York"), Date.UTC(2026, 2, 8, 7, 30));
  assert.equal(pkg.zonedStartOfDay(Date.UTC(2026, 8, 6, 15), "America/Santiago"), Date.UTC(2026, 8, 6, 4));
  const w = pkg.zonedWallClock(1773129600000, "Europe/London");
  assert.deepEqual([w.year, w.month, w.day, w.hour, w.weekday], [2026, 3, 10, 8, 2]);
});
