// The CLI's --include and --groups (issue 14): the blocks in every output format. Expected values:
// the hand-checked example (its numbers, written here), and for the recorded logs every
// flattened CSV cell and NDJSON line equal to the package's own JSON result for the same query.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agentKpis } from "agent-kpis";
import { parseCsv } from "./formats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "tests", "out", "cli-blocks");
mkdirSync(out, { recursive: true });
const bin = join(root, "node_modules", ".bin", "agent-kpis");
const run = (args) => spawnSync(bin, args, { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, NODE_NO_WARNINGS: "1" } });

// The example: ready@0, incall@10M, wrapup@16M, ready@18M, paused(break)@20M, ready@30M,
// incall@40M; window [12M, 45M]. A second agent "b" (group "__proto__") with one call of 3M and
// 1M of wrap-up, so the team's sums are checked by hand too.
const M = 60_000;
const events = [
  { user_id: "a", ts: 0, status: "ready" },
  { user_id: "a", ts: 10 * M, status: "incall" },
  { user_id: "a", ts: 16 * M, status: "wrapup" },
  { user_id: "a", ts: 18 * M, status: "ready" },
  { user_id: "a", ts: 20 * M, status: "paused", reason: "break" },
  { user_id: "a", ts: 30 * M, status: "ready" },
  { user_id: "a", ts: 40 * M, status: "incall" },
  { user_id: "b", ts: 12 * M, status: "ready" },
  { user_id: "b", ts: 20 * M, status: "incall" },
  { user_id: "b", ts: 23 * M, status: "wrapup" },
  { user_id: "b", ts: 24 * M, status: "ready" },
];
const LOG = join(out, "example.json");
writeFileSync(LOG, JSON.stringify(events));
const GROUPS = join(out, "groups.json");
writeFileSync(GROUPS, '{"a":"north","__proto__":"x","b":"__proto__"}');
const WINDOW = ["--since", String(12 * M), "--now", String(45 * M)];
const ALL = ["--include", "contacts,episodes,current,team"];

test("table: handled, AHT (m:ss), breaks, longest break, current status and for how long; team rows", () => {
  const r = run([LOG, ...WINDOW, ...ALL, "--groups", GROUPS]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  const cells = (line) => line.trim().split(/\s{2,}/);
  assert.deepEqual(cells(lines[0]).slice(0, 12), ["user_id", "agents", "logged in", "occupancy", "utilization", "handled", "AHT", "breaks", "longest break", "current", "for", "incall"]);
  const a = cells(lines[2]);
  // a over [12M, 45M]: incall 4M + 5M, wrapup 2M, ready 2M + 10M, paused 10M: logged in 33M,
  // occupancy 11 / 23 = 47.8 → 48 %, utilization 11 / 33 → 33 %; handled 1, AHT 8M = 8:00; one
  // break started in the window, 10M long; incall since 40M, for 5M.
  assert.deepEqual(a.slice(0, 10), ["a", "0:33:00", "48%", "33%", "1", "8:00", "1", "0:10:00", "incall", "0:05:00"]);
  const b = cells(lines[3]);
  // b: ready 8M + 21M, incall 3M, wrapup 1M: logged in 33M, occupancy 4 / 33 → 12 %, utilization
  // 12 %; handled 1 (3M talk + 1M wrap-up = 4:00); no break; ready since 24M (21M before 45M).
  assert.deepEqual(b.slice(0, 10), ["b", "0:33:00", "12%", "12%", "1", "4:00", "0", "0:00:00", "ready", "0:21:00"]);
  // Under a rule: group north (a), group __proto__ (b), the team: 2 handled, AHT (8M + 4M) / 2 = 6:00.
  assert.match(lines[4], /^-+/);
  assert.deepEqual(cells(lines[5]).slice(0, 7), ["(group north)", "1", "0:33:00", "48%", "33%", "1", "8:00"]);
  assert.deepEqual(cells(lines[6]).slice(0, 7), ["(group __proto__)", "1", "0:33:00", "12%", "12%", "1", "4:00"]);
  // Team, from the sums (not an average of the rows' percentages): handle 11M + 4M = 15M, ready
  // 12M + 29M = 41M, logged in 66M: occupancy 15 / 56 = 26.8 → 27 %, utilization 15 / 66 = 22.7
  // → 23 %.
  assert.deepEqual(cells(lines[7]).slice(0, 7), ["(team)", "2", "1:06:00", "27%", "23%", "2", "6:00"]);
});

test("csv: the blocks flattened, a scope column, group and team rows after the agents", () => {
  const r = run([LOG, ...WINDOW, ...ALL, "--groups", GROUPS, "--format", "csv"]);
  assert.equal(r.status, 0, r.stderr);
  const [head, ...rows] = parseCsv(r.stdout);
  const col = (name) => {
    const i = head.indexOf(name);
    assert.ok(i >= 0, name);
    return (row) => row[i];
  };
  assert.deepEqual(rows.map(col("scope")), ["agent", "agent", "group", "group", "team"]);
  // An agent row's group is its own (from the groups file); a roll-up row's is the roll-up's.
  assert.deepEqual(rows.map(col("group")), ["north", "__proto__", "north", "__proto__", ""]);
  assert.deepEqual(rows.map(col("user_id")), ["a", "b", "", "", ""]);
  assert.deepEqual(rows.map(col("contacts.handled")), ["1", "1", "1", "1", "2"]);
  assert.deepEqual(rows.map(col("contacts.handleMs")), [String(8 * M), String(4 * M), String(8 * M), String(4 * M), String(12 * M)]);
  assert.deepEqual(rows.map(col("contacts.ahtMs")), [String(8 * M), String(4 * M), String(8 * M), String(4 * M), String(6 * M)]);
  assert.deepEqual(rows.map(col("current.status")), ["incall", "ready", "", "", ""]);
  assert.deepEqual(rows.map(col("current.since")), [String(40 * M), String(24 * M), "", "", ""]);
  // a's episodes by hand: ready {2, 2, 12M, 10M}, paused {1, 1, 10M, 10M}; reason episodes the same.
  assert.deepEqual(col("episodes.ready.started")(rows[0]), "2");
  assert.deepEqual(col("episodes.ready.endedMs")(rows[0]), String(12 * M));
  assert.deepEqual(col("episodes.ready.longestMs")(rows[0]), String(10 * M));
  assert.deepEqual(col("reasonEpisodes.paused.break.longestMs")(rows[0]), String(10 * M));
  assert.deepEqual(col("episodes.paused.started")(rows[1]), "");
});

test("ndjson: one line per agent with its blocks, then per group and the team", () => {
  const r = run([LOG, ...WINDOW, ...ALL, "--groups", GROUPS, "--format", "ndjson"]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  const want = agentKpis(events, 12 * M, { now: 45 * M, include: ["contacts", "episodes", "current", "team"], groups: JSON.parse(readFileSync(GROUPS, "utf8")) });
  // With roll-ups every line starts with its scope; an agent line then its group, then the row.
  assert.deepEqual(lines.slice(0, 2), [
    { scope: "agent", group: "north", ...want.agents[0] },
    { scope: "agent", group: "__proto__", ...want.agents[1] },
  ]);
  assert.deepEqual(Object.keys(lines[0]).slice(0, 3), ["scope", "group", "user_id"]);
  assert.deepEqual(lines[2], { scope: "group", ...want.groups[0] });
  assert.equal(lines[3].group, "__proto__");
  assert.deepEqual(lines[4], { scope: "team", ...want.team });
  assert.equal(lines.length, 5);
});

test("--groups implies team; json is the package's response", () => {
  const r = run([LOG, ...WINDOW, "--groups", GROUPS, "--format", "json"]);
  assert.equal(r.status, 0, r.stderr);
  const want = agentKpis(events, 12 * M, { now: 45 * M, include: ["team"], groups: JSON.parse(readFileSync(GROUPS, "utf8")) });
  assert.deepEqual(JSON.parse(r.stdout), want);
  assert.equal(want.team.agents, 2);
});

test("recorded logs: every flattened csv cell equals the package's JSON, with --interval too", () => {
  for (const name of ["day-shift", "messy"]) {
    const file = join(root, "tests", "fixtures", `${name}.json`);
    const log = JSON.parse(readFileSync(file, "utf8"));
    const schedules = join(root, "tests", "fixtures", `${name}.adherence.json`);
    const ts = log.map((e) => e.ts);
    const now = Math.max(...ts);
    const since = now - 4 * 3_600_000;
    for (const interval of [[], ["--interval", "1h"]]) {
      const args = [file, "--since", String(since), "--now", String(now), "--schedules", schedules, "--include", "contacts,episodes,current"];
      const json = JSON.parse(run([...args, ...interval, "--format", "json"]).stdout);
      const rows = interval.length ? json.agents.flatMap((a) => a.intervals.map((r) => ({ user_id: a.user_id, ...r }))) : json.agents;
      const r = run([...args, ...interval, "--format", "csv"]);
      assert.equal(r.status, 0, r.stderr);
      const [head, ...body] = parseCsv(r.stdout);
      assert.equal(body.length, rows.length);
      for (const [i, row] of rows.entries()) {
        for (const [j, key] of head.entries()) {
          const path = key.startsWith("statusMs.") ? ["statusMs", key.slice(9)] : key.split(".");
          let v = row;
          for (const p of path) v = v !== null && typeof v === "object" && Object.hasOwn(v, p) ? v[p] : undefined;
          const want = v === undefined ? (key.startsWith("statusMs.") ? "0" : "") : v === null ? "" : String(v);
          assert.equal(body[i][j], want, `${name} ${interval.join(" ")} row ${i} ${key}`);
        }
      }
      assert.ok(head.includes("contacts.ahtMs") && head.includes("current.ms") && head.some((h) => h.startsWith("episodes.")));
    }
  }
});

test("--include: repeated lists add up, spaces around names are allowed", () => {
  const r = run([LOG, ...WINDOW, "--include", "contacts", "--include", " current , team", "--format", "json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), agentKpis(events, 12 * M, { now: 45 * M, include: ["contacts", "current", "team"] }));
});

test("table: a name with a newline or a tab is shown escaped, on its own line and column", () => {
  const file = join(out, "control.json");
  writeFileSync(file, JSON.stringify([{ user_id: "x", ts: 0, status: "paused", reason: "line\nbreak\tx" }]));
  const r = run([file, "--since", "0", "--now", "60000", "--include", "current"]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 3);
  assert.match(lines[2], /paused \(line\\nbreak\\tx\)  +0:01:00/);
});

test("AHT in the table is truncated to the second, as every duration there", () => {
  const file = join(out, "aht.json");
  // One call of 59,500 ms: AHT 0:59 and incall 0:00:59 (not 1:00 beside 0:00:59).
  writeFileSync(file, JSON.stringify([{ user_id: "x", ts: 0, status: "incall" }, { user_id: "x", ts: 59_500, status: "ready" }]));
  const r = run([file, "--since", "0", "--now", "60000", "--include", "contacts"]);
  assert.equal(r.status, 0, r.stderr);
  const [head, , row] = r.stdout.trimEnd().split("\n").map((l) => l.trim().split(/\s{2,}/));
  assert.equal(row[head.indexOf("AHT")], "0:59");
  assert.equal(row[head.indexOf("incall")], "0:00:59");
});

test("a reader that stops early (| head) ends the command quietly with status 0", () => {
  const file = join(root, "tests", "fixtures", "day-shift.json");
  const r = spawnSync("bash", ["-o", "pipefail", "-c", `"${bin}" "${file}" --interval 5m --format ndjson | head -c 100 >/dev/null`], { encoding: "utf8" });
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
});

test("usage errors: an unknown or empty block, team with --interval, a missing groups file; a groups file that is not an object", () => {
  let r = run([LOG, "--include", "contacts,aht"]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, 'agent-kpis: --include: unknown block "aht"; expected a comma-separated list of contacts, episodes, current, team, conformance, shrinkage\n(see agent-kpis --help)\n');
  r = run([LOG, "--include", "contacts,"]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "agent-kpis: --include: an empty block name; expected a comma-separated list of contacts, episodes, current, team, conformance, shrinkage\n(see agent-kpis --help)\n");
  r = run([LOG, "--interval", "15m", "--include", "team"]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "agent-kpis: --interval: an interval report has rows only, no team; leave out team\n(see agent-kpis --help)\n");
  r = run([LOG, "--interval", "15m", "--groups", GROUPS]);
  assert.equal(r.stderr, "agent-kpis: --interval: an interval report has rows only, no team; leave out --groups and team\n(see agent-kpis --help)\n");
  r = run([LOG, "--groups", join(out, "nope.json")]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `agent-kpis: --groups ${join(out, "nope.json")}: no such file\n(see agent-kpis --help)\n`);
  const list = join(out, "groups-list.json");
  writeFileSync(list, '["a"]');
  r = run([LOG, "--groups", list]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `agent-kpis: ${list}: expected an object { "user_id": "group", ... }, got an array\n`);
});
